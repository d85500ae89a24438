// What a DR drill needs from Azure and from time (issue 15 §3): the protected item, the test
// failover and its cleanup, their jobs, and the test VM's power state from Azure Compute. The
// runner takes these injected, so unit tests drive it with fakes and a fake clock; the real ones
// are thin wrappers over src/services/azure. No vscode.

import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { JobLike, JobPropertiesLike } from '../model/jobSummary';
import type { VaultContext } from '../services/azure/clients';
import { computeClient } from '../services/azure/clients';
import { AzureOperationError, callAzure } from '../services/azure/errors';
import { testFailover, testFailoverCleanup } from '../services/azure/failover';
import { getJob } from '../services/azure/jobs';
import type { CallOptions } from '../services/azure/paging';
import { getProtectedItem, refOfItemId } from '../services/azure/protection';
import { abortableSleep } from '../services/abortableSleep';

/** An ASR job as the drill reads it: a JobLike with its customDetails (TestFailoverJobDetails for a test failover). */
export interface DrillJob extends JobLike {
  readonly properties?: JobPropertiesLike & { readonly customDetails?: unknown };
}

/** A job ASR started: its ARM id (kept in the record) and name (to read it). */
export interface DrillJobStart {
  jobId: string;
  jobName: string;
}

export interface DrillServices {
  /** The vault drilled (its jobs are followed through src/flows/followJob.ts, which reads them with getJob below). */
  readonly vctx: VaultContext;
  /** Reads the protected item again (what ASR allows now, its running scenario). */
  getItem(itemId: string): Promise<ReplicationProtectedItem>;
  /** Starts a test failover to the latest processed point (no recoveryPointId, as the Test failover wizard's default). */
  startTestFailover(item: ReplicationProtectedItem, networkId: string): Promise<DrillJobStart>;
  startCleanup(item: ReplicationProtectedItem, comments: string): Promise<DrillJobStart>;
  getJob(jobName: string, options?: CallOptions): Promise<DrillJob>;
  /**
   * The statuses' codes of the VM's instance view (VirtualMachines_InstanceView), or undefined when
   * the VM does not exist (yet, or any more: 404).
   */
  instanceViewCodes(resourceGroup: string, vmName: string): Promise<string[] | undefined>;
}

/** The drill's time: `now` stamps the record (RTO, RPO), `sleep` paces the reads. A fake in unit tests. */
export interface DrillClock {
  now(): Date;
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemDrillClock: DrillClock = {
  now: () => new Date(),
  sleep: (ms, signal) => abortableSleep(ms, signal, () => new AzureOperationError('Stopped waiting.', { code: 'Cancelled' })),
};

/** The real services over the Azure SDKs for the connected vault. */
export function azureDrillServices(vctx: VaultContext): DrillServices {
  return {
    vctx,
    getItem: (itemId) => getProtectedItem(vctx, refOfItemId(itemId)),
    startTestFailover: async (item, networkId) => {
      const op = await testFailover(vctx, item, { networkId });
      return { jobId: op.jobId, jobName: op.jobName };
    },
    startCleanup: async (item, comments) => {
      const op = await testFailoverCleanup(vctx, item, comments);
      return { jobId: op.jobId, jobName: op.jobName };
    },
    getJob: (jobName, options) => getJob(vctx, jobName, options),
    instanceViewCodes: async (resourceGroup, vmName) => {
      try {
        const view = await callAzure(() => computeClient(vctx).virtualMachines.instanceView(resourceGroup, vmName));
        return (view.statuses ?? []).map((s) => s.code ?? '');
      } catch (e) {
        if (e instanceof AzureOperationError && e.statusCode === 404) return undefined;
        throw e;
      }
    },
  };
}
