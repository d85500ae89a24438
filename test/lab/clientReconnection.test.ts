/**
 * Client reconnection against the lab (issue 16 §1), through the real @azure/arm-network client:
 * essentials' ram-dr-vnet has a VPN gateway with a connected site-to-site connection and DNS servers,
 * ram-test-vnet is isolated (no gateway, no DNS). The lab's control API then breaks each condition
 * (lab/network/reachControl.ts) and the judge says what is missing.
 */
import assert from 'node:assert/strict';
import { readProtectedItems } from '../../src/estate/asrRead';
import { deriveVmFacts } from '../../src/estate/vmFacts';
import { judgeNetwork, problemCount } from '../../src/networking/reconnection';
import { targetNetworks } from '../../src/networking/reconnectionReport';
import { networkClient } from '../../src/services/azure/clients';
import { readNetworkReach } from '../../src/services/azure/gateways';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

const rg = 'RAM-Network-RG';

describe('client reconnection: gateways, connections and DNS read from the lab (essentials)', function () {
  this.timeout(120000);
  let s: ServicesSession;
  let [drVnet, testVnet] = ['', ''];
  const control = async (body: unknown, status = 200): Promise<unknown> => {
    const res = await labControl(s.lab, 'POST', '/_lab/networks/reach', body);
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const tones = async (id: string): Promise<string[]> => judgeNetwork((await readNetworkReach(s.ctx, [id]))[0]).findings.map((f) => `${f.id}:${f.tone}`);

  before(async () => {
    s = await openServices({ scenario: 'essentials', speed: 100 });
    const vnet = (name: string): string => `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
    [drVnet, testVnet] = [vnet('ram-dr-vnet'), vnet('ram-test-vnet')];
  });
  after(async () => s.lab.stop());

  it('ram-dr-vnet: a VPN gateway with a connected site-to-site connection and DNS servers; ram-test-vnet: neither', async () => {
    const [dr, test] = await readNetworkReach(s.ctx, [drVnet, testVnet, drVnet.toUpperCase()]);
    assert.deepEqual(dr, {
      state: 'found',
      networkId: drVnet,
      name: 'ram-dr-vnet',
      dnsServers: ['10.20.1.10'],
      gateways: [{ name: 'ram-dr-vpngw', gatewayType: 'Vpn', connections: [{ name: 'ram-office-s2s', connectionType: 'IPsec', status: 'Connected' }] }],
      remoteGatewayPeers: [],
    });
    assert.deepEqual(test, { state: 'found', networkId: testVnet, name: 'ram-test-vnet', dnsServers: [], gateways: [], remoteGatewayPeers: [] });
    assert.deepEqual(
      judgeNetwork(dr).findings.map((f) => f.tone),
      ['ok', 'ok'],
    );
    assert.deepEqual(
      judgeNetwork(test).findings.map((f) => `${f.id}:${f.tone}`),
      ['gateway:problem', 'dns:problem'],
    );
  });

  it("the protected VMs' target networks, as the command reads them, are ready", async () => {
    const { items, readAt } = await readProtectedItems(s.vctx());
    const vms = items.map((item) => ({ name: item.properties?.friendlyName ?? '', target: deriveVmFacts(item, [], undefined, readAt).protection?.target }));
    const targets = targetNetworks(vms);
    assert.ok(targets.length > 0);
    assert.ok(
      targets.every((t) => t.networkId.toLowerCase() === drVnet.toLowerCase()),
      JSON.stringify(targets.map((t) => t.networkId)),
    );
    const verdicts = (
      await readNetworkReach(
        s.ctx,
        targets.map((t) => t.networkId),
      )
    ).map(judgeNetwork);
    assert.equal(problemCount(verdicts), 0);
  });

  it('the shapes the SDK reads: the gateway in the GatewaySubnet, the listed connection without status, the connection with it; 404s', async () => {
    const network = networkClient(s.ctx);
    const gw = await network.virtualNetworkGateways.get(rg, 'ram-dr-vpngw');
    assert.equal(gw.gatewayType, 'Vpn');
    assert.equal(gw.vpnType, 'RouteBased');
    assert.equal(gw.ipConfigurations?.[0]?.subnet?.id, `${drVnet}/subnets/GatewaySubnet`);
    const listed = [];
    for await (const c of network.virtualNetworkGateways.listConnections(rg, 'ram-dr-vpngw')) listed.push(c);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].connectionType, 'IPsec');
    assert.equal(listed[0].connectionStatus, undefined);
    const conn = await network.virtualNetworkGatewayConnections.get(rg, 'ram-office-s2s');
    assert.equal(conn.connectionStatus, 'Connected');
    assert.equal(conn.sharedKey, undefined, 'no secret served');
    await assert.rejects(network.virtualNetworkGateways.get(rg, 'nope'), (e: { statusCode?: number }) => e.statusCode === 404);
    await assert.rejects(network.virtualNetworkGatewayConnections.get(rg, 'nope'), (e: { statusCode?: number }) => e.statusCode === 404);
    const vnet = await network.virtualNetworks.get(rg, 'ram-test-vnet');
    assert.deepEqual(vnet.dhcpOptions, { dnsServers: [] });
  });

  it('the connection down, then the DNS servers removed, then the gateway: each is said missing', async () => {
    await control({
      id: drVnet,
      gateways: [{ name: 'ram-dr-vpngw', gatewayType: 'Vpn', connections: [{ name: 'ram-office-s2s', connectionType: 'IPsec', connectionStatus: 'NotConnected' }] }],
    });
    assert.deepEqual(await tones(drVnet), ['gateway:problem', 'dns:ok']);
    await control({ id: drVnet, dnsServers: [] });
    assert.deepEqual(await tones(drVnet), ['gateway:problem', 'dns:problem']);
    await control({ id: drVnet, gateways: [] });
    const [reach] = await readNetworkReach(s.ctx, [drVnet]);
    assert.match(judgeNetwork(reach).findings[0].text, /No VPN or ExpressRoute gateway/);
    await control({
      id: drVnet,
      dnsServers: ['10.20.1.10'],
      gateways: [
        { name: 'ram-dr-er', gatewayType: 'ExpressRoute', sku: 'ErGw1AZ', connections: [{ name: 'circuit', connectionType: 'ExpressRoute', connectionStatus: 'Connected' }] },
      ],
    });
    assert.deepEqual(await tones(drVnet), ['gateway:ok', 'dns:ok']);
  });

  it('answers with fields dropped, nulled or of another type never break the read: each network is judged or said unreadable', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      s.lab.faults.update({ ...s.lab.faults.settings, mutateRate: 0.5, seed });
      try {
        const verdicts = (await readNetworkReach(s.ctx, [drVnet, testVnet])).map(judgeNetwork);
        assert.equal(verdicts.length, 2);
        for (const v of verdicts) assert.ok(v.findings.length > 0 && v.findings.every((f) => typeof f.text === 'string'));
      } finally {
        s.lab.faults.update({ ...s.lab.faults.settings, mutateRate: 0 });
      }
    }
  });

  it('a deleted network is missing; the control refuses what it cannot apply', async () => {
    await control({ id: testVnet, gateways: [{ name: 'g', gatewayType: 'Satellite' }] }, 400);
    await control({ id: testVnet, dnsServers: 'x' }, 400);
    await control({ id: `${testVnet}-nope` }, 404);
    const del = await labControl(s.lab, 'POST', '/_lab/resources/delete', { id: testVnet });
    assert.equal(del.status, 200);
    assert.deepEqual(await tones(testVnet), ['network:problem']);
  });
});
