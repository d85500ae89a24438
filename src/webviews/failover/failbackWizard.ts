// The Failback wizard (issue 5 §4) for a VM running in Azure after a committed failover:
//   options  how the data gets back to the host (ForDownTime / ForSynchronization), and whether
//            to create the VM on its host if it is missing there;
//   review   what happens;
//   run      the failback job's steps, then Commit, then Reverse replication, each with its steps.
//            The services refuse (ActionNotAllowedError) what allowedOperations do not allow; the
//            page shows their sentence. A failed job says why and offers Retry when allowed again.
// Pure: no vscode.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import type { VaultContext } from '../../services/azure/clients';
import type { DataSyncOption } from '../../services/azure/failover';
import type { PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, InputFieldView } from '../form/view';
import type { Infer } from '../validate';
import { s } from '../validate';
import { actionRefusal, commitConfirmation, dataSyncChoices, dataSyncLabel, dataSyncOptions, failbackProviderId } from './failoverModel';
import type { FailoverDeps, FailoverServices, JobStart } from './failoverServices';
import { azureFailoverServices } from './failoverServices';
import { jobNamePattern, protectedItemIdPattern, stageStatuses, type RestoredItem } from './jobProgress';
import { ItemJobWizard } from './itemJobWizard';

export type FailbackPage = 'options' | 'review' | 'run';
export const failbackPages: readonly FailbackPage[] = ['options', 'review', 'run'];

export type FailbackRunAction = 'failback' | 'commit' | 'reverseReplication';
export const failbackRunActions: readonly FailbackRunAction[] = ['failback', 'commit', 'reverseReplication'];

/** The saved state: ids and the choices made, never the VM's name (read again from Azure on restore). */
export const failbackSnapshotSchema = s.object({
  itemId: s.string({ maxLength: 1000, pattern: protectedItemIdPattern }),
  page: s.enumOf(failbackPages),
  dataSync: s.enumOf(dataSyncOptions),
  createVm: s.boolean(),
  stage: s.optional(s.object({ action: s.enumOf(failbackRunActions), jobName: s.string({ maxLength: 200, pattern: jobNamePattern }), status: s.enumOf(stageStatuses) })),
  done: s.array(s.enumOf(failbackRunActions), { maxItems: 10 }),
});
export type FailbackSnapshot = Infer<typeof failbackSnapshotSchema>;

export interface FailbackInput {
  vmName: string;
  /** The protected item (used as is) or its ref (read from Azure first). */
  item: ReplicationProtectedItem | ProtectedItemRef;
}

const runTitles: Readonly<Record<FailbackRunAction, string>> = {
  get failback() {
    return l10n.t('Failback');
  },
  get commit() {
    return l10n.t('Commit');
  },
  get reverseReplication() {
    return l10n.t('Reverse replication');
  },
};

export class FailbackWizard extends ItemJobWizard<FailbackSnapshot, FailbackRunAction> {
  private at: FailbackPage = 'options';
  private dataSync: DataSyncOption = 'ForDownTime';
  private createVm = false;

  constructor(deps: FailoverDeps, input: FailbackInput, services: FailoverServices = azureFailoverServices) {
    super(deps, services, input.vmName, input.item);
    if (!this.item) this.ready = this.loadItem().then(() => undefined);
  }

  /**
   * Rebuilds the wizard from a validated snapshot and its target as read again from Azure
   * (restoreFailbackWizard in restoredItemWizards.ts): a run page follows its job again; other
   * pages go back to the options.
   */
  static restore(deps: FailoverDeps, snap: FailbackSnapshot, target: RestoredItem, services: FailoverServices = azureFailoverServices): FailbackWizard {
    const w = new FailbackWizard(deps, { vmName: target.vmName, item: target.item }, services);
    w.dataSync = snap.dataSync;
    w.createVm = snap.createVm;
    if (snap.page === 'run' && snap.stage) {
      w.at = 'run';
      w.done = [...snap.done];
      w.stage = {
        action: snap.stage.action,
        jobName: snap.stage.jobName,
        status: 'running',
        steps: [{ id: 'job', label: runTitles[snap.stage.action], state: 'running', detail: l10n.t('Reading the job…') }],
      };
      w.restored = true;
      w.ready = w.ready.then(() => {
        void w.follow();
      });
    }
    return w;
  }

