/**
 * Compute and Network through the real SDK and our service layer (issue 16 §1;
 * docs/evidence/compute-network.md): the update of a protected item (PATCH, an UpdateVmProperties job),
 * the lab's refusals in ARM's error shape, the item's wire afterwards (name, size, network, the NIC's
 * recovery subnet and static IP), the test failover's test VM taking that address on its NIC, and the
 * planned failover's Azure VM taking it too.
 */
import assert from 'node:assert/strict';
import type { HyperVReplicaAzureReplicationDetails, ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { siteRecoveryClient } from '../../src/services/azure/clients';
import { buildComputeNetworkInput, hyperVAzureDetails, updateComputeAndNetwork } from '../../src/services/azure/computeAndNetwork';
import { getJob } from '../../src/services/azure/jobs';
import { readIp } from '../../src/readiness/readinessReads';
import { labArmGet, vmPrivateAddress } from './labArm';
import { openServices, type ServicesSession } from './servicesSupport';
import { eventually, fastPoll } from './support';

const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290'; // ramh157v01, Protected

describe('lab: Compute and Network of a protected VM (update, refusals, wire, test VM address)', function () {
  this.timeout(90000);
  let s: ServicesSession;
  let drVnet: string;
  const item = (): Promise<ReplicationProtectedItem> => siteRecoveryClient(s.vctx()).replicationProtectedItems.get(s.lab.vault, s.lab.resourceGroup, site, container, v01);
  const details = async (): Promise<HyperVReplicaAzureReplicationDetails> => hyperVAzureDetails(await item()) as HyperVReplicaAzureReplicationDetails;

  before(async () => {
    s = await openServices({ speed: 100 });
    drVnet = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet`;
  });
  after(async () => s.lab.stop());

  it('refuses what Azure networking could not give, in ARM error shape, without a job', async () => {
    const current = await item();
    const nicId = hyperVAzureDetails(current)?.vmNics?.[0]?.nicId ?? '';
    const send = (ip: string): Promise<unknown> => {
      const input = buildComputeNetworkInput(current, { networkId: drVnet, nics: [{ nicId, subnetName: 'default', staticIp: ip }] });
      return siteRecoveryClient(s.vctx()).replicationProtectedItems.beginUpdate(s.lab.vault, s.lab.resourceGroup, site, container, v01, input, fastPoll);
    };
    for (const [ip, words] of [
      ['10.20.0.3', /reserved by Azure/],
      ['10.20.0.255', /reserved by Azure/],
      ['10.20.1.10', /not in the subnet 'default'/],
      ['10.20.0.300', /not a valid IPv4/],
    ] as const) {
      await assert.rejects(send(ip), (e: { statusCode?: number; code?: string; message?: string }) => {
        assert.equal(e.statusCode, 400, ip);
        assert.equal(e.code, 'InvalidParameter', ip);
        assert.match(e.message ?? '', words, ip);
        return true;
      });
    }
    const size = siteRecoveryClient(s.vctx()).replicationProtectedItems.beginUpdate(
      s.lab.vault,
      s.lab.resourceGroup,
      site,
      container,
      v01,
      { properties: { recoveryAzureVMSize: 'Standard_Nope' } },
      fastPoll,
    );
    await assert.rejects(size, (e: { statusCode?: number; code?: string }) => e.statusCode === 400 && e.code === 'InvalidParameter');
    assert.equal((await item()).properties?.currentScenario?.scenarioName, 'None', 'no job was started');
  });

  it('runs the update as an UpdateVmProperties job and shows the new settings on the item', async () => {
    const current = await item();
    const nicId = hyperVAzureDetails(current)?.vmNics?.[0]?.nicId ?? '';
    const op = await updateComputeAndNetwork(
      s.vctx(),
      current,
      { vmName: 'ramh157v01-dr', vmSize: 'Standard_D2s_v3', networkId: drVnet, nics: [{ nicId, subnetName: 'default', staticIp: '10.20.0.10' }] },
      fastPoll,
    );
    assert.match(op.jobName, /^[0-9a-f-]{36}$/);
    const job = await getJob(s.vctx(), op.jobName);
    assert.equal(job.properties?.scenarioName, 'UpdateVmProperties');
    assert.equal(job.properties?.targetObjectName, 'ramh157v01');
    await op.result();
    const done = await getJob(s.vctx(), op.jobName);
    assert.equal(done.properties?.state, 'Succeeded');
    const d = await details();
    assert.equal(d.recoveryAzureVmName, 'ramh157v01-dr');
    assert.equal(d.recoveryAzureVMSize, 'Standard_D2s_v3');
    assert.equal(d.selectedRecoveryAzureNetworkId, drVnet);
    const nic = d.vmNics?.[0];
    assert.equal(nic?.recoveryVMNetworkId, drVnet);
    assert.equal(nic?.ipConfigs?.[0]?.recoverySubnetName, 'default');
    assert.equal(nic?.ipConfigs?.[0]?.recoveryStaticIPAddress, '10.20.0.10');
    assert.equal(nic?.ipConfigs?.[0]?.recoveryIPAddressType, 'Static');
  });

  it('gives the test VM the static IP on its NIC when the test network has the subnet, and frees it at cleanup', async () => {
    // The test VM is ramh157v01-dr-test (the name set above); the test network: ram-dr-vnet itself, which has the subnet 'default'.
    const rp = siteRecoveryClient(s.vctx()).replicationProtectedItems;
    await rp.beginTestFailoverAndWait(
      s.lab.vault,
      s.lab.resourceGroup,
      site,
      container,
      v01,
      {
        properties: { failoverDirection: 'PrimaryToRecovery', networkType: 'VmNetworkAsInput', networkId: drVnet, providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } },
      },
      fastPoll,
    );
    const rg = ((await details()).recoveryAzureResourceGroupId ?? '').split('/').pop() ?? '';
    const testVm = await vmPrivateAddress(s.lab, `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/ramh157v01-dr-test`);
    assert.equal(testVm.address, '10.20.0.10');
    assert.equal(testVm.allocation, 'Static');
    const taken = await readIp(s.ctx, drVnet, '10.20.0.10');
    assert.deepEqual('available' in taken && taken.available, false, 'the test VM holds the address');
    await rp.beginTestFailoverCleanupAndWait(s.lab.vault, s.lab.resourceGroup, site, container, v01, { properties: { comments: 'ok' } }, fastPoll);
    const free = await eventually('the address freed', async () => {
      const a = await readIp(s.ctx, drVnet, '10.20.0.10');
      return 'available' in a && a.available ? a : undefined;
    });
    assert.ok(free);
    assert.equal((await labArmGet(s.lab, testVm.nicId, '2024-05-01')).status, 404);
  });

  it('a planned failover creates the Azure VM (the name set above) with the static IP on its NIC in the recovery network', async () => {
    const before = Date.now();
    await siteRecoveryClient(s.vctx()).replicationProtectedItems.beginPlannedFailoverAndWait(
      s.lab.vault,
      s.lab.resourceGroup,
      site,
      container,
      v01,
      { properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } },
      fastPoll,
    );
    const d = await details();
    const rg = (d.recoveryAzureResourceGroupId ?? '').split('/').pop() ?? '';
    const failoverVm = await vmPrivateAddress(
      s.lab,
      `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${d.recoveryAzureVmName ?? ''}`,
    );
    assert.equal(failoverVm.address, '10.20.0.10');
    assert.equal(failoverVm.allocation, 'Static');
    assert.match(failoverVm.nicId, /\/resourceGroups\/RAM-Recovery-RG\/providers\/Microsoft\.Network\/networkInterfaces\/ramh157v01-dr-nic$/);
    assert.ok(failoverVm.created >= before - 60_000, 'created by this failover');
    const taken = await readIp(s.ctx, drVnet, '10.20.0.10');
    assert.deepEqual('available' in taken && taken.available, false, 'the failover VM holds the address');
  });
});
