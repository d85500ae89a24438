/**
 * Value-level wire fidelity (issue 10 §6): not only the keys (wireFidelity.test.ts) but the VALUES
 * of the enum-like fields the extension decides on must be values the real service uses. The
 * vocabulary is every value of those fields in the recorded traffic (fixtures/asrVocabulary.json,
 * written by scripts/recordingVocabulary.ts from shared/reference/asr-recordings). A value the lab
 * emits that no recording shows must be listed below with the source that documents it; anything
 * else fails. Then the states the recordings pin down exactly: protectable items (every disk "Data",
 * osDetails null), the OS disk label after protection, the test failover state.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { osDiskId } from '../journeySteps';
import { fastPoll, openLab, type LabSession, eventually } from '../support';
import { at, isJsonObject, jsonObject, rawRequest, str, valueOf, type JsonObject, type JsonValue } from '../rawHttp';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v03 = '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b'; // ramh157v03: not protected, generation 2, two disks
const apiVersion = '2023-06-01';

const vocabulary = (JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'asrVocabulary.json'), 'utf8')) as { values: Record<string, string[]> }).values;

/**
 * Values the lab emits that the recordings do not show, each with the source that documents it.
 * Keep this list short: every entry is a place where the lab is ahead of the evidence.
 */
const documentedElsewhere: Record<string, Record<string, string>> = {
  protectionState: {
    PlannedFailoverCommitRequired:
      'asr-api-facts.md 1.3 (REST spec examples): "PlannedFailoverCommitRequired → Planned failover finished"; no recording of a planned failover to Azure',
    PlannedFailoverCommitted: 'by analogy with the recorded UnplannedFailoverCommitted; unverified (docs/azure-fidelity.md)',
    UnprotectedStatesBegin: 'asr-api-facts.md 1.3: vmProtectionState "UnprotectedStatesBegin → Enabling protection" while the enable job runs (recorded as vmProtectionState)',
  },
  protectionStateDescription: {
    'Planned failover finished': 'asr-api-facts.md 1.3 (REST spec examples)',
    'Enabling protection': 'recorded as vmProtectionStateDescription (CreateProtectedItem.json)',
    'Cleanup test failover pending': 'spec example ReplicationProtectedItems_TestFailover.json: "protectionStateDescription": "Cleanup test failover pending"',
  },
  vmProtectionState: {
    PlannedFailoverCommitRequired: 'as protectionState above',
    PlannedFailoverCommitted: 'as protectionState above',
    InitialReplicationInProgress: 'recorded as protectionState (CreateProtectedItem.json); unverified as vmProtectionState',
  },
  useManagedDisks: {
    true: 'Az PowerShell session record UpdateRPIWithMangedDisksForReplication.json @c953c8be: "useManagedDisks": "true" for an item replicating to managed disks',
  },
  allowedOperations: {},
  recoveryPointType: {
    ApplicationConsistent: 'spec enum RecoveryPointType / asr-api-facts.md 1.3 "recoveryPointType CrashConsistent|ApplicationConsistent"',
  },
  hasSharedVhd: {
    Present: 'unverified: no recorded VM had a shared VHDX (docs/azure-fidelity.md)',
  },
  hasPhysicalDisk: {
    Present: 'unverified: no recorded VM had a pass-through disk (docs/azure-fidelity.md)',
  },
  hasFibreChannelAdapter: {
    Present: 'unverified: no recorded VM had a Fibre Channel adapter (docs/azure-fidelity.md)',
  },
  instanceType: {},
  testFailoverState: {},
};

/** Every (field, value) of the vocabulary's fields in a body that neither the recordings nor the list above know. */
export function unknownValues(body: JsonValue, where: string, out: string[] = []): string[] {
  if (Array.isArray(body)) {
    body.forEach((x, i) => unknownValues(x, `${where}[${i}]`, out));
    return out;
  }
  if (!isJsonObject(body)) return out;
  for (const [k, v] of Object.entries(body)) {
    const known = vocabulary[k];
    if (known !== undefined) {
      const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      for (const value of values) {
        if (!known.includes(value) && documentedElsewhere[k]?.[value] === undefined) out.push(`${where}.${k} = ${JSON.stringify(value)}`);
      }
    }
    unknownValues(v, `${where}.${k}`, out);
  }
  return out;
}

