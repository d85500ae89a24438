import { ArmError, conflict } from '../core/armError';
import { newestFirstKey, ok, pageOf } from '../core/arm';
import { bodyObject, objectField, stringField } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import type { JobState, ProtectedItemState, VaultState } from '../state';
import { key } from '../state';
import { parseJobFilter, type ParsedJobFilter } from './jobFilter';
import { AsrRouteBase, V } from './routeBase';

/** Site Recovery jobs (list with `$filter`, get, cancel, restart, resume) and the async operation status. */
export class JobRoutes extends AsrRouteBase {
  register(): void {
    // Jobs
    this.add('GET', `${V}/replicationJobs`, 'replicationJobs.list', (q) => this.listJobs(q));
    this.add('GET', `${V}/replicationJobs/{job}`, 'replicationJobs.get', (q) => {
      const v = this.vault(q);
      return ok(this.wire.job(v, this.job(v, q.params.job)));
    });
    this.add('POST', `${V}/replicationJobs/{job}/cancel`, 'replicationJobs.cancel', (q) => this.cancelJob(q));
    this.add('POST', `${V}/replicationJobs/{job}/restart`, 'replicationJobs.restart', (q) => this.restartJob(q));
    this.add('POST', `${V}/replicationJobs/{job}/resume`, 'replicationJobs.resume', (q) => this.resumeJob(q));
    this.add('GET', `${V}/replicationJobs/{target}/operationresults/{job}`, 'replicationJobs.operationResults', (q) => this.operationResult(q));

    // Async operation status
    this.add('GET', `${V}/replicationOperationStatus/{job}`, 'replicationOperationStatus.get', (q) => {
      const v = this.vault(q);
      return ok(this.wire.operationStatus(this.job(v, q.params.job)));
    });
  }

  private listJobs(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const raw = q.query.get('$filter');
    let filter: ParsedJobFilter = { unknown: [] };
    if (raw) {
      try {
        filter = parseJobFilter(raw);
      } catch (e) {
        throw new ArmError(400, 'InvalidFilter', (e as Error).message, { target: '$filter' });
      }
    }
    // Fields outside JobQueryParameter are ignored: whether ASR refuses them is unverified.
    const time = (name: 'startTime' | 'endTime'): number | undefined => {
      const s = filter[name]?.[0];
      if (s === undefined) return undefined;
      const t = Date.parse(s);
      if (Number.isNaN(t)) throw new ArmError(400, 'InvalidFilter', `The ${name} '${s}' in the job filter is not a date.`, { target: '$filter' });
      return t;
    };
    const start = time('startTime');
    const end = time('endTime');
    // A value may also be a comma-separated list (the spec types these fields as one string).
    const list = (name: 'jobStatus' | 'affectedObjectTypes' | 'jobName'): string[] | undefined =>
      filter[name]
        ?.flatMap((x) => x.split(','))
        .map((x) => x.trim().toLowerCase())
        .filter((x) => x !== '');
    const statuses = list('jobStatus');
    const types = list('affectedObjectTypes');
    const names = list('jobName');
    const fabric = filter.fabricId?.[0]?.split('/').filter(Boolean).pop()?.toLowerCase();
    const jobs = [...v.jobOrder]
      .reverse()
      .map((n) => v.jobs.get(n.toLowerCase())!)
      .filter((j) => {
        // StartTime: the jobs that started at or after it, running or not ("-StartTime Specifies the
        // start time for the jobs. This cmdlet gets all jobs that started after the specified
        // time.", azure-powershell help/Get-AzRecoveryServicesAsrJob.md).
        if (start !== undefined && j.startTime.getTime() < start) return false;
        if (end !== undefined && j.startTime.getTime() > end) return false;
        // JobStatus: the job states of the newer Get-AzureRmRecoveryServicesAsrJob -State ValidateSet
        // (NotStarted, InProgress, Succeeded, Other, Failed, Cancelled, Suspended); the older one took
        // SRS WorkflowStatus values such as "Completed", matched here against stateDescription.
        if (statuses && !statuses.includes(j.state.toLowerCase()) && !statuses.includes(j.stateDescription.toLowerCase())) return false;
        // AffectedObjectTypes 'Any' as the SDK's old ExportJobTest sends it (`AffectedObjectTypes.Add("Any")`).
        if (types && !types.includes('any') && !types.includes(j.targetInstanceType.toLowerCase())) return false;
        if (fabric && (j.fabricName ?? '').toLowerCase() !== fabric) return false;
        if (names && !names.includes(j.scenarioName.toLowerCase())) return false;
        return true;
      });
    return pageOf(
      q,
      jobs,
      (j) => this.wire.job(v, j),
      this.options.pageSize,
      '$skipToken',
      (j) => newestFirstKey(j.startTime, j.name),
    );
  }

