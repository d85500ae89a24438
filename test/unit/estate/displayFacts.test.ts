import assert from 'node:assert/strict';
import { sameDisplayFacts } from '../../../src/estate/diff';
import { protectableFacts } from '../../../src/estate/vmFacts';
import type { EstateVm } from '../../../src/estate';
import { presentVm } from '../../../src/tree/presentation';
import { estateVm, labItem, labOps } from '../tree/fixtures';

// What the diff compares of a VM is what the views show of it and nothing else (issue 14): a
// change the tree shows is never missed, a change nobody shows is no refresh.

/** A protected VM with every displayed fact set: health errors, a target in Azure, a policy, a protectable item. */
function fullVm(): EstateVm {
  const item = labItem({
    protectionState: 'Protected',
    allowedOperations: labOps.protected,
    replicationHealth: 'Critical',
    healthErrors: [{ errorCode: '1', errorLevel: 'Error', summaryMessage: 's', errorMessage: 'm', possibleCauses: 'c', recommendedAction: 'r' }],
  });
  const vm = estateVm({ ...item, properties: { ...item.properties, policyId: '/policies/p5' } });
  const protectable = protectableFacts({ id: '/protectableItems/x', name: 'x', properties: { friendlyName: 'web-01', protectionStatus: 'Protected' } });
  return { ...vm, unsupported: ['a reason'], ...(protectable ? { protectable } : {}) };
}

type Change = [what: string, change: (v: EstateVm) => void];

const shown: Change[] = [
  ['key', (v) => (v.key = 'other')],
  ['vmId', (v) => (v.vmId = 'other')],
  ['name', (v) => (v.name = 'other')],
  ['hostKey (the VM moved)', (v) => (v.hostKey = 'other.contoso.local')],
  ['stale', (v) => (v.stale = !v.stale)],
  ['contextValue', (v) => (v.contextValue += ';x')],
  ['actions', (v) => v.actions.pop()],
  ['unsupported', (v) => (v.unsupported = ['another reason'])],
  ['unreadable', (v) => (v.unreadable = 'properties')],
  ['protectionUnknown', (v) => (v.protectionUnknown = 'readFailed')],
  ['hyperV.state (power)', (v) => (v.hyperV = { ...v.hyperV!, state: 'Off' })],
  ['status.kind', (v) => (v.status.kind = 'FailedOver')],
  ['status.health', (v) => (v.status.health = 'Warning')],
  ['status.progressPercent', (v) => (v.status.progressPercent = 43)],
  ['status.summary', (v) => (v.status.summary = 'other')],
  ['status.detail', (v) => (v.status.detail = 'other')],
  ['status.runningJobId', (v) => (v.status.runningJobId = 'job-2')],
  ['status.activeLocation', (v) => (v.status.activeLocation = 'Recovery')],
  ['a health error added', (v) => v.status.healthErrors.push({ errorCode: '2' })],
  ...(['errorCode', 'summaryMessage', 'errorMessage', 'possibleCauses', 'recommendedAction'] as const).map((field): Change => [
    `healthErrors[0].${field}`,
    (v) => (v.status.healthErrors[0] = { ...v.status.healthErrors[0], [field]: 'other' }),
  ]),
  ['protection added or gone', (v) => delete v.protection],
  ['protection.policyId (the lateness shown)', (v) => (v.protection!.policyId = '/policies/p15')],
  ['protection.lastRecoveryPoint', (v) => (v.protection!.lastRecoveryPoint = new Date('2026-11-25T12:00:00Z'))],
  ['protection.azureVm.name', (v) => (v.protection!.azureVm!.name = 'other')],
  ['protection.azureVm.id', (v) => (v.protection!.azureVm!.id = '/other')],
  ['protection.azureVm.size', (v) => (v.protection!.azureVm!.size = 'Standard_D4s_v3')],
  ['protection.azureVm.resourceGroup', (v) => (v.protection!.azureVm!.resourceGroup = 'other')],
];

const notShown: Change[] = [
  ['the protectable item’s facts', (v) => (v.protectable = { ...v.protectable!, friendlyName: 'x', readiness: { protectionReadinessErrors: ['e'] } })],
  ['the inventory’s facts other than the power state', (v) => (v.hyperV = { ...v.hyperV!, generation: 1, osType: 'Linux', disks: [] })],
  ['protection.itemId', (v) => (v.protection!.itemId = '/other')],
  ['protection.itemName', (v) => (v.protection!.itemName = 'other')],
  ['protection.friendlyName', (v) => (v.protection!.friendlyName = 'other')],
  ['a health error’s level and time', (v) => (v.status.healthErrors[0] = { ...v.status.healthErrors[0], errorLevel: 'Warning', creationTimeUtc: new Date(0) })],
];

function changed(change: (v: EstateVm) => void): EstateVm {
  const v = structuredClone(fullVm());
  change(v);
  return v;
}

const ctx = { now: new Date('2026-11-25T12:00:00Z'), policyIntervalSeconds: 300, portalUrl: (id: string): string => `https://portal${id}` };

describe('sameDisplayFacts: the display facts of a VM', () => {
  it('holds for equal VMs', () => {
    assert.equal(sameDisplayFacts(fullVm(), fullVm()), true);
    assert.equal(sameDisplayFacts(structuredClone(fullVm()), fullVm()), true);
  });

  for (const [what, change] of shown) {
    it(`differs in ${what}`, () => {
      assert.equal(sameDisplayFacts(changed(change), fullVm()), false);
      assert.equal(sameDisplayFacts(fullVm(), changed(change)), false);
    });
  }

  for (const [what, change] of notShown) {
    it(`ignores ${what}, which the tree item does not show`, () => {
      const v = changed(change);
      assert.deepEqual(presentVm(v, ctx), presentVm(fullVm(), ctx));
      assert.equal(sameDisplayFacts(v, fullVm()), true);
    });
  }
});
