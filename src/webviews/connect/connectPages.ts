// The Connect wizard's pages: pure functions from what the wizard knows (its state, the lists it
// loaded, the registration, the name check, the run) to what each page shows. No vscode, no
// Azure calls: the wizard (connectWizard.ts) gathers a ConnectPageInput and shows what comes out.
// The review and run pages are in connectReviewAndRunPages.ts.

import * as l10n from '@vscode/l10n';
import type { ProviderRegistration } from '../../services/azure/resourceProviders';
import type { PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, OptionView } from '../form/view';
import { maxTextValueLength } from '../form/view';
import type { ConnectPage, ConnectState, Known, Resource } from './connectModel';
import { connectPages, hasProblems, pageProblem, resetNote, resourceProblem, sameRegion, signInProblems } from './connectModel';
import { withStop } from '../../model/failureText';
import type { ConnectLists, NameCheckView } from './connectLoading';
import { disabledSubscriptionStates, lower, rgName } from './connectLoading';
import type { RegistrationView } from './connectRegistration';
import { reviewPage, runPage } from './connectReviewAndRunPages';
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
  lists: Pick<ConnectLists, 'subscriptions' | 'locations' | 'resourceGroups' | 'storageAccounts' | 'vaults' | 'rgExists' | 'regionName' | 'suggestedRegion'>;
  known: Known;
  /** Whether the current page lacks a list it needs. */
  listsMissing: boolean;
  registration: RegistrationView;
  /** The check of the new storage account name typed. */
  nameCheck: NameCheckView;
  run: RunView;
}

export type PageBody = Omit<PageContent, 'page' | 'title' | 'stepLabel'>;

// ---- page texts ----

const titles: Record<ConnectPage, string> = {
  get signIn() {
    return l10n.t('Sign in to Microsoft Azure');
  },
  get subscription() {
    return l10n.t('Choose a subscription');
  },
  get region() {
    return l10n.t('Choose the region to recover to');
  },
  get resourceGroup() {
    return l10n.t('Choose a resource group');
  },
  get storage() {
    return l10n.t('Choose a storage account');
  },
  get vault() {
    return l10n.t('Choose a Recovery Services vault');
  },
  get review() {
    return l10n.t('Review and connect');
  },
  get run() {
    return l10n.t('Connecting to Azure');
  },
};

/** The ways to sign in (a function, so that the page holds plain text said in the display language). */
const methodOptions = (): OptionView[] => [
  { value: 'account', label: l10n.t('Microsoft account (VS Code)'), detail: l10n.t('Sign in with the Microsoft account VS Code knows; a browser window may open to sign in.') },
  {
    value: 'servicePrincipal',
    label: l10n.t('Service principal'),
    detail: l10n.t("An app registration's tenant ID, client ID and client secret (for automation or the ASR lab). The secret is kept in VS Code's secret storage."),
  },
  { value: 'cli', label: l10n.t('Azure CLI'), detail: l10n.t('Use the account you signed in with "az login" on this machine.') },
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

// ---- the pages ----

/** The page on show. */
export function connectPage(input: ConnectPageInput): PageContent {
  const page = input.model.page;
  const base = { page, title: titles[page], stepLabel: l10n.t('Step {0} of {1}', connectPages.indexOf(page) + 1, connectPages.length) };
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
      text: l10n.t('Sign in to the Azure account that will hold your replicated VMs. You need an Azure subscription; if you have none, create a free Azure account.'),
    },
  ];
  if (input.signedIn) {
    blocks.push({
      kind: 'textBlock',
      id: 'signedIn',
      tone: 'info',
      text: l10n.t('You are already signed in to Azure. Select Continue to keep that sign-in, or sign in differently below.'),
    });
  }
  blocks.push({
    kind: 'radio',
    id: 'method',
    label: l10n.t('How to sign in'),
    value: form.method,
    options: methodOptions(),
    hint: l10n.t('Choose how this extension signs in to Azure.'),
  });
  blocks.push({
    kind: 'text',
    id: 'tenantId',
    label: sp ? l10n.t('Tenant ID') : l10n.t('Tenant ID (optional)'),
    value: form.tenantId,
    maxLength: 100,
    placeholder: '00000000-0000-0000-0000-000000000000',
    hint: sp
      ? l10n.t('The directory (tenant) ID of the app registration, from its Overview page in the Azure portal.')
      : l10n.t('The directory to sign in to; leave it empty to use your home directory.'),
    ...(problems.tenantId !== undefined ? { problem: problems.tenantId } : {}),
  });
  if (sp) {
    blocks.push({
      kind: 'text',
      id: 'clientId',
      label: l10n.t('Client ID (application ID)'),
      value: form.clientId,
      maxLength: 100,
      placeholder: '00000000-0000-0000-0000-000000000000',
      hint: l10n.t('The application (client) ID of the app registration.'),
      ...(problems.clientId !== undefined ? { problem: problems.clientId } : {}),
    });
    blocks.push({
      kind: 'text',
      id: 'clientSecret',
      label: l10n.t('Client secret'),
      value: '',
      maxLength: maxTextValueLength,
      secret: true,
      held: input.secret !== '',
      hint: l10n.t("A secret's value from the app registration's Certificates & secrets page. It is kept in VS Code's secret storage, never in settings."),
      ...(problems.clientSecret !== undefined ? { problem: problems.clientSecret } : {}),
    });
  }
  const buttons: ButtonView[] = [
    { id: 'createAccount', label: l10n.t('Create a free Azure account') },
    { id: 'cancel', label: l10n.t('Cancel') },
  ];
  if (input.signedIn) buttons.push({ id: 'next', label: l10n.t('Continue') });
  buttons.push({ id: 'signIn', label: l10n.t('Sign in'), primary: true, ...(hasProblems(problems) || input.starting ? { disabled: true } : {}) });
  return { blocks, buttons };
}

