// The Connect wizard's state machine (issue 5 §2), pure: the pages, what each needs before the
// next one, which names Azure accepts, what a changed choice invalidates, and the plan of what
// the run creates. The wizard (connectWizard.ts and its parts) sits on top of this and talks to
// Azure; this file imports neither vscode nor an SDK client (only the services' pure name rules).

import * as l10n from '@vscode/l10n';
import type { SignIn } from '../../connection/connection';
import { validateStorageAccountName } from '../../services/azure/storage';
import { validateResourceGroupName } from '../../services/azure/subscriptions';
import { validateVaultName } from '../../services/azure/vaults';

export type ConnectPage = 'signIn' | 'subscription' | 'region' | 'resourceGroup' | 'storage' | 'vault' | 'review' | 'run';
export const connectPages: readonly ConnectPage[] = ['signIn', 'subscription', 'region', 'resourceGroup', 'storage', 'vault', 'review', 'run'];

export type SignInMethod = SignIn['kind'];
export const signInMethods: readonly SignInMethod[] = ['account', 'servicePrincipal', 'cli'];

/** What the sign-in page holds, without the secret (the wizard keeps that apart, briefly). */
export interface SignInForm {
  method: SignInMethod;
  tenantId: string;
  clientId: string;
}

export type PickMode = 'existing' | 'new';

/** The user's choice for a resource that may exist or be created: both parts are kept, so
 * switching between "existing" and "new" does not lose what was typed. */
export interface ResourcePick {
  /** Undefined until the user (or the wizard, once the list is known) decides. */
  mode?: PickMode;
  existing?: string;
  newName: string;
}

export type Resource = 'resourceGroup' | 'storageAccount' | 'vault';

/** Existing or new: the resource the wizard either uses or creates. */
export type Choice = { kind: 'existing'; name: string } | { kind: 'new'; name: string };

export interface ConnectState {
  page: ConnectPage;
  signedIn: boolean;
  signIn: SignInForm;
  subscriptionId?: string;
  region?: string;
  resourceGroup: ResourcePick;
  storageAccount: ResourcePick;
  vault: ResourcePick;
  /** Keys (createdKey) of what this wizard created, so that Retry or a restored wizard does not create it again. */
  created: string[];
  /** Choices reset by a change of an earlier one, and why (their pages say so until chosen again); not saved. */
  reset?: Partial<Record<ResetResource, ResetReason>>;
}

/** The choices an earlier one can reset: the storage account and the vault. */
export type ResetResource = 'storageAccount' | 'vault';
export type ResetReason = 'region' | 'resourceGroup';

/** What Azure said, as far as the wizard has loaded it (the pure rules read it, never fetch it). */
export interface Known {
  /** Names of every resource group of the subscription. */
  resourceGroups?: readonly string[];
  /** Storage accounts offered as existing (in the chosen resource group and region). */
  storageAccounts?: readonly string[];
  /** Vaults of the chosen resource group, in any region (a new vault's name must not be one of them). */
  vaults?: readonly { name: string; location: string }[];
  /** Storage account names Azure reported as taken (lower case) → Azure's sentence. */
  takenStorageNames?: ReadonlyMap<string, string>;
}

export function emptyPick(): ResourcePick {
  return { newName: '' };
}

export function initialConnectState(signedIn: boolean): ConnectState {
  return {
    page: signedIn ? 'subscription' : 'signIn',
    signedIn,
    signIn: { method: 'account', tenantId: '', clientId: '' },
    resourceGroup: emptyPick(),
    storageAccount: emptyPick(),
    vault: emptyPick(),
    created: [],
  };
}

// ---- sign-in ----

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return guidPattern.test(text.trim());
}

export interface SignInProblems {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
}

/** What is wrong with the sign-in form (empty when the user may sign in). */
export function signInProblems(form: SignInForm, secret: string): SignInProblems {
  const out: SignInProblems = {};
  const tenant = form.tenantId.trim();
  if (form.method === 'servicePrincipal') {
    if (tenant === '') out.tenantId = l10n.t('Enter the tenant ID of the app registration (a GUID, from its Overview page in the Azure portal).');
    else if (!isGuid(tenant)) out.tenantId = l10n.t("A tenant ID is a GUID such as aaaabbbb-0000-cccc-1111-dddd2222eeee; copy it from the app registration's Overview page.");
    const client = form.clientId.trim();
    if (client === '') out.clientId = l10n.t('Enter the client (application) ID of the app registration (a GUID).');
    else if (!isGuid(client)) out.clientId = l10n.t("A client ID is a GUID such as 9d3b6f0a-2c4e-4a7b-8e1f-5c6d7e8f9a0b; copy it from the app registration's Overview page.");
    if (secret === '') out.clientSecret = l10n.t('Enter a client secret of the app registration (Certificates & secrets).');
  } else if (tenant !== '' && !isGuid(tenant)) {
    out.tenantId = l10n.t('A tenant ID is a GUID such as aaaabbbb-0000-cccc-1111-dddd2222eeee; leave it empty to use your home directory.');
  }
  return out;
}

