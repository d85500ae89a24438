// The Connect wizard's pages: pure functions from what the wizard knows (its state, the lists it
// loaded, the registration, the name check, the run) to what each page shows. No vscode, no
// Azure calls: the wizard (connectWizard.ts) gathers a ConnectPageInput and shows what comes out.

import type { ProviderRegistration } from '../../services/azure/resourceProviders';
import type { PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, OptionView } from '../form/view';
import { maxTextValueLength } from '../form/view';
import type { ConnectPage, ConnectState, Known, PlanStep, Resource } from './connectModel';
import { alreadyDone, choiceOf, connectPages, hasProblems, outcome, pageProblem, plan, resourceProblem, sameRegion, signInProblems, withStop } from './connectModel';
import type { ConnectLists, NameCheckView } from './connectLoading';
import { disabledSubscriptionStates, lower, rgName } from './connectLoading';
import type { RegistrationView } from './connectRegistration';
import type { RunView } from './connectRun';

/** Everything a page shows comes from here. */
export interface ConnectPageInput {
  model: ConnectState;
  /** Whether the wizard holds a sign-in. */
  signedIn: boolean;
  /** The client secret typed (checked, never shown). */
  secret: string;
  /** Still checking the sign-in it was opened with. */
  starting: boolean;
  busy: boolean;
  /** The loaded lists (read only). */
  lists: Pick<ConnectLists, 'subscriptions' | 'locations' | 'resourceGroups' | 'storageAccounts' | 'vaults' | 'rgExists' | 'regionName'>;
  known: Known;
  /** Whether the current page lacks a list it needs. */
  listsMissing: boolean;
  registration: RegistrationView;
  /** The check of the new storage account name typed. */
  nameCheck: NameCheckView;
  run: RunView;
}

type PageBody = Omit<PageContent, 'page' | 'title' | 'stepLabel'>;

// ---- page texts ----

const titles: Record<ConnectPage, string> = {
  signIn: 'Sign in to Microsoft Azure',
  subscription: 'Choose a subscription',
  region: 'Choose the region to recover to',
  resourceGroup: 'Choose a resource group',
  storage: 'Choose a storage account',
  vault: 'Choose a Recovery Services vault',
  review: 'Review and connect',
  run: 'Connecting to Azure',
};

const methodOptions: OptionView[] = [
  { value: 'account', label: 'Microsoft account (VS Code)', detail: 'Sign in with the Microsoft account VS Code knows; a browser window may open to sign in.' },
  {
    value: 'servicePrincipal',
    label: 'Service principal',
    detail: "An app registration's tenant ID, client ID and client secret (for automation or the ASR lab). The secret is kept in VS Code's secret storage.",
  },
  { value: 'cli', label: 'Azure CLI', detail: 'Use the account you signed in with "az login" on this machine.' },
];

/** The ids of the fields of each resource page. */
const resourceFieldIds: Record<Resource, { mode: string; existing: string; newName: string }> = {
  resourceGroup: { mode: 'resourceGroupMode', existing: 'resourceGroup', newName: 'resourceGroupName' },
  storageAccount: { mode: 'storageMode', existing: 'storageAccount', newName: 'storageAccountName' },
  vault: { mode: 'vaultMode', existing: 'vault', newName: 'vaultName' },
};

/** Which resource, and which part of its pick, a field of a resource page sets. */
export const fieldTargets: Record<string, { resource: Resource; part: 'mode' | 'existing' | 'newName' } | undefined> = Object.fromEntries(
  (Object.keys(resourceFieldIds) as Resource[]).flatMap((resource) =>
    (['mode', 'existing', 'newName'] as const).map((part) => [resourceFieldIds[resource][part], { resource, part }]),
  ),
);

const stepResource: Record<Exclude<PlanStep['step'], 'saveConnection'>, Resource> = {
  createResourceGroup: 'resourceGroup',
  createStorageAccount: 'storageAccount',
  createVault: 'vault',
};

/** What a step of the plan does, as the review and run pages say it. */
export function stepText(step: PlanStep, regionName: (name: string) => string): string {
  switch (step.step) {
    case 'createResourceGroup':
      return `Create the resource group ${step.name} in ${regionName(step.region)}`;
    case 'createStorageAccount':
      return `Create the storage account ${step.name}`;
    case 'createVault':
      return `Create the Recovery Services vault ${step.name}`;
    case 'saveConnection':
      return 'Save the connection';
  }
}