function subscriptionPage(input: ConnectPageInput): PageBody {
  const subs = input.lists.subscriptions();
  const blocks: BlockView[] = [];
  const buttons: ButtonView[] = [
    { id: 'signInAgain', label: l10n.t('Sign in differently') },
    { id: 'cancel', label: l10n.t('Cancel') },
  ];
  if (subs && subs.length === 0) {
    blocks.push({
      kind: 'textBlock',
      id: 'noSubscriptions',
      tone: 'warning',
      text: l10n.t('This sign-in has no Azure subscription. Create a free Azure account (it comes with a subscription), or sign in with another account that has one.'),
    });
    buttons.splice(1, 0, { id: 'createAccount', label: l10n.t('Create a free Azure account') });
  } else {
    const problem = pageProblem(input.model);
    blocks.push({
      kind: 'select',
      id: 'subscription',
      label: l10n.t('Subscription'),
      value: input.model.subscriptionId ?? '',
      options: (subs ?? []).map((x) => {
        const off = disabledSubscriptionStates.has(lower(x.state ?? ''));
        return {
          value: x.subscriptionId,
          label: x.displayName,
          detail: off ? l10n.t('{0}, {1}: it cannot hold new resources; re-enable it in the Azure portal or choose another.', x.subscriptionId, x.state ?? '') : x.subscriptionId,
          ...(off ? { disabled: true } : {}),
        };
      }),
      hint: l10n.t('The subscription that holds the vault, the storage account and the VMs after a failover; its costs are billed there.'),
      ...(subs && problem ? { problem } : {}),
    });
  }
  if (offerReload(input)) buttons.push({ id: 'reload', label: l10n.t('Try again') });
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
      text: l10n.t(
        'This subscription is not registered to use {0}: Azure refuses every request to them ("The subscription is not registered to use namespace…"). Site Recovery needs them for the vault, the storage account, and the network and virtual machines of a failover. Connect can register them now; it usually takes a minute or two and creates nothing.',
        names.join(', '),
      ),
    });
    blocks.push({
      kind: 'checkbox',
      id: 'registerConsent',
      label: l10n.t('Register {0} for this subscription', names.join(', ')),
      checked: reg.consent,
      hint: l10n.t('Registering a resource provider needs the Contributor or Owner role on the subscription.'),
    });
  }
  if (reg.steps.length > 0) blocks.push({ kind: 'steps', id: 'registration', label: l10n.t('Registration'), steps: reg.steps });
  if (reg.advice !== undefined) blocks.push({ kind: 'textBlock', id: 'registrationAdvice', tone: 'error', text: reg.advice });
  if (pending.length > 0)
    buttons.push({ id: 'registerProviders', label: l10n.t('Register and continue'), primary: true, ...(reg.consent && !input.busy ? {} : { disabled: true }) });
}

