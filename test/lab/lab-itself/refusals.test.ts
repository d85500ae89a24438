/**
 * Every action the protected item's state does not allow is refused by the lab as Azure refuses
 * it (409, ASR's cause and recommended action) and changes nothing; malformed bodies get 400
 * naming the field; unknown resources 404.
 */
import assert from 'node:assert/strict';
import type { RestError } from '@azure/core-rest-pipeline';
import type { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { collect, fastPoll, openLab, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const protectedVm = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const replicatingVm = 'e06c319f-5a90-4907-8606-6c15a92bcf22'; // ramh157v02, initial replication
const otherProtectedVm = '3c9a8b7d-6e5f-4a1b-9c2d-8e7f6a5b4c3d'; // ramh157v05, Protected (critical health)

type Action = (asr: SiteRecoveryManagementClient, item: string) => Promise<unknown>;

const actions: Record<string, Action> = {
  TestFailover: (asr, i) =>
    asr.replicationProtectedItems.beginTestFailover(vault, rg, site, container, i, {
      properties: { networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    }),
  TestFailoverCleanup: (asr, i) => asr.replicationProtectedItems.beginTestFailoverCleanup(vault, rg, site, container, i, { properties: { comments: 'x' } }),
  PlannedFailover: (asr, i) =>
    asr.replicationProtectedItems.beginPlannedFailover(vault, rg, site, container, i, { properties: { providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } }),
  UnplannedFailover: (asr, i) =>
    asr.replicationProtectedItems.beginUnplannedFailover(vault, rg, site, container, i, {
      properties: { sourceSiteOperations: 'NotRequired', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
    }),
  Commit: (asr, i) => asr.replicationProtectedItems.beginFailoverCommit(vault, rg, site, container, i),
  Failback: (asr, i) =>
    asr.replicationProtectedItems.beginPlannedFailover(vault, rg, site, container, i, {
      properties: { failoverDirection: 'RecoveryToPrimary', providerSpecificDetails: { instanceType: 'HyperVReplicaAzureFailback' } },
    }),
};

async function snapshot(s: LabSession, item: string): Promise<string> {
  const i = await s.asr.replicationProtectedItems.get(vault, rg, site, container, item);
  const p = i.properties!;
  const jobs = await collect(s.asr.replicationJobs.list(vault, rg));
  return JSON.stringify({
    state: p.protectionState,
    tfo: p.testFailoverState,
    ops: p.allowedOperations,
    loc: p.activeLocation,
    scenario: p.currentScenario?.scenarioName,
    jobs: jobs.length,
  });
}

function isRestError(e: unknown, status: number, code: string): e is RestError {
  const r = e as RestError;
  return r.statusCode === status && r.code === code;
}

describe('lab refusals', function () {
  this.timeout(60000);
  let s: LabSession;
  before(async () => {
    s = await openLab({ speed: 1 });
  });
  after(async () => s.lab.stop());

  const cases: [string, string, string[]][] = [
    ['a protected VM', protectedVm, ['TestFailoverCleanup', 'Commit', 'Failback']],
    ['a VM in initial replication', replicatingVm, ['TestFailover', 'TestFailoverCleanup', 'PlannedFailover', 'UnplannedFailover', 'Commit', 'Failback']],
  ];
  for (const [what, item, refused] of cases) {
    for (const action of refused) {
      it(`refuses ${action} on ${what} with 409 and changes nothing`, async () => {
        const before = await snapshot(s, item);
        await assert.rejects(actions[action](s.asr, item), (e: unknown) => {
          assert.ok(isRestError(e, 409, 'OperationNotAllowed'), `got ${(e as RestError).statusCode} ${(e as RestError).code}: ${(e as Error).message}`);
          const body = e.response?.bodyAsText ?? '';
          const error = (JSON.parse(body) as { error: { recommendedAction?: string; possibleCauses?: string } }).error;
          assert.ok(error.recommendedAction, 'has a recommended action');
          assert.ok(error.possibleCauses, 'has possible causes');
          return true;
        });
        assert.equal(await snapshot(s, item), before);
      });
    }
  }

  it('refuses a second operation while one runs on the item, naming it', async () => {
    const poller = await actions.TestFailover(s.asr, protectedVm);
    void poller;
    await assert.rejects(actions.PlannedFailover(s.asr, protectedVm), (e: unknown) => {
      assert.ok(isRestError(e, 409, 'OperationNotAllowed'));
      assert.match((e as Error).message, /TestFailover\) is in progress/);
      return true;
    });
  });

  it('refuses enabling protection twice, and for a VM with readiness errors', async () => {
    const policy = await s.asr.replicationPolicies.get(vault, rg, 'RAM-Policy');
    const enable = (vmId: string, vhdId: string) =>
      s.asr.replicationProtectedItems.beginCreate(vault, rg, site, container, vmId, {
        properties: {
          policyId: policy.id,
          protectableItemId: `/Subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/${site}/replicationProtectionContainers/${container}/replicationProtectableItems/${vmId}`,
          providerSpecificDetails: {
            instanceType: 'HyperVReplicaAzure',
            hvHostVmId: vmId,
            osType: 'Windows',
            vhdId,
            targetStorageAccountId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`,
            targetAzureV2ResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
          },
        },
      });
    const diskOf = async (vmId: string): Promise<string> => {
      const p = await s.asr.replicationProtectableItems.get(vault, rg, site, container, vmId);
      return (p.properties!.customDetails as { diskDetails: { vhdId: string }[] }).diskDetails[0].vhdId;
    };
    await assert.rejects(enable(replicatingVm, await diskOf(replicatingVm)), (e: unknown) => isRestError(e, 409, 'ProtectionAlreadyEnabled'));
    const linuxGen2 = '7d1c5e2a-3b4f-4c6d-8e9f-a0b1c2d3e4f5';
    await assert.rejects(enable(linuxGen2, await diskOf(linuxGen2)), (e: unknown) => {
      assert.ok(isRestError(e, 409, 'ProtectableItemNotReady'));
      assert.match((e as Error).message, /Generation 2 .*Linux/);
      return true;
    });
    const unprotected = '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b';
    await assert.rejects(enable(unprotected, 'not-a-disk'), (e: unknown) => {
      assert.ok(isRestError(e, 400, 'InvalidParameter'));
      assert.match((e as Error).message, /not a disk of the virtual machine 'ramh157v03'/);
      const target = (JSON.parse(e.response?.bodyAsText ?? '{}') as { error?: { target?: string } }).error?.target;
      assert.equal(target, 'properties.providerSpecificDetails.vhdId');
      return true;
    });
    await assert.rejects(s.asr.replicationProtectedItems.get(vault, rg, site, container, unprotected), (e: unknown) => isRestError(e, 404, 'ResourceNotFound'));
  });

  it('answers 400 naming the bad field of a malformed body', async () => {
    const bad: [string, () => Promise<unknown>, RegExp][] = [
      [
        'policy interval',
        () => s.asr.replicationPolicies.beginCreate(vault, rg, 'p2', { properties: { providerSpecificInput: { instanceType: 'HyperVReplicaAzure', replicationInterval: 60 } } }),
        /replicationInterval/,
      ],
      [
        'policy retention',
        () =>
          s.asr.replicationPolicies.beginCreate(vault, rg, 'p3', {
            properties: { providerSpecificInput: { instanceType: 'HyperVReplicaAzure', recoveryPointHistoryDuration: 100 } },
          }),
        /recoveryPointHistoryDuration/,
      ],
      [
        'mapping target',
        () =>
          s.asr.replicationProtectionContainerMappings.beginCreate(vault, rg, site, container, 'm2', { properties: { targetProtectionContainerId: 'Somewhere', policyId: 'x' } }),
        /targetProtectionContainerId/,
      ],
      [
        'test failover network',
        () => s.asr.replicationProtectedItems.beginTestFailover(vault, rg, site, container, otherProtectedVm, { properties: { networkType: 'VmNetworkAsInput' } }),
        /properties\.networkId/,
      ],
      [
        'failover direction',
        () => s.asr.replicationProtectedItems.beginUnplannedFailover(vault, rg, site, container, otherProtectedVm, { properties: { failoverDirection: 'RecoveryToPrimary' } }),
        /failoverDirection/,
      ],
      [
        'recovery point',
        () =>
          s.asr.replicationProtectedItems.beginUnplannedFailover(vault, rg, site, container, otherProtectedVm, {
            properties: { providerSpecificDetails: { instanceType: 'HyperVReplicaAzure', recoveryPointId: '/subscriptions/x/recoveryPoints/nope' } },
          }),
        /recoveryPointId/,
      ],
    ];
    for (const [what, call, field] of bad) {
      await assert.rejects(call(), (e: unknown) => {
        const r = e as RestError;
        assert.equal(r.statusCode, 400, `${what}: ${r.message}`);
        const target = (JSON.parse(r.response?.bodyAsText ?? '{}') as { error?: { target?: string } }).error?.target ?? '';
        assert.match(target, field, `${what} names the field`);
        return true;
      });
    }
    await assert.rejects(s.asr.replicationPolicies.get(vault, rg, 'p2'), (e: unknown) => isRestError(e, 404, 'ResourceNotFound'));
  });

  it('answers 404 for unknown vaults, sites, items and jobs', async () => {
    await assert.rejects(s.asr.replicationFabrics.get('Nope', rg, site), (e: unknown) => isRestError(e, 404, 'ResourceNotFound'));
    await assert.rejects(s.asr.replicationFabrics.get(vault, rg, 'Nope'), (e: unknown) => isRestError(e, 404, 'ResourceNotFound'));
    await assert.rejects(s.asr.replicationJobs.get(vault, rg, 'nope'), (e: unknown) => isRestError(e, 404, 'ResourceNotFound'));
    await assert.rejects(s.asr.replicationFabrics.get(vault, 'NoSuchRG', site), (e: unknown) => isRestError(e, 404, 'ResourceGroupNotFound'));
  });

  it('still lets an allowed action through afterwards', async () => {
    const ok = await s.asr.replicationProtectedItems
      .beginUnplannedFailoverAndWait(vault, rg, site, container, replicatingVm, { properties: { providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } }, fastPoll)
      .catch((e: RestError) => e);
    assert.ok(isRestError(ok, 409, 'OperationNotAllowed'), 'initial replication still refuses failover');
  });
});
