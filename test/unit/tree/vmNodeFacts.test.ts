// A VM's node is built from the facts the estate derived when the snapshot was built
// (src/estate/vmFacts.ts), not from ASR's protected item: ASR's objects changed afterwards (or
// reused by the SDK) change nothing in the tree until the next snapshot.
import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { buildEstateSnapshot, type EstateSnapshot, type EstateVm } from '../../../src/estate';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';
import { presentVm } from '../../../src/tree/presentation';
import { portalUrlForResource, resolveCloud } from '../../../src/services/azure/cloud';
import { NOW, labItem, labOps, unescapeMarkdown } from './fixtures';

const portal = resolveCloud('AzureCloud');
const ctx = { now: NOW, policyIntervalSeconds: 300, portalUrl: (id: string): string => portalUrlForResource(portal, id) };

/** A snapshot with one protected item and no host (the VM is unassigned), as a protection-only refresh makes it. */
function snapshotOf(item: ProtectedItemLike): EstateSnapshot {
  return buildEstateSnapshot({
    now: NOW,
    hostSources: [],
    probes: new Map(),
    registeredHosts: [],
    protectedItems: [item as ReplicationProtectedItem],
  });
}

function onlyVm(snapshot: EstateSnapshot): EstateVm {
  const [vm] = snapshot.unassignedVms;
  assert.ok(vm, 'the snapshot has the VM');
  return vm;
}

/** Everything of an item a node could show, changed in place. */
function mutate(item: ProtectedItemLike): void {
  const p = item.properties as Record<string, unknown>;
  const details = p.providerSpecificDetails as Record<string, unknown>;
  details.recoveryAzureVmName = 'another-vm';
  details.recoveryAzureResourceGroupId = '/subscriptions/x/resourceGroups/elsewhere';
  details.lastRecoveryPointReceived = '2026-11-25T11:59:59Z';
  details.lastReplicatedTime = '2026-11-25T11:59:59Z';
  (p.allowedOperations as string[]).splice(0);
  (p.healthErrors as unknown[]).push({ errorLevel: 'Error', summaryMessage: 'Added later' });
  p.protectionState = 'PlannedFailoverFailed';
  p.protectionStateDescription = 'Changed later';
  p.replicationHealth = 'Critical';
  p.friendlyName = 'renamed';
  p.policyId = 'changed';
}

describe("tree: a VM's node is built from the estate's facts", () => {
  it('a snapshot whose protected items are changed afterwards gives the same node', () => {
    const item = labItem({
      protectionState: 'FailoverCommitted',
      activeLocation: 'Recovery',
      allowedOperations: labOps.committed,
      lastRecoveryPointReceived: '2026-11-25T10:00:00Z',
    });
    const snapshot = snapshotOf(item);
    const before = presentVm(onlyVm(snapshot), ctx);
    assert.match(unescapeMarkdown(before.tooltip), /\*\*Target VM in Azure:\*\* web-01 \(Standard_D2s_v3\), resource group RAM-DR-RG/);
    assert.match(before.contextValue, /(^|;)failback(;|$)/);

    mutate(item);
    assert.deepEqual(presentVm(onlyVm(snapshot), ctx), before);
    // The next snapshot reads the changed item.
    const after = presentVm(onlyVm(snapshotOf(item)), ctx);
    assert.notDeepEqual(after, before);
    assert.match(unescapeMarkdown(after.tooltip), /another-vm/);
  });

  it('the late-recovery-point warning, from a snapshot whose item is then changed', () => {
    const item = labItem({ protectionState: 'Protected', allowedOperations: labOps.protected, lastRecoveryPointReceived: '2026-11-25T10:00:00Z' });
    const snapshot = snapshotOf(item);
    mutate(item);
    const t = unescapeMarkdown(presentVm(onlyVm(snapshot), ctx).tooltip);
    assert.ok(t.includes('**Last recovery point:** 2 h ago: older than the policy expects (policy: every 5 min)'), t);
  });
});
