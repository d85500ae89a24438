/**
 * Azure's wire JSON for the Site Recovery resources the lab serves. Shapes, field names and
 * casing follow the recorded traffic of the real service (shared/reference/asr-recordings) and
 * the SDK's own mappers (@azure/arm-recoveryservices-siterecovery src/models/mappers.ts).
 */
import type { AsrEngine, RecoveryPoint } from './engine';
import { planGroupTask } from './recoveryPlanWire';
import { jobTaskBody } from './jobTaskWire';
import { diskVhdId } from './engine';
import type { FabricState, JobState, MappingState, PolicyState, ProtectedItemState, ProviderState, VaultState, HostState, VmState } from '../state';
import { vaultPath } from './ids';
import { machineName, vhdNameOf } from './hyperVNames';
import { awaitsFirstTestFailover, healthError, isRecoverySide, noTestFailoverError, protectionStateOf, replicationDetails, testFailoverDescription } from './protectedItemWire';
import { rpoFields } from './replicationStream';

export const T = {
  fabric: 'Microsoft.RecoveryServices/vaults/replicationFabrics',
  provider: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationRecoveryServicesProviders',
  container: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers',
  protectable: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectableItems',
  protectedItem: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems',
  mapping: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings',
  policy: 'Microsoft.RecoveryServices/vaults/replicationPolicies',
  recoveryPoint: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints',
  job: 'Microsoft.RecoveryServices/vaults/replicationJobs',
} as const;

const noScenarioTime = '1753-01-01T01:01:01Z';
const azureFabric = 'Microsoft Azure';

export class AsrWire {
  constructor(
    private readonly engine: AsrEngine,
    private readonly subscriptionId: string,
  ) {}

  vaultBase(vault: VaultState): string {
    return vaultPath(this.subscriptionId, vault.resourceGroup, vault.name);
  }

  fabricId(vault: VaultState, fabric: FabricState): string {
    return `${this.vaultBase(vault)}/replicationFabrics/${fabric.name}`;
  }

  containerId(vault: VaultState, fabric: FabricState): string {
    return `${this.fabricId(vault, fabric)}/replicationProtectionContainers/${fabric.container.name}`;
  }

  protectedItemId(vault: VaultState, fabric: FabricState, item: ProtectedItemState): string {
    return `${this.containerId(vault, fabric)}/replicationProtectedItems/${item.name}`;
  }

  protectableItemId(vault: VaultState, fabric: FabricState, vmId: string): string {
    return `${this.containerId(vault, fabric)}/replicationProtectableItems/${vmId}`;
  }

  providerId(vault: VaultState, fabric: FabricState, provider: ProviderState): string {
    return `${this.fabricId(vault, fabric)}/replicationRecoveryServicesProviders/${provider.id}`;
  }

  policyId(vault: VaultState, policyName: string): string {
    return `${this.vaultBase(vault)}/replicationPolicies/${policyName}`;
  }

  jobId(vault: VaultState, jobName: string): string {
    return `${this.vaultBase(vault)}/replicationJobs/${jobName}`;
  }

  fabric(vault: VaultState, fabric: FabricState): object {
    const hosts = [...fabric.providers.values()].map((p) => ({
      id: machineName(p.hostFqdn),
      name: p.hostFqdn,
      marsAgentVersion: '2.0.9262.0',
    }));
    const disconnected = [...fabric.providers.values()].some((p) => !p.connected);
    return {
      name: fabric.name,
      type: T.fabric,
      id: this.fabricId(vault, fabric),
      properties: {
        friendlyName: fabric.name,
        encryptionDetails: { kekState: 'None', kekCertThumbprint: null },
        rolloverEncryptionDetails: { kekState: 'None', kekCertThumbprint: null },
        internalIdentifier: fabric.internalIdentifier,
        bcdrState: 'Valid',
        customDetails: { instanceType: 'HyperVSite', hyperVHosts: hosts },
        healthErrorDetails: [],
        health: disconnected ? 'Warning' : 'Normal',
      },
    };
  }

  container(vault: VaultState, fabric: FabricState): object {
    const paired = [...fabric.container.mappings.values()].some((m) => m.state === 'Paired');
    return {
      id: this.containerId(vault, fabric),
      name: fabric.container.name,
      type: T.container,
      properties: {
        fabricFriendlyName: fabric.name,
        friendlyName: fabric.name,
        fabricType: 'HyperVSite',
        protectedItemCount: fabric.container.protectedItems.size,
        pairingStatus: paired ? 'Paired' : 'NotPaired',
        role: paired ? 'Primary' : '',
        fabricSpecificDetails: null,
      },
    };
  }

