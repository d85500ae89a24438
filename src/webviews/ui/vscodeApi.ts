// The webview's handle on VS Code, typed with the shared protocol.
import type { ActionMessage, ReadyMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type OutboundMessage = ReadyMessage | ActionMessage<string, Readonly<Record<string, string | number | boolean>>>;

let api: VsCodeApi | undefined;

function vscodeApi(): VsCodeApi {
  // acquireVsCodeApi may be called only once per load.
  api ??= acquireVsCodeApi();
  return api;
}

export function postToHost(message: OutboundMessage): void {
  vscodeApi().postMessage(message);
}

export function saveState(state: unknown): void {
  vscodeApi().setState(state);
}

export function loadSavedState(): unknown {
  return vscodeApi().getState();
}
