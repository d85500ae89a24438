// The model's input shapes must accept the Azure SDK's own objects unchanged. This file fails to
// compile (tsc) if they drift apart; the runtime checks use SDK-shaped objects with Date values.
import assert from 'node:assert/strict';
import type { HyperVVirtualMachineDetails, Job, ProtectableItem, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { JobLike } from '../../../src/model/jobSummary';
import { summarizeJob } from '../../../src/model/jobSummary';
import type { ProtectableItemReadiness } from '../../../src/model/preflight';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';
import { hyperVReplicaDetails } from '../../../src/model/protectedItem';
import { deriveProtectionStatus } from '../../../src/model/protectionStatus';
import { allowedActions } from '../../../src/model/vmActions';

describe('model: Azure SDK compatibility', () => {
  it('a ReplicationProtectedItem from the SDK is a ProtectedItemLike', () => {
    const sdkItem: ReplicationProtectedItem = {
      location: 'westeurope',
      properties: {
        friendlyName: 'vm1',
        protectionState: 'InitialReplicationInProgress',
        activeLocation: 'Primary',
        allowedOperations: ['DisableProtection'],
        replicationHealth: 'Normal',
        healthErrors: [{ errorCode: '1', creationTimeUtc: new Date('2026-11-25T10:00:00Z'), customerResolvability: 'Allowed' }],
        currentScenario: { scenarioName: 'None', jobId: 'x/replicationJobs/None', startTime: new Date('1753-01-01T01:01:01Z') },
        lastSuccessfulFailoverTime: new Date('2026-11-01T00:00:00Z'),
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          initialReplicationDetails: { initialReplicationProgressPercentage: '37' },
          lastReplicatedTime: new Date('2026-11-25T09:59:00Z'),
          oSDetails: { osType: 'Windows' },
        },
      },
    };
    const like: ProtectedItemLike = sdkItem;
    const status = deriveProtectionStatus(like);
    assert.equal(status.summary, 'Replicating 37%');
    assert.equal(hyperVReplicaDetails(sdkItem)?.lastReplicatedTime?.toISOString(), '2026-11-25T09:59:00.000Z');
    assert.deepEqual(allowedActions(sdkItem), ['disableProtection']);
  });

  it('a Job from the SDK is a JobLike', () => {
    const sdkJob: Job = {
      properties: {
        friendlyName: 'Enable replication',
        state: 'Succeeded',
        startTime: new Date('2026-11-25T10:00:00Z'),
        endTime: new Date('2026-11-25T10:01:20Z'),
        tasks: [{ friendlyName: 'Prerequisites check', state: 'Succeeded', taskType: 'TaskDetails' }],
        errors: [{ providerErrorDetails: { errorCode: 5, errorMessage: 'warning only' }, errorLevel: 'Warning' }],
      },
    };
    const like: JobLike = sdkJob;
    const summary = summarizeJob(like, new Date('2026-11-25T11:00:00Z'));
    assert.equal(summary.durationMs, 80_000);
    assert.equal(summary.title, 'Enable replication');
  });

  it('the readiness fields of an SDK protectable item fit ProtectableItemReadiness', () => {
    const details: HyperVVirtualMachineDetails = { instanceType: 'HyperVVirtualMachine', hasSharedVhd: 'Unknown' };
    const protectable: ProtectableItem = { properties: { protectionReadinessErrors: [], customDetails: details } };
    const readiness: ProtectableItemReadiness = {
      protectionReadinessErrors: protectable.properties?.protectionReadinessErrors,
      hasSharedVhd: details.hasSharedVhd,
    };
    assert.deepEqual(readiness, { protectionReadinessErrors: [], hasSharedVhd: 'Unknown' });
  });
});
