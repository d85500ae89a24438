/**
 * The lab checks the enable-protection body as the service does (issue 10 §2), each rule shown
 * failing once on a deliberately wrong body:
 * - the recorded refusal: targetStorageAccountId WITH useManagedDisksForReplication is taken (202)
 *   and its job fails the prerequisites check with 6001 (Az PowerShell session record
 *   CreateRPIWithMangedDisksForReplication.json @04b26511), and nothing stays protected;
 * - the recorded acceptance of the same file @ef1f66a1 (logStorageAccountId, no target account);
 * - the spec's types and enums: "booleans" are strings, diskType / licenseType enums (400 naming the field).
 */
import assert from 'node:assert/strict';
import { osDiskId } from '../journeySteps';
import { rawRequest, type RawResponse } from '../rawHttp';
import { fastPoll, openLab, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v03 = '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b'; // ramh157v03, not protected

describe('lab: the enable-protection body, as the service checks it', function () {
  this.timeout(60000);
  let s: LabSession;
  let storage: string;

  before(async () => {
    s = await openLab({ speed: 200 });
    storage = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/ramdrstorage01`;
  });
  after(async () => s.lab.stop());

  /** The PUT through the real SDK (its serializer included); the job name, or the result when `wait`. */
  async function body(details: Record<string, unknown>): Promise<object> {
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, v03);
    const policy = await s.asr.replicationPolicies.get(vault, rg, 'RAM-Policy');
    return {
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
          targetAzureV2ResourceGroupId: `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Recovery-RG`,
          ...details,
        },
      },
    };
  }

  /** The PUT on the wire as given (no SDK serializer, which would refuse a boolean itself). */
  async function put(details: Record<string, unknown>): Promise<RawResponse> {
    return rawRequest(
      `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/${site}/replicationProtectionContainers/${container}/replicationProtectedItems/${v03}?api-version=2023-06-01`,
      {
        method: 'PUT',
        token: s.lab.token,
        ca: s.lab.caCertPem,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(await body(details)),
      },
    );
  }

  it('targetStorageAccountId with useManagedDisksForReplication: accepted (202), then the job fails with 6001 as recorded, and the VM stays unprotected', async () => {
    const res = await put({ targetStorageAccountId: storage, useManagedDisksForReplication: 'True' });
    assert.equal(res.status, 202, res.text);
    const jobName =
      String(res.headers['azure-asyncoperation'] ?? '')
        .split('?')[0]
        .split('/')
        .pop() ?? '';
    assert.match(jobName, /^[0-9a-f-]{36}$/, 'the request was taken and a job started');
    let job = await s.asr.replicationJobs.get(vault, rg, jobName);
    for (let i = 0; i < 200 && job.properties?.state === 'InProgress'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = await s.asr.replicationJobs.get(vault, rg, jobName);
    }
    assert.equal(job.properties?.state, 'Failed');
    const error = job.properties?.errors?.[0]?.serviceErrorDetails;
    assert.equal(error?.code, '6001');
    assert.equal(error?.message, 'Parameters are not correct.');
    assert.match(
      error?.possibleCauses ?? '',
      /Only one of the following input parameters are expected not both\s+a\) either storageAccountId\s+b\) or useManagedDisksForReplication/,
    );
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, v03);
    assert.equal(protectable.properties?.protectionStatus, 'Unprotected');
  });

  it('"booleans" are strings and the enums are the spec\'s: anything else is 400 naming the field, and nothing starts', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ logStorageAccountId: storage, useManagedDisksForReplication: true }, 'properties.providerSpecificDetails.useManagedDisksForReplication'],
      [{ logStorageAccountId: storage, useManagedDisksForReplication: 'Yes' }, 'properties.providerSpecificDetails.useManagedDisksForReplication'],
      [{ logStorageAccountId: storage, useManagedDisksForReplication: 'True', diskType: 'UltraSSD_LRS' }, 'properties.providerSpecificDetails.diskType'],
      [{ logStorageAccountId: storage, useManagedDisksForReplication: 'True', licenseType: 'Windows' }, 'properties.providerSpecificDetails.licenseType'],
      [{ logStorageAccountId: storage, useManagedDisksForReplication: 'True', sqlServerLicenseType: 'Free' }, 'properties.providerSpecificDetails.sqlServerLicenseType'],
      [{ logStorageAccountId: `${storage}-gone`, useManagedDisksForReplication: 'True' }, 'properties.providerSpecificDetails.logStorageAccountId'],
    ];
    for (const [details, target] of bad) {
      const res = await put(details);
      assert.equal(res.status, 400, `${JSON.stringify(details)}: ${res.text}`);
      assert.equal((JSON.parse(res.text) as { error?: { code?: string; target?: string } }).error?.target, target);
    }
    const protectable = await s.asr.replicationProtectableItems.get(vault, rg, site, container, v03);
    assert.equal(protectable.properties?.protectionStatus, 'Unprotected');
  });

  it('the body the service accepted in 2024 (logStorageAccountId, useManagedDisksForReplication "True") protects the VM', async () => {
    // Through the real SDK this time, to the end of its poller.
    await s.asr.replicationProtectedItems.beginCreateAndWait(
      vault,
      rg,
      site,
      container,
      v03,
      await body({ logStorageAccountId: storage, useManagedDisksForReplication: 'True' }),
      fastPoll,
    );
    const item = await s.asr.replicationProtectedItems.get(vault, rg, site, container, v03);
    assert.ok(['InitialReplicationInProgress', 'Protected'].includes(item.properties?.protectionState ?? ''), item.properties?.protectionState);
  });
});
