/**
 * What a readiness check reads from Azure, served by the lab as the evidence says
 * (docs/evidence/recovery-confidence.md §5, §6), and the lab's control API that breaks each condition:
 * - Compute usages (a `cores` entry and per-family entries) and resource SKUs for a location
 *   (capabilities as strings, a NotAvailableForSubscription restriction), raw HTTPS as an SDK sends it,
 *   and through @azure/arm-compute (the client the extension uses);
 * - subnet GET and its 404 once deleted, and CheckIPAddressAvailability, through @azure/arm-network.
 */
import assert from 'node:assert/strict';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { armError, at, jsonObject, rawRequest, type JsonValue } from '../rawHttp';
import { labControl } from '../servicesSupport';
import { openLab, type LabSession } from '../support';

const networkRg = 'RAM-Network-RG';

describe('lab: Compute usages and SKUs, subnets and private IP availability for readiness checks', function () {
  this.timeout(60000);
  let s: LabSession;
  let network: NetworkManagementClient;
  const compute = async (path: string, apiVersion: string): Promise<JsonValue[]> => {
    const sep = path.includes('?') ? '&' : '?';
    const res = await rawRequest(`${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/providers/Microsoft.Compute${path}${sep}api-version=${apiVersion}`, {
      token: s.lab.issueToken(),
      ca: s.lab.caCertPem,
    });
    assert.equal(res.status, 200, res.text);
    const value = at(jsonObject(res), 'value');
    assert.ok(Array.isArray(value));
    return value;
  };
  const usage = async (name: string): Promise<JsonValue | undefined> => (await compute('/locations/westeurope/usages', '2024-07-01')).find((u) => at(u, 'name.value') === name);
  const sku = async (name: string): Promise<JsonValue | undefined> =>
    (await compute(`/skus?$filter=${encodeURIComponent("location eq 'westeurope'")}`, '2021-07-01')).find((x) => at(x, 'name') === name);

  before(async () => {
    s = await openLab({ speed: 1000 });
    network = new NetworkManagementClient(s.credential, s.lab.subscriptionId, s.clientOptions);
  });
  after(async () => s.lab.stop());

  it('usages: the regional total (cores) and each family, Count with currentValue and limit; a family put at its limit', async () => {
    const cores = await usage('cores');
    assert.deepEqual(cores, { unit: 'Count', currentValue: 0, limit: 20, name: { value: 'cores', localizedValue: 'Total Regional vCPUs' } });
    assert.equal(at(await usage('standardDSv3Family'), 'name.localizedValue'), 'Standard DSv3 Family vCPUs');
    await labControl(s.lab, 'POST', '/_lab/compute/quota', { family: 'standardDSv3Family', inUse: 10, limit: 10 });
    const full = await usage('standardDSv3Family');
    assert.equal(at(full, 'currentValue'), at(full, 'limit'));
  });

  it('skus: the catalogue for a location, vCPUs as strings, the family as the usage name; a restricted size', async () => {
    const d2 = await sku('Standard_D2s_v3');
    assert.equal(at(d2, 'resourceType'), 'virtualMachines');
    assert.equal(at(d2, 'family'), 'standardDSv3Family');
    assert.deepEqual(at(d2, 'locations'), ['westeurope']);
    const capabilities = at(d2, 'capabilities') as JsonValue[];
    assert.deepEqual(
      capabilities.find((c) => at(c, 'name') === 'vCPUs'),
      { name: 'vCPUs', value: '2' },
    );
    assert.deepEqual(at(d2, 'restrictions'), []);
    await labControl(s.lab, 'POST', '/_lab/compute/sku', { size: 'Standard_D2s_v3', restricted: true });
    assert.deepEqual(at(await sku('Standard_D2s_v3'), 'restrictions'), [
      { type: 'Location', values: ['westeurope'], restrictionInfo: { locations: ['westeurope'] }, reasonCode: 'NotAvailableForSubscription' },
    ]);
    const bad = await rawRequest(
      `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=${encodeURIComponent("name eq 'x'")}`,
      {
        token: s.lab.issueToken(),
        ca: s.lab.caCertPem,
      },
    );
    assert.equal(bad.status, 400);
    assert.equal(armError(bad).code, 'InvalidFilter');
  });

  it('@azure/arm-compute reads the same usages and SKUs (its api-versions 2025-04-01 and 2021-07-01)', async () => {
    const client = new ComputeManagementClient(s.credential, s.lab.subscriptionId, s.clientOptions);
    const usages = [];
    for await (const u of client.usageOperations.list('westeurope')) usages.push(u);
    const cores = usages.find((u) => u.name.value === 'cores');
    assert.equal(cores?.unit, 'Count');
    assert.equal(typeof cores?.limit, 'number');
    const skus = [];
    for await (const x of client.resourceSkus.list({ filter: "location eq 'westeurope'" })) skus.push(x);
    const d2 = skus.find((x) => x.name === 'Standard_D2s_v3');
    assert.equal(d2?.family, 'standardDSv3Family');
    assert.equal(d2?.capabilities?.find((c) => c.name === 'vCPUs')?.value, '2');
    await assert.rejects(client.virtualMachines.instanceView('RAM-DR-RG', 'no-such-vm'), (e: { statusCode?: number }) => e.statusCode === 404);
  });

  it('CheckIPAddressAvailability: the 5 reserved addresses, NICs the lab knows, free ones', async () => {
    const reserved = await network.virtualNetworks.checkIPAddressAvailability(networkRg, 'ram-dr-vnet', '10.20.1.1');
    assert.equal(reserved.available, false);
    assert.equal(reserved.isPlatformReserved, true);
    assert.deepEqual(reserved.availableIPAddresses, ['10.20.1.4', '10.20.1.5', '10.20.1.6', '10.20.1.7', '10.20.1.8']);
    assert.equal((await network.virtualNetworks.checkIPAddressAvailability(networkRg, 'ram-dr-vnet', '10.20.1.255')).isPlatformReserved, true);
    assert.deepEqual(await network.virtualNetworks.checkIPAddressAvailability(networkRg, 'ram-dr-vnet', '10.20.1.4'), { available: true });

    await labControl(s.lab, 'POST', '/_lab/subnets', { resourceGroup: networkRg, virtualNetwork: 'ram-dr-vnet', subnet: 'servers', usedAddresses: ['10.20.1.4', '10.20.1.6'] });
    const taken = await network.virtualNetworks.checkIPAddressAvailability(networkRg, 'ram-dr-vnet', '10.20.1.4');
    assert.equal(taken.available, false);
    assert.equal(taken.isPlatformReserved, undefined);
    assert.deepEqual(taken.availableIPAddresses, ['10.20.1.5', '10.20.1.7', '10.20.1.8', '10.20.1.9', '10.20.1.10']);
  });

  it('subnet GET answers its addressPrefix, and 404 once the lab deletes it', async () => {
    const subnet = await network.subnets.get(networkRg, 'ram-dr-vnet', 'default');
    assert.equal(subnet.addressPrefix, '10.20.0.0/24');
    await labControl(s.lab, 'POST', '/_lab/subnets', { resourceGroup: networkRg, virtualNetwork: 'ram-dr-vnet', subnet: 'default', deleted: true });
    await assert.rejects(
      network.subnets.get(networkRg, 'ram-dr-vnet', 'default'),
      (e: { statusCode?: number; code?: string }) => e.statusCode === 404 && e.code === 'ResourceNotFound',
    );
    const left: string[] = [];
    for await (const x of network.subnets.list(networkRg, 'ram-dr-vnet')) left.push(x.name ?? '');
    assert.deepEqual(left, ['servers']);
  });
});
