/**
 * Where the VM lands (issue 16 §1): the landing rows of the Failover wizard (network, subnet, address
 * per adapter; for a test failover the test network, with ASR's choice of subnet), the warning when
 * a test failover would use the production network (the item's own network, or one connected to the
 * site), its modal question before Start, and what lets clients reconnect for a real failover.
 * The wizard is driven through the real form protocol with fake Azure operations.
 */
import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { parseVaultId } from '../../../src/model/armId';
import type { NetworkReach } from '../../../src/networking/reconnection';
import type { AzureContext, VaultContext } from '../../../src/services/azure/clients';
import type { VirtualNetworkSummary } from '../../../src/services/azure/networks';
import type { Confirmation } from '../../../src/webviews/failover/failoverModel';
import type { FailoverDeps, FailoverServices, JobStart } from '../../../src/webviews/failover/failoverServices';
import { FailoverWizard, type FailoverSnapshot } from '../../../src/webviews/failover/failoverWizard';
import { itemNetworkIds, landingBlocks, landingRows, productionWarning, readLandingReach, type LandingChoices } from '../../../src/webviews/failover/landing';
import type { PageView } from '../../../src/webviews/form/view';
import { FormHarness } from '../../support/formHarness';

const vault = '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.RecoveryServices/vaults/v1';
const itemId = `${vault}/replicationFabrics/site1/replicationProtectionContainers/cloud_1/replicationProtectedItems/pi1`;
const net = (name: string): string => `/subscriptions/sub1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${name}`;
const prod = net('ram-dr-vnet');
const isolated = net('ram-test-vnet');
const hub = net('hub-vnet');

const summary = (id: string, subnets: string[]): VirtualNetworkSummary => ({
  id,
  name: id.split('/').pop() ?? '',
  resourceGroup: 'net',
  location: 'westeurope',
  addressPrefixes: [],
  subnets: subnets.map((s) => ({ id: `${id}/subnets/${s}`, name: s })),
});
const networks = [summary(prod, ['servers', 'default']), summary(isolated, ['zeta', 'isolated']), summary(hub, ['servers'])];

function item(nics: object[] = [{ recoveryVMNetworkId: prod, ipConfigs: [{ recoverySubnetName: 'servers', recoveryStaticIPAddress: '10.20.1.5' }] }]): ReplicationProtectedItem {
  const details = { instanceType: 'HyperVReplicaAzure', selectedRecoveryAzureNetworkId: prod, vmNics: nics };
  return {
    id: itemId,
    name: 'pi1',
    properties: {
      friendlyName: 'vm1',
      protectionState: 'Protected',
      activeLocation: 'Primary',
      testFailoverState: 'None',
      allowedOperations: ['PlannedFailover', 'UnplannedFailover', 'TestFailover'],
      providerSpecificDetails: details as NonNullable<ReplicationProtectedItem['properties']>['providerSpecificDetails'],
    },
  };
}

const reachOf = (id: string, over: Partial<Extract<NetworkReach, { state: 'found' }>> = {}): NetworkReach => ({
  state: 'found',
  networkId: id,
  name: id.split('/').pop() ?? '',
  dnsServers: [],
  gateways: [],
  remoteGatewayPeers: [],
  ...over,
});
const connectedHub = reachOf(hub, { gateways: [{ name: 'hub-gw', gatewayType: 'Vpn', connections: [{ name: 'office', connectionType: 'IPsec', status: 'Connected' }] }] });
const reachMap = (...r: NetworkReach[]): Map<string, NetworkReach> => new Map(r.map((x) => [x.networkId.toLowerCase(), x]));

const choices = (over: Partial<LandingChoices> = {}): LandingChoices => ({ vmName: 'vm1', networkId: undefined, networks, item: item(), reach: reachMap(connectedHub), ...over });

