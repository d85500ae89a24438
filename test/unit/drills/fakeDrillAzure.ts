// A small stand-in for ASR and Azure Compute behind DrillServices, with a fake clock: items move
// Protected → TestFailover running → WaitingForCompletion (cleanup allowed) → cleanup → Protected;
// a TFO job ends after `tfoReads` reads with TestFailoverJobDetails naming the test VM and the
// recovery point (as TestTFO.json does); the test VM reads starting `bootReads` times, then running.
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { DrillClock, DrillJob, DrillJobStart, DrillServices } from '../../../src/drills/drillServices';
import type { VaultContext } from '../../../src/services/azure/clients';

export const vaultId = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1';
export const itemId = (name: string): string => `${vaultId}/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/${name}`;

interface FakeItem {
  name: string;
  protectionState: string;
  replicationHealth: string;
  testFailoverState: string;
  allowedOperations: string[];
  currentJob?: string;
}

interface FakeJob {
  name: string;
  item: string;
  kind: 'TestFailover' | 'TestFailoverCleanup';
  reads: number;
  startTime: Date;
  fail?: { message: string; recommendedAction: string };
}

export class FakeClock implements DrillClock {
  constructor(public ms = Date.UTC(2026, 11, 5, 9, 0, 0)) {}
  now(): Date {
    return new Date(this.ms);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new Error('aborted'));
    this.ms += ms;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

export class FakeDrillAzure implements DrillServices {
  readonly vctx = {} as VaultContext;
  readonly items = new Map<string, FakeItem>();
  readonly jobs = new Map<string, FakeJob>();
  readonly vms = new Map<string, number>();
  readonly started: { kind: string; item: string; comment?: string; networkId?: string }[] = [];
  /** Test failovers running at once, at most (concurrency). */
  maxRunning = 0;
  tfoReads = 2;
  cleanupReads = 1;
  bootReads = 2;
  /** Items whose TFO job fails, with ASR's error. */
  readonly failing = new Map<string, { message: string; recommendedAction: string }>();
  /** The recovery point's age at the job's start (ms). */
  pointAgeMs = 42_000;
  private next = 0;

  constructor(
    readonly clock: FakeClock,
    names: readonly string[],
  ) {
    for (const name of names)
      this.items.set(name, {
        name,
        protectionState: 'Protected',
        replicationHealth: 'Normal',
        testFailoverState: 'None',
        allowedOperations: ['TestFailover', 'PlannedFailover', 'UnplannedFailover', 'DisableProtection'],
      });
  }

  item(name: string): FakeItem {
    const found = this.items.get(name);
    if (!found) throw new Error(`no item ${name}`);
    return found;
  }

  getItem(id: string): Promise<ReplicationProtectedItem> {
    const i = this.item(id.split('/').pop() ?? '');
    const item: ReplicationProtectedItem = {
      id,
      name: i.name,
      properties: {
        friendlyName: i.name,
        protectionState: i.protectionState,
        replicationHealth: i.replicationHealth,
        testFailoverState: i.testFailoverState,
        allowedOperations: [...i.allowedOperations],
        activeLocation: 'Primary',
        ...(i.currentJob ? { currentScenario: { scenarioName: 'TestFailover', jobId: `${vaultId}/replicationJobs/${i.currentJob}` } } : {}),
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          recoveryAzureVmName: i.name,
          recoveryAzureResourceGroupId: '/subscriptions/s1/resourceGroups/target-rg',
        } as never,
      },
    };
    return Promise.resolve(item);
  }

  private running(): number {
    return [...this.items.values()].filter((i) => i.currentJob !== undefined || i.testFailoverState === 'WaitingForCompletion').length;
  }

  /** Starts a job of `kind` on the item when its allowedOperations allow it (as ASR refuses otherwise). */
  private begin(kind: FakeJob['kind'], item: ReplicationProtectedItem, note: { comment?: string; networkId?: string }): Promise<DrillJobStart> {
    const i = this.item(item.name ?? '');
    if (!i.allowedOperations.includes(kind)) return Promise.reject(new Error(`${kind} not allowed`));
    const name = `job-${++this.next}`;
    this.jobs.set(name, { name, item: i.name, kind, reads: 0, startTime: this.clock.now() });
    i.currentJob = name;
    i.allowedOperations = [];
    this.started.push({ kind, item: i.name, ...note });
    this.maxRunning = Math.max(this.maxRunning, this.running());
    return Promise.resolve({ jobId: `${vaultId}/replicationJobs/${name}`, jobName: name });
  }

  startTestFailover(item: ReplicationProtectedItem, networkId: string): Promise<DrillJobStart> {
    return this.begin('TestFailover', item, { networkId });
  }

  startCleanup(item: ReplicationProtectedItem, comments: string): Promise<DrillJobStart> {
    return this.begin('TestFailoverCleanup', item, { comment: comments });
  }

  private end(job: FakeJob): void {
    const i = this.item(job.item);
    i.currentJob = undefined;
    if (job.kind === 'TestFailoverCleanup') {
      i.testFailoverState = 'MarkedForDeletion';
      i.allowedOperations = ['TestFailover', 'PlannedFailover', 'UnplannedFailover', 'DisableProtection'];
      this.vms.delete(`${i.name}-test`);
    } else if (job.fail) {
      i.allowedOperations = ['TestFailover', 'PlannedFailover', 'UnplannedFailover', 'DisableProtection'];
    } else {
      i.testFailoverState = 'WaitingForCompletion';
      i.allowedOperations = ['TestFailoverCleanup'];
      this.vms.set(`${i.name}-test`, this.bootReads);
    }
  }

  getJob(jobName: string): Promise<DrillJob> {
    const job = this.jobs.get(jobName);
    if (!job) return Promise.reject(new Error(`no job ${jobName}`));
    job.fail ??= job.kind === 'TestFailover' ? this.failing.get(job.item) : undefined;
    job.reads += 1;
    const limit = job.kind === 'TestFailover' ? this.tfoReads : this.cleanupReads;
    const done = job.reads >= limit;
    if (done && job.reads === limit) this.end(job);
    const state = !done ? 'InProgress' : job.fail ? 'Failed' : 'Succeeded';
    const details =
      job.kind === 'TestFailover' && done && !job.fail
        ? [{ name: job.item, testVmName: `${job.item}-test`, recoveryPointId: 'point-1', recoveryPointTime: new Date(job.startTime.getTime() - this.pointAgeMs).toISOString() }]
        : [];
    return Promise.resolve({
      name: jobName,
      properties: {
        scenarioName: job.kind,
        friendlyName: job.kind,
        state,
        startTime: job.startTime,
        ...(job.fail && done ? { errors: [{ serviceErrorDetails: { code: '28092', message: job.fail.message, recommendedAction: job.fail.recommendedAction } }] } : {}),
        customDetails: { instanceType: 'TestFailoverJobDetails', protectedItemDetails: details },
      },
    });
  }

  instanceViewCodes(_resourceGroup: string, vmName: string): Promise<string[] | undefined> {
    const left = this.vms.get(vmName);
    if (left === undefined) return Promise.resolve(undefined);
    this.vms.set(vmName, left - 1);
    // The power state is not always statuses[1] (evidence §5): put it first.
    return Promise.resolve(left > 0 ? ['PowerState/starting', 'ProvisioningState/creating'] : ['PowerState/running', 'ProvisioningState/succeeded']);
  }
}
