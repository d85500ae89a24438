// The following of an ASR job on a wizard's run page, shared by the wizards that act on one
// protected item (itemJobWizard.ts: Failover, Failback) and on a recovery plan
// (planFailoverWizard.ts): the job is reported to the job tracker and read with getJob until it
// ends, its tasks shown as steps. A failed job says why and offers Retry when Azure allows the
// action again; losing track of the job (the network) offers Retry to follow it again; a job
// suspended until the user continues offers Continue. Pure: no vscode.
import * as l10n from '@vscode/l10n';
import { followJob } from '../../flows/followJob';
import { withStop } from '../../model/failureText';
import type { JobOwner } from '../../jobs/types';
import type { JobLike } from '../../model/jobSummary';
import type { VaultContext } from '../../services/azure/clients';
import { failureText, FormWizard } from '../form/formWizard';
import type { BlockView, ButtonView } from '../form/view';
import { defaultPollIntervalMs, jobEnd, jobFailureText, stepsOfJob, type JobEnd, type Stage } from './jobProgress';

/** What the following needs from the outside (a subset of the wizards' deps and services). */
export interface JobStageAccess {
  vaultContext(): Promise<VaultContext>;
  getJob(vctx: VaultContext, jobName: string): Promise<JobLike>;
  resumeJob(vctx: VaultContext, jobName: string): Promise<unknown>;
  /** The job to the tracker (status bar, Jobs view); `owner` is the page that shows its end. */
  watchJob(jobName: string, owner: JobOwner): void;
  pollIntervalMs?: number | undefined;
}

/** Whether a failed stage may run again now, and what the page says about it. */
export interface RetryCheck {
  allowed: boolean;
  /** Why not, when Azure said (the action's refusal); else the page offers Check again. */
  reason?: string;
}

/**
 * A wizard whose last page runs ASR actions and follows their jobs. Subclasses say what they act
 * on: how the jobs are read (`access`), what to read again after a job (`afterJob`), whether a
 * failed action may run again (`retryCheck`), and what the page shows around the steps.
 */
export abstract class JobStageWizard<Snapshot, A extends string> extends FormWizard<Snapshot> {
  /** Resolves when the wizard has what its first page needs (its target, a restored job). */
  ready: Promise<void> = Promise.resolve();
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
  protected readonly owner: JobOwner = { showsEnd: () => this.shown };

  /** How the jobs are read and reported. */
  protected abstract access(): JobStageAccess;
  /** "Test failover", "Commit", ... */
  protected abstract titleOf(action: A): string;
  /** After a job ended: read the target again (what Azure allows now) and refresh the tree. May throw. */
  protected abstract afterJob(): Promise<void>;
  /** Whether the failed action may run again now. */
  protected abstract retryCheck(action: A): RetryCheck;
  /** Starts the action again (Retry of a failed stage). */
  protected abstract runAction(action: A): Promise<boolean>;
  /** Reads the target again (Check again), with a busy indicator. */
  protected abstract recheck(): Promise<void>;
  /** Whether a Suspended job of this action waits for the user to continue (otherwise it counts as done). */
  protected waitsWhenSuspended(_action: A): boolean {
    return false;
  }
  /** What a suspended step of this action waits for. */
  protected suspendedDetail(_action: A): string {
    return l10n.t('Waiting for you to continue.');
  }
  /** Every read of the current job (a plan's wizard keeps it for its groups' tasks). */
  protected onJobRead(_job: JobLike): void {
    // the item wizards show the job's tasks only
  }

  override dispose(): void {
    this.followAbort?.abort();
    super.dispose();
  }

  /** A new stage for a job just started; its following begins in the background. */
  protected startStage(action: A, jobName: string): void {
    if (this.stage && this.stage.status === 'succeeded') this.done.push(this.stage.action);
    this.stage = { action, jobName, status: 'running', steps: [{ id: 'job', label: this.titleOf(action), state: 'running', detail: l10n.t('Starting…') }] };
    this.restored = false;
  }

  /** A stage rebuilt after a reload: its job is read again before anything is shown of it. */
  protected restoreStage(action: A, jobName: string, done: readonly A[]): void {
    this.done = [...done];
    this.stage = { action, jobName, status: 'running', steps: [{ id: 'job', label: this.titleOf(action), state: 'running', detail: l10n.t('Reading the job…') }] };
    this.restored = true;
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
    const access = this.access();
    const title = this.titleOf(stage.action);
    const live = (): boolean => !this.disposed && !abort.signal.aborted;
    const waits = this.waitsWhenSuspended(stage.action);
    let last: JobLike | undefined;
    try {
      if (stage.jobName !== '') {
        const vctx = await access.vaultContext();
        last = await followJob(vctx, stage.jobName, {
          read: (v, jobName) => access.getJob(v, jobName),
          intervalMs: access.pollIntervalMs ?? defaultPollIntervalMs,
          signal: abort.signal,
          waitWhileSuspended: waits,
          onProgress: (job) => {
            if (!live()) return;
            this.onJobRead(job);
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
      await this.afterJob();
    } catch {
      // the next press reads the target again and says what is wrong
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
        await this.recheck();
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
    const access = this.access();
    const ok = await this.work(l10n.t('Continuing the job…'), async () => {
      await access.resumeJob(await access.vaultContext(), stage.jobName);
    });
    if (!ok) return;
    access.watchJob(stage.jobName, this.owner);
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
      await this.recheck();
    }
  }

  /** Whether the current stage failed and Azure allows its action again. */
  protected retryAllowed(): boolean {
    const stage = this.stage;
    return stage?.status === 'failed' && this.retryCheck(stage.action).allowed;
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
        const check = this.retryCheck(stage.action);
        const next = check.allowed
          ? l10n.t('Press Retry to run it again.')
          : check.reason !== undefined
            ? l10n.t('Retry is not possible now. {0}', check.reason)
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
