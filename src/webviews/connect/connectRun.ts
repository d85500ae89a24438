// The Connect wizard's run: it checks that the identity may do what the plan does, creates what is
// missing (resource group, storage account, vault) and saves the connection, step by step. A
// failed step stops the run; Retry goes on from that step, and what was created is remembered in
// the state (`created`) so that it is not created again. Pure: no vscode; the Azure calls come in
// as ConnectServices, the saving as a function.

import * as l10n from '@vscode/l10n';
import type { VaultRef } from '../../model/armId';
import { storageAccountId } from '../../model/armId';
import { failureText, withStop } from '../../model/failureText';
import type { ProgressStep } from '../../model/progressStep';
import { toAzureOperationError } from '../../services/azure/errors';
import type { ConnectScopes } from '../../services/azure/permissions';
import type { ConnectState, PlanStep } from './connectModel';
import { alreadyDone, outcome, plan } from './connectModel';
import type { ConnectPageHooks, ConnectServices, SubscriptionContext } from './connectServices';

/** What the wizard saves at the end. */
export interface ConnectChoice {
  subscriptionId: string;
  vault: VaultRef & { location: string };
  storageAccountId: string;
}

/** The connection to save. */
export function connectChoice(st: ConnectState): ConnectChoice {
  const o = outcome(st);
  const rg = o.resourceGroup.name;
  return {
    subscriptionId: o.subscriptionId,
    vault: { subscriptionId: o.subscriptionId, resourceGroup: rg, vaultName: o.vault.name, location: o.region },
    storageAccountId: storageAccountId(o.subscriptionId, rg, o.storageAccount.name),
  };
}

/** How many created keys the state (and its snapshot) keeps. */
export const maxCreatedKeys = 20;

export type RunStatus = 'idle' | 'running' | 'failed' | 'succeeded';

const stepIds: Record<PlanStep['step'], string> = {
  createResourceGroup: 'createResourceGroup',
  createStorageAccount: 'createStorageAccount',
  createVault: 'createVault',
  saveConnection: 'saveConnection',
};

export interface ConnectRunEnv {
  services: Pick<ConnectServices, 'checkConnectPermissions' | 'createResourceGroup' | 'createStorageAccount' | 'createVault'>;
  subCtx: SubscriptionContext;
  /** Saves the connection. */
  save(choice: ConnectChoice): Promise<void>;
  /** The wizard's state now; `setModel` records what the run created in it. */
  model(): ConnectState;
  setModel(st: ConnectState): void;
  /** The label of a step, as the review page shows it. */
  stepLabel(step: PlanStep): string;
  page: ConnectPageHooks;
}

/** What the run page shows of the run. */
export interface RunView {
  status: RunStatus;
  steps: readonly ProgressStep[];
  /** What the permission check before the run found missing. */
  permissionIssues: readonly string[];
  permissionsUnchecked: string | undefined;
}

export class ConnectRun {
  private status: RunStatus = 'idle';
  private steps: ProgressStep[] = [];
  /** What the permission check before the run found missing. */
  private permissionIssues: string[] = [];
  private permissionsUnchecked: string | undefined;

  constructor(private readonly env: ConnectRunEnv) {}

  view(): RunView {
    return { status: this.status, steps: this.steps, permissionIssues: this.permissionIssues, permissionsUnchecked: this.permissionsUnchecked };
  }

  /** Back to the review: the run page starts afresh. */
  leave(): void {
    this.status = 'idle';
  }