  provider(vault: VaultState, fabric: FabricState, p: ProviderState): object {
    const now = this.engine.clock.now();
    const heartbeat = p.connected ? new Date(now - 60_000) : p.lastHeartbeat;
    const protectedCount = [...fabric.container.protectedItems.values()].filter((i) => i.hostFqdn.toLowerCase() === p.hostFqdn.toLowerCase()).length;
    return {
      id: this.providerId(vault, fabric, p),
      type: T.provider,
      name: p.id,
      properties: {
        fabricType: 'HyperVSite',
        friendlyName: p.hostFqdn,
        providerVersion: p.providerVersion,
        serverVersion: '0.0',
        providerVersionState: 'Latest',
        providerVersionExpiryDate: '9999-12-31T23:59:59.9999999',
        fabricFriendlyName: fabric.name,
        lastHeartBeat: heartbeat.toISOString(),
        connectionStatus: p.connected ? 'Connected' : 'NotConnected',
        protectedItemCount: protectedCount,
        allowedScenarios: ['Refresh'],
        healthErrorDetails: p.connected
          ? []
          : [
              {
                errorSource: null,
                errorType: null,
                errorLevel: 'Error',
                errorCategory: 'FabricInfrastructure',
                errorCode: '708',
                summaryMessage: 'Recovery Services Provider heartbeat is missing',
                errorMessage: 'Recovery Services Provider heartbeat missing.',
                possibleCauses: 'Recovery Services Provider heartbeat is missing.',
                recommendedAction: 'Ensure that the server is connected to the network and accessible.',
                creationTimeUtc: p.lastHeartbeat.toISOString(),
                recoveryProviderErrorMessage: null,
                entityId: null,
                customerResolvability: 'NotAllowed',
              },
            ],
        draIdentifier: p.id,
        machineId: null,
        machineName: machineName(p.hostFqdn),
        biosId: null,
        authenticationIdentityDetails: null,
        resourceAccessIdentityDetails: null,
        dataPlaneAuthenticationIdentityDetails: null,
        providerVersionDetails: { version: p.providerVersion, expiryDate: '9999-12-31T23:59:59.9999999', status: 'Supported' },
      },
    };
  }

  protectableItem(vault: VaultState, fabric: FabricState, _host: HostState, vm: VmState, providerId: string): object {
    const item = this.engine.itemOfVm(fabric, vm.vmId);
    const provider = fabric.providers.get(providerId.toLowerCase());
    return {
      id: this.protectableItemId(vault, fabric, vm.vmId),
      name: vm.vmId,
      type: T.protectable,
      properties: {
        friendlyName: vm.name,
        protectionStatus: item ? 'Protected' : 'Unprotected',
        replicationProtectedItemId: item ? this.protectedItemId(vault, fabric, item) : null,
        recoveryServicesProviderId: provider ? this.providerId(vault, fabric, provider) : null,
        protectionReadinessErrors: readinessErrors(vm),
        supportedReplicationProviders: ['HyperVReplicaAzure'],
        customDetails: {
          instanceType: 'HyperVVirtualMachine',
          sourceItemId: vm.vmId,
          generation: String(vm.generation),
          // Azure does not know the guest OS nor which disk is the OS disk of a Hyper-V VM: in all
          // 29 Hyper-V protectable items of the recordings (EnumerateProtectableItem.json,
          // CreateProtectedItem.json, Reprotect.json) and in Az PowerShell's session record
          // CreateRPIWithMangedDisksForReplication.json, `"osDetails": null` and every disk is
          // `"vhdType": "Data"`. The client names the OS disk (see src/model/osDisk.ts).
          osDetails: null,
          diskDetails: vm.disks.map((d) => ({
            maxSizeMB: d.sizeGB * 1024,
            vhdType: 'Data',
            vhdId: diskVhdId(vm.vmId, d.name),
            // The VHD file name without its extension ("vhdName": "PowershellVm1" for PowershellVm1's disk).
            vhdName: vhdNameOf(d.name),
          })),
          hasPhysicalDisk: vm.disks.some((d) => d.passThrough) ? 'Present' : 'NotPresent',
          hasFibreChannelAdapter: vm.hasFibreChannelAdapter ? 'Present' : 'NotPresent',
          // All 29 recorded items say "Unknown" here (none had a shared VHDX); "Present" for a VM
          // with one is unverified.
          hasSharedVhd: vm.disks.some((d) => d.shared) ? 'Present' : 'Unknown',
        },
      },
    };
  }

