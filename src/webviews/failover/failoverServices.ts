// What the Failover and Failback wizards need from the outside: the glue's few callbacks
// (`FailoverDeps`) and the Azure operations (`FailoverServices`, the real ones by default, fakes in
// unit tests). Pure: no vscode.
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { JobOwner } from '../../jobs/types';
import type { ProtectedItemRef } from '../../model/armId';
import type { JobLike } from '../../model/jobSummary';
import type { AzureContext, VaultContext } from '../../services/azure/clients';
import type { FailbackOptions } from '../../services/azure/failover';
import { commitFailover, failback, plannedFailover, reverseReplication, testFailover, testFailoverCleanup, unplannedFailover } from '../../services/azure/failover';
import { getJob, resumeJob } from '../../services/azure/jobs';
import type { Confirmation } from './failoverModel';
import { listVirtualNetworks, type VirtualNetworkSummary } from '../../services/azure/networks';
import type { NetworkReach } from '../../networking/reconnection';
import { readNetworkReach } from '../../services/azure/gateways';
import { getProtectedItem } from '../../services/azure/protection';
import { listRecoveryPoints, type RecoveryPointSummary } from '../../services/azure/recoveryPoints';

/** What the extension gives both wizards (src/services, the connection and the job tracker). */
export interface FailoverDeps {
  /** The connected vault; throws a sentence (NotSignedInError, ...) when there is none. */
  vaultContext(): Promise<VaultContext>;
  /** The vault's region: the test failover offers the virtual networks there. */
  vaultLocation?: string | undefined;
  /**
   * A job was started: the status bar and the Jobs view follow it; `owner` is the wizard whose
   * page shows its end (no notification while it is open).
   */
  watchJob(jobName: string, vmName: string, owner?: JobOwner): void;
  /** The tree's transient state of the VM while an action starts (src/flows/vmAction.ts); absent: none shown. */
  transient?: { set(text: string, jobName?: string): void; clear(): void };
  /** Opens a resource in the Azure portal (the glue builds the URL with portalUrlForResource). */
  openPortal(armId: string): void;
  /** Asks in a modal before an action that cannot be undone (Commit); resolves true to go ahead. */
  confirm(question: Confirmation): Promise<boolean>;
  /** Refreshes the tree after a job changed the VM. */
  refresh(): Promise<void>;
  /** How often the run page reads the job (default 5 s). */
  pollIntervalMs?: number;
}

/** The part of an ASR operation the wizards use: the job behind it (empty when there is none). */
export interface JobStart {
  readonly jobName: string;
}

/** The Azure operations of the wizards (src/services/azure); every write refuses locally what allowedOperations do not allow. */
export interface FailoverServices {
  getProtectedItem(vctx: VaultContext, ref: ProtectedItemRef): Promise<ReplicationProtectedItem>;
  getJob(vctx: VaultContext, jobName: string): Promise<JobLike>;
  resumeJob(vctx: VaultContext, jobName: string): Promise<JobStart>;
  listRecoveryPoints(vctx: VaultContext, ref: ProtectedItemRef): Promise<RecoveryPointSummary[]>;
  listVirtualNetworks(ctx: AzureContext, filter: { location?: string }): Promise<VirtualNetworkSummary[]>;
  /** Gateways, connections and DNS of networks, for where the VM lands (landing.ts); absent: not shown. */
  readNetworkReach?(ctx: AzureContext, networkIds: readonly string[]): Promise<NetworkReach[]>;
  testFailover(vctx: VaultContext, item: ReplicationProtectedItem, options: { networkId?: string; recoveryPointId?: string }): Promise<JobStart>;
  testFailoverCleanup(vctx: VaultContext, item: ReplicationProtectedItem, comments: string): Promise<JobStart>;
  plannedFailover(vctx: VaultContext, item: ReplicationProtectedItem): Promise<JobStart>;
  unplannedFailover(vctx: VaultContext, item: ReplicationProtectedItem, options: { recoveryPointId?: string; shutDownSource: boolean }): Promise<JobStart>;
  commitFailover(vctx: VaultContext, item: ReplicationProtectedItem): Promise<JobStart>;
  failback(vctx: VaultContext, item: ReplicationProtectedItem, options: FailbackOptions): Promise<JobStart>;
  reverseReplication(vctx: VaultContext, item: ReplicationProtectedItem): Promise<JobStart>;
}

/** The real operations, over the Azure SDKs. */
export const azureFailoverServices: FailoverServices = {
  getProtectedItem: (vctx, ref) => getProtectedItem(vctx, ref),
  getJob: (vctx, jobName) => getJob(vctx, jobName),
  resumeJob: (vctx, jobName) => resumeJob(vctx, jobName),
  listRecoveryPoints: (vctx, ref) => listRecoveryPoints(vctx, ref),
  listVirtualNetworks: (ctx, filter) => listVirtualNetworks(ctx, filter),
  readNetworkReach: (ctx, ids) => readNetworkReach(ctx, ids),
  testFailover: (vctx, item, options) => testFailover(vctx, item, options),
  testFailoverCleanup: (vctx, item, comments) => testFailoverCleanup(vctx, item, comments),
  plannedFailover: (vctx, item) => plannedFailover(vctx, item),
  unplannedFailover: (vctx, item, options) => unplannedFailover(vctx, item, options),
  commitFailover: (vctx, item) => commitFailover(vctx, item),
  failback: (vctx, item, options) => failback(vctx, item, options),
  reverseReplication: (vctx, item) => reverseReplication(vctx, item),
};
