/**
 * The test failover's test VM, as the evidence says (docs/evidence/recovery-confidence.md §3, §5, §7):
 * - once the boot task has ended, the TFO job's customDetails (TestFailoverJobDetails) name the test
 *   VM `<recovery VM name>-test`, its network and subnet, and the recovery point used (a bare name and
 *   its time), as in azure-powershell's TestTFO.json; the item's failoverRecoveryPointId is that point;
 * - Azure Compute answers GET …/virtualMachines/{name} and …/instanceView for it in the item's recovery
 *   resource group: ProvisioningState/creating and PowerState/starting, then succeeded and running;
 * - once the cleanup has ended, both answer 404 ResourceNotFound.
 * Microsoft.Compute has no SDK in the project: raw HTTPS with the lab's CA, as an SDK sends it.
 */
import assert from 'node:assert/strict';
import type { TestFailoverJobDetails } from '@azure/arm-recoveryservices-siterecovery';
import { armError, at, jsonObject, rawRequest, type JsonValue, type RawResponse } from '../rawHttp';
import { eventually, fastPoll, openLab, type LabSession } from '../support';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected
const computeApi = '2024-07-01';

describe('lab: the test failover VM in Azure Compute and the TFO job that names it', function () {
  this.timeout(60000);
  let s: LabSession;
  const compute = (path: string): Promise<RawResponse> =>
    rawRequest(`${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}${path}${path.includes('?') ? '&' : '?'}api-version=${computeApi}`, {
      token: s.lab.issueToken(),
      ca: s.lab.caCertPem,
    });
  const powerState = (view: JsonValue | undefined): string | undefined => {
    const statuses = at(view, 'statuses');
    if (!Array.isArray(statuses)) return undefined;
    const codes = statuses.map((x) => at(x, 'code')).filter((c): c is string => typeof c === 'string');
    return codes.find((c) => c.startsWith('PowerState/'));
  };

  before(async () => {
    // 30 times faster than Azure: the 30 nominal seconds of PowerState/starting last a real second.
    s = await openLab({ speed: 30 });
  });
  after(async () => s.lab.stop());

  it('names the test VM in the job, creates it starting then running, and deletes it at cleanup', async () => {
    const before = await s.asr.replicationProtectedItems.get(vault, rg, site, container, v01);
    const psd = before.properties?.providerSpecificDetails as { recoveryAzureVmName: string; recoveryAzureResourceGroupId: string; selectedRecoverySubnetName?: string };
    const vmName = `${psd.recoveryAzureVmName}-test`;
    const targetRg = psd.recoveryAzureResourceGroupId.split('/').pop() ?? '';
    const vmPath = `/resourceGroups/${targetRg}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
    const absent = await compute(vmPath);
    assert.equal(absent.status, 404);
    assert.equal(armError(absent).code, 'ResourceNotFound');

    const networkId = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet`;
    const poller = await s.asr.replicationProtectedItems.beginTestFailover(
      vault,
      rg,
      site,
      container,
      v01,
      { properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'VmNetworkAsInput', networkId, providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } },
      fastPoll,
    );
    const jobName = (await s.asr.replicationProtectedItems.get(vault, rg, site, container, v01)).properties?.currentScenario?.jobId?.split('/').pop() ?? '';
    const early = await s.asr.replicationJobs.get(vault, rg, jobName);
    // Earlier polls: TestFailoverJobDetails with "protectedItemDetails": [] (TestTFO.json).
    assert.equal(early.properties?.customDetails?.instanceType, 'TestFailoverJobDetails');
    assert.deepEqual((early.properties?.customDetails as { protectedItemDetails: unknown[] }).protectedItemDetails, []);
    const item = await poller.pollUntilDone();

    const starting = await compute(`${vmPath}/instanceView`);
    assert.equal(starting.status, 200);
    assert.equal(powerState(jsonObject(starting)), 'PowerState/starting');
    assert.equal(at((at(jsonObject(starting), 'statuses') as JsonValue[])[0], 'code'), 'ProvisioningState/creating');

    const job = await s.asr.replicationJobs.get(vault, rg, jobName);
    const custom = job.properties?.customDetails as TestFailoverJobDetails;
    assert.equal(custom.instanceType, 'TestFailoverJobDetails');
    assert.equal(custom.testFailoverStatus, 'Active');
    assert.equal(custom.networkName, 'ram-test-vnet');
    assert.equal(custom.networkType, 'VmNetworkAsInput');
    const details = custom.protectedItemDetails?.[0] ?? {};
    assert.equal(details.name, v01);
    assert.equal(details.friendlyName, 'ramh157v01');
    assert.equal(details.testVmName, vmName);
    assert.equal(details.testVmFriendlyName, vmName);
    assert.equal(details.networkConnectionStatus, 'Connected');
    assert.equal(details.networkFriendlyName, 'ram-test-vnet');
    // No subnet of the item's name in the test network: the first subnet alphabetically (azure-docs).
    assert.equal(details.subnet, 'isolated');
    assert.match(details.recoveryPointId ?? '', /^[0-9a-f-]{36}$/, 'a bare point name, not an ARM id');
    assert.ok(details.recoveryPointTime && job.properties?.startTime && details.recoveryPointTime <= job.properties.startTime, 'the point predates the job');
    assert.equal(item.properties?.failoverRecoveryPointId?.split('/').pop(), details.recoveryPointId);
    assert.ok(item.properties?.failoverRecoveryPointId?.includes(`/replicationProtectedItems/${v01}/recoveryPoints/`));

    const running = await eventually('the test VM running', async () => {
      const view = jsonObject(await compute(`${vmPath}/instanceView`));
      return powerState(view) === 'PowerState/running' ? view : undefined;
    });
    assert.equal(at((at(running, 'statuses') as JsonValue[])[0], 'code'), 'ProvisioningState/succeeded');
    const vm = jsonObject(await compute(`${vmPath}?$expand=instanceView`));
    assert.equal(at(vm, 'name'), vmName);
    assert.equal(at(vm, 'type'), 'Microsoft.Compute/virtualMachines');
    assert.equal(at(vm, 'properties.provisioningState'), 'Succeeded');
    assert.equal(powerState(at(vm, 'properties.instanceView')), 'PowerState/running');

    await s.asr.replicationProtectedItems.beginTestFailoverCleanupAndWait(vault, rg, site, container, v01, { properties: { comments: 'drill done' } }, fastPoll);
    for (const path of [vmPath, `${vmPath}/instanceView`]) {
      const gone = await compute(path);
      assert.equal(gone.status, 404, path);
      assert.equal(armError(gone).code, 'ResourceNotFound');
    }
  });
});
