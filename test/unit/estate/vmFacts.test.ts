// A VM's facts (src/estate/vmFacts.ts): derived once from the protected item, through guards, and
// sharing nothing with it; an item with fields of another type is one error (issue 12).
import assert from 'node:assert/strict';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';
import { deriveProtectionStatus } from '../../../src/model/protectionStatus';
import { allowedActions } from '../../../src/model/vmActions';
import { azureVmFacts, deriveVmFacts } from '../../../src/estate/vmFacts';
import { plainProtectedItem, protectedItemProblems } from '../../../src/model/protectedItem';
import { recordedItem, recordedItemNames } from '../model/recordings';
import { labItem, labOps, lifecycle, TARGET_RG, VAULT, VM_ID } from '../tree/fixtures';

/** An item from raw JSON, wrong types and all (the wire is not the SDK's typings). */
function wire(value: unknown): ProtectedItemLike {
  return value as ProtectedItemLike;
}

describe('estate/vmFacts', () => {
  it('a VM without a protected item: not protected, only enable protection, no protection facts', () => {
    const facts = deriveVmFacts(undefined);
    assert.equal(facts.status.kind, 'NotProtected');
    assert.deepEqual(facts.actions, ['enableProtection']);
    assert.equal(facts.protection, undefined);
  });

  it("a protected item's reference and facts: id, name, policy, latest recovery point, the VM in Azure", () => {
    const item = labItem({ protectionState: 'FailoverCommitted', activeLocation: 'Recovery', allowedOperations: labOps.committed });
    const p = item.properties as Record<string, unknown>;
    p.policyId = `${VAULT}/replicationPolicies/RAM-Policy`;
    const facts = deriveVmFacts(item);
    assert.equal(facts.status.kind, 'FailedOver');
    assert.deepEqual(facts.actions, ['failback', 'disableProtection']);
    assert.deepEqual(facts.protection, {
      itemId: item.id,
      itemName: VM_ID,
      friendlyName: 'web-01',
      policyId: `${VAULT}/replicationPolicies/RAM-Policy`,
      lastRecoveryPoint: new Date('2026-11-25T11:56:00Z'),
      azureVm: {
        name: 'web-01',
        id: `${TARGET_RG}/providers/Microsoft.Compute/virtualMachines/web-01`,
        size: 'Standard_D2s_v3',
        resourceGroup: 'RAM-DR-RG',
      },
      target: { resourceGroupId: TARGET_RG, size: 'Standard_D2s_v3' },
    });
  });

  it('the latest recovery point is lastRecoveryPointReceived, else lastReplicatedTime; ASR\'s "unset" dates are no fact', () => {
    const item = labItem({ protectionState: 'Protected', allowedOperations: labOps.protected, lastRecoveryPointReceived: '1753-01-01T01:01:01Z' });
    const details = item.properties?.providerSpecificDetails as unknown as Record<string, unknown>;
    assert.equal(deriveVmFacts(item).protection?.lastRecoveryPoint, undefined);
    details.lastReplicatedTime = '2026-11-25T11:50:00Z';
    assert.deepEqual(deriveVmFacts(item).protection?.lastRecoveryPoint, new Date('2026-11-25T11:50:00Z'));
  });

  for (const name of recordedItemNames) {
    it(`the status and actions of the recorded "${name}" item are the model's`, () => {
      const item = recordedItem(name);
      const facts = deriveVmFacts(item);
      assert.deepEqual(facts.actions, allowedActions(item));
      const expected = deriveProtectionStatus(item);
      assert.deepEqual({ ...facts.status, healthErrors: [] }, { ...expected, healthErrors: [] });
      assert.equal(facts.status.healthErrors.length, expected.healthErrors.length);
    });
  }

  for (const [name, item] of Object.entries(lifecycle)) {
    it(`the status of the lab's "${name}" item is the model's`, () => {
      assert.deepEqual(deriveVmFacts(item).status, deriveProtectionStatus(item));
    });
  }

  it('null and wrong-typed fields are absent to the model, never a throw; the item is unreadable: one error, no actions (issue 12)', () => {
    const odd = wire({
      id: 42,
      name: null,
      properties: {
        friendlyName: ['web-01'],
        protectionState: 7,
        activeLocation: null,
        allowedOperations: 'TestFailover',
        replicationHealth: {},
        healthErrors: [null, 'boom', { errorCode: 99, summaryMessage: 'Disk full', creationTimeUtc: 'not a date' }],
        currentScenario: { scenarioName: 5, jobId: null },
        policyId: false,
        providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryAzureVmName: 3, lastRecoveryPointReceived: 'yesterday' },
      },
    });
    const status = deriveProtectionStatus(odd);
    assert.equal(status.kind, 'Replicating', 'nothing usable: what no allowed operation says (model/protectionStatus.ts)');
    assert.equal(status.health, 'Normal');
    assert.deepEqual(status.healthErrors, [{ summaryMessage: 'Disk full' }]);
    assert.deepEqual(allowedActions(odd), []);

    const facts = deriveVmFacts(odd);
    assert.equal(facts.status.kind, 'Error');
    assert.equal(facts.status.summary, 'Could not read this item from Azure');
    assert.deepEqual(facts.status.healthErrors, []);
    assert.deepEqual(facts.actions, []);
    assert.deepEqual(facts.protection, {});
    assert.match(
      facts.unreadable ?? '',
      /^id is a number instead of text; properties\.friendlyName is a list instead of text; properties\.protectionState is a number instead of text; and \d+ more$/,
    );
    for (const properties of [null, 'x', [], { currentScenario: 'TestFailover', providerSpecificDetails: 'x', healthErrors: {} }]) {
      assert.doesNotThrow(() => deriveVmFacts(wire({ properties })));
      assert.notEqual(deriveVmFacts(wire({ properties })).unreadable, undefined);
    }
    assert.deepEqual(plainProtectedItem(null), { properties: {} });
  });

  it('a null field is absent, not malformed: the item stays readable (a null scenario name is no scenario)', () => {
    const item = labItem({ protectionState: 'Protected', allowedOperations: labOps.protected });
    const p = item.properties as Record<string, unknown>;
    p.currentScenario = { scenarioName: null, jobId: null };
    p.healthErrors = null;
    const facts = deriveVmFacts(item);
    assert.equal(facts.unreadable, undefined);
    assert.equal(facts.status.kind, 'Protected');
  });

  it('an item without its id or properties (every ARM resource has them) is unreadable', () => {
    assert.equal(deriveVmFacts(wire({ id: `${VAULT}/x`, name: VM_ID })).unreadable, 'properties is missing');
    assert.equal(deriveVmFacts(wire({ name: VM_ID, properties: { protectionState: 'Protected' } })).unreadable, 'id is missing');
  });

  it('keeps only the string operations of allowedOperations; an entry of another type makes the item unreadable', () => {
    const item = wire({ properties: { protectionState: 'Protected', allowedOperations: ['TestFailover', null, 3, 'DisableProtection'] } });
    assert.deepEqual(allowedActions(item), ['testFailover', 'disableProtection']);
    assert.match(
      deriveVmFacts(item).unreadable ?? '',
      /properties\.allowedOperations\[1\] is empty instead of text; properties\.allowedOperations\[2\] is a number instead of text/,
    );
  });

  it('every recorded item of real Azure, and every item of the lab, can be read (no false error rows)', () => {
    for (const name of recordedItemNames) assert.deepEqual(protectedItemProblems(recordedItem(name)), [], name);
    for (const [name, item] of Object.entries(lifecycle)) assert.deepEqual(protectedItemProblems(item), [], name);
  });

  it('shares nothing with the item: changing the item afterwards changes no fact', () => {
    const item = labItem({
      protectionState: 'Protected',
      allowedOperations: labOps.protected,
      replicationHealth: 'Critical',
      healthErrors: [{ errorCode: '539', errorLevel: 'Error', summaryMessage: 'Replication is blocked', creationTimeUtc: new Date('2026-11-25T11:00:00Z') }],
    });
    const details = item.properties?.providerSpecificDetails as unknown as Record<string, unknown>;
    details.lastRecoveryPointReceived = new Date('2026-11-25T11:56:00Z');
    const facts = deriveVmFacts(item);
    const before = structuredClone(facts);

    (details.lastRecoveryPointReceived as Date).setTime(0);
    const error = item.properties?.healthErrors?.[0] as Record<string, unknown>;
    error.summaryMessage = 'changed';
    (error.creationTimeUtc as Date).setTime(0);
    (item.properties?.allowedOperations as string[]).length = 0;

    assert.deepEqual(facts, before);
  });

  describe('the VM in Azure', () => {
    it('named, in a resource group: its ARM id (trailing slashes and spaces dropped)', () => {
      assert.deepEqual(azureVmFacts({ recoveryAzureVmName: ' web-01 ', recoveryAzureResourceGroupId: `${TARGET_RG}/` }), {
        name: 'web-01',
        id: `${TARGET_RG}/providers/Microsoft.Compute/virtualMachines/web-01`,
        resourceGroup: 'RAM-DR-RG',
      });
    });

    it('a resource group id that is not one: the name without an id', () => {
      assert.deepEqual(azureVmFacts({ recoveryAzureVmName: 'web-01', recoveryAzureResourceGroupId: 'not-an-id', recoveryAzureVMSize: 'Standard_A1' }), {
        name: 'web-01',
        size: 'Standard_A1',
      });
    });

    it('no name (or only spaces): no VM in Azure', () => {
      assert.equal(azureVmFacts({ recoveryAzureResourceGroupId: TARGET_RG }), undefined);
      assert.equal(azureVmFacts({ recoveryAzureVmName: '  ', recoveryAzureResourceGroupId: TARGET_RG }), undefined);
      assert.equal(azureVmFacts(undefined), undefined);
    });
  });
});
