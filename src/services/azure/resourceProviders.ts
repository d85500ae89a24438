// Resource provider registration of a subscription (ARM's Providers API through
// @azure/arm-resources 7: `providers.get`, `providers.register`).
//
// A fresh subscription may have Microsoft.RecoveryServices (and Storage, Network, Compute) not
// registered; every request to such a namespace then fails with "Code: MissingSubscriptionRegistration
// / Message: The subscription is not registered to use namespace {resource-provider-namespace}"
// (MicrosoftDocs/azure-docs articles/azure-resource-manager/troubleshooting/error-register-resource-provider.md).
// Registering needs "permission to do the /register/action operation for the resource provider.
// The permission is included in the Contributor and Owner roles." (azure-resource-manager/
// management/resource-providers-and-types.md). The states are NotRegistered, Registering,
// Registered (and Unregistering); the spec's example GetProvider.json answers "registrationState":
// "Registering" while registration runs.

import type { AzureContext } from './clients';
import { resourceClient } from './clients';
import { auditArmWrite, auditWrites } from './auditLog';
import { AzureOperationError, callAzure } from './errors';

/** The namespaces the extension uses: the vault and ASR, the storage account, the network and the VMs of a failover. */
export const requiredNamespaces = ['Microsoft.RecoveryServices', 'Microsoft.Storage', 'Microsoft.Network', 'Microsoft.Compute'] as const;

export interface ProviderRegistration {
  namespace: string;
  /** NotRegistered, Registering, Registered, Unregistering (as ARM says it). */
  state: string;
}

export function isRegistered(p: ProviderRegistration): boolean {
  return p.state.toLowerCase() === 'registered';
}

/** The registration state of each namespace in the context's subscription. */
export async function getProviderRegistrations(ctx: AzureContext, namespaces: readonly string[] = requiredNamespaces): Promise<ProviderRegistration[]> {
  const client = resourceClient(ctx);
  const out: ProviderRegistration[] = [];
  for (const ns of namespaces) {
    const p = await callAzure(() => client.providers.get(ns));
    out.push({ namespace: p.namespace ?? ns, state: p.registrationState ?? 'NotRegistered' });
  }
  return out;
}

/** What to tell someone who may not register a namespace: who must run what. */
export function registrationAdvice(namespaces: readonly string[], subscriptionId: string): string {
  const cli = namespaces.map((ns) => `az provider register --namespace ${ns} --subscription ${subscriptionId}`).join('; ');
  return (
    `Registering a resource provider needs the Contributor or Owner role on the subscription. Ask its owner to run ${cli} ` +
    `(or, in the Azure portal: Subscriptions > the subscription > Resource providers > select ${namespaces.join(', ')} > Register), then check again.`
  );
}

export interface RegisterOptions {
  /** Milliseconds between two looks at the state (default 5000). */
  pollIntervalMs?: number;
  /** Give up after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
  /** Called with each state seen. */
  onState?: (state: string) => void;
  signal?: AbortSignal;
}

/**
 * Registers a namespace and waits until ARM says Registered. A 403 (the identity may not run
 * `<namespace>/register/action`) becomes an error that says who must do what.
 */
export async function registerProvider(ctx: AzureContext, namespace: string, options: RegisterOptions = {}): Promise<ProviderRegistration> {
  const client = resourceClient(ctx);
  const interval = options.pollIntervalMs ?? 5000;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let state: string;
  try {
    const p = await auditArmWrite(ctx, undefined, auditWrites.registerProvider(namespace), () => callAzure(() => client.providers.register(namespace)));
    state = p.registrationState ?? 'Registering';
  } catch (e) {
    if (e instanceof AzureOperationError && (e.statusCode === 403 || e.code === 'AuthorizationFailed')) {
      throw new AzureOperationError(`You may not register ${namespace} in this subscription (${e.message}).`, {
        code: 'AuthorizationFailed',
        statusCode: 403,
        recommendedAction: registrationAdvice([namespace], ctx.subscriptionId),
      });
    }
    throw e;
  }
  options.onState?.(state);
  while (state.toLowerCase() !== 'registered') {
    if (options.signal?.aborted) throw new AzureOperationError('The registration check was cancelled.', { code: 'Cancelled' });
    if (Date.now() > deadline) {
      throw new AzureOperationError(`${namespace} is still ${state} after waiting; Azure goes on registering it. Check again in a few minutes.`, { code: 'RegistrationTimeout' });
    }
    await new Promise((r) => setTimeout(r, interval));
    const p = await callAzure(() => client.providers.get(namespace));
    state = p.registrationState ?? state;
    options.onState?.(state);
  }
  return { namespace, state };
}