  private jobOperation(q: LabRequest, v: VaultState, target: JobState, scenarioName: string, friendlyName: string): LabResponse {
    const op = this.engine.recordFinishedJob(
      v,
      {
        scenarioName,
        friendlyName,
        targetObjectId: target.name,
        targetObjectName: target.friendlyName,
        targetInstanceType: 'Server',
        tasks: [[friendlyName, friendlyName, 1]],
      },
      this.clock.now(),
    );
    op.resultPath = `${this.wire.vaultBase(v)}/replicationJobs/${target.name}`;
    return this.accepted(q, v, `${this.wire.vaultBase(v)}/replicationJobs/${target.name}`, op);
  }

  private cancelJob(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const job = this.job(v, q.params.job);
    if (job.state !== 'InProgress' && job.state !== 'NotStarted' && job.state !== 'Suspended') {
      throw conflict(
        'JobNotCancellable',
        `The job '${job.friendlyName}' is ${job.state} and cannot be cancelled.`,
        'Only running jobs can be cancelled.',
        'Refresh the jobs list.',
      );
    }
    this.engine.cancelJob(v, job);
    return this.jobOperation(q, v, job, 'CancelJob', 'Cancel job');
  }

  private restartJob(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const job = this.job(v, q.params.job);
    if ((job.state !== 'Failed' && job.state !== 'Cancelled') || !job.restart) {
      throw conflict(
        'JobNotRestartable',
        `The job '${job.friendlyName}' is ${job.state} and cannot be restarted.`,
        'Only failed or cancelled jobs can be restarted.',
        'Refresh the jobs list.',
      );
    }
    // A restart runs the job's work again, as long as the item still allows it.
    const item = this.itemOfJob(v, job);
    if (item && item.runningJob) {
      throw conflict(
        'OperationNotAllowed',
        `Another operation (${item.runningScenario ?? ''}) is running on '${item.vmName}'.`,
        'Another job is running on the item.',
        'Wait for it to finish, then restart.',
      );
    }
    const again = job.restart();
    if (item) {
      item.runningJob = again.name;
      item.runningScenario = again.scenarioName;
    }
    // The restart's operation is the new job: it ends when that job ends, and its result is the Job.
    const jobPath = `${this.wire.vaultBase(v)}/replicationJobs/${again.name}`;
    again.resultPath = jobPath;
    return this.accepted(q, v, jobPath, again);
  }

  private itemOfJob(v: VaultState, job: JobState): ProtectedItemState | undefined {
    if (job.targetInstanceType !== 'ProtectionEntity' || !job.fabricName) return undefined;
    return v.fabrics.get(key(job.fabricName))?.container.protectedItems.get(key(job.targetObjectId));
  }

  private resumeJob(q: LabRequest): LabResponse {
    const v = this.vault(q);
    const job = this.job(v, q.params.job);
    const body = q.body === undefined ? {} : bodyObject(q.body);
    const props = objectField(body, 'properties', 'properties', false);
    if (props) stringField(props, 'comments', 'properties.comments');
    if (job.state !== 'Suspended') {
      throw conflict(
        'JobNotResumable',
        `The job '${job.friendlyName}' is ${job.state}; only a suspended job can be resumed.`,
        'The job is not waiting for input.',
        'Refresh the jobs list.',
      );
    }
    // The suspended job goes on with its remaining tasks (Start-AzRecoveryServicesAsrPlannedFailoverJob
    // help: "Resume the job to do an additional synchronization operation that shuts down the
    // virtual machine"). The operation's result is the resumed job, as in the spec example
    // ReplicationJobs_Resume.json (200 body: the job named in the request; its Azure-AsyncOperation
    // names another id).
    this.engine.resumeJob(job);
    return this.jobOperation(q, v, job, 'ResumeJob', 'Resume job');
  }
}