describe('failover wizard: where the VM lands', () => {
  it('planned and unplanned: the network, subnet and static address the item names', () => {
    assert.deepEqual(landingRows('planned', choices()), [
      { label: 'Network', value: 'ram-dr-vnet' },
      { label: 'Subnet', value: 'servers' },
      { label: 'IP address', value: '10.20.1.5 (static)' },
    ]);
  });

  it('two adapters, one dynamic: each adapter its own rows', () => {
    const two = item([
      { recoveryVMNetworkId: prod, ipConfigs: [{ recoverySubnetName: 'servers', recoveryStaticIPAddress: '10.20.1.5' }] },
      { recoveryVMNetworkId: prod, ipConfigs: [{ recoverySubnetName: 'default', recoveryStaticIPAddress: '' }] },
    ]);
    const rows = landingRows('unplanned', choices({ item: two })).map((r) => `${r.label}=${r.value}`);
    assert.deepEqual(rows.slice(3), ['Adapter 2: Network=ram-dr-vnet', 'Adapter 2: Subnet=default', 'Adapter 2: IP address=Dynamic: the next free address of the subnet']);
    assert.equal(rows[0], 'Adapter 1: Network=ram-dr-vnet');
  });

  it("test: the chosen network, the subnet of the same name or else the alphabetically first (ASR's rule), the static address if it fits", () => {
    assert.deepEqual(
      landingRows('test', choices({ networkId: isolated })).map((r) => r.value),
      ['ram-test-vnet', 'isolated', '10.20.1.5 if it is inside that subnet, else the next free address'],
    );
    assert.equal(landingRows('test', choices({ networkId: hub }))[1].value, 'servers');
    assert.deepEqual(landingRows('test', choices({ networkId: 'none' })), [{ label: 'Network', value: 'No network: the test VM is not connected' }]);
  });

  it('an item that names no network says where to set it', () => {
    const bare: ReplicationProtectedItem = { id: itemId, name: 'pi1', properties: { providerSpecificDetails: { instanceType: 'HyperVReplicaAzure' } } };
    assert.match(landingRows('planned', choices({ item: bare }))[0].value, /Compute and Network/);
    assert.deepEqual(itemNetworkIds(bare), []);
  });
});

describe('failover wizard: a test failover in the production network is warned', () => {
  it("the item's own network, or a network connected to the site, is production; an isolated one or none is not", () => {
    assert.match(productionWarning('test', choices({ networkId: prod })) ?? '', /ram-dr-vnet is the network vm1 fails over to: your production network/);
    assert.match(productionWarning('test', choices({ networkId: prod.toUpperCase() })) ?? '', /production network/, 'ids compare case-insensitively');
    assert.match(productionWarning('test', choices({ networkId: hub })) ?? '', /hub-vnet is connected to your site through office \(site-to-site VPN\)/);
    assert.equal(productionWarning('test', choices({ networkId: isolated })), undefined);
    assert.equal(productionWarning('test', choices({ networkId: 'none' })), undefined);
    assert.equal(productionWarning('planned', choices({ networkId: prod })), undefined);
  });

  it('the page shows it as a warning block; a real failover lists what lets clients reconnect', () => {
    const test = landingBlocks('test', choices({ networkId: prod }));
    assert.deepEqual(
      test.map((b) => b.id),
      ['landing', 'productionWarning'],
    );
    const planned = landingBlocks('planned', choices({ reach: reachMap(reachOf(prod)) }));
    const list = planned.find((b) => b.id === 'reconnection');
    assert.ok(list?.kind === 'list');
    assert.deepEqual(
      list.items.map((i) => i.tone),
      ['warning', 'warning'],
    );
    assert.match(list.items[0].text, /^ram-dr-vnet: No VPN or ExpressRoute gateway/);
    assert.match(list.items[0].detail ?? '', /learn\.microsoft\.com\/azure\/site-recovery\/concepts-on-premises-to-azure-networking/);
    const unread = landingBlocks('planned', choices({ reach: undefined })).find((b) => b.id === 'reconnection');
    assert.ok(unread?.kind === 'list');
    assert.match(unread.items[0].text, /not checked/);
  });

  it('reads only what it has not read; a failed read is kept as "could not be read"', async () => {
    const asked: string[][] = [];
    const read = (_c: AzureContext, ids: readonly string[]): Promise<NetworkReach[]> => {
      asked.push([...ids]);
      return Promise.resolve(ids.map((id) => reachOf(id)));
    };
    const ctx = {} as AzureContext;
    const first = await readLandingReach(read, ctx, [prod, isolated], undefined);
    await readLandingReach(read, ctx, [prod, isolated, hub], first);
    assert.deepEqual(asked, [[prod, isolated], [hub]]);
    const failed = await readLandingReach(() => Promise.reject(new Error('Forbidden.')), ctx, [prod], undefined);
    assert.deepEqual(failed.get(prod.toLowerCase()), { state: 'error', networkId: prod, name: 'ram-dr-vnet', message: 'Forbidden.' });
    assert.equal((await readLandingReach(undefined, ctx, [prod], undefined)).size, 0);
  });
});

