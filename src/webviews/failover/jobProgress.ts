// The run page shared by the Failover and Failback wizards: an ASR action on one protected item
// is started (after re-reading the item, so the service refuses what Azure does not allow now),
// its job is reported to the job tracker and followed with getJob until it ends, its tasks shown
// as steps. A failed job says why and offers Retry when Azure allows the action again; losing
// track of the job (the network) offers Retry to follow it again. Pure: no vscode.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import { protectedItemId } from '../../model/armId';
import type { JobLike, JobTaskLike } from '../../model/jobSummary';
import { normalizeJobState, summarizeJob } from '../../model/jobSummary';
import type { VmAction } from '../../model/vmActions';
import { checkAction } from '../../model/vmActions';
import type { VaultContext } from '../../services/azure/clients';
import { refOfItem } from '../../services/azure/protection';
import type { ProgressStep, StepState } from '../protocol';
import { failureText, FormWizard } from '../form/formWizard';
import { withStop } from '../../model/failureText';
import type { BlockView, ButtonView } from '../form/view';
import { followJob } from '../../flows/followJob';
import { startVmAction } from '../../flows/vmAction';
import type { JobOwner } from '../../jobs/types';
import type { FailoverDeps, FailoverServices, JobStart } from './failoverServices';

export const defaultPollIntervalMs = 5000;

// ---------------------------------------------------------------------------------------------
// Pure: a job as steps, and how it ended.

function stepState(state: string | undefined): StepState {
  switch (normalizeJobState(state)) {
    case 'InProgress':
    case 'Suspended':
      return 'running';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
    case 'Cancelled':
      return 'failed';
    case 'NotStarted':
    case 'Other':
      return state !== undefined && state.toLowerCase() === 'skipped' ? 'skipped' : 'pending';
  }
}

function taskDetail(task: JobTaskLike, jobError: string | undefined, suspendedDetail: string): string | undefined {
  const state = normalizeJobState(task.state);
  if (state === 'Suspended') return suspendedDetail;
  if (state === 'Cancelled') return l10n.t('Cancelled.');
  if (state !== 'Failed') return undefined;
  const own = (task.errors ?? []).map((e) => e.serviceErrorDetails?.message || e.providerErrorDetails?.errorMessage).find((m) => m !== undefined && m !== '');
  return own ?? jobError;
}

/**
 * The job's tasks as run-page steps (one step for the whole job while Azure lists no task yet).
 * A suspended task (ASR waits for a person) says what it waits for. What ASR shows on the tasks of
 * a suspended job is unverified (the spec example ReplicationJobs_Resume.json lists none; a task
 * state may be "Suspended"): when the job is Suspended and no task is, the first task that has
 * not started is the one that waits.
 */
export function stepsOfJob(job: JobLike, title: string, suspendedDetail = l10n.t('Waiting for you to continue.')): ProgressStep[] {
  const tasks = job.properties?.tasks ?? [];
  const jobError = summarizeJob(job, new Date()).errorMessage;
  if (tasks.length === 0) {
    const state = stepState(job.properties?.state);
    return [{ id: 'job', label: title, state, ...(state === 'failed' && jobError ? { detail: jobError } : {}) }];
  }
  const suspended = normalizeJobState(job.properties?.state) === 'Suspended';
  const waiting =
    suspended && !tasks.some((t) => normalizeJobState(t.state) === 'Suspended')
      ? tasks.findIndex((t) => normalizeJobState(t.state) === 'NotStarted' && (t.state ?? '').toLowerCase() !== 'skipped')
      : -1;
  return tasks.map((t, i) => {
    if (i === waiting) return { id: `task-${i + 1}`, label: t.friendlyName || t.name || l10n.t('Step {0}', i + 1), state: 'running' as const, detail: suspendedDetail };
    const detail = taskDetail(t, jobError, suspendedDetail);
    return { id: `task-${i + 1}`, label: t.friendlyName || t.name || l10n.t('Step {0}', i + 1), state: stepState(t.state), ...(detail ? { detail } : {}) };
  });
}