// ---- the pages ----

/** The page on show. */
export function connectPage(input: ConnectPageInput): PageContent {
  const page = input.model.page;
  const base = { page, title: titles[page], stepLabel: `Step ${connectPages.indexOf(page) + 1} of ${connectPages.length}` };
  switch (page) {
    case 'signIn':
      return { ...base, ...signInPage(input) };
    case 'subscription':
      return { ...base, ...subscriptionPage(input) };
    case 'region':
      return { ...base, ...regionPage(input) };
    case 'resourceGroup':
    case 'storage':
    case 'vault':
      return { ...base, ...resourcePage(input, page) };
    case 'review':
      return { ...base, ...reviewPage(input) };
    case 'run':
      return { ...base, ...runPage(input) };
  }
}

function signInPage(input: ConnectPageInput): PageBody {
  const form = input.model.signIn;
  const problems = signInProblems(form, input.secret);
  const sp = form.method === 'servicePrincipal';
  const blocks: BlockView[] = [
    {
      kind: 'textBlock',
      id: 'intro',
      text: 'Sign in to the Azure account that will hold your replicated VMs. You need an Azure subscription; if you have none, create a free Azure account.',
    },
  ];
  if (input.signedIn) {
    blocks.push({ kind: 'textBlock', id: 'signedIn', tone: 'info', text: 'You are already signed in to Azure. Select Continue to keep that sign-in, or sign in differently below.' });
  }
  blocks.push({ kind: 'radio', id: 'method', label: 'How to sign in', value: form.method, options: methodOptions, hint: 'Choose how this extension signs in to Azure.' });
  blocks.push({
    kind: 'text',
    id: 'tenantId',
    label: sp ? 'Tenant ID' : 'Tenant ID (optional)',
    value: form.tenantId,
    maxLength: 100,
    placeholder: '00000000-0000-0000-0000-000000000000',
    hint: sp
      ? "The directory (tenant) ID of the app registration, from its Overview page in the Azure portal."
      : 'The directory to sign in to; leave it empty to use your home directory.',
    ...(problems.tenantId !== undefined ? { problem: problems.tenantId } : {}),
  });
  if (sp) {
    blocks.push({
      kind: 'text',
      id: 'clientId',
      label: 'Client ID (application ID)',
      value: form.clientId,
      maxLength: 100,
      placeholder: '00000000-0000-0000-0000-000000000000',
      hint: 'The application (client) ID of the app registration.',
      ...(problems.clientId !== undefined ? { problem: problems.clientId } : {}),
    });
    blocks.push({
      kind: 'text',
      id: 'clientSecret',
      label: 'Client secret',
      value: '',
      maxLength: maxTextValueLength,
      secret: true,
      held: input.secret !== '',
      hint: "A secret's value from the app registration's Certificates & secrets page. It is kept in VS Code's secret storage, never in settings.",
      ...(problems.clientSecret !== undefined ? { problem: problems.clientSecret } : {}),
    });
  }
  const buttons: ButtonView[] = [{ id: 'createAccount', label: 'Create a free Azure account' }, { id: 'cancel', label: 'Cancel' }];
  if (input.signedIn) buttons.push({ id: 'next', label: 'Continue' });
  buttons.push({ id: 'signIn', label: 'Sign in', primary: true, ...(hasProblems(problems) || input.starting ? { disabled: true } : {}) });
  return { blocks, buttons };
}

function subscriptionPage(input: ConnectPageInput): PageBody {
  const subs = input.lists.subscriptions();
  const blocks: BlockView[] = [];
  const buttons: ButtonView[] = [{ id: 'signInAgain', label: 'Sign in differently' }, { id: 'cancel', label: 'Cancel' }];
  if (subs && subs.length === 0) {
    blocks.push({
      kind: 'textBlock',
      id: 'noSubscriptions',
      tone: 'warning',
      text: 'This sign-in has no Azure subscription. Create a free Azure account (it comes with a subscription), or sign in with another account that has one.',
    });
    buttons.splice(1, 0, { id: 'createAccount', label: 'Create a free Azure account' });
  } else {
    const problem = pageProblem(input.model);
    blocks.push({
      kind: 'select',
      id: 'subscription',
      label: 'Subscription',
      value: input.model.subscriptionId ?? '',
      options: (subs ?? []).map((x) => {
        const off = disabledSubscriptionStates.has(lower(x.state ?? ''));
        return {
          value: x.subscriptionId,
          label: x.displayName,
          detail: off ? `${x.subscriptionId}, ${x.state ?? ''}: it cannot hold new resources; re-enable it in the Azure portal or choose another.` : x.subscriptionId,
          ...(off ? { disabled: true } : {}),
        };
      }),
      hint: 'The subscription that holds the vault, the storage account and the VMs after a failover; its costs are billed there.',
      ...(subs && problem ? { problem } : {}),
    });
  }
  if (offerReload(input)) buttons.push({ id: 'reload', label: 'Try again' });
  registrationBlocks(input, blocks, buttons);
  buttons.push(nextButton(input));
  return { blocks, buttons };
}