  policy(vault: VaultState, p: PolicyState): object {
    return {
      id: this.policyId(vault, p.name),
      name: p.name,
      type: T.policy,
      properties: {
        friendlyName: p.name,
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          recoveryPointHistoryDurationInHours: p.recoveryPointHistoryHours,
          applicationConsistentSnapshotFrequencyInHours: p.appConsistentFrequencyHours,
          replicationInterval: p.replicationInterval,
          onlineReplicationStartTime: null,
          encryption: 'Disabled',
          activeStorageAccountId: p.storageAccountId ?? null,
        },
      },
    };
  }

  mapping(vault: VaultState, fabric: FabricState, m: MappingState): object {
    return {
      id: `${this.containerId(vault, fabric)}/replicationProtectionContainerMappings/${m.name}`,
      name: m.name,
      type: T.mapping,
      properties: {
        targetProtectionContainerId: azureFabric,
        targetProtectionContainerFriendlyName: azureFabric,
        providerSpecificDetails: null,
        health: 'Normal',
        healthErrorDetails: [],
        policyId: this.policyId(vault, m.policyName),
        state: m.state,
        sourceProtectionContainerFriendlyName: fabric.name,
        sourceFabricFriendlyName: fabric.name,
        targetFabricFriendlyName: azureFabric,
        policyFriendlyName: m.policyName,
      },
    };
  }

  /** `inList`: the item as a list returns it (protectedManagedDisks empty there, as recorded). */
  protectedItem(vault: VaultState, fabric: FabricState, item: ProtectedItemState, options: { inList?: boolean } = {}): object {
    const policy = vault.policies.get(item.policyName.toLowerCase());
    const vm = this.engine.findVm(item.vmId)?.vm;
    const provider = fabric.providers.get(item.providerId.toLowerCase());
    const now = this.engine.clock.now();
    const rpo = rpoFields(item, this.engine.streamContext(item, policy), now);
    const state = protectionStateOf(item);
    const recovery = isRecoverySide(item);
    const undrilled = awaitsFirstTestFailover(item);
    const running = item.runningJob ? this.jobId(vault, item.runningJob) : `${this.vaultBase(vault)}/replicationJobs/None`;
    return {
      id: this.protectedItemId(vault, fabric, item),
      name: item.name,
      type: T.protectedItem,
      properties: {
        friendlyName: item.vmName,
        protectedItemType: 'HyperVVirtualMachine',
        protectableItemId: this.protectableItemId(vault, fabric, item.vmId),
        recoveryServicesProviderId: provider ? this.providerId(vault, fabric, provider) : null,
        primaryFabricFriendlyName: fabric.name,
        primaryFabricProvider: 'SingleHostHyperVFabric',
        recoveryFabricFriendlyName: azureFabric,
        recoveryFabricId: azureFabric,
        primaryProtectionContainerFriendlyName: fabric.name,
        recoveryProtectionContainerFriendlyName: azureFabric,
        protectionState: state.protectionState,
        protectionStateDescription: state.description,
        activeLocation: recovery ? 'Recovery' : 'Primary',
        testFailoverState: item.testFailoverState,
        testFailoverStateDescription: testFailoverDescription(item.testFailoverState),
        allowedOperations: this.engine.allowedOperations(item),
        replicationHealth: item.replicationHealth,
        failoverHealth: undrilled ? 'Warning' : 'Normal',
        healthErrors: [...item.healthErrorCodes.map((code) => healthError(code, item.vmId)), ...(undrilled ? [noTestFailoverError(item)] : [])],
        policyId: this.policyId(vault, item.policyName),
        policyFriendlyName: item.policyName,
        lastSuccessfulFailoverTime: item.lastSuccessfulFailoverTime?.toISOString() ?? null,
        // Absent until the first successful test failover (no key at all in TestFailover.json e1).
        ...(item.lastSuccessfulTestFailoverTime ? { lastSuccessfulTestFailoverTime: item.lastSuccessfulTestFailoverTime.toISOString() } : {}),
        currentScenario: {
          scenarioName: item.runningScenario ?? 'None',
          jobId: running,
          startTime: item.runningJob ? (vault.jobs.get(item.runningJob.toLowerCase())?.startTime.toISOString() ?? noScenarioTime) : noScenarioTime,
        },
        failoverRecoveryPointId: item.failoverRecoveryPointId ?? null,
        providerSpecificDetails: replicationDetails(this.engine, item, { vm, rpo, state }, options.inList),
        recoveryContainerId: `${this.vaultBase(vault)}/replicationFabrics/${azureFabric.replace(' ', '')}/replicationProtectionContainers/${azureFabric.replace(' ', '')}`,
        eventCorrelationId: item.runningJob ?? null,
      },
    };
  }

  recoveryPoint(vault: VaultState, fabric: FabricState, item: ProtectedItemState, rp: RecoveryPoint): object {
    return {
      id: `${this.protectedItemId(vault, fabric, item)}/recoveryPoints/${rp.name}`,
      name: rp.name,
      type: T.recoveryPoint,
      properties: {
        recoveryPointTime: rp.time.toISOString(),
        recoveryPointType: rp.type,
        providerSpecificDetails: null,
      },
    };
  }

  job(vault: VaultState, job: JobState): object {
    const allowedActions =
      job.state === 'InProgress' || job.state === 'NotStarted'
        ? ['Cancel']
        : job.state === 'Failed' || job.state === 'Cancelled'
          ? ['Restart']
          : job.state === 'Suspended'
            ? // As in the spec example ReplicationJobs_Resume.json: "allowedActions": ["Cancel", "Resume"].
              ['Cancel', 'Resume']
            : [];
    return {
      id: this.jobId(vault, job.name),
      name: job.name,
      type: T.job,
      location: vault.location,
      properties: {
        activityId: job.activityId,
        scenarioName: job.scenarioName,
        friendlyName: job.friendlyName,
        state: job.state,
        stateDescription: job.stateDescription,
        tasks: job.tasks.map((t) => ({
          ...jobTaskBody(t, 'TaskDetails', { instanceType: 'TaskDetails' }),
          // A recovery plan job's group task (recoveryPlanWire.ts).
          ...planGroupTask(t),
        })),
        errors: job.errors.map((e) => ({
          serviceErrorDetails: {
            code: e.code,
            message: e.message,
            possibleCauses: e.possibleCauses,
            recommendedAction: e.recommendedAction,
            activityId: job.activityId,
          },
          providerErrorDetails: null,
          errorLevel: 'Error',
          creationTime: (job.endTime ?? job.startTime).toISOString(),
          taskId: job.tasks.find((t) => t.state === 'Failed')?.taskId ?? null,
        })),
        startTime: job.startTime.toISOString(),
        endTime: job.endTime?.toISOString() ?? null,
        allowedActions,
        targetObjectId: job.targetObjectId,
        targetObjectName: job.targetObjectName,
        targetInstanceType: job.targetInstanceType,
        customDetails: job.testFailoverDetails
          ? { instanceType: 'TestFailoverJobDetails', ...job.testFailoverDetails, affectedObjectDetails: {} }
          : { instanceType: 'AsrJobDetails', affectedObjectDetails: {} },
      },
    };
  }

  /** Body of GET .../replicationOperationStatus/{job}, as recorded. */
  operationStatus(job: JobState): object {
    // A Suspended job's operation reads Succeeded: inferred from the recording TestFailover.json
    // (entry 5 `"status": "Succeeded"` while the item waits for the cleanup) together with the spec
    // example ReplicationJobs_Resume.json (that test failover job is `"state": "Suspended"`). Not
    // recorded for a suspended failback (unverified); the extension follows the job, not this status.
    const status = job.state === 'Succeeded' || job.state === 'Suspended' ? 'Succeeded' : job.state === 'Failed' ? 'Failed' : job.state === 'Cancelled' ? 'Canceled' : 'InProgress';
    const error =
      job.state === 'Failed' && job.errors[0]
        ? { code: job.errors[0].code, message: job.errors[0].message }
        : job.state === 'Cancelled'
          ? { code: 'OperationCancelled', message: `The job '${job.friendlyName}' was cancelled.` }
          : null;
    return {
      error,
      id: null,
      name: job.name,
      properties: null,
      status,
      startTime: job.startTime.toISOString(),
      endTime: job.endTime?.toISOString() ?? null,
      percentComplete: null,
    };
  }
}

export function readinessErrors(vm: VmState): string[] {
  const errors: string[] = [];
  if (vm.generation === 2 && vm.osType === 'Linux') {
    errors.push('Generation 2 virtual machines running Linux are not supported for replication to Azure. Use a generation 1 virtual machine.');
  }
  const os = vm.disks.find((d) => d.os);
  if (os && os.sizeGB > (vm.generation === 2 ? 300 : 2048)) {
    errors.push(
      `The operating system disk ${os.name} is ${os.sizeGB} GB; Azure supports at most ${vm.generation === 2 ? 300 : 2048} GB for a generation ${vm.generation} virtual machine.`,
    );
  }
  const big = vm.disks.filter((d) => !d.os && d.sizeGB > 4095);
  for (const d of big) errors.push(`The data disk ${d.name} is ${d.sizeGB} GB; Azure supports at most 4,095 GB.`);
  if (vm.disks.filter((d) => !d.os).length > 16) errors.push('The virtual machine has more than 16 data disks; Azure supports at most 16.');
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(vm.name)) {
    errors.push(`The virtual machine name "${vm.name}" is not valid in Azure: use 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit.`);
  }
  return errors;
}
