/// <reference lib="dom" />
// The browser bundle's entry: a minimal generic wizard shell. It reads the initial state from
// the body's data attribute (or the state VS Code kept for a reload), posts `ready`, renders
// what the host sends, and keeps its state with setState so a reload restores it.
import type { HostMessage, ProgressStep } from '../protocol';
import { applyPatch } from '../protocol';
import type { ShellState } from '../shell';
import { initialShellState, shellState } from '../shell';
import { validateMessage } from '../validate';
import {
  actions,
  button,
  checkbox,
  dropdown,
  errorBanner,
  heading,
  paragraph,
  progressRing,
  radioGroup,
  registerComponents,
  section,
  textField,
} from './components';
import { loadSavedState, postToHost, saveState } from './vscodeApi';

let state: ShellState = initialShellState('');
let steps: readonly ProgressStep[] = [];
let lastError: string | undefined;

function parseState(raw: unknown): ShellState | undefined {
  const r = validateMessage(shellState, raw);
  return r.ok ? r.value : undefined;
}

function readInitialState(): ShellState {
  const saved = parseState(loadSavedState());
  if (saved) return saved;
  const attr = document.body.dataset.state;
  if (attr) {
    try {
      const fromHtml = parseState(JSON.parse(attr));
      if (fromHtml) return fromHtml;
    } catch {
      // fall through to the default
    }
  }
  return initialShellState(document.title);
}

function setState(next: ShellState): void {
  state = next;
  saveState(state);
  render();
}

function renderHello(): HTMLElement {
  const name = textField({ label: 'Your name', value: state.name, maxLength: 100, placeholder: 'Name' });
  name.onChange((v) => {
    state = { ...state, name: v };
    saveState(state);
  });
  const greeting = dropdown({
    label: 'Greeting',
    value: state.greeting,
    choices: [
      { value: 'hello', label: 'Hello' },
      { value: 'welcome', label: 'Welcome' },
    ],
  });
  greeting.onChange((v) => setState({ ...state, greeting: v }));
  const tone = radioGroup({
    label: 'Tone',
    value: state.formal ? 'formal' : 'casual',
    choices: [
      { value: 'casual', label: 'Casual' },
      { value: 'formal', label: 'Formal' },
    ],
  });
  tone.onChange((v) => setState({ ...state, formal: v === 'formal' }));
  const formal = checkbox({ label: 'Formal', checked: state.formal });
  formal.onChange((v) => setState({ ...state, formal: v }));
  const say = button({
    label: 'Say hello',
    onClick: () => postToHost({ type: 'action', name: 'hello', payload: { name: name.value(), greeting: state.greeting, formal: state.formal } }),
  });
  const cancel = button({ label: 'Cancel', appearance: 'secondary', onClick: () => postToHost({ type: 'action', name: 'cancel', payload: {} }) });
  const children: HTMLElement[] = [
    paragraph('This page proves the wizard bundle, the components and the message protocol work.'),
    name.element,
    greeting.element,
    tone.element,
    formal.element,
  ];
  if (state.busy) children.push(progressRing('Working…'));
  children.push(actions(say, cancel));
  return section('Hello', ...children);
}

function renderSteps(): HTMLElement {
  const list = document.createElement('ol');
  list.className = 'asr-steps';
  for (const step of steps) {
    const item = document.createElement('li');
    item.className = `asr-step asr-step-${step.state}`;
    item.textContent = `${step.label} — ${step.state}${step.percent !== undefined ? ` (${Math.round(step.percent)}%)` : ''}`;
    if (step.detail) item.append(paragraph(step.detail, 'asr-step-detail'));
    list.append(item);
  }
  return section('Progress', list);
}

function render(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const children: HTMLElement[] = [heading(state.title)];
  if (lastError) children.push(errorBanner(lastError));
  children.push(renderHello());
  if (steps.length > 0) children.push(renderSteps());
  root.replaceChildren(...children);
}

function isHostMessage(data: unknown): data is HostMessage<ShellState> {
  if (typeof data !== 'object' || data === null) return false;
  const type: unknown = Reflect.get(data, 'type');
  return type === 'init' || type === 'update' || type === 'progress' || type === 'error';
}

function onHostMessage(message: HostMessage<ShellState>): void {
  switch (message.type) {
    case 'init': {
      const next = parseState(message.state);
      if (next) setState(next);
      break;
    }
    case 'update': {
      const next = parseState(applyPatch(state, message.patch));
      if (next) setState(next);
      break;
    }
    case 'progress':
      steps = message.steps;
      render();
      break;
    case 'error':
      lastError = message.message;
      render();
      break;
  }
}

function start(): void {
  registerComponents();
  state = readInitialState();
  render();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostMessage(event.data)) onHostMessage(event.data);
  });
  postToHost({ type: 'ready' });
}

start();