describe('lab wire fidelity: values of the enum-like fields', function () {
  this.timeout(120000);
  let s: LabSession;
  let V: string;
  let C: string;
  const seen: { where: string; body: JsonObject }[] = [];

  const get = async (p: string): Promise<JsonObject> => {
    const res = await rawRequest(`${s.lab.endpoint}${p}${p.includes('?') ? '&' : '?'}api-version=${apiVersion}`, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(res.status, 200, `GET ${p}: ${res.text.slice(0, 300)}`);
    const body = jsonObject(res);
    seen.push({ where: p.replace(V, '{vault}'), body });
    return body;
  };
  const item = (): Promise<JsonObject> => get(`${C}/replicationProtectedItems/${v03}`);

  before(async () => {
    s = await openLab({ speed: 200 });
    V = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
    C = `${V}/replicationFabrics/${site}/replicationProtectionContainers/${container}`;
  });
  after(async () => s.lab.stop());

  it('can fail: a body with made-up values (a state, an operation, a disk type) is reported', () => {
    const wrong = { properties: { protectionState: 'ProtectedAndHappy', allowedOperations: ['TestFailover', 'Teleport'], customDetails: { diskDetails: [{ vhdType: 'Boot' }] } } };
    assert.deepEqual(unknownValues(wrong, 'x'), [
      'x.properties.protectionState = "ProtectedAndHappy"',
      'x.properties.allowedOperations = "Teleport"',
      'x.properties.customDetails.diskDetails[0].vhdType = "Boot"',
    ]);
  });

  it('protectable items are as recorded: every disk "Data", osDetails null, hasSharedVhd "Unknown", generation a string', async () => {
    const items = valueOf(await get(`${C}/replicationProtectableItems`));
    assert.ok(items.length > 2);
    for (const p of items) {
      const custom = at(p, 'properties.customDetails');
      assert.ok(isJsonObject(custom));
      assert.equal(custom.osDetails, null, `${str(at(p, 'properties.friendlyName'))}: osDetails null (29 of 29 recorded)`);
      const disks = custom.diskDetails;
      assert.ok(Array.isArray(disks) && disks.length > 0);
      for (const d of disks) assert.equal(at(d, 'vhdType'), 'Data', 'every protectable disk is "Data" (29 of 29 recorded)');
      assert.equal(typeof custom.generation, 'string');
      if (str(at(p, 'properties.friendlyName')) === 'ramh157v03') assert.equal(custom.hasSharedVhd, 'Unknown');
    }
  });

  it('through the whole journey, every value of those fields is one the real service uses (or is documented above)', async () => {
    for (const p of [
      `${V}/replicationFabrics`,
      `${V}/replicationRecoveryServicesProviders`,
      `${V}/replicationProtectionContainers`,
      `${C}/replicationProtectionContainerMappings`,
      `${V}/replicationPolicies`,
      `${V}/replicationProtectedItems`,
    ])
      await get(p);
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, v03);
    const policy = await s.asr.replicationPolicies.get(vault, rg, 'RAM-Policy');
    const storage = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`;
    // The body Az PowerShell's 2024 recording shows accepted (replication to managed disks).
    await s.asr.replicationProtectedItems.beginCreateAndWait(
      vault,
      rg,
      site,
      container,
      v03,
      {
        properties: {
          policyId: policy.id,
          protectableItemId: protectable.id,
          providerSpecificDetails: {
            instanceType: 'HyperVReplicaAzure',
            hvHostVmId: v03,
            vmName: 'ramh157v03',
            osType: 'Windows',
            vhdId: osDiskId(protectable, 'ramh157v03-os'),
            targetAzureVmName: 'ramh157v03',
            logStorageAccountId: storage,
            targetAzureV2ResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
            useManagedDisksForReplication: 'True',
          },
        },
      },
      fastPoll,
    );
    const replicating = await item();
    // After protection the named disk is "OperatingSystem", the other "Data" (CreateProtectedItem.json entries 8, 9).
    assert.deepEqual(
      (at(replicating, 'properties.providerSpecificDetails.azureVmDiskDetails') as JsonObject[]).map((d) => `${str(d.vhdName)}:${str(d.vhdType)}`),
      ['ramh157v03-os:OperatingSystem', 'ramh157v03-sql:Data'],
    );
    assert.equal(at(replicating, 'properties.providerSpecificDetails.recoveryAzureStorageAccount'), null);
    assert.equal(at(replicating, 'properties.providerSpecificDetails.useManagedDisks'), 'true');
    await eventually('Protected', async () => (at(await item(), 'properties.protectionState') === 'Protected' ? true : undefined), 60000);
    await get(`${C}/replicationProtectedItems/${v03}/recoveryPoints`);
    await s.asr.replicationProtectedItems.beginTestFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v03,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'NoNetworkAttachAsInput', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    const afterTfo = await item();
    // As recorded in TestFailover.json entry 6.
    assert.equal(at(afterTfo, 'properties.testFailoverState'), 'WaitingForCompletion');
    assert.equal(at(afterTfo, 'properties.testFailoverStateDescription'), 'Waiting for user input');
    assert.deepEqual(at(afterTfo, 'properties.allowedOperations'), ['DisableProtection', 'TestFailoverCleanup']);
    await s.asr.replicationProtectedItems.beginTestFailoverCleanupAndWait(vault, rg, site, container, v03, { properties: { comments: 'drill' } }, fastPoll);
    await item();
    await s.asr.replicationProtectedItems.beginUnplannedFailoverAndWait(
      vault,
      rg,
      site,
      container,
      v03,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', sourceSiteOperations: 'NotRequired', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    await item();
    await s.asr.replicationProtectedItems.beginFailoverCommitAndWait(vault, rg, site, container, v03, fastPoll);
    await item();
    await get(`${V}/replicationProtectedItems`);

    const problems = seen.flatMap(({ where, body }) => unknownValues(body, where));
    assert.deepEqual(problems, [], `values no recording shows and nothing documents:\n  ${problems.join('\n  ')}`);
  });
});