function regionPage(input: ConnectPageInput): PageBody {
  const locations = input.lists.locations(input.model);
  const problem = pageProblem(input.model);
  const blocks: BlockView[] = [
    {
      kind: 'select',
      id: 'region',
      label: l10n.t('Region'),
      value: input.model.region ?? '',
      options: (locations ?? []).map((l) => ({ value: l.name, label: l.displayName, detail: l.regionalDisplayName ?? l.name })),
      hint: regionHint(input),
      ...(locations && problem ? { problem } : {}),
    },
  ];
  return { blocks, buttons: navButtons(input) };
}

/** What the region is for, and why it is preselected when it is. */
function regionHint(input: ConnectPageInput): string {
  const hint = l10n.t('The Azure region your VMs fail over to. The storage account and the vault are in this region; a region near you keeps failover fast.');
  const s = input.lists.suggestedRegion(input.model);
  if (!s || input.model.region === undefined || !sameRegion(s.region, input.model.region)) return hint;
  const one = s.names.length === 1;
  const why =
    s.from === 'vault'
      ? one
        ? l10n.t('Preselected: your vault {0} is in this region.', s.names[0])
        : l10n.t('Preselected: your {0} vaults are in this region.', s.names.length)
      : one
        ? l10n.t('Preselected: your resource group {0} is in this region.', s.names[0])
        : l10n.t('Preselected: your {0} resource groups are in this region.', s.names.length);
  return `${why} ${hint}`;
}