  snapshot(): FailbackSnapshot {
    return {
      itemId: this.itemId,
      page: this.at,
      dataSync: this.dataSync,
      createVm: this.createVm,
      ...(this.stage ? { stage: { action: this.stage.action, jobName: this.stage.jobName, status: this.stage.status } } : {}),
      done: [...this.done],
    };
  }

  protected titleOf(action: FailbackRunAction): string {
    return runTitles[action];
  }

  /**
   * ForDownTime: Azure suspends the job after the first copy until the user resumes it
   * (Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize help: "After synchronization is
   * complete, the job is suspended. Resume the job to do an additional synchronization operation
   * that shuts down the virtual machine.").
   */
  protected override waitsWhenSuspended(action: FailbackRunAction): boolean {
    return action === 'failback';
  }

  protected override suspendedDetail(action: FailbackRunAction): string {
    return action === 'failback' ? l10n.t('Waiting for you: press Continue to shut {0} down in Azure and finish the failback.', this.vmName) : super.suspendedDetail(action);
  }

  protected begin(action: FailbackRunAction, vctx: VaultContext, item: ReplicationProtectedItem): Promise<JobStart> {
    switch (action) {
      case 'failback': {
        const providerId = failbackProviderId(item);
        return this.services.failback(vctx, item, {
          dataSyncOption: this.dataSync,
          recoveryVmCreationOption: this.createVm ? 'CreateVmIfNotFound' : 'NoAction',
          ...(this.createVm && providerId ? { alternateProviderId: providerId } : {}),
        });
      }
      case 'commit':
        return this.services.commitFailover(vctx, item);
      case 'reverseReplication':
        return this.services.reverseReplication(vctx, item);
    }
  }

  // ---- pages ----

  protected page(): PageContent {
    switch (this.at) {
      case 'options':
        return this.optionsPage();
      case 'review':
        return this.reviewPage();
      case 'run':
        return this.runPage();
    }
  }

  /** Why the failback cannot start (undefined when it can, or while the item is not read yet). */
  private refusal(): string | undefined {
    return actionRefusal(this.item, 'failback', this.vmName);
  }

  private optionsPage(): PageContent {
    const blocks: BlockView[] = [];
    const buttons: ButtonView[] = [{ id: 'cancel', label: l10n.t('Cancel') }];
    const refusal = this.refusal();
    if (!this.item) {
      blocks.push({ kind: 'textBlock', id: 'loading', text: l10n.t('Reading what {0} allows now from Azure Site Recovery…', this.vmName) });
      if (!this.busy) buttons.push({ id: 'reload', label: l10n.t('Try again') });
    } else if (refusal) {
      blocks.push({ kind: 'textBlock', id: 'notAllowed', tone: 'warning', text: refusal });
    } else {
      const canCreate = failbackProviderId(this.item) !== undefined;
      blocks.push(
        {
          kind: 'radio',
          id: 'dataSync',
          label: l10n.t('Data synchronisation'),
          hint: l10n.t('How the changes made while {0} ran in Azure get back to its Hyper-V host.', this.vmName),
          value: this.dataSync,
          options: dataSyncChoices(this.vmName),
        },
        {
          kind: 'checkbox',
          id: 'createVm',
          label: l10n.t('Create the VM on the host if it is missing'),
          hint: canCreate
            ? l10n.t('If {0} was deleted from its Hyper-V host, Azure Site Recovery creates it there again.', this.vmName)
            : l10n.t('Not available: Azure Site Recovery does not say which host the VM belongs to. Refresh the VM, or make sure its host is registered and connected.'),
          checked: this.createVm && canCreate,
          ...(canCreate ? {} : { disabled: true }),
        },
      );
    }
    buttons.push({ id: 'next', label: l10n.t('Next'), primary: true, disabled: !this.item || refusal !== undefined });
    return { page: 'options', title: l10n.t('Fail back {0}', this.vmName), stepLabel: l10n.t('Step {0} of {1}', 1, 3), blocks, buttons };
  }

