// The generic wizard shell's own state and actions (shared by host and bundle). Real wizards
// (connect, enable replication, failover) will define theirs the same way.
import type { WizardInbound } from './protocol';
import { defineWizardProtocol } from './protocol';
import type { Infer } from './validate';
import { s } from './validate';

export const shellState = s.object({
  title: s.string({ maxLength: 200 }),
  page: s.enumOf(['hello']),
  name: s.string({ maxLength: 100 }),
  greeting: s.enumOf(['hello', 'welcome']),
  formal: s.boolean(),
  busy: s.boolean(),
});
export type ShellState = Infer<typeof shellState>;

export const shellProtocol = defineWizardProtocol({
  hello: {
    name: s.string({ maxLength: 100 }),
    greeting: s.enumOf(['hello', 'welcome']),
    formal: s.boolean(),
  },
  cancel: {},
});
export type ShellInbound = WizardInbound<typeof shellProtocol.actions>;

export function initialShellState(title: string): ShellState {
  return { title, page: 'hello', name: '', greeting: 'hello', formal: false, busy: false };
}
