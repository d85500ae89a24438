import { conflict, invalidField, notFound } from '../core/armError';
import { newestFirstKey, ok, pageOf } from '../core/arm';
import { bodyObject, objectField, oneOf, stringField, type Json } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import type { FabricState, ProtectedItemState, VaultState } from '../state';
import { key } from '../state';
import { diskVhdId, type JobSpec } from './engine';
import { storageAccount, virtualNetwork } from './bodyReferences';
import { AsrRouteBase, PI } from './routeBase';

/**
 * The actions on a protected item (test failover and its cleanup, planned and unplanned failover,
 * failback, commit, reverse replication, disable, purge), each a job that moves the item through
 * Azure's states, and the recovery points a failover starts from.
 */
export class FailoverRoutes extends AsrRouteBase {
  register(): void {
    // Actions on protected items
    this.add('POST', `${PI}/testFailover`, 'replicationProtectedItems.testFailover', (q) => this.testFailover(q));
    this.add('POST', `${PI}/testFailoverCleanup`, 'replicationProtectedItems.testFailoverCleanup', (q) => this.testFailoverCleanup(q));
    this.add('POST', `${PI}/plannedFailover`, 'replicationProtectedItems.plannedFailover', (q) => this.plannedFailover(q));
    this.add('POST', `${PI}/unplannedFailover`, 'replicationProtectedItems.unplannedFailover', (q) => this.unplannedFailover(q));
    this.add('POST', `${PI}/failoverCommit`, 'replicationProtectedItems.failoverCommit', (q) => this.commit(q));
    this.add('POST', `${PI}/reProtect`, 'replicationProtectedItems.reprotect', (q) => this.reprotect(q));
    this.add('POST', `${PI}/remove`, 'replicationProtectedItems.delete', (q) => this.disable(q));
    this.add('DELETE', PI, 'replicationProtectedItems.purge', (q) => this.purge(q));
    this.add('POST', `${PI}/failoverCancel`, 'replicationProtectedItems.failoverCancel', (q) => this.unsupportedAction(q, 'CancelFailover'));
    this.add('POST', `${PI}/repairReplication`, 'replicationProtectedItems.repairReplication', (q) => this.unsupportedAction(q, 'RepairReplication'));
    this.add('GET', `${PI}/operationresults/{job}`, 'replicationProtectedItems.operationResults', (q) => this.operationResult(q));

    // Recovery points
    this.add('GET', `${PI}/recoveryPoints`, 'recoveryPoints.listByReplicationProtectedItems', (q) => {
      const { v, f, item } = this.item(q);
      const policy = v.policies.get(key(item.policyName));
      return pageOf(
        q,
        this.engine.recoveryPoints(item, policy),
        (rp) => this.wire.recoveryPoint(v, f, item, rp),
        this.options.pageSize,
        '$skipToken',
        (rp) => newestFirstKey(rp.time, rp.name),
      );
    });
    this.add('GET', `${PI}/recoveryPoints/{rp}`, 'recoveryPoints.get', (q) => {
      const { v, f, item } = this.item(q);
      const policy = v.policies.get(key(item.policyName));
      const rp = this.engine.recoveryPoints(item, policy).find((p) => p.name.toLowerCase() === q.params.rp.toLowerCase());
      if (!rp)
        throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints', q.params.rp, q.params.rg);
      return ok(this.wire.recoveryPoint(v, f, item, rp));
    });
  }

