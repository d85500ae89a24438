// Binds a form wizard to the message gate of its webview (a WizardChannel, or the panel that
// wraps one): every change of the page goes to it as an `update` (the channel sends the webview
// what changed), every validated action goes to the wizard, and a refused action is logged with
// its reason (never its payload). Pure, so the lab suite binds a wizard to a real WizardChannel
// exactly as the panel does.
import type { ChannelLog } from '../channel';
import type { HostMessage } from '../protocol';
import type { FormAction, FormState } from './formProtocol';
import type { FormWizard } from './formWizard';

export interface FormEndpoint<Snapshot> {
  post(message: HostMessage<FormState<Snapshot>>): void;
  /** Validated inbound actions; returns something that stops the subscription. */
  onMessage(handler: (message: FormAction) => void): (() => void) | { dispose(): void };
}

export interface FormBinding {
  /** Resolves when every action received so far has been handled. */
  settled(): Promise<void>;
  dispose(): void;
}

export function bindForm<Snapshot>(wizard: FormWizard<Snapshot>, endpoint: FormEndpoint<Snapshot>, log: ChannelLog, name: string): FormBinding {
  let pending: Promise<unknown>[] = [];
  const offChange = wizard.onDidChange(() => endpoint.post({ type: 'update', patch: wizard.state() }));
  const sub = endpoint.onMessage((message) => {
    const p = wizard.handle(message).then(
      (reason) => {
        if (reason) log.warn(`[${name}] refused a webview action (${message.name}): ${reason}`);
      },
      (err: unknown) => log.warn(`[${name}] an action failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    pending.push(p);
    void p.finally(() => {
      pending = pending.filter((x) => x !== p);
    });
  });
  endpoint.post({ type: 'init', state: wizard.state() });
  return {
    async settled() {
      while (pending.length > 0) await Promise.all(pending);
    },
    dispose() {
      offChange();
      if (typeof sub === 'function') sub();
      else sub.dispose();
    },
  };
}