export type JobEnd = 'running' | 'succeeded' | 'suspended' | 'failed';

export function jobEnd(job: JobLike): JobEnd {
  switch (normalizeJobState(job.properties?.state)) {
    case 'Succeeded':
      return 'succeeded';
    case 'Suspended':
      return 'suspended';
    case 'Failed':
    case 'Cancelled':
      return 'failed';
    default:
      return 'running';
  }
}

/** Why a job failed, with what Azure recommends; never a stack trace. */
export function jobFailureText(job: JobLike, title: string): string {
  const summary = summarizeJob(job, new Date());
  if (summary.state === 'Cancelled') return l10n.t('{0} was cancelled in Azure before it finished.', title);
  const why = summary.errorMessage
    ? l10n.t('{0} failed: {1}', title, withStop(summary.errorMessage))
    : l10n.t('{0} failed; Azure Site Recovery gave no reason. Look at the job in the Jobs view or the Azure portal.', title);
  return summary.recommendedAction ? `${why} ${withStop(summary.recommendedAction)}` : why;
}

// ---------------------------------------------------------------------------------------------
// The run stage.

/** running: the job runs; waiting: it is suspended until the user continues; lost: reading it failed. */
export type StageStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'lost';
export const stageStatuses: readonly StageStatus[] = ['running', 'waiting', 'succeeded', 'failed', 'lost'];

export interface Stage<A extends VmAction> {
  action: A;
  /** The ASR job ('' when Azure finished the request without a job). */
  jobName: string;
  status: StageStatus;
  steps: ProgressStep[];
  /** Why it failed or why the page lost track of it. */
  problem?: string;
}

/** Job names as ASR makes them (GUIDs): what a restored snapshot may hold. */
export const jobNamePattern = /^[A-Za-z0-9_.-]{0,200}$/;

/** A protected item's ARM id: what a restored snapshot may hold. */
export const protectedItemIdPattern =
  /^\/subscriptions\/[^/]{1,100}\/resourceGroups\/[^/]{1,100}\/providers\/Microsoft\.RecoveryServices\/vaults\/[^/]{1,100}\/replicationFabrics\/[^/]{1,200}\/replicationProtectionContainers\/[^/]{1,200}\/replicationProtectedItems\/[^/]{1,200}$/i;

/** A restored wizard's target, read again from Azure (restoredItemWizards.ts): never the saved state's. */
export interface RestoredItem {
  readonly vmName: string;
  readonly item: ReplicationProtectedItem;
}

function isRef(value: ReplicationProtectedItem | ProtectedItemRef): value is ProtectedItemRef {
  return typeof (value as Partial<ProtectedItemRef>).protectedItemName === 'string';
}

/**
 * A wizard whose last page runs ASR actions on one protected item. Subclasses say how each action
 * starts (`begin`) and what the page shows around the steps.
 */
export abstract class ItemJobWizard<Snapshot, A extends VmAction> extends FormWizard<Snapshot> {
  readonly ref: ProtectedItemRef;
  readonly itemId: string;
  /** Resolves when the wizard has what its first page needs (the item, a restored job). */
  ready: Promise<void> = Promise.resolve();
  protected item: ReplicationProtectedItem | undefined;
  protected stage: Stage<A> | undefined;
  /** Actions finished before the current stage, oldest first. */
  protected done: A[] = [];
  /** The page was rebuilt after a reload. */
  protected restored = false;
  /** Stops the current following (a new follow, or the wizard closing). */
  private followAbort: AbortController | undefined;
  /**
   * The jobs this page follows: while it is open and in sight it shows how they end and offers the
   * next step (Commit, Clean up, …), so they raise no notification; once closed, or while its tab
   * is behind another one, they do.
   */
  private readonly owner: JobOwner = { showsEnd: () => this.shown };

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
  /** "Test failover", "Commit", ... */
  protected abstract titleOf(action: A): string;
  /** Whether a Suspended job of this action waits for the user to continue (otherwise it counts as done). */
  protected waitsWhenSuspended(_action: A): boolean {
    return false;
  }
  /** What a suspended step of this action waits for. */
  protected suspendedDetail(_action: A): string {
    return l10n.t('Waiting for you to continue.');
  }

