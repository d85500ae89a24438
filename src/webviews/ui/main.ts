// The browser bundle's entry, shared by every wizard: it draws the page the extension computes
// (FormRenderer) and reports what the user does. On load it shows the state VS Code kept for this
// webview (getState) or the one in the page's data attribute, says `ready`, and then follows the
// extension's init and patch messages (followedState.ts), saving each state (setState) so a
// reload restores it.
import type { FormState } from '../form/formProtocol';
import { registerComponents } from './components';
import { FollowedState, isFormState } from './followedState';
import { FormRenderer } from './formRenderer';
import { loadSavedState, postToHost, saveState } from './vscodeApi';

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

function start(): void {
  registerComponents();
  const root = document.getElementById('root');
  if (!root) return;
  const renderer = new FormRenderer(root, (message) => postToHost(message));
  const followed = new FollowedState(initialState(), () => postToHost({ type: 'ready' }));
  if (followed.current) renderer.render(followed.current.view);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const change = followed.receive(event.data);
    if (change?.kind === 'state') {
      saveState(change.state);
      renderer.render(change.state.view);
    } else if (change?.kind === 'error' && followed.current) {
      renderer.render({ ...followed.current.view, error: change.message });
    }
  });
  postToHost({ type: 'ready' });
}

start();