/** The subscription page's part on registering the resource providers it is not registered for. */
function registrationBlocks(input: ConnectPageInput, blocks: BlockView[], buttons: ButtonView[]): void {
  const reg = input.registration;
  const pending: readonly ProviderRegistration[] = reg.unregistered ?? [];
  if (pending.length === 0 && reg.steps.length === 0) return;
  const names = pending.map((r) => r.namespace);
  if (pending.length > 0) {
    blocks.push({
      kind: 'textBlock',
      id: 'providersNotRegistered',
      tone: 'warning',
      text: `This subscription is not registered to use ${names.join(', ')}: Azure refuses every request to them ("The subscription is not registered to use namespace…"). Site Recovery needs them for the vault, the storage account, and the network and virtual machines of a failover. Connect can register them now; it usually takes a minute or two and creates nothing.`,
    });
    blocks.push({
      kind: 'checkbox',
      id: 'registerConsent',
      label: `Register ${names.join(', ')} for this subscription`,
      checked: reg.consent,
      hint: 'Registering a resource provider needs the Contributor or Owner role on the subscription.',
    });
  }
  if (reg.steps.length > 0) blocks.push({ kind: 'steps', id: 'registration', label: 'Registration', steps: reg.steps });
  if (reg.advice !== undefined) blocks.push({ kind: 'textBlock', id: 'registrationAdvice', tone: 'error', text: reg.advice });
  if (pending.length > 0) buttons.push({ id: 'registerProviders', label: 'Register and continue', primary: true, ...(reg.consent && !input.busy ? {} : { disabled: true }) });
}

function regionPage(input: ConnectPageInput): PageBody {
  const locations = input.lists.locations(input.model);
  const problem = pageProblem(input.model);
  const blocks: BlockView[] = [
    {
      kind: 'select',
      id: 'region',
      label: 'Region',
      value: input.model.region ?? '',
      options: (locations ?? []).map((l) => ({ value: l.name, label: l.displayName, detail: l.regionalDisplayName ?? l.name })),
      hint: 'The Azure region your VMs fail over to. The storage account and the vault are in this region; a region near you keeps failover fast.',
      ...(locations && problem ? { problem } : {}),
    },
  ];
  return { blocks, buttons: navButtons(input) };
}

/** The words of a resource page, and the existing resources it offers. */
interface ResourceTexts {
  intro: string;
  existing: OptionView[];
  existingLabel: string;
  newLabel: string;
  noneText: string;
  existingHint: string;
  newHint: string;
}

function resourcePage(input: ConnectPageInput, page: 'resourceGroup' | 'storage' | 'vault'): PageBody {
  const resource: Resource = page === 'resourceGroup' ? 'resourceGroup' : page === 'storage' ? 'storageAccount' : 'vault';
  const pick = input.model[resource];
  const problem = resourceProblem(input.model, resource, input.known);
  const ids = resourceFieldIds[resource];
  const loaded = !input.listsMissing;
  const { intro, existing, existingLabel, newLabel, noneText, existingHint, newHint } =
    resource === 'resourceGroup' ? groupTexts(input) : resource === 'storageAccount' ? storageTexts(input) : vaultTexts(input);
  const offered = existing.filter((o) => o.disabled !== true).length;
  const blocks: BlockView[] = [{ kind: 'textBlock', id: 'intro', text: intro }];
  blocks.push({
    kind: 'radio',
    id: ids.mode,
    label: 'Existing or new',
    hint: 'Use one you already have, or let Connect create it after the review.',
    value: pick.mode ?? '',
    options: [
      { value: 'existing', label: existingLabel, ...(loaded && offered === 0 ? { disabled: true, detail: noneText } : {}) },
      { value: 'new', label: newLabel },
    ],
    ...(loaded && pick.mode === undefined && problem ? { problem } : {}),
  });
  if (pick.mode === 'existing') {
    blocks.push({
      kind: 'select',
      id: ids.existing,
      label: existingLabel.replace(/^Use an existing /, 'Existing '),
      value: pick.existing ?? '',
      options: existing,
      hint: existingHint,
      ...(loaded && problem ? { problem } : {}),
    });
  } else if (pick.mode === 'new') {
    blocks.push({
      kind: 'text',
      id: ids.newName,
      label: newLabel.replace(/^Create a new /, 'Name of the new '),
      value: pick.newName,
      maxLength: resource === 'resourceGroup' ? 90 : resource === 'storageAccount' ? 24 : 50,
      hint: newHint,
      ...(problem ? { problem } : {}),
    });
  }
  return { blocks, buttons: navButtons(input) };
}