/** The words of a resource page, and the existing resources it offers. */
interface ResourceTexts {
  intro: string;
  existing: OptionView[];
  existingLabel: string;
  /** The list of existing ones ("Existing …"). */
  existingListLabel: string;
  newLabel: string;
  /** The name field of a new one ("Name of the new …"). */
  newNameLabel: string;
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
  const { intro, existing, existingLabel, existingListLabel, newLabel, newNameLabel, noneText, existingHint, newHint } =
    resource === 'resourceGroup' ? groupTexts(input) : resource === 'storageAccount' ? storageTexts(input) : vaultTexts(input);
  const offered = existing.filter((o) => o.disabled !== true).length;
  const blocks: BlockView[] = [{ kind: 'textBlock', id: 'intro', text: intro }];
  const reset = resetNote(input.model, resource);
  if (reset !== undefined) blocks.push({ kind: 'textBlock', id: 'reset', tone: 'info', text: reset });
  blocks.push({
    kind: 'radio',
    id: ids.mode,
    label: l10n.t('Existing or new'),
    hint: l10n.t('Use one you already have, or let Connect create it after the review.'),
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
      label: existingListLabel,
      value: pick.existing ?? '',
      options: existing,
      hint: existingHint,
      ...(loaded && problem ? { problem } : {}),
    });
  } else if (pick.mode === 'new') {
    blocks.push({
      kind: 'text',
      id: ids.newName,
      label: newNameLabel,
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
    intro: l10n.t('A resource group holds the storage account and the vault, so they can be managed (and removed) together.'),
    existing: (input.lists.resourceGroups(input.model) ?? []).map((g) => ({ value: g.name, label: g.name, detail: regionName(input, g.location) })),
    existingLabel: l10n.t('Use an existing resource group'),
    existingListLabel: l10n.t('Existing resource group'),
    newLabel: l10n.t('Create a new resource group'),
    newNameLabel: l10n.t('Name of the new resource group'),
    noneText: l10n.t('The subscription has no resource group yet.'),
    existingHint: l10n.t('Resources of any region may share a resource group.'),
    newHint: l10n.t('Created in {0}. 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.', region),
  };
}

function storageTexts(input: ConnectPageInput): ResourceTexts {
  const region = regionName(input, input.model.region ?? '');
  const rg = rgName(input.model);
  return {
    intro: l10n.t('Replicated disks are written to a storage account in {0}, in the resource group {1}.', region, rg),
    existing: (input.lists.storageAccounts(input.model) ?? []).map((a) => ({
      value: a.name,
      label: a.name,
      detail: [a.kind, a.skuName].filter((x) => x !== undefined).join(', ') || regionName(input, a.location),
    })),
    existingLabel: l10n.t('Use an existing storage account'),
    existingListLabel: l10n.t('Existing storage account'),
    newLabel: l10n.t('Create a new storage account'),
    newNameLabel: l10n.t('Name of the new storage account'),
    noneText: input.lists.rgExists(input.model) ? l10n.t('The resource group has no storage account in {0}.', region) : l10n.t('The new resource group has none yet.'),
    existingHint: l10n.t('Storage accounts of {0} in {1}.', rg, region),
    newHint:
      l10n.t('3 to 24 lower-case letters and digits, unique across all of Azure. Created in {0}, {1}, general-purpose v2, locally redundant.', rg, region) + nameStatusText(input),
  };
}

function vaultTexts(input: ConnectPageInput): ResourceTexts {
  const region = regionName(input, input.model.region ?? '');
  const rg = rgName(input.model);
  const all = input.lists.vaults(input.model) ?? [];
  return {
    intro: l10n.t('The Recovery Services vault holds the replication settings, the registered Hyper-V hosts and the recovery points.'),
    existing: all.map((v) => {
      const elsewhere = !sameRegion(v.location, input.model.region ?? '');
      return {
        value: v.name,
        label: v.name,
        detail: elsewhere ? l10n.t('In {0}, not in {1}: it cannot be used for this region.', regionName(input, v.location), region) : regionName(input, v.location),
        ...(elsewhere ? { disabled: true } : {}),
      };
    }),
    existingLabel: l10n.t('Use an existing vault'),
    existingListLabel: l10n.t('Existing vault'),
    newLabel: l10n.t('Create a new vault'),
    newNameLabel: l10n.t('Name of the new vault'),
    noneText: input.lists.rgExists(input.model) ? l10n.t('The resource group has no vault in {0}.', region) : l10n.t('The new resource group has none yet.'),
    existingHint: l10n.t('Vaults of {0} in {1}.', rg, region),
    newHint: l10n.t('Created in {0}, {1}. 2 to 50 letters, digits and hyphens, starting with a letter; unique in the resource group.', rg, region),
  };
}

function nameStatusText(input: ConnectPageInput): string {
  const name = input.model.storageAccount.newName.trim();
  const check = input.nameCheck;
  switch (check.state) {
    case 'none':
      return '';
    case 'checking':
      return ' ' + l10n.t('Checking whether "{0}" is free…', name);
    case 'free':
      return ' ' + l10n.t('"{0}" is free.', name);
    case 'unchecked':
      return ' ' + l10n.t('Could not check whether "{0}" is free ({1}); it is checked again when you select Next.', name, withStop(check.failure));
  }
}

// ---- buttons and names ----

/** A list failed to load: the page offers "Try again". */
function offerReload(input: ConnectPageInput): boolean {
  return !input.starting && !input.busy && input.listsMissing;
}

function navButtons(input: ConnectPageInput): ButtonView[] {
  const buttons: ButtonView[] = [
    { id: 'cancel', label: l10n.t('Cancel') },
    { id: 'back', label: l10n.t('Back') },
  ];
  if (offerReload(input)) buttons.push({ id: 'reload', label: l10n.t('Try again') });
  buttons.push(nextButton(input));
  return buttons;
}

function nextButton(input: ConnectPageInput): ButtonView {
  const problem = input.listsMissing ? 'loading' : pageProblem(input.model, input.known);
  const unregistered = input.model.page === 'subscription' && (input.registration.unregistered ?? []).length > 0;
  return { id: 'next', label: l10n.t('Next'), ...(unregistered ? {} : { primary: true }), ...(problem !== undefined || unregistered ? { disabled: true } : {}) };
}

function regionName(input: ConnectPageInput, name: string): string {
  return input.lists.regionName(input.model, name);
}
