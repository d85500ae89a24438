// Builds protected items for tests the way ASR (and the lab) shapes them.
import type { ProtectedItemLike } from '../../../src/model/protectedItem';

export interface ItemOptions {
  protectionState?: string;
  protectionStateDescription?: string;
  activeLocation?: string;
  testFailoverState?: string;
  allowedOperations?: string[];
  replicationHealth?: string;
  scenarioName?: string;
  jobName?: string;
  progress?: string;
  vmProtectionState?: string;
  vmProtectionStateDescription?: string;
  healthErrors?: { errorLevel?: string; summaryMessage?: string; errorMessage?: string; errorCode?: string }[];
}

export const JOB_PREFIX = '/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationJobs/';

export function item(o: ItemOptions = {}): ProtectedItemLike {
  return {
    id: '/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/vm1',
    name: 'vm1',
    properties: {
      friendlyName: 'vm1',
      protectionState: o.protectionState,
      protectionStateDescription: o.protectionStateDescription,
      activeLocation: o.activeLocation ?? 'Primary',
      testFailoverState: o.testFailoverState ?? 'None',
      allowedOperations: o.allowedOperations,
      replicationHealth: o.replicationHealth ?? 'Normal',
      healthErrors: o.healthErrors ?? [],
      currentScenario: {
        scenarioName: o.scenarioName ?? 'None',
        jobId: JOB_PREFIX + (o.jobName ?? 'None'),
        startTime: o.scenarioName ? new Date('2026-11-25T10:00:00Z') : '1753-01-01T01:01:01Z',
      },
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        vmProtectionState: o.vmProtectionState,
        vmProtectionStateDescription: o.vmProtectionStateDescription,
        initialReplicationDetails: { initialReplicationProgressPercentage: o.progress },
      } as { instanceType: string },
    },
  };
}