function groupTexts(input: ConnectPageInput): ResourceTexts {
  const region = regionName(input, input.model.region ?? '');
  return {
    intro: 'A resource group holds the storage account and the vault, so they can be managed (and removed) together.',
    existing: (input.lists.resourceGroups(input.model) ?? []).map((g) => ({ value: g.name, label: g.name, detail: regionName(input, g.location) })),
    existingLabel: 'Use an existing resource group',
    newLabel: 'Create a new resource group',
    noneText: 'The subscription has no resource group yet.',
    existingHint: 'Resources of any region may share a resource group.',
    newHint: `Created in ${region}. 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.`,
  };
}

function storageTexts(input: ConnectPageInput): ResourceTexts {
  const region = regionName(input, input.model.region ?? '');
  const rg = rgName(input.model);
  return {
    intro: `Replicated disks are written to a storage account in ${region}, in the resource group ${rg}.`,
    existing: (input.lists.storageAccounts(input.model) ?? []).map((a) => ({
      value: a.name,
      label: a.name,
      detail: [a.kind, a.skuName].filter((x) => x !== undefined).join(', ') || regionName(input, a.location),
    })),
    existingLabel: 'Use an existing storage account',
    newLabel: 'Create a new storage account',
    noneText: input.lists.rgExists(input.model) ? `The resource group has no storage account in ${region}.` : 'The new resource group has none yet.',
    existingHint: `Storage accounts of ${rg} in ${region}.`,
    newHint: `3 to 24 lower-case letters and digits, unique across all of Azure. Created in ${rg}, ${region}, general-purpose v2, locally redundant.${nameStatusText(input)}`,
  };
}

function vaultTexts(input: ConnectPageInput): ResourceTexts {
  const region = regionName(input, input.model.region ?? '');
  const rg = rgName(input.model);
  const all = input.lists.vaults(input.model) ?? [];
  return {
    intro: 'The Recovery Services vault holds the replication settings, the registered Hyper-V hosts and the recovery points.',
    existing: all.map((v) => {
      const elsewhere = !sameRegion(v.location, input.model.region ?? '');
      return {
        value: v.name,
        label: v.name,
        detail: elsewhere ? `In ${regionName(input, v.location)}, not in ${region}: it cannot be used for this region.` : regionName(input, v.location),
        ...(elsewhere ? { disabled: true } : {}),
      };
    }),
    existingLabel: 'Use an existing vault',
    newLabel: 'Create a new vault',
    noneText: input.lists.rgExists(input.model) ? `The resource group has no vault in ${region}.` : 'The new resource group has none yet.',
    existingHint: `Vaults of ${rg} in ${region}.`,
    newHint: `Created in ${rg}, ${region}. 2 to 50 letters, digits and hyphens, starting with a letter; unique in the resource group.`,
  };
}

function nameStatusText(input: ConnectPageInput): string {
  const name = input.model.storageAccount.newName.trim();
  const check = input.nameCheck;
  switch (check.state) {
    case 'none':
      return '';
    case 'checking':
      return ` Checking whether "${name}" is free…`;
    case 'free':
      return ` "${name}" is free.`;
    case 'unchecked':
      return ` Could not check whether "${name}" is free (${withStop(check.failure)}); it is checked again when you select Next.`;
  }
}