  /** Runs the plan of the state now (Retry: from the step that failed); resolves whether it succeeded. */
  async run(): Promise<boolean> {
    const { env } = this;
    const steps = plan(env.model());
    this.steps = steps.map((step) =>
      alreadyDone(env.model(), step)
        ? { id: stepIds[step.step], label: env.stepLabel(step), state: 'succeeded', detail: l10n.t('Created earlier by this wizard; kept.') }
        : { id: stepIds[step.step], label: env.stepLabel(step), state: 'pending' },
    );
    this.status = 'running';
    env.page.setError(undefined);
    if (!(await this.permitted(steps))) return false;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (this.steps[i].state === 'succeeded') continue;
      this.setStep(i, { state: 'running', detail: step.step === 'saveConnection' ? l10n.t('Saving…') : l10n.t('Creating…') });
      try {
        await this.execute(step);
      } catch (e) {
        const text = withStop(failureText(toAzureOperationError(e)));
        this.setStep(i, { state: 'failed', detail: text });
        this.status = 'failed';
        env.page.setError(l10n.t('{0}: {1} Select Retry to try again from this step (what was already created is kept), or Back to change your choices.', failureLead(step), text));
        return false;
      }
      const st = env.model();
      if (step.step !== 'saveConnection' && !st.created.includes(step.key)) {
        env.setModel({ ...st, created: [...st.created, step.key].slice(-maxCreatedKeys) });
      }
      this.setStep(i, { state: 'succeeded', detail: step.step === 'saveConnection' ? l10n.t('Saved.') : l10n.t('Created.') });
    }
    this.status = 'succeeded';
    return true;
  }

  /** Before anything is created: may this identity do what the run does? (ARM's permissions API) */
  private async permitted(steps: PlanStep[]): Promise<boolean> {
    this.permissionIssues = [];
    this.permissionsUnchecked = undefined;
    try {
      this.permissionIssues = await this.env.services.checkConnectPermissions(this.env.subCtx(), connectScopes(this.env.model(), steps));
    } catch (e) {
      this.permissionsUnchecked = l10n.t(
        'Could not check your permissions beforehand ({0}); Connect goes on, and Azure refuses any step your role does not allow.',
        withStop(failureText(toAzureOperationError(e))).replace(/\.$/, ''),
      );
    }
    if (this.permissionIssues.length > 0) {
      this.status = 'failed';
      this.env.page.setError(l10n.t('Your Azure role does not allow what Connect would do, so nothing was created. {0} Then select Retry.', this.permissionIssues.join(' ')));
      return false;
    }
    return true;
  }

  private setStep(index: number, change: Pick<ProgressStep, 'state' | 'detail'>): void {
    this.steps = this.steps.map((st, i) => (i === index ? { id: st.id, label: st.label, ...change } : st));
    this.env.page.changed();
  }

  private async execute(step: PlanStep): Promise<void> {
    const ctx = this.env.subCtx();
    switch (step.step) {
      case 'createResourceGroup':
        await this.env.services.createResourceGroup(ctx, step.name, step.region);
        return;
      case 'createStorageAccount':
        await this.env.services.createStorageAccount(ctx, step.resourceGroup, step.name, step.region);
        return;
      case 'createVault':
        await this.env.services.createVault(ctx, step.resourceGroup, step.name, step.region);
        return;
      case 'saveConnection':
        await this.env.save(connectChoice(this.env.model()));
        return;
    }
  }
}

/** What the run will touch, for the permission check. */
function connectScopes(st: ConnectState, steps: PlanStep[]): ConnectScopes {
  const o = outcome(st);
  const pendingStep = (kind: PlanStep['step']): boolean => steps.some((x) => x.step === kind && !alreadyDone(st, x));
  return {
    subscriptionId: o.subscriptionId,
    resourceGroup: o.resourceGroup.name,
    resourceGroupIsNew: pendingStep('createResourceGroup'),
    createStorageAccount: pendingStep('createStorageAccount'),
    vault: { name: o.vault.name, create: pendingStep('createVault') },
  };
}

function failureLead(step: PlanStep): string {
  switch (step.step) {
    case 'createResourceGroup':
      return l10n.t('Could not create the resource group {0}', step.name);
    case 'createStorageAccount':
      return l10n.t('Could not create the storage account {0}', step.name);
    case 'createVault':
      return l10n.t('Could not create the vault {0}', step.name);
    case 'saveConnection':
      return l10n.t('Could not save the connection');
  }
}
