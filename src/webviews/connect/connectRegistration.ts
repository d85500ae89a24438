// Resource provider registration of the chosen subscription (a fresh subscription has none of
// ours registered): checked before leaving the subscription page, registered when the user
// consents. Pure: no vscode; the Azure calls come in as ConnectServices.

import * as l10n from '@vscode/l10n';
import { failureText, withStop } from '../../model/failureText';
import type { ProgressStep } from '../../model/progressStep';
import { toAzureOperationError } from '../../services/azure/errors';
import type { ProviderRegistration } from '../../services/azure/resourceProviders';
import { isRegistered } from '../../services/azure/resourceProviders';
import type { ConnectPageHooks, ConnectServices, SubscriptionContext } from './connectServices';
import type { Keyed } from './connectLoading';
import { current } from './connectLoading';

export interface RegistrationEnv {
  services: Pick<ConnectServices, 'getProviderRegistrations' | 'registerProvider'>;
  subCtx: SubscriptionContext;
  /** The chosen subscription, as the lists key it. */
  subKey(): string;
  page: ConnectPageHooks;
  /** Milliseconds between two looks at a registering resource provider. */
  pollIntervalMs: number;
}

/** What the subscription page shows of the registration. */
export interface RegistrationView {
  /** The namespaces of the chosen subscription that are not Registered (undefined until checked). */
  unregistered: readonly ProviderRegistration[] | undefined;
  consent: boolean;
  steps: readonly ProgressStep[];
  /** Who must do what when the identity may not register (403 on register). */
  advice: string | undefined;
}

export class ProviderRegistrations {
  /** Registration of the resource providers, per subscription (checked before leaving the subscription page). */
  private registrations: Keyed<ProviderRegistration> | undefined;
  private consent = false;
  private steps: ProgressStep[] = [];
  /** Who must do what when the identity may not register (403 on register). */
  private advice: string | undefined;

  constructor(private readonly env: RegistrationEnv) {}

  view(): RegistrationView {
    return { unregistered: this.unregistered(), consent: this.consent, steps: this.steps, advice: this.advice };
  }

  /** Another subscription: what was known of the last one is forgotten. */
  reset(): void {
    this.registrations = undefined;
    this.consent = false;
    this.steps = [];
    this.advice = undefined;
  }

  setConsent(consent: boolean): void {
    this.consent = consent;
  }

  /** The namespaces of the chosen subscription that are not Registered (undefined until checked). */
  unregistered(): ProviderRegistration[] | undefined {
    const known = current(this.registrations, this.env.subKey());
    return known?.filter((r) => !isRegistered(r));
  }

  /** Asks Azure for the registration states of the chosen subscription; false when that failed (the error shows). */
  async check(): Promise<boolean> {
    const at = this.env.subKey();
    if (current(this.registrations, at)) return true;
    return this.env.page.work(l10n.t('Checking the resource providers of the subscription…'), async () => {
      try {
        this.registrations = { at, items: await this.env.services.getProviderRegistrations(this.env.subCtx()) };
      } catch (e) {
        throw new Error(l10n.t('Could not check which resource providers the subscription is registered for: {0} Select Next to try again.', withStop(failureText(e))));
      }
    });
  }

  /** Registers every namespace not yet Registered (the user ticked the consent); false when it did not (the error shows). */
  async register(): Promise<boolean> {
    const pending = this.unregistered() ?? [];
    if (!this.consent || pending.length === 0) return false;
    this.advice = undefined;
    this.steps = pending.map((r) => ({ id: `register-${r.namespace}`, label: l10n.t('Register {0}', r.namespace), state: 'pending' }));
    const at = this.env.subKey();
    return this.env.page.work(l10n.t('Registering resource providers…'), async () => {
      for (let i = 0; i < pending.length; i++) {
        const ns = pending[i].namespace;
        this.setStep(i, { state: 'running', detail: l10n.t('Asking Azure to register it…') });
        try {
          const done = await this.env.services.registerProvider(this.env.subCtx(), ns, {
            pollIntervalMs: this.env.pollIntervalMs,
            onState: (state) => this.setStep(i, { state: 'running', detail: l10n.t('Azure says: {0}. Registration usually takes a minute or two.', state) }),
          });
          this.registrations = { at, items: (current(this.registrations, at) ?? []).map((r) => (r.namespace.toLowerCase() === ns.toLowerCase() ? done : r)) };
          this.setStep(i, { state: 'succeeded', detail: l10n.t('Registered.') });
        } catch (e) {
          const err = toAzureOperationError(e);
          this.setStep(i, { state: 'failed', detail: withStop(err.message) });
          if (err.code === 'AuthorizationFailed') this.advice = err.recommendedAction;
          throw new Error(
            err.code === 'AuthorizationFailed'
              ? l10n.t('Could not register {0}: {1}', ns, withStop(err.message))
              : l10n.t('Could not register {0}: {1} Select "Register and continue" to try again.', ns, withStop(err.message)),
          );
        }
      }
    });
  }

  private setStep(index: number, change: Pick<ProgressStep, 'state' | 'detail'>): void {
    this.steps = this.steps.map((st, i) => (i === index ? { id: st.id, label: st.label, ...change } : st));
    this.env.page.changed();
  }
}
