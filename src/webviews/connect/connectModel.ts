// The Connect wizard's state machine (issue 5 §2), pure: the pages, what each needs before the
// next one, which names Azure accepts, and the plan of what the run creates. The panel and the
// controller that talks to Azure sit on top of this; this file imports neither vscode nor an SDK
// client (only the services' pure name rules).

import { validateResourceGroupName } from '../../services/azure/subscriptions';
import { validateStorageAccountName } from '../../services/azure/storage';
import { validateVaultName } from '../../services/azure/vaults';

export type ConnectPage = 'signIn' | 'subscription' | 'region' | 'resourceGroup' | 'storage' | 'vault' | 'review' | 'run';
export const connectPages: readonly ConnectPage[] = ['signIn', 'subscription', 'region', 'resourceGroup', 'storage', 'vault', 'review', 'run'];

/** Existing or new: a resource the wizard either picks or creates. */
export type Choice = { kind: 'existing'; name: string } | { kind: 'new'; name: string };

export interface ConnectState {
  page: ConnectPage;
  signedIn: boolean;
  subscriptionId?: string;
  region?: string;
  resourceGroup?: Choice;
  storageAccount?: Choice;
  vault?: Choice;
  /** Names Azure reported as taken while the user typed (availability checks). */
  unavailable: { storageAccount: string[]; vault: string[] };
}

export function initialConnectState(signedIn: boolean): ConnectState {
  return { page: signedIn ? 'subscription' : 'signIn', signedIn, unavailable: { storageAccount: [], vault: [] } };
}

/** What is wrong with the current page (undefined when the user may go on). */
export function pageProblem(s: ConnectState): string | undefined {
  switch (s.page) {
    case 'signIn':
      return s.signedIn ? undefined : 'Sign in to Azure first.';
    case 'subscription':
      return s.subscriptionId ? undefined : 'Choose a subscription.';
    case 'region':
      return s.region ? undefined : 'Choose the region to recover to.';
    case 'resourceGroup':
      return choiceProblem(s.resourceGroup, 'resource group', validateResourceGroupName, []);
    case 'storage':
      return choiceProblem(s.storageAccount, 'storage account', validateStorageAccountName, s.unavailable.storageAccount);
    case 'vault':
      return choiceProblem(s.vault, 'Recovery Services vault', validateVaultName, s.unavailable.vault);
    case 'review':
    case 'run':
      return undefined;
  }
}

function choiceProblem(c: Choice | undefined, what: string, rule: (name: string) => string | undefined, taken: readonly string[]): string | undefined {
  if (!c || c.name.trim() === '') return `Choose or name a ${what}.`;
  if (c.kind === 'existing') return undefined;
  const problem = rule(c.name);
  if (problem) return problem;
  if (taken.some((t) => t.toLowerCase() === c.name.toLowerCase())) return `The ${what} name "${c.name}" is already taken in Azure; choose another.`;
  return undefined;
}

/** Next page, or the same state with the reason it cannot move on. */
export function next(s: ConnectState): { state: ConnectState; problem?: string } {
  const problem = pageProblem(s);
  if (problem) return { state: s, problem };
  const i = connectPages.indexOf(s.page);
  return { state: { ...s, page: connectPages[Math.min(i + 1, connectPages.length - 1)] } };
}

export function back(s: ConnectState): ConnectState {
  const i = connectPages.indexOf(s.page);
  const first = s.signedIn ? 1 : 0;
  return s.page === 'run' ? s : { ...s, page: connectPages[Math.max(first, i - 1)] };
}

/**
 * Choosing another subscription or region invalidates what depends on it (a storage account must
 * be in the vault's region; everything lives in the subscription).
 */
export function choose(s: ConnectState, change: Partial<Pick<ConnectState, 'subscriptionId' | 'region' | 'resourceGroup' | 'storageAccount' | 'vault'>>): ConnectState {
  const out: ConnectState = { ...s, ...change };
  if (change.subscriptionId !== undefined && change.subscriptionId !== s.subscriptionId) {
    delete out.region;
    delete out.resourceGroup;
    delete out.storageAccount;
    delete out.vault;
  } else if (change.region !== undefined && change.region !== s.region) {
    delete out.storageAccount;
    delete out.vault;
  }
  return out;
}

export type PlanStep =
  | { step: 'createResourceGroup'; name: string; region: string }
  | { step: 'createStorageAccount'; name: string; resourceGroup: string; region: string }
  | { step: 'createVault'; name: string; resourceGroup: string; region: string }
  | { step: 'saveConnection' };

/** What the run page does, in order: only what is missing is created. */
export function plan(s: ConnectState): PlanStep[] {
  if (!s.region || !s.resourceGroup || !s.storageAccount || !s.vault) throw new Error('The wizard is not complete.');
  const steps: PlanStep[] = [];
  const rg = s.resourceGroup.name;
  if (s.resourceGroup.kind === 'new') steps.push({ step: 'createResourceGroup', name: rg, region: s.region });
  if (s.storageAccount.kind === 'new') steps.push({ step: 'createStorageAccount', name: s.storageAccount.name, resourceGroup: rg, region: s.region });
  if (s.vault.kind === 'new') steps.push({ step: 'createVault', name: s.vault.name, resourceGroup: rg, region: s.region });
  steps.push({ step: 'saveConnection' });
  return steps;
}