  private reviewPage(): PageContent {
    const createVm = this.createVm && failbackProviderId(this.item) !== undefined;
    return {
      page: 'review',
      title: l10n.t('Fail back {0}: review', this.vmName),
      stepLabel: l10n.t('Step {0} of {1}', 2, 3),
      blocks: [
        {
          kind: 'summary',
          id: 'summary',
          label: l10n.t('Failback'),
          rows: [
            { label: l10n.t('Virtual machine'), value: this.vmName },
            { label: l10n.t('Data synchronisation'), value: dataSyncLabel(this.dataSync) },
            { label: l10n.t('Create the VM on the host if it is missing'), value: createVm ? l10n.t('Yes') : l10n.t('No') },
          ],
        },
        {
          kind: 'textBlock',
          id: 'effect',
          tone: 'warning',
          text: l10n.t(
            '{0} stops running in Azure and starts again on its Hyper-V host; its users lose the connection while it is down. Afterwards, commit the failback, then start reverse replication so that it is protected again.',
            this.vmName,
          ),
        },
      ],
      buttons: [
        { id: 'back', label: l10n.t('Back') },
        { id: 'cancel', label: l10n.t('Cancel') },
        { id: 'start', label: l10n.t('Start failback'), primary: true },
      ],
    };
  }

  private runPage(): PageContent {
    const stage = this.stage;
    const blocks = this.runBlocks();
    const buttons = this.runButtons();
    if (stage?.status === 'waiting') {
      blocks.push({
        kind: 'textBlock',
        id: 'next',
        tone: 'info',
        text: l10n.t(
          'The data has been copied to the host while {0} keeps running in Azure. Press Continue when the downtime suits you: the Azure VM shuts down, the last changes are copied, and the VM starts on its host.',
          this.vmName,
        ),
      });
    } else if (stage?.status === 'succeeded') {
      switch (stage.action) {
        case 'failback':
          blocks.push({
            kind: 'textBlock',
            id: 'next',
            tone: 'success',
            text: l10n.t('{0} runs on its host again. Commit to make the failback final; then start reverse replication.', this.vmName),
          });
          buttons.push({ id: 'commit', label: l10n.t('Commit'), primary: true });
          break;
        case 'commit':
          blocks.push({
            kind: 'textBlock',
            id: 'next',
            tone: 'success',
            text: l10n.t('The failback is committed. Start reverse replication so that {0} replicates to Azure and is protected again.', this.vmName),
          });
          buttons.push({ id: 'reverse', label: l10n.t('Start reverse replication'), primary: true });
          break;
        case 'reverseReplication':
          blocks.push({
            kind: 'textBlock',
            id: 'next',
            tone: 'success',
            text: l10n.t('Reverse replication has started: {0} replicates to Azure again, and shows Protected in the tree when its initial replication has finished.', this.vmName),
          });
          break;
      }
    }
    buttons.push(this.closeButton());
    return { page: 'run', title: l10n.t('Failback of {0}', this.vmName), stepLabel: l10n.t('Step {0} of {1}', 3, 3), blocks, buttons };
  }

  // ---- actions ----

  protected onSet(field: InputFieldView, value: string): void {
    if (field.id === 'dataSync' && (dataSyncOptions as readonly string[]).includes(value)) this.dataSync = value as DataSyncOption;
    else if (field.id === 'createVm') this.createVm = value === 'true';
  }

  protected async onPress(button: string): Promise<void> {
    switch (this.at) {
      case 'options':
        if (button === 'cancel') this.requestClose();
        else if (button === 'reload') await this.loadItem();
        else if (button === 'next') this.at = 'review';
        return;
      case 'review':
        if (button === 'cancel') this.requestClose();
        else if (button === 'back') this.at = 'options';
        else if (button === 'start') {
          await this.runAction('failback', () => {
            this.at = 'run';
          });
        }
        return;
      case 'run':
        if (await this.pressRunButton(button)) return;
        if (button === 'commit' && (await this.deps.confirm(commitConfirmation(this.vmName, 'failback')))) await this.runAction('commit');
        else if (button === 'reverse') await this.runAction('reverseReplication');
        return;
    }
  }
}