  /**
   * 409 unless the item's allowedOperations include one of `ops`. This is also what a second,
   * identical action meets while the first one's job runs (a client resending after a lost
   * answer): the item's allowedOperations are empty while a job runs (engine.allowedOperations).
   * Unverified: no recording, spec example or cmdlet source shows the service's answer to an action
   * while another runs on the item, nor to one its state does not allow; the 409, the code
   * OperationNotAllowed and these words are the lab's own (the extension matches them loosely:
   * src/model/lostAnswer.ts isOperationInProgressRefusal).
   */
  private requireAllowed(item: ProtectedItemState, ops: string[]): string {
    const allowed = this.engine.allowedOperations(item);
    const hit = ops.find((o) => allowed.includes(o));
    if (hit) return hit;
    const busy = item.runningScenario ? ` An operation (${item.runningScenario}) is in progress on it.` : '';
    throw conflict(
      'OperationNotAllowed',
      `The operation '${ops[0]}' is not allowed on the replicated item '${item.vmName}' in its current state.${busy} Allowed operations: ${allowed.length > 0 ? allowed.join(', ') : 'none'}.`,
      item.runningScenario ? 'Another operation is running on the item.' : 'The replicated item is not in a state that allows this operation.',
      item.runningScenario ? 'Wait for the running job to finish, then retry.' : 'Refresh the item and run one of the operations it allows.',
    );
  }

  private runOnItem(
    q: LabRequest,
    v: VaultState,
    f: FabricState,
    item: ProtectedItemState,
    scenarioName: string,
    friendlyName: string,
    tasks: JobSpec['tasks'],
    onSuccess: (at: number) => void,
    onAbort?: (at: number) => void,
    extra: Pick<JobSpec, 'suspendAfter'> = {},
  ): LabResponse {
    const job = this.engine.startJob(v, {
      scenarioName,
      friendlyName,
      targetObjectId: item.name,
      targetObjectName: item.vmName,
      targetInstanceType: 'ProtectionEntity',
      fabricName: f.name,
      tasks,
      resultPath: this.itemPath(v, f, item),
      onSuccess,
      onAbort,
      ...extra,
    });
    item.runningJob = job.name;
    item.runningScenario = scenarioName;
    return this.accepted(q, v, this.itemPath(v, f, item), job);
  }

  private actionProps(q: LabRequest, required = true): Json {
    const body = q.body === undefined && !required ? {} : bodyObject(q.body);
    return objectField(body, 'properties', 'properties', required) ?? {};
  }

  private recoveryPointFrom(v: VaultState, item: ProtectedItemState, psd: Json | undefined, target: string): string | undefined {
    const rpId = psd ? stringField(psd, 'recoveryPointId', `${target}.recoveryPointId`) : undefined;
    const points = this.engine.recoveryPoints(item, v.policies.get(key(item.policyName)));
    if (rpId === undefined || rpId === '') return points[0]?.name;
    const name = rpId.split('/').filter(Boolean).pop() ?? '';
    if (!rpId.toLowerCase().includes(`/replicationprotecteditems/${item.name.toLowerCase()}/recoverypoints/`) || !points.some((p) => p.name.toLowerCase() === name.toLowerCase())) {
      throw invalidField(
        `${target}.recoveryPointId`,
        `The recovery point '${rpId}' does not exist for '${item.vmName}' (it may have expired). List the recovery points and pick one.`,
      );
    }
    return name;
  }

