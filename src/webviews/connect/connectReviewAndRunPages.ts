// The Connect wizard's last two pages, the review (the choices, and what Connect creates) and the
// run (its steps, then the outcome), and how a step of the plan is said. Pure, like
// connectPages.ts, which shows them.

import * as l10n from '@vscode/l10n';
import type { BlockView, ButtonView } from '../form/view';
import type { PlanStep, Resource } from './connectModel';
import { alreadyDone, choiceOf, outcome, plan } from './connectModel';
import type { ConnectPageInput, PageBody } from './connectPages';

const stepResource: Record<Exclude<PlanStep['step'], 'saveConnection'>, Resource> = {
  createResourceGroup: 'resourceGroup',
  createStorageAccount: 'storageAccount',
  createVault: 'vault',
};

/** What a step of the plan does, as the review and run pages say it. */
export function stepText(step: PlanStep, regionName: (name: string) => string): string {
  switch (step.step) {
    case 'createResourceGroup':
      return l10n.t('Create the resource group {0} in {1}', step.name, regionName(step.region));
    case 'createStorageAccount':
      return l10n.t('Create the storage account {0}', step.name);
    case 'createVault':
      return l10n.t('Create the Recovery Services vault {0}', step.name);
    case 'saveConnection':
      return l10n.t('Save the connection');
  }
}

export function reviewPage(input: ConnectPageInput): PageBody {
  const st = input.model;
  const o = outcome(st);
  const steps = plan(st);
  const region = (name: string): string => input.lists.regionName(input.model, name);
  const sub = input.lists.subscriptions()?.find((x) => x.subscriptionId === o.subscriptionId);
  const describe = (resource: Resource, created: (name: string) => string): string => {
    const c = choiceOf(st[resource]);
    if (!c) return '';
    if (c.kind === 'existing') return l10n.t('{0} (existing)', c.name);
    const step = steps.find((x) => x.step !== 'saveConnection' && x.name === c.name && stepResource[x.step] === resource);
    return step && alreadyDone(st, step) ? l10n.t('{0} (created earlier by this wizard)', c.name) : created(c.name);
  };
  const rows = [
    { label: l10n.t('Subscription'), value: sub ? `${sub.displayName} (${o.subscriptionId})` : o.subscriptionId },
    { label: l10n.t('Region'), value: region(o.region) },
    { label: l10n.t('Resource group'), value: describe('resourceGroup', (name) => l10n.t('{0} (new: created in {1})', name, region(o.region))) },
    { label: l10n.t('Storage account'), value: describe('storageAccount', (name) => l10n.t('{0} (new: created, general-purpose v2, locally redundant)', name)) },
    { label: l10n.t('Recovery Services vault'), value: describe('vault', (name) => l10n.t('{0} (new: created)', name)) },
  ];
  const creates = steps.filter((x) => x.step !== 'saveConnection');
  const items: { text: string; tone: 'info' | 'success' }[] = [];
  if (creates.length === 0) items.push({ text: l10n.t('Nothing needs to be created: the resource group, storage account and vault already exist.'), tone: 'success' });
  for (const step of creates) {
    items.push(
      alreadyDone(st, step) ? { text: l10n.t('{0}: done earlier, kept.', stepText(step, region)), tone: 'success' } : { text: `${stepText(step, region)}.`, tone: 'info' },
    );
  }
  items.push({ text: l10n.t('Save the connection: the Azure Site Recovery view then shows the vault {0}.', o.vault.name), tone: 'info' });
  const pending = creates.some((x) => !alreadyDone(st, x));
  return {
    blocks: [
      { kind: 'summary', id: 'summary', label: l10n.t('Your choices'), rows },
      { kind: 'list', id: 'plan', label: l10n.t('What Connect does'), items },
    ],
    buttons: [
      { id: 'cancel', label: l10n.t('Cancel') },
      { id: 'back', label: l10n.t('Back') },
      { id: 'start', label: pending ? l10n.t('Create and connect') : l10n.t('Connect'), primary: true },
    ],
  };
}

export function runPage(input: ConnectPageInput): PageBody {
  const run = input.run;
  const blocks: BlockView[] = [{ kind: 'steps', id: 'steps', label: l10n.t('Progress'), steps: run.steps }];
  if (run.permissionIssues.length > 0) {
    blocks.push({ kind: 'list', id: 'permissions', label: l10n.t('What your role does not allow'), items: run.permissionIssues.map((text) => ({ text, tone: 'error' as const })) });
  }
  if (run.permissionsUnchecked !== undefined) blocks.push({ kind: 'textBlock', id: 'permissionsUnchecked', tone: 'warning', text: run.permissionsUnchecked });
  let buttons: ButtonView[];
  switch (run.status) {
    case 'succeeded': {
      const vault = choiceOf(input.model.vault)?.name ?? '';
      blocks.push({
        kind: 'textBlock',
        id: 'done',
        tone: 'success',
        text: l10n.t('Connected to the vault {0}. The Azure Site Recovery view shows it; next, enable replication for your VMs.', vault),
      });
      buttons = [{ id: 'close', label: l10n.t('Close'), primary: true }];
      break;
    }
    case 'failed':
      buttons = [
        { id: 'close', label: l10n.t('Close') },
        { id: 'back', label: l10n.t('Back') },
        { id: 'retry', label: l10n.t('Retry'), primary: true },
      ];
      break;
    case 'running':
    case 'idle':
      buttons = [{ id: 'close', label: l10n.t('Close'), disabled: true }];
      break;
  }
  return { blocks, buttons };
}