/** Azure as the wizard sees it for a test failover: the item, the networks, their reach; the starts it was asked for. */
function fakeServices(started: string[]): FailoverServices {
  const refuse = (): Promise<never> => Promise.reject(new Error('not in this test'));
  return {
    getProtectedItem: () => Promise.resolve(item()),
    getJob: (_v, jobName) => Promise.resolve({ name: jobName, properties: { state: 'InProgress', tasks: [] } }),
    resumeJob: refuse,
    listRecoveryPoints: () => Promise.resolve([]),
    listVirtualNetworks: () => Promise.resolve(networks),
    readNetworkReach: (_c, ids) => Promise.resolve(ids.map((id) => (id === hub ? connectedHub : reachOf(id)))),
    testFailover: (_v, _i, options): Promise<JobStart> => {
      started.push(options.networkId ?? '');
      return Promise.resolve({ jobName: 'job-1' });
    },
    testFailoverCleanup: refuse,
    plannedFailover: refuse,
    unplannedFailover: refuse,
    commitFailover: refuse,
    failback: refuse,
    reverseReplication: refuse,
  };
}

function deps(asked: Confirmation[], answer: () => boolean): FailoverDeps {
  return {
    vaultContext: () => Promise.resolve({ subscriptionId: 'sub1', vault: parseVaultId(vault) } as VaultContext),
    vaultLocation: 'westeurope',
    watchJob: () => undefined,
    openPortal: () => undefined,
    confirm: (q) => {
      asked.push(q);
      return Promise.resolve(answer());
    },
    refresh: () => Promise.resolve(),
    pollIntervalMs: 2,
  };
}

const textOf = (view: PageView, id: string): string => {
  const b = view.blocks.find((x) => x.id === id);
  return b?.kind === 'textBlock' ? b.text : '';
};

describe('failover wizard: the modal question before a test failover in a production network', () => {
  const open: { dispose(): void }[] = [];
  afterEach(() => {
    for (const h of open.splice(0)) h.dispose();
  });

  async function toConfirm(networkId: string, asked: Confirmation[], answer: () => boolean, started: string[]): Promise<FormHarness<FailoverSnapshot>> {
    const h = new FormHarness<FailoverSnapshot>(new FailoverWizard(deps(asked, answer), { vmName: 'vm1', item: item() }, fakeServices(started)));
    open.push(h);
    await h.set('kind', 'test');
    await h.press('next');
    await h.set('network', networkId);
    await h.press('next');
    assert.equal(h.view.page, 'confirm');
    return h;
  }

  it('declined: nothing starts and the review keeps its warning; accepted: the test failover starts there', async () => {
    const asked: Confirmation[] = [];
    const started: string[] = [];
    let answer = false;
    const h = await toConfirm(hub, asked, () => answer, started);
    assert.match(textOf(h.view, 'productionWarning'), /connected to your site/);
    await h.press('start');
    assert.equal(asked.length, 1);
    assert.equal(asked[0].message, 'Run the test failover of vm1 in a production network?');
    assert.equal(asked[0].button, 'Use this network');
    assert.deepEqual(started, []);
    assert.equal(h.view.page, 'confirm');
    answer = true;
    await h.press('start');
    assert.deepEqual(started, [hub]);
    assert.equal(h.view.page, 'run');
  });

  it('an isolated network asks nothing', async () => {
    const asked: Confirmation[] = [];
    const started: string[] = [];
    const h = await toConfirm(isolated, asked, () => false, started);
    assert.equal(textOf(h.view, 'productionWarning'), '');
    await h.press('start');
    assert.deepEqual(asked, []);
    assert.deepEqual(started, [isolated]);
  });
});
