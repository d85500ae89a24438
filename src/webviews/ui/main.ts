// The browser bundle's entry, shared by every wizard: it draws the page the extension computes
// (FormRenderer) and reports what the user does. On load it shows the state VS Code kept for this
// webview (getState) or the one in the page's data attribute, says `ready`, and then follows the
// extension's init/update messages, saving each state (setState) so a reload restores it.
import type { FormState } from '../form/formProtocol';
import type { PageView } from '../form/view';
import type { HostMessage } from '../protocol';
import { registerComponents } from './components';
import { FormRenderer } from './formRenderer';
import { loadSavedState, postToHost, saveState } from './vscodeApi';

function isPageView(v: unknown): v is PageView {
  if (typeof v !== 'object' || v === null) return false;
  return (
    typeof Reflect.get(v, 'page') === 'string' && typeof Reflect.get(v, 'title') === 'string' && Array.isArray(Reflect.get(v, 'blocks')) && Array.isArray(Reflect.get(v, 'buttons'))
  );
}

function isFormState(v: unknown): v is FormState {
  return typeof v === 'object' && v !== null && isPageView(Reflect.get(v, 'view'));
}

function initialState(): FormState | undefined {
  const saved = loadSavedState();
  if (isFormState(saved)) return saved;
  const attr = document.body.dataset.state;
  if (!attr) return undefined;
  try {
    const parsed: unknown = JSON.parse(attr);
    return isFormState(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isHostMessage(data: unknown): data is HostMessage<FormState> {
  if (typeof data !== 'object' || data === null) return false;
  const type: unknown = Reflect.get(data, 'type');
  return type === 'init' || type === 'update' || type === 'progress' || type === 'error';
}

function start(): void {
  registerComponents();
  const root = document.getElementById('root');
  if (!root) return;
  const renderer = new FormRenderer(root, (message) => postToHost(message));
  let state = initialState();
  const show = (next: FormState): void => {
    state = next;
    saveState(next);
    renderer.render(next.view);
  };
  if (state) renderer.render(state.view);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isHostMessage(message)) return;
    if (message.type === 'init' && isFormState(message.state)) show(message.state);
    else if (message.type === 'update' && state) {
      const next = { ...state, ...message.patch };
      if (isFormState(next)) show(next);
    } else if (message.type === 'error' && state) {
      show({ ...state, view: { ...state.view, error: message.message } });
    }
  });
  postToHost({ type: 'ready' });
}

start();