export function hasProblems(p: SignInProblems): boolean {
  return p.tenantId !== undefined || p.clientId !== undefined || p.clientSecret !== undefined;
}

/** The sign-in to ask for (throws when the form is incomplete; check signInProblems first). */
export function signInRequest(form: SignInForm, secret: string): { signIn: SignIn; secret?: string } {
  const problems = signInProblems(form, secret);
  const first = problems.tenantId ?? problems.clientId ?? problems.clientSecret;
  if (first !== undefined) throw new Error(first);
  const tenantId = form.tenantId.trim();
  switch (form.method) {
    case 'servicePrincipal':
      return { signIn: { kind: 'servicePrincipal', tenantId, clientId: form.clientId.trim() }, secret };
    case 'cli':
      return { signIn: tenantId === '' ? { kind: 'cli' } : { kind: 'cli', tenantId } };
    case 'account':
      return { signIn: tenantId === '' ? { kind: 'account' } : { kind: 'account', tenantId } };
  }
}

// ---- choices ----

export function choiceOf(p: ResourcePick): Choice | undefined {
  if (p.mode === 'existing') return p.existing ? { kind: 'existing', name: p.existing } : undefined;
  if (p.mode === 'new') return p.newName.trim() === '' ? undefined : { kind: 'new', name: p.newName.trim() };
  return undefined;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
/** Whether two region names are one region ("West Europe" and "westeurope" are). */
export function sameRegion(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}

/** The key under which a resource this wizard created is remembered. */
export function createdKey(resource: Resource, subscriptionId: string, resourceGroup: string, name?: string): string {
  return [resource, subscriptionId, resourceGroup, ...(name !== undefined ? [name] : [])].join('/').toLowerCase();
}

function createdByUs(s: ConnectState, resource: Resource, name: string): boolean {
  const sub = s.subscriptionId ?? '';
  const rg = s.resourceGroup.mode === 'new' ? s.resourceGroup.newName.trim() : (s.resourceGroup.existing ?? '');
  const k = resource === 'resourceGroup' ? createdKey(resource, sub, name) : createdKey(resource, sub, rg, name);
  return s.created.includes(k);
}

/** What is wrong with the current page (undefined when the user may go on). */
export function pageProblem(s: ConnectState, known: Known = {}): string | undefined {
  switch (s.page) {
    case 'signIn':
      return s.signedIn ? undefined : l10n.t('Sign in to Azure first.');
    case 'subscription':
      return s.subscriptionId ? undefined : l10n.t('Choose a subscription.');
    case 'region':
      return s.region ? undefined : l10n.t('Choose the region to recover to.');
    case 'resourceGroup':
    case 'storage':
    case 'vault':
      return resourceProblem(s, pageResource[s.page], known);
    case 'review':
    case 'run':
      return undefined;
  }
}

const pageResource = { resourceGroup: 'resourceGroup', storage: 'storageAccount', vault: 'vault' } as const;
/** The sentences about the choice of each resource, whole so that a translation can inflect its name. */
const choiceSentences: Record<Resource, { chooseOrCreate(): string; chooseFromList(): string; gone(name: string): string; typeName(): string }> = {
  resourceGroup: {
    chooseOrCreate: () => l10n.t('Choose an existing resource group or create a new one.'),
    chooseFromList: () => l10n.t('Choose a resource group from the list.'),
    gone: (name) => l10n.t('The resource group "{0}" is no longer there; choose another.', name),
    typeName: () => l10n.t('Type a name for the new resource group.'),
  },
  storageAccount: {
    chooseOrCreate: () => l10n.t('Choose an existing storage account or create a new one.'),
    chooseFromList: () => l10n.t('Choose a storage account from the list.'),
    gone: (name) => l10n.t('The storage account "{0}" is no longer there; choose another.', name),
    typeName: () => l10n.t('Type a name for the new storage account.'),
  },
  vault: {
    chooseOrCreate: () => l10n.t('Choose an existing Recovery Services vault or create a new one.'),
    chooseFromList: () => l10n.t('Choose a Recovery Services vault from the list.'),
    gone: (name) => l10n.t('The Recovery Services vault "{0}" is no longer there; choose another.', name),
    typeName: () => l10n.t('Type a name for the new Recovery Services vault.'),
  },
};

/** What is wrong with the choice of one resource (undefined when it is complete). */
export function resourceProblem(s: ConnectState, resource: Resource, known: Known = {}): string | undefined {
  const p = s[resource];
  if (p.mode === undefined) return choiceSentences[resource].chooseOrCreate();
  if (p.mode === 'existing') {
    if (!p.existing) return choiceSentences[resource].chooseFromList();
    const offered = resource === 'resourceGroup' ? known.resourceGroups : resource === 'storageAccount' ? known.storageAccounts : known.vaults?.map((v) => v.name);
    if (offered && !offered.some((n) => same(n, p.existing ?? ''))) return choiceSentences[resource].gone(p.existing);
    if (resource === 'vault' && s.region) {
      const v = known.vaults?.find((x) => same(x.name, p.existing ?? ''));
      if (v && !sameRegion(v.location, s.region)) return l10n.t('The vault "{0}" is in {1}, not in {2}; choose a vault in {2} or create one.', v.name, v.location, s.region);
    }
    return undefined;
  }
  const name = p.newName.trim();
  if (name === '') return choiceSentences[resource].typeName();
  switch (resource) {
    case 'resourceGroup': {
      const problem = validateResourceGroupName(name);
      if (problem) return problem;
      if (known.resourceGroups?.some((n) => same(n, name)) && !createdByUs(s, resource, name)) {
        return l10n.t('A resource group named "{0}" already exists; choose it under "Use an existing resource group", or type another name.', name);
      }
      return undefined;
    }
    case 'storageAccount': {
      const problem = validateStorageAccountName(name);
      if (problem) return problem;
      const taken = known.takenStorageNames?.get(name.toLowerCase());
      if (taken !== undefined && !createdByUs(s, resource, name)) {
        return l10n.t('The storage account name "{0}" is already taken (names are unique across all of Azure); type another name.', name);
      }
      return undefined;
    }
    case 'vault': {
      const problem = validateVaultName(name);
      if (problem) return problem;
      const clash = known.vaults?.find((v) => same(v.name, name));
      if (clash && !createdByUs(s, resource, name)) {
        return l10n.t('The resource group already has a vault named "{0}"; choose it under "Use an existing vault", or type another name.', clash.name);
      }
      return undefined;
    }
  }
}

/** Next page, or the same state with the reason it cannot move on. */
export function next(s: ConnectState, known: Known = {}): { state: ConnectState; problem?: string } {
  const problem = pageProblem(s, known);
  if (problem) return { state: s, problem };
  const i = connectPages.indexOf(s.page);
  return { state: { ...s, page: connectPages[Math.min(i + 1, connectPages.length - 1)] } };
}

/** The page before; never back to sign-in once signed in (that is "Sign in differently"), never out of the run page. */
export function back(s: ConnectState): ConnectState {
  const i = connectPages.indexOf(s.page);
  const first = s.signedIn ? 1 : 0;
  return s.page === 'run' ? s : { ...s, page: connectPages[Math.max(first, i - 1)] };
}

export interface ConnectChange {
  subscriptionId?: string;
  region?: string;
  resourceGroup?: ResourcePick;
  storageAccount?: ResourcePick;
  vault?: ResourcePick;
}

/** Forgets the existing resource of a pick (it belonged to another place); keeps a typed new name. */
function forgetExisting(p: ResourcePick): ResourcePick {
  return p.mode === 'new' ? { mode: 'new', newName: p.newName } : { newName: p.newName };
}

function sameChoice(a: ResourcePick, b: ResourcePick): boolean {
  const x = choiceOf(a);
  const y = choiceOf(b);
  return x?.kind === y?.kind && same(x?.name ?? '', y?.name ?? '');
}

/** Forgets whether a pick was existing or new (the region it was made for changed); keeps a typed new name. */
function forgetMode(p: ResourcePick): ResourcePick {
  return { newName: p.newName };
}

/**
 * Applies a change; a changed subscription forgets everything chosen in it; a changed region
 * resets the storage account and vault choices (existing or new: the new region may offer an
 * existing one, and the defaults are chosen again), a changed resource group forgets the existing
 * storage account and vault (they were picked there). New names typed for them are kept. A choice
 * that was made and is reset is noted in `reset`, so that its page says why; choosing it again
 * clears the note.
 */
export function choose(s: ConnectState, change: ConnectChange): ConnectState {
  const out: ConnectState = { ...s, ...change };
  const reset = { ...s.reset };
  for (const r of ['storageAccount', 'vault'] as const) if (change[r] !== undefined) delete reset[r];
  if (change.subscriptionId !== undefined && change.subscriptionId !== s.subscriptionId) {
    delete out.region;
    out.resourceGroup = emptyPick();
    out.storageAccount = emptyPick();
    out.vault = emptyPick();
    delete out.reset;
    return out;
  }
  const regionChanged = change.region !== undefined && change.region !== s.region;
  if (regionChanged || (change.resourceGroup !== undefined && !sameChoice(change.resourceGroup, s.resourceGroup))) {
    const reason: ResetReason = regionChanged ? 'region' : 'resourceGroup';
    for (const r of ['storageAccount', 'vault'] as const) {
      const before = change[r] ?? s[r];
      out[r] = regionChanged ? forgetMode(before) : forgetExisting(before);
      if (choiceOf(before) !== undefined && !sameChoice(before, out[r])) reset[r] = reason;
    }
  }
  if (Object.keys(reset).length > 0) out.reset = reset;
  else delete out.reset;
  return out;
}

/** "Reset because the region changed.": what a resource page says of a choice an earlier one reset. */
export function resetNote(s: ConnectState, resource: Resource): string | undefined {
  if (resource === 'resourceGroup') return undefined;
  switch (s.reset?.[resource]) {
    case 'region':
      return l10n.t('Reset because the region changed.');
    case 'resourceGroup':
      return l10n.t('Reset because the resource group changed.');
    case undefined:
      return undefined;
  }
}

// ---- the plan ----

export type PlanStep =
  | { step: 'createResourceGroup'; key: string; name: string; region: string }
  | { step: 'createStorageAccount'; key: string; name: string; resourceGroup: string; region: string }
  | { step: 'createVault'; key: string; name: string; resourceGroup: string; region: string }
  | { step: 'saveConnection' };

export interface ConnectOutcome {
  subscriptionId: string;
  region: string;
  resourceGroup: Choice;
  storageAccount: Choice;
  vault: Choice;
}

/** The complete choice (throws when a page is incomplete). */
export function outcome(s: ConnectState): ConnectOutcome {
  const resourceGroup = choiceOf(s.resourceGroup);
  const storageAccount = choiceOf(s.storageAccount);
  const vault = choiceOf(s.vault);
  if (!s.subscriptionId || !s.region || !resourceGroup || !storageAccount || !vault) throw new Error(l10n.t('The wizard is not complete.'));
  return { subscriptionId: s.subscriptionId, region: s.region, resourceGroup, storageAccount, vault };
}

/** What the run page does, in order: only what is missing is created, then the connection is saved. */
export function plan(s: ConnectState): PlanStep[] {
  const o = outcome(s);
  const steps: PlanStep[] = [];
  const rg = o.resourceGroup.name;
  if (o.resourceGroup.kind === 'new') steps.push({ step: 'createResourceGroup', key: createdKey('resourceGroup', o.subscriptionId, rg), name: rg, region: o.region });
  if (o.storageAccount.kind === 'new') {
    steps.push({
      step: 'createStorageAccount',
      key: createdKey('storageAccount', o.subscriptionId, rg, o.storageAccount.name),
      name: o.storageAccount.name,
      resourceGroup: rg,
      region: o.region,
    });
  }
  if (o.vault.kind === 'new')
    steps.push({ step: 'createVault', key: createdKey('vault', o.subscriptionId, rg, o.vault.name), name: o.vault.name, resourceGroup: rg, region: o.region });
  steps.push({ step: 'saveConnection' });
  return steps;
}

/** Whether a step was done before (by a run that then failed, or before a reload). */
export function alreadyDone(s: ConnectState, step: PlanStep): boolean {
  return step.step !== 'saveConnection' && s.created.includes(step.key);
}

/**
 * The page a restored wizard shows: the saved one, except that a run page shows the review again
 * (nothing runs by itself after a reload) and a page whose earlier pages are incomplete shows the
 * first incomplete one.
 */
export function restoredPage(s: ConnectState, saved: ConnectPage): ConnectPage {
  if (saved === 'signIn') return saved;
  const target: ConnectPage = saved === 'run' ? 'review' : saved;
  const end = connectPages.indexOf(target);
  for (let i = 1; i < end; i++) {
    const page = connectPages[i];
    if (pageProblem({ ...s, page, signedIn: true }) !== undefined) return page;
  }
  return target;
}