  private testFailover(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['TestFailover']);
    const props = this.actionProps(q);
    this.direction(props, 'PrimaryToRecovery');
    const networkType =
      oneOf(stringField(props, 'networkType', 'properties.networkType'), ['VmNetworkAsInput', 'NoNetworkAttachAsInput', 'ExistingVmNetwork'] as const, 'properties.networkType') ??
      'NoNetworkAttachAsInput';
    const networkId = stringField(props, 'networkId', 'properties.networkId');
    if (networkType !== 'NoNetworkAttachAsInput') {
      if (!networkId) throw invalidField('properties.networkId', `A network id is required with networkType ${networkType}.`);
      virtualNetwork(this.state, networkId, 'properties.networkId');
    }
    const psd = objectField(props, 'providerSpecificDetails', 'properties.providerSpecificDetails', false);
    if (psd)
      oneOf(
        stringField(psd, 'instanceType', 'properties.providerSpecificDetails.instanceType', true),
        ['HyperVReplicaAzure'] as const,
        'properties.providerSpecificDetails.instanceType',
      );
    const rp = this.recoveryPointFrom(v, item, psd, 'properties.providerSpecificDetails');
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'TestFailover',
      'Test failover',
      [
        ['Prerequisites check', 'Prerequisites check for test failover', 10],
        ['Create test virtual machine', 'Creating the test virtual machine', 60],
        ['Prepare virtual machine', 'Preparing the virtual machine', 30],
        ['Start virtual machine', 'Starting the virtual machine', 20],
      ],
      (at) => {
        item.testFailoverState = 'WaitingForCompletion';
        item.lastSuccessfulTestFailoverTime = new Date(at);
        if (rp) item.failoverRecoveryPointId = `${this.itemPath(v, f, item)}/recoveryPoints/${rp}`;
      },
    );
  }

  private testFailoverCleanup(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['TestFailoverCleanup']);
    const props = this.actionProps(q);
    const comments = stringField(props, 'comments', 'properties.comments');
    if (comments !== undefined && comments.length > 1024) {
      throw invalidField('properties.comments', 'The cleanup note is longer than 1,024 characters.');
    }
    item.testFailoverState = 'MarkedForDeletion';
    // After the cleanup the item keeps testFailoverState "MarkedForDeletion" ("Cleaning up test
    // environment") with allowedOperations back to PlannedFailover, UnplannedFailover,
    // DisableProtection, TestFailover: the recording asr-recordings/TestFailoverCleanup.json, entry 5
    // (GET .../operationresults/{job}, 200), and the spec example
    // ReplicationProtectedItems_TestFailoverCleanup.json. The marker stays until the next test
    // failover (the later recordings UnplannedFailover.json and CommitFailover.json still show it).
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'TestFailoverCleanup',
      'Cleanup test failover',
      [
        ['Delete test virtual machine', 'Deleting the test virtual machine', 30],
        ['Cleanup', 'Cleaning up the test environment', 10],
      ],
      () => {
        item.testFailoverState = 'MarkedForDeletion';
      },
      () => {
        item.testFailoverState = 'WaitingForCompletion';
      },
    );
  }

  private direction(props: Json, expected: 'PrimaryToRecovery' | 'RecoveryToPrimary'): void {
    const d = oneOf(stringField(props, 'failoverDirection', 'properties.failoverDirection'), ['PrimaryToRecovery', 'RecoveryToPrimary'] as const, 'properties.failoverDirection');
    if (d !== undefined && d !== expected) {
      throw invalidField('properties.failoverDirection', `The failover direction must be ${expected} for this item in its current location.`);
    }
  }

  private plannedFailover(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    const props = this.actionProps(q);
    const psd = objectField(props, 'providerSpecificDetails', 'properties.providerSpecificDetails', false);
    const t = 'properties.providerSpecificDetails';
    const instanceType = psd
      ? oneOf(stringField(psd, 'instanceType', `${t}.instanceType`, true), ['HyperVReplicaAzure', 'HyperVReplicaAzureFailback'] as const, `${t}.instanceType`)
      : undefined;
    const direction = oneOf(
      stringField(props, 'failoverDirection', 'properties.failoverDirection'),
      ['PrimaryToRecovery', 'RecoveryToPrimary'] as const,
      'properties.failoverDirection',
    );
    // What is asked for: a failback when the request says so (or the VM runs in Azure).
    const recoverySide = item.phase === 'PlannedFailoverCommitted' || item.phase === 'UnplannedFailoverCommitted';
    const failback = direction === 'RecoveryToPrimary' || instanceType === 'HyperVReplicaAzureFailback' || (direction === undefined && instanceType === undefined && recoverySide);
    if (failback) return this.failback(q, v, f, item, props, psd, instanceType);
    this.requireAllowed(item, ['PlannedFailover']);
    this.direction(props, 'PrimaryToRecovery');
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'PlannedFailover',
      'Planned failover',
      [
        ['Prerequisites check', 'Prerequisites check for planned failover', 10],
        ['Shut down virtual machine', 'Shutting down the virtual machine on premises', 30],
        ['Synchronize data', 'Synchronizing the latest changes', 60],
        ['Start Azure virtual machine', 'Starting the replica virtual machine in Azure', 60],
      ],
      (at) => {
        item.phase = 'PlannedFailoverCommitPending';
        item.lastFailoverKind = 'Planned';
        item.lastSuccessfulFailoverTime = new Date(at);
        item.replicationStoppedAt = at;
        const rp = this.engine.recoveryPoints(item, v.policies.get(key(item.policyName)))[0];
        if (rp) item.failoverRecoveryPointId = `${this.itemPath(v, f, item)}/recoveryPoints/${rp.name}`;
        this.engine.setVmPower(item.vmId, 'Off');
      },
    );
  }

  /** A planned failover back from Azure (`HyperVReplicaAzureFailback`), for synchronization or for downtime. */
  private failback(
    q: LabRequest,
    v: VaultState,
    f: FabricState,
    item: ProtectedItemState,
    props: Json,
    psd: Json | undefined,
    instanceType: 'HyperVReplicaAzure' | 'HyperVReplicaAzureFailback' | undefined,
  ): LabResponse {
    const t = 'properties.providerSpecificDetails';
    this.requireAllowed(item, ['Failback']);
    this.direction(props, 'RecoveryToPrimary');
    if (instanceType !== 'HyperVReplicaAzureFailback') {
      throw invalidField(`${t}.instanceType`, "Failing back from Azure needs providerSpecificDetails with instanceType 'HyperVReplicaAzureFailback'.");
    }
    // Start-AzRecoveryServicesAsrPlannedFailoverJob sends `ForDownTime` for -Optimize ForDownTime
    // and `ForSynchronization` otherwise (StartAzureRmRecoveryServicesAsrPlannedFailoverJob.cs);
    // the lab treats a missing option as ForSynchronization (unverified for the service).
    const dataSync =
      oneOf(stringField(psd!, 'dataSyncOption', `${t}.dataSyncOption`), ['ForDownTime', 'ForSynchronization'] as const, `${t}.dataSyncOption`) ?? 'ForSynchronization';
    const creation = oneOf(
      stringField(psd!, 'recoveryVmCreationOption', `${t}.recoveryVmCreationOption`),
      ['NoAction', 'CreateVmIfNotFound'] as const,
      `${t}.recoveryVmCreationOption`,
    );
    if (creation === 'CreateVmIfNotFound') {
      const alt = stringField(psd!, 'providerIdForAlternateRecovery', `${t}.providerIdForAlternateRecovery`, true);
      const altName = alt.split('/').filter(Boolean).pop() ?? '';
      if (!f.providers.has(key(altName))) {
        throw invalidField(`${t}.providerIdForAlternateRecovery`, `The provider '${alt}' is not registered in the site '${f.name}'. Give the id of a registered Hyper-V host.`);
      }
    }
    // Az PowerShell's help for Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize
    // (src/RecoveryServices/RecoveryServices/help/Start-AzRecoveryServicesAsrPlannedFailoverJob.md):
    // "When ForDowntime is specified, this indicates that data is synchronized before failover to
    // minimize downtime. Synchronization is performed without shutting down the virtual machine.
    // After synchronization is complete, the job is suspended. Resume the job to do an additional
    // synchronization operation that shuts down the virtual machine." and "When ForSynchronization
    // is specified ... the virtual machine is shut down immediately. Synchronization starts after
    // shutdown to complete the failover operation." The portal says the same (azure-docs
    // articles/site-recovery/hyper-v-azure-failback.md: "once the initial data synchronization is
    // complete and you're ready to shut down the virtual machines in Azure, click Jobs > job name >
    // Complete Failover").
    // The suspended job's stateDescription "WaitingForUserInputAfterDataSync" is a value of SRS's
    // WorkflowStatus enum listed by the older Get-AzureRmRecoveryServicesAsrJob -State ValidateSet;
    // that ASR reports exactly it for this job is unverified.
    // Unverified too: the protected item while the job is suspended (the lab keeps the failback as
    // its current scenario, so allowedOperations is empty until the job ends).
    const tasks: JobSpec['tasks'] =
      dataSync === 'ForDownTime'
        ? [
            ['Prerequisites check', 'Prerequisites check for failback', 10],
            ['Synchronize data', 'Synchronizing data to the on-premises host while the Azure virtual machine runs', 60],
            ['Shut down Azure virtual machine', 'Shutting down the virtual machine in Azure', 30],
            ['Final synchronization', 'Final data synchronization', 30],
            ['Start on-premises virtual machine', 'Starting the virtual machine on premises', 30],
          ]
        : [
            ['Prerequisites check', 'Prerequisites check for failback', 10],
            ['Shut down Azure virtual machine', 'Shutting down the virtual machine in Azure', 30],
            ['Synchronize data', 'Synchronizing data to the on-premises host', 60],
            ['Start on-premises virtual machine', 'Starting the virtual machine on premises', 30],
          ];
    const suspend = dataSync === 'ForDownTime' ? { suspendAfter: { task: 1, stateDescription: 'WaitingForUserInputAfterDataSync' } } : {};
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'PlannedFailover',
      'Failback',
      tasks,
      () => {
        item.phase = 'FailbackCommitPending';
        this.engine.setVmPower(item.vmId, 'Running');
      },
      undefined,
      suspend,
    );
  }

  private unplannedFailover(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['UnplannedFailover']);
    const props = this.actionProps(q);
    this.direction(props, 'PrimaryToRecovery');
    const sourceOps =
      oneOf(stringField(props, 'sourceSiteOperations', 'properties.sourceSiteOperations'), ['Required', 'NotRequired'] as const, 'properties.sourceSiteOperations') ??
      'NotRequired';
    const psd = objectField(props, 'providerSpecificDetails', 'properties.providerSpecificDetails', false);
    if (psd)
      oneOf(
        stringField(psd, 'instanceType', 'properties.providerSpecificDetails.instanceType', true),
        ['HyperVReplicaAzure'] as const,
        'properties.providerSpecificDetails.instanceType',
      );
    const rp = this.recoveryPointFrom(v, item, psd, 'properties.providerSpecificDetails');
    const tasks: JobSpec['tasks'] = [['Prerequisites check', 'Prerequisites check for failover', 10]];
    if (sourceOps === 'Required') tasks.push(['Shut down virtual machine', 'Shutting down the virtual machine on premises', 30]);
    tasks.push(['Start Azure virtual machine', 'Starting the replica virtual machine in Azure', 60]);
    return this.runOnItem(q, v, f, item, 'UnplannedFailover', 'Failover', tasks, (at) => {
      item.phase = 'UnplannedFailoverCommitPending';
      item.lastFailoverKind = 'Unplanned';
      item.lastSuccessfulFailoverTime = new Date(at);
      item.replicationStoppedAt = at;
      if (rp) item.failoverRecoveryPointId = `${this.itemPath(v, f, item)}/recoveryPoints/${rp}`;
      if (sourceOps === 'Required') this.engine.setVmPower(item.vmId, 'Off');
    });
  }

  private commit(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    const op = this.requireAllowed(item, ['Commit', 'FinalizeFailback']);
    return this.runOnItem(q, v, f, item, 'Commit', 'Commit', [['Commit', op === 'FinalizeFailback' ? 'Committing the failback' : 'Committing the failover', 20]], () => {
      if (op === 'FinalizeFailback') item.phase = 'FailbackCommitted';
      else item.phase = item.phase === 'PlannedFailoverCommitPending' ? 'PlannedFailoverCommitted' : 'UnplannedFailoverCommitted';
    });
  }

  private reprotect(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['ReverseReplicate']);
    const props = this.actionProps(q);
    this.direction(props, 'PrimaryToRecovery');
    const t = 'properties.providerSpecificDetails';
    const psd = objectField(props, 'providerSpecificDetails', t)!;
    oneOf(stringField(psd, 'instanceType', `${t}.instanceType`, true), ['HyperVReplicaAzure'] as const, `${t}.instanceType`);
    const hv = stringField(psd, 'hvHostVmId', `${t}.hvHostVmId`, true);
    if (hv.toLowerCase() !== item.vmId.toLowerCase()) throw invalidField(`${t}.hvHostVmId`, `hvHostVmId '${hv}' is not the id of '${item.vmName}' (${item.vmId}).`);
    if (psd.vHDId === undefined && psd.vhdId !== undefined) {
      throw invalidField(`${t}.vHDId`, "The OS disk is named 'vHDId' in the reverse replication input (not 'vhdId').");
    }
    const vhd = stringField(psd, 'vHDId', `${t}.vHDId`, true);
    const vm = this.engine.findVm(item.vmId)?.vm;
    if (!vm?.disks.some((d) => diskVhdId(vm.vmId, d.name).toLowerCase() === vhd.toLowerCase())) {
      throw invalidField(`${t}.vHDId`, `The disk '${vhd}' is not a disk of '${item.vmName}'. Give the vhdId of its operating system disk.`);
    }
    // HyperVReplicaAzureReprotectInput has storageAccountId and logStorageAccountId (spec). Recorded:
    // storageAccountId for an item replicating to a storage account (Reprotect.json). The cmdlet sends
    // each from the item (RecoveryAzureStorageAccount / RecoveryAzureLogStorageAccountId), so an item
    // replicating to managed disks sends only the log account: accepted here (unverified: not recorded).
    const storage = stringField(psd, 'storageAccountId', `${t}.storageAccountId`);
    if (storage !== undefined) storageAccount(this.state, storage, `${t}.storageAccountId`, v);
    const logStorage = stringField(psd, 'logStorageAccountId', `${t}.logStorageAccountId`);
    if (logStorage !== undefined) storageAccount(this.state, logStorage, `${t}.logStorageAccountId`, v);
    if (storage === undefined && logStorage === undefined) {
      throw invalidField(`${t}.storageAccountId`, 'The field storageAccountId (or logStorageAccountId for replication to managed disks) is required.');
    }
    oneOf(stringField(psd, 'osType', `${t}.osType`), ['Windows', 'Linux'] as const, `${t}.osType`);
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'ReverseReplication',
      'Reverse replicate',
      [
        ['Prerequisites check', 'Prerequisites check for reverse replication', 10],
        ['Reverse replication', 'Setting up replication to Azure again', 40],
      ],
      (at) => {
        item.phase = 'InitialReplication';
        item.initialReplicationStart = at;
        item.replicationAnchor = undefined;
        item.replicationStoppedAt = undefined;
        if (storage !== undefined) item.targetStorageAccountId = storage;
        if (logStorage !== undefined) item.logStorageAccountId = logStorage;
        item.testFailoverState = 'None';
      },
    );
  }

  private disable(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['DisableProtection']);
    const props = this.actionProps(q, false);
    oneOf(
      stringField(props, 'disableProtectionReason', 'properties.disableProtectionReason'),
      ['NotSpecified', 'MigrationComplete'] as const,
      'properties.disableProtectionReason',
    );
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'DisableDr',
      'Disable replication',
      [
        ['Prerequisites check', 'Prerequisites check for disabling replication', 10],
        ['Disable replication', 'Disabling replication', 30],
      ],
      () => this.engine.removeItem(f, item),
    );
  }

  private purge(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    return this.runOnItem(q, v, f, item, 'PurgeProtection', 'Remove protected item', [['Remove', 'Removing the replicated item', 10]], () => this.engine.removeItem(f, item));
  }

  private unsupportedAction(q: LabRequest, op: string): LabResponse {
    const { item } = this.item(q);
    this.requireAllowed(item, [op]);
    throw conflict('OperationNotAllowed', `The operation '${op}' is not available in the lab.`, '', '');
  }
}
