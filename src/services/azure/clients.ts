// SDK client factory: one lazily built, cached client per (credential, cloud, subscription, kind).
// Each SDK package is loaded when its first client is built (see the loaders below), not at activation (issue 14).
// Every client gets the cloud's endpoint and scope, the cloud's CA (if any) and our user agent.
// The SDKs' default retry policy (429 with Retry-After, 5xx with backoff) stays on, except that an
// action on a protected item is never resent after a lost answer (actionAnswerPolicy.ts): its
// caller finds out whether it started (actionRecovery.ts). Every client signs its requests with
// tokenRenewalPolicy: a 401 gets one more try with a fresh token.

import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, Pipeline, PipelinePolicy, PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { RecoveryServicesClient } from '@azure/arm-recoveryservices';
import type { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { StorageManagementClient } from '@azure/arm-storage';
import type { VaultRef } from '../../model/armId';
import packageJson from '../../../package.json';
import { actionAnswerPolicy } from './actionAnswerPolicy';
import { nextPagePrefetchPolicy } from './nextPagePrefetch';
import type { AzureCloud } from './cloud';
import { renewTokensOn401 } from './tokenRenewal';
import type * as ComputeSdk from './sdks/computeSdk';
import type * as NetworkSdk from './sdks/networkSdk';
import type * as RecoveryServicesSdk from './sdks/recoveryServicesSdk';
import type * as ResourcesSdk from './sdks/resourcesSdk';
import type * as SiteRecoverySdk from './sdks/siteRecoverySdk';
import type * as StorageSdk from './sdks/storageSdk';
import type * as SubscriptionsSdk from './sdks/subscriptionsSdk';

export const USER_AGENT_PREFIX = `azure-site-recovery-hyperv/${packageJson.version}`;

export interface AdditionalPolicy {
  policy: PipelinePolicy;
  position: 'perCall' | 'perRetry';
}

/** Optional pipeline settings, mainly for tests (observe or answer requests without a server). */
export interface AzureClientOptions {
  /** Tunes the default retry policy (it is never switched off). */
  retryOptions?: PipelineRetryOptions;
  additionalPolicies?: AdditionalPolicy[];
  /** Replaces the HTTP transport (tests answer requests in memory). */
  httpClient?: HttpClient;
  /** Default poll interval of ASR operations when Azure's Retry-After gives none (ms). */
  pollIntervalInMs?: number;
}

export interface AzureContext {
  credential: TokenCredential;
  cloud: AzureCloud;
  subscriptionId: string;
  clientOptions?: AzureClientOptions;
}

export type VaultContext = AzureContext & { vault: VaultRef };

type ClientKind = 'siteRecovery' | 'recoveryServices' | 'subscription' | 'resource' | 'storage' | 'network' | 'compute';

// credential -> (key -> client). Weak on the credential so a signed-out credential frees its clients.
const cache = new WeakMap<TokenCredential, Map<string, unknown>>();
const optionIds = new WeakMap<AzureClientOptions, number>();
let nextOptionId = 1;

function optionsKey(options: AzureClientOptions | undefined): string {
  if (options === undefined) {
    return '0';
  }
  let id = optionIds.get(options);
  if (id === undefined) {
    id = nextOptionId++;
    optionIds.set(options, id);
  }
  return String(id);
}

function cached<T extends { readonly pipeline: Pipeline }>(ctx: AzureContext, kind: ClientKind, subscriptionId: string, create: () => T): T {
  let perCredential = cache.get(ctx.credential);
  if (perCredential === undefined) {
    perCredential = new Map<string, unknown>();
    cache.set(ctx.credential, perCredential);
  }
  const c = ctx.cloud;
  const key = [kind, subscriptionId, c.resourceManagerEndpoint, c.managementScope, c.caCertificatePem ?? '', optionsKey(ctx.clientOptions)].join('\n');
  const existing = perCredential.get(key);
  if (existing !== undefined) {
    return existing as T;
  }
  const client = create();
  renewTokensOn401(client.pipeline, ctx.credential, [c.managementScope]);
  perCredential.set(key, client);
  return client;
}

/** Retries before an Azure call fails (each honours Retry-After, else exponential backoff). */
export const DEFAULT_RETRY_OPTIONS: PipelineRetryOptions = { maxRetries: 8, retryDelayInMs: 800, maxRetryDelayInMs: 30_000 };

/** Options shared by the classic (core-client) ARM SDKs. */
export function classicClientOptions(ctx: AzureContext): {
  endpoint: string;
  credentialScopes: string[];
  tlsOptions?: { ca: string };
  userAgentOptions: { userAgentPrefix: string };
  retryOptions: PipelineRetryOptions;
  additionalPolicies: AdditionalPolicy[];
  httpClient?: HttpClient;
} {
  const o = ctx.clientOptions;
  return {
    endpoint: ctx.cloud.resourceManagerEndpoint,
    credentialScopes: [ctx.cloud.managementScope],
    ...(ctx.cloud.caCertificatePem !== undefined ? { tlsOptions: { ca: ctx.cloud.caCertificatePem } } : {}),
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    // ASR throttles readily (429 with Retry-After) and has transient 5xx: retry more than the
    // SDK default of 3 before giving up; callers may tune it.
    retryOptions: { ...DEFAULT_RETRY_OPTIONS, ...o?.retryOptions },
    additionalPolicies: [...(o?.additionalPolicies ?? []), { policy: actionAnswerPolicy(), position: 'perRetry' }, { policy: nextPagePrefetchPolicy(), position: 'perRetry' }],
    ...(o?.httpClient !== undefined ? { httpClient: o.httpClient } : {}),
  };
}

// Each SDK is required inside the function that builds its first client, so activation does not
// load SDKs it does not use (issue 14; `npm run bench:load` measures it). In the extension bundle
// each sdks/ module is a file of its own beside dist/extension.js (esbuild.mjs builds them), not
// part of the bundle that VS Code reads at activation; under tsx (tests, lab) the source is required.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose, see above */
const loadSiteRecoverySdk = (): typeof SiteRecoverySdk => require('./sdks/siteRecoverySdk') as typeof SiteRecoverySdk;
const loadRecoveryServicesSdk = (): typeof RecoveryServicesSdk => require('./sdks/recoveryServicesSdk') as typeof RecoveryServicesSdk;
const loadSubscriptionsSdk = (): typeof SubscriptionsSdk => require('./sdks/subscriptionsSdk') as typeof SubscriptionsSdk;
const loadResourcesSdk = (): typeof ResourcesSdk => require('./sdks/resourcesSdk') as typeof ResourcesSdk;
const loadNetworkSdk = (): typeof NetworkSdk => require('./sdks/networkSdk') as typeof NetworkSdk;
const loadStorageSdk = (): typeof StorageSdk => require('./sdks/storageSdk') as typeof StorageSdk;
const loadComputeSdk = (): typeof ComputeSdk => require('./sdks/computeSdk') as typeof ComputeSdk;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The subscription a vault context's ASR calls go to: the vault's own. */
function subscriptionOf(ctx: AzureContext | VaultContext): string {
  return 'vault' in ctx ? ctx.vault.subscriptionId : ctx.subscriptionId;
}

/** @azure/arm-recoveryservices-siterecovery (api 2023-06-01; calls take the vault name first). */
export function siteRecoveryClient(ctx: AzureContext | VaultContext): SiteRecoveryManagementClient {
  const subscriptionId = subscriptionOf(ctx);
  return cached(ctx, 'siteRecovery', subscriptionId, () => new (loadSiteRecoverySdk().SiteRecoveryManagementClient)(ctx.credential, subscriptionId, classicClientOptions(ctx)));
}

/** @azure/arm-recoveryservices (api 2024-04-01; calls take the resource group first). */
export function recoveryServicesClient(ctx: AzureContext | VaultContext): RecoveryServicesClient {
  const subscriptionId = subscriptionOf(ctx);
  return cached(ctx, 'recoveryServices', subscriptionId, () => new (loadRecoveryServicesSdk().RecoveryServicesClient)(ctx.credential, subscriptionId, classicClientOptions(ctx)));
}

export function subscriptionClient(ctx: AzureContext): SubscriptionClient {
  return cached(ctx, 'subscription', '', () => new (loadSubscriptionsSdk().SubscriptionClient)(ctx.credential, classicClientOptions(ctx)));
}

export function resourceClient(ctx: AzureContext): ResourceManagementClient {
  return cached(ctx, 'resource', ctx.subscriptionId, () => new (loadResourcesSdk().ResourceManagementClient)(ctx.credential, ctx.subscriptionId, classicClientOptions(ctx)));
}

export function networkClient(ctx: AzureContext): NetworkManagementClient {
  return cached(ctx, 'network', ctx.subscriptionId, () => new (loadNetworkSdk().NetworkManagementClient)(ctx.credential, ctx.subscriptionId, classicClientOptions(ctx)));
}

/** @azure/arm-compute 23.3.0 (VMs and usages api 2025-04-01, resource SKUs 2021-07-01). */
export function computeClient(ctx: AzureContext): ComputeManagementClient {
  return cached(ctx, 'compute', ctx.subscriptionId, () => new (loadComputeSdk().ComputeManagementClient)(ctx.credential, ctx.subscriptionId, classicClientOptions(ctx)));
}

/**
 * @azure/arm-storage 20 is a modular (TypeSpec) client: its scope option is `credentials.scopes`
 * (not `credentialScopes`) and it defaults to the public cloud's scope, so it is set here.
 */
export function storageClient(ctx: AzureContext): StorageManagementClient {
  return cached(ctx, 'storage', ctx.subscriptionId, () => {
    const { credentialScopes, ...common } = classicClientOptions(ctx);
    return new (loadStorageSdk().StorageManagementClient)(ctx.credential, ctx.subscriptionId, { ...common, credentials: { scopes: credentialScopes } });
  });
}

/** Drops every cached client built for this credential (e.g. after sign-out or a cloud change). */
export function clearClientCache(credential: TokenCredential): void {
  cache.delete(credential);
}