  override dispose(): void {
    this.followAbort?.abort();
    super.dispose();
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
    if (this.stage && this.stage.status === 'succeeded') this.done.push(this.stage.action);
    this.stage = { action, jobName: started.jobName, status: 'running', steps: [{ id: 'job', label: title, state: 'running', detail: l10n.t('Starting…') }] };
    this.restored = false;
    onStarted?.();
    this.changed();
    void this.follow();
    return true;
  }

  /**
   * Follows the current stage's job until it ends (or the wizard is closed), through the one job
   * follower (src/flows/followJob.ts). A suspended job that waits for the user is shown as waiting
   * and still read now and then: when it goes on (resumed from the Jobs view or a notification),
   * the page follows it again without a press here.
   */
  protected async follow(): Promise<void> {
    this.followAbort?.abort();
    const abort = new AbortController();
    this.followAbort = abort;
    const stage = this.stage;
    if (!stage) return;
    const title = this.titleOf(stage.action);
    const live = (): boolean => !this.disposed && !abort.signal.aborted;
    const waits = this.waitsWhenSuspended(stage.action);
    let last: JobLike | undefined;
    try {
      if (stage.jobName !== '') {
        const vctx = await this.deps.vaultContext();
        last = await followJob(vctx, stage.jobName, {
          read: (v, jobName) => this.services.getJob(v, jobName),
          intervalMs: this.deps.pollIntervalMs ?? defaultPollIntervalMs,
          signal: abort.signal,
          waitWhileSuspended: waits,
          onProgress: (job) => {
            if (!live()) return;
            stage.steps = stepsOfJob(job, title, this.suspendedDetail(stage.action));
            const now = jobEnd(job);
            if (now === 'suspended' && waits) {
              if (stage.status !== 'waiting') {
                stage.status = 'waiting';
                delete stage.problem;
                this.changed();
              }
            } else if (now === 'running') {
              if (stage.status === 'waiting') stage.status = 'running';
              this.changed();
            }
          },
        });
      }
    } catch (e) {
      if (!live()) return;
      stage.status = 'lost';
      stage.problem = l10n.t({
        message: 'Lost track of the {0} job: {1} The job goes on in Azure; press Retry to follow it again.',
        args: [title.toLowerCase(), withStop(failureText(e))],
        comment: ['The action in lower case, such as test failover or commit; then why'],
      });
      this.changed();
      return;
    }
    if (!live()) return;
    let end: JobEnd = last ? jobEnd(last) : 'succeeded';
    if (end === 'suspended' && !waits) end = 'succeeded';
    stage.status = end === 'suspended' ? 'waiting' : end === 'succeeded' ? 'succeeded' : 'failed';
    if (stage.status === 'failed' && last) stage.problem = jobFailureText(last, title);
    else delete stage.problem;
    if (stage.status === 'succeeded' && stage.jobName === '') stage.steps = [{ id: 'job', label: title, state: 'succeeded' }];
    // What Azure allows next, and the tree; neither may stop the page.
    try {
      await this.readItem();
    } catch {
      // the next press re-reads the item and says what is wrong
    }
    try {
      await this.deps.refresh();
    } catch {
      // the tree refreshes on its own later
    }
    if (live()) this.changed();
  }

  /** Handles the run page's common buttons; false when the button is the subclass's. */
  protected async pressRunButton(button: string): Promise<boolean> {
    const stage = this.stage;
    switch (button) {
      case 'close':
        this.requestClose();
        return true;
      case 'portal':
        this.deps.openPortal(this.itemId);
        return true;
      case 'retry':
        if (stage?.status === 'lost') {
          stage.status = 'running';
          delete stage.problem;
          this.setError(undefined);
          void this.follow();
        } else if (stage?.status === 'failed') {
          await this.runAction(stage.action);
        }
        return true;
      case 'recheck':
        await this.work(l10n.t('Reading {0} from Azure…', this.vmName), async () => {
          await this.readItem();
        });
        return true;
      case 'resume':
        if (stage?.status === 'waiting') await this.resume(stage);
        return true;
      default:
        return false;
    }
  }

