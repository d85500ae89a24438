// The run page of the wizards that act on one protected item (the Failover and Failback wizards):
// an ASR action is started after re-reading the item, so the service refuses what Azure does not
// allow now, through the same flow as the commands (src/flows/vmAction.ts); its job is followed by
// jobStageWizard.ts. Pure: no vscode.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import { protectedItemId } from '../../model/armId';
import type { VmAction } from '../../model/vmActions';
import { checkAction } from '../../model/vmActions';
import type { VaultContext } from '../../services/azure/clients';
import { refOfItem } from '../../services/azure/protection';
import { startVmAction } from '../../flows/vmAction';
import type { FailoverDeps, FailoverServices, JobStart } from './failoverServices';
import { JobStageWizard, type JobStageAccess, type RetryCheck } from './jobStageWizard';

function isRef(value: ReplicationProtectedItem | ProtectedItemRef): value is ProtectedItemRef {
  return typeof (value as Partial<ProtectedItemRef>).protectedItemName === 'string';
}

/**
 * A wizard whose last page runs ASR actions on one protected item. Subclasses say how each action
 * starts (`begin`) and what the page shows around the steps.
 */
export abstract class ItemJobWizard<Snapshot, A extends VmAction> extends JobStageWizard<Snapshot, A> {
  readonly ref: ProtectedItemRef;
  readonly itemId: string;
  protected item: ReplicationProtectedItem | undefined;

  constructor(
    protected readonly deps: FailoverDeps,
    protected readonly services: FailoverServices,
    readonly vmName: string,
    item: ReplicationProtectedItem | ProtectedItemRef,
  ) {
    super();
    if (isRef(item)) {
      this.ref = item;
    } else {
      this.ref = refOfItem(item);
      this.item = item;
    }
    this.itemId = protectedItemId(this.ref);
  }

  /** Starts the action on the freshly read item; the service refuses what allowedOperations do not allow. */
  protected abstract begin(action: A, vctx: VaultContext, item: ReplicationProtectedItem): Promise<JobStart>;

  protected access(): JobStageAccess {
    return {
      vaultContext: () => this.deps.vaultContext(),
      getJob: (vctx, jobName) => this.services.getJob(vctx, jobName),
      resumeJob: (vctx, jobName) => this.services.resumeJob(vctx, jobName),
      watchJob: (jobName, owner) => this.deps.watchJob(jobName, this.vmName, owner),
      pollIntervalMs: this.deps.pollIntervalMs,
    };
  }

  /** Reads the item again (what Azure allows now). */
  protected async readItem(): Promise<ReplicationProtectedItem> {
    const vctx = await this.deps.vaultContext();
    const item = await this.services.getProtectedItem(vctx, this.ref);
    this.item = item;
    return item;
  }

  /** Loads the item with a busy indicator; a failure shows on the page. */
  protected async loadItem(): Promise<boolean> {
    return this.work(l10n.t('Reading {0} from Azure…', this.vmName), async () => {
      await this.readItem();
    });
  }

  protected async recheck(): Promise<void> {
    await this.loadItem();
  }

  protected async afterJob(): Promise<void> {
    try {
      await this.readItem();
    } catch {
      // the next press re-reads the item and says what is wrong
    }
    await this.deps.refresh();
  }

  protected retryCheck(action: A): RetryCheck {
    if (!this.item) return { allowed: false };
    const check = checkAction(this.item, action, this.vmName);
    return check.allowed ? { allowed: true } : { allowed: false, reason: check.reason };
  }

  /**
   * Starts an action: re-reads the item, starts it, reports the job to the tracker, follows it in
   * the background. A refusal or an Azure error becomes the page's error. Resolves true when started
   * (`onStarted` runs first, for example to show the run page).
   */
  protected async runAction(action: A, onStarted?: () => void): Promise<boolean> {
    const title = this.titleOf(action);
    const starting = l10n.t({ message: 'Starting {0}…', args: [title.toLowerCase()], comment: ['The action in lower case, such as test failover or commit'] });
    let started: JobStart | undefined;
    // The same flow as the commands (src/flows/vmAction.ts): re-read, check, transient state in
    // the tree, start, the job to the tracker, refresh.
    const ok = await this.work(starting, async () => {
      const vctx = await this.deps.vaultContext();
      const transient = this.deps.transient;
      const run = await startVmAction(
        {
          readItem: () => this.services.getProtectedItem(vctx, this.ref),
          setTransient: (text, jobName) => transient?.set(text, jobName),
          clearTransient: () => transient?.clear(),
          watchJob: (jobName) => this.deps.watchJob(jobName, this.vmName, this.owner),
          refresh: () => this.deps.refresh(),
        },
        { action, vmName: this.vmName, transientText: starting, start: (item) => this.begin(action, vctx, item) },
      );
      this.item = run.item;
      started = run.started;
    });
    if (!ok || !started) return false;
    this.startStage(action, started.jobName);
    onStarted?.();
    this.changed();
    void this.follow();
    return true;
  }

  /** The run page's buttons common to the item wizards: Open in the Azure portal, then the shared ones. */
  protected override async pressRunButton(button: string): Promise<boolean> {
    if (button === 'portal') {
      this.deps.openPortal(this.itemId);
      return true;
    }
    return super.pressRunButton(button);
  }
}
