// One step of long work as a run page shows it: the Enable Replication run (src/flows) makes
// them, the webview protocol (src/webviews/protocol.ts) carries them. Pure.

export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
export const stepStates: readonly StepState[] = ['pending', 'running', 'succeeded', 'failed', 'skipped'];

/** One step of long work, as the run page shows it. */
export interface ProgressStep {
  readonly id: string;
  readonly label: string;
  readonly state: StepState;
  /** Why it failed, or what it is doing now. */
  readonly detail?: string;
  /** 0..100 when known. */
  readonly percent?: number;
}