  /**
   * Resumes the suspended job and follows the SAME job again: the resumed job is what goes on
   * (the spec example ReplicationJobs_Resume.json returns the job named in the request, while its
   * Azure-AsyncOperation names another id, the resume operation's own).
   */
  private async resume(stage: Stage<A>): Promise<void> {
    const ok = await this.work(l10n.t('Continuing the job…'), async () => {
      await this.services.resumeJob(await this.deps.vaultContext(), stage.jobName);
    });
    if (!ok) return;
    this.deps.watchJob(stage.jobName, this.vmName, this.owner);
    stage.status = 'running';
    this.changed();
    void this.follow();
  }

  /** After a reload: follow the job again if it may still run. */
  protected async resumeRestored(): Promise<void> {
    const stage = this.stage;
    if (!stage) return;
    if (stage.status === 'running' || stage.status === 'lost' || stage.status === 'waiting') {
      stage.status = 'running';
      delete stage.problem;
      await this.follow();
    } else {
      await this.loadItem();
    }
  }

  /** Whether the current stage failed and Azure allows its action again. */
  protected retryAllowed(): boolean {
    const stage = this.stage;
    return stage?.status === 'failed' && this.item !== undefined && checkAction(this.item, stage.action, this.vmName).allowed;
  }

  /** The run page's blocks: finished actions, the current job's steps, and what is happening. */
  protected runBlocks(): BlockView[] {
    const stage = this.stage;
    const blocks: BlockView[] = [];
    if (this.done.length > 0) {
      blocks.push({ kind: 'list', id: 'done', label: l10n.t('Done'), items: this.done.map((a) => ({ text: l10n.t('{0}: finished', this.titleOf(a)), tone: 'success' as const })) });
    }
    if (!stage) return blocks;
    const title = this.titleOf(stage.action);
    blocks.push({ kind: 'steps', id: 'steps', label: stage.jobName !== '' ? l10n.t('{0} job', title) : title, steps: stage.steps });
    switch (stage.status) {
      case 'running':
        blocks.push({
          kind: 'textBlock',
          id: 'status',
          tone: 'info',
          text: this.restored
            ? l10n.t('This page was reloaded. The job is running in Azure; the Jobs view follows it.')
            : l10n.t('The job is running in Azure; the Jobs view and the status bar follow it. You can close this page.'),
        });
        break;
      case 'lost':
        blocks.push({ kind: 'textBlock', id: 'status', tone: 'error', text: stage.problem ?? l10n.t('Lost track of the job. Press Retry to follow it again.') });
        break;
      case 'failed': {
        const refusal = this.item ? checkAction(this.item, stage.action, this.vmName) : undefined;
        const next = this.retryAllowed()
          ? l10n.t('Press Retry to run it again.')
          : refusal && !refusal.allowed
            ? l10n.t('Retry is not possible now. {0}', refusal.reason)
            : l10n.t('Press Check again to see whether Azure allows it again.');
        blocks.push({ kind: 'textBlock', id: 'status', tone: 'error', text: `${stage.problem ?? l10n.t('{0} failed.', title)} ${next}` });
        break;
      }
      case 'waiting':
      case 'succeeded':
        break;
    }
    return blocks;
  }

  /** Retry / Check again / Continue, as the stage needs. */
  protected runButtons(): ButtonView[] {
    const stage = this.stage;
    if (!stage) return [];
    if (stage.status === 'lost') return [{ id: 'retry', label: l10n.t('Retry'), primary: true }];
    if (stage.status === 'failed') return this.retryAllowed() ? [{ id: 'retry', label: l10n.t('Retry'), primary: true }] : [{ id: 'recheck', label: l10n.t('Check again') }];
    if (stage.status === 'waiting') return [{ id: 'resume', label: l10n.t('Continue'), primary: true }];
    return [];
  }

  protected closeButton(): ButtonView {
    return { id: 'close', label: l10n.t('Close') };
  }
}