function reviewPage(input: ConnectPageInput): PageBody {
  const st = input.model;
  const o = outcome(st);
  const steps = plan(st);
  const region = (name: string): string => regionName(input, name);
  const sub = input.lists.subscriptions()?.find((x) => x.subscriptionId === o.subscriptionId);
  const describe = (resource: Resource, what: string): string => {
    const c = choiceOf(st[resource]);
    if (!c) return '';
    if (c.kind === 'existing') return `${c.name} (existing)`;
    const step = steps.find((x) => x.step !== 'saveConnection' && x.name === c.name && stepResource[x.step] === resource);
    return step && alreadyDone(st, step) ? `${c.name} (created earlier by this wizard)` : `${c.name} (new: ${what})`;
  };
  const rows = [
    { label: 'Subscription', value: sub ? `${sub.displayName} (${o.subscriptionId})` : o.subscriptionId },
    { label: 'Region', value: region(o.region) },
    { label: 'Resource group', value: describe('resourceGroup', `created in ${region(o.region)}`) },
    { label: 'Storage account', value: describe('storageAccount', 'created, general-purpose v2, locally redundant') },
    { label: 'Recovery Services vault', value: describe('vault', 'created') },
  ];
  const creates = steps.filter((x) => x.step !== 'saveConnection');
  const items: { text: string; tone: 'info' | 'success' }[] = [];
  if (creates.length === 0) items.push({ text: 'Nothing needs to be created: the resource group, storage account and vault already exist.', tone: 'success' });
  for (const step of creates) {
    items.push(alreadyDone(st, step) ? { text: `${stepText(step, region)}: done earlier, kept.`, tone: 'success' } : { text: `${stepText(step, region)}.`, tone: 'info' });
  }
  items.push({ text: `Save the connection: the Azure Site Recovery view then shows the vault ${o.vault.name}.`, tone: 'info' });
  const pending = creates.some((x) => !alreadyDone(st, x));
  return {
    blocks: [
      { kind: 'summary', id: 'summary', label: 'Your choices', rows },
      { kind: 'list', id: 'plan', label: 'What Connect does', items },
    ],
    buttons: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'back', label: 'Back' },
      { id: 'start', label: pending ? 'Create and connect' : 'Connect', primary: true },
    ],
  };
}

function runPage(input: ConnectPageInput): PageBody {
  const run = input.run;
  const blocks: BlockView[] = [{ kind: 'steps', id: 'steps', label: 'Progress', steps: run.steps }];
  if (run.permissionIssues.length > 0) {
    blocks.push({ kind: 'list', id: 'permissions', label: 'What your role does not allow', items: run.permissionIssues.map((text) => ({ text, tone: 'error' as const })) });
  }
  if (run.permissionsUnchecked !== undefined) blocks.push({ kind: 'textBlock', id: 'permissionsUnchecked', tone: 'warning', text: run.permissionsUnchecked });
  let buttons: ButtonView[];
  switch (run.status) {
    case 'succeeded': {
      const vault = choiceOf(input.model.vault)?.name ?? '';
      blocks.push({ kind: 'textBlock', id: 'done', tone: 'success', text: `Connected to the vault ${vault}. The Azure Site Recovery view shows it; next, enable replication for your VMs.` });
      buttons = [{ id: 'close', label: 'Close', primary: true }];
      break;
    }
    case 'failed':
      buttons = [
        { id: 'close', label: 'Close' },
        { id: 'back', label: 'Back' },
        { id: 'retry', label: 'Retry', primary: true },
      ];
      break;
    case 'running':
    case 'idle':
      buttons = [{ id: 'close', label: 'Close', disabled: true }];
      break;
  }
  return { blocks, buttons };
}

// ---- buttons and names ----

/** A list failed to load: the page offers "Try again". */
function offerReload(input: ConnectPageInput): boolean {
  return !input.starting && !input.busy && input.listsMissing;
}

function navButtons(input: ConnectPageInput): ButtonView[] {
  const buttons: ButtonView[] = [
    { id: 'cancel', label: 'Cancel' },
    { id: 'back', label: 'Back' },
  ];
  if (offerReload(input)) buttons.push({ id: 'reload', label: 'Try again' });
  buttons.push(nextButton(input));
  return buttons;
}

function nextButton(input: ConnectPageInput): ButtonView {
  const problem = input.listsMissing ? 'loading' : pageProblem(input.model, input.known);
  const unregistered = input.model.page === 'subscription' && (input.registration.unregistered ?? []).length > 0;
  return { id: 'next', label: 'Next', ...(unregistered ? {} : { primary: true }), ...(problem !== undefined || unregistered ? { disabled: true } : {}) };
}

function regionName(input: ConnectPageInput, name: string): string {
  return input.lists.regionName(input.model, name);
}
