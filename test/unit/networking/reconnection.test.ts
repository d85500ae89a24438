// The client reconnection judge and its report (issue 16 §1): a connected site-to-site VPN or
// ExpressRoute connection and DNS servers make a network ready; each missing part is a problem that
// says what to do and links Microsoft's documentation.
import assert from 'node:assert/strict';
import { judgeNetwork, onPremisesConnections, problemCount, type NetworkReach } from '../../../src/networking/reconnection';
import { landingsOf, reconnectionMarkdown, reconnectionSummary, targetNetworks } from '../../../src/networking/reconnectionReport';
import { targetFacts } from '../../../src/estate/targetFacts';

const vnet = '/subscriptions/s/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet';
const testVnet = '/subscriptions/s/resourceGroups/RAM-Network-RG/providers/Microsoft.Network/virtualNetworks/ram-test-vnet';

function found(over: Partial<Extract<NetworkReach, { state: 'found' }>> = {}): NetworkReach {
  return {
    state: 'found',
    networkId: vnet,
    name: 'ram-dr-vnet',
    dnsServers: ['10.20.1.10'],
    gateways: [{ name: 'ram-dr-vpngw', gatewayType: 'Vpn', connections: [{ name: 'ram-office-s2s', connectionType: 'IPsec', status: 'Connected' }] }],
    remoteGatewayPeers: [],
    ...over,
  };
}

const tones = (r: NetworkReach): string[] => judgeNetwork(r).findings.map((f) => `${f.id}:${f.tone}`);

describe('client reconnection: the judge', () => {
  it('a connected site-to-site VPN and DNS servers: nothing missing', () => {
    assert.deepEqual(tones(found()), ['gateway:ok', 'dns:ok']);
    assert.equal(problemCount([judgeNetwork(found())]), 0);
    assert.match(judgeNetwork(found()).findings[0].text, /ram-office-s2s on gateway ram-dr-vpngw \(site-to-site VPN, Connected\)/);
  });

  it('an isolated network: no gateway and no DNS, each with what to do and documentation', () => {
    const v = judgeNetwork(found({ networkId: testVnet, name: 'ram-test-vnet', dnsServers: [], gateways: [] }));
    assert.deepEqual(
      v.findings.map((f) => `${f.id}:${f.tone}`),
      ['gateway:problem', 'dns:problem'],
    );
    const [gateway, dns] = v.findings;
    assert.match(gateway.text, /No VPN or ExpressRoute gateway/);
    assert.match(gateway.action ?? '', /never creates gateways/);
    assert.ok(gateway.docs.some((d) => d.url.endsWith('/site-recovery/concepts-on-premises-to-azure-networking')));
    assert.match(dns.text, /No DNS servers set/);
    assert.ok(dns.docs.some((d) => d.url.endsWith('/site-recovery/site-recovery-active-directory')));
    assert.equal(problemCount([v]), 2);
  });

  it('a connection that is not Connected, or only VNet-to-VNet, does not reach the site', () => {
    const connecting = found({ gateways: [{ name: 'gw', gatewayType: 'Vpn', connections: [{ name: 'c', connectionType: 'IPsec', status: 'Connecting' }] }] });
    assert.deepEqual(tones(connecting), ['gateway:problem', 'dns:ok']);
    assert.match(judgeNetwork(connecting).findings[0].text, /not connected: c on gateway gw \(site-to-site VPN, Connecting\)/);
    const vnet2vnet = found({ gateways: [{ name: 'gw', gatewayType: 'Vpn', connections: [{ name: 'c', connectionType: 'Vnet2Vnet', status: 'Connected' }] }] });
    assert.deepEqual(tones(vnet2vnet), ['gateway:problem', 'dns:ok']);
    assert.match(judgeNetwork(vnet2vnet).findings[0].text, /has no site-to-site VPN or ExpressRoute connection/);
    assert.equal(onPremisesConnections(vnet2vnet).length, 0);
  });

  it('ExpressRoute counts; so does a peering that uses the remote gateway of a hub', () => {
    const er = found({ gateways: [{ name: 'er', gatewayType: 'ExpressRoute', connections: [{ name: 'circuit', connectionType: 'ExpressRoute', status: 'Connected' }] }] });
    assert.deepEqual(tones(er), ['gateway:ok', 'dns:ok']);
    const spoke = found({ gateways: [], remoteGatewayPeers: ['hub-vnet'] });
    assert.deepEqual(tones(spoke), ['gateway:ok', 'dns:ok']);
    assert.match(judgeNetwork(spoke).findings[0].text, /peered network hub-vnet/);
  });

  it('a deleted network is a problem; an unreadable one is not checked', () => {
    assert.deepEqual(tones({ state: 'missing', networkId: vnet, name: 'ram-dr-vnet' }), ['network:problem']);
    assert.deepEqual(tones({ state: 'error', networkId: vnet, name: 'ram-dr-vnet', message: 'Forbidden.' }), ['network:unknown']);
  });
});

describe('client reconnection: the report', () => {
  const details = (nics: object[]): unknown => ({ instanceType: 'HyperVReplicaAzure', selectedRecoveryAzureNetworkId: vnet, vmNics: nics });
  const ramDc = targetFacts(details([{ recoveryVMNetworkId: vnet, ipConfigs: [{ recoverySubnetName: 'servers', recoveryStaticIPAddress: '10.20.1.10' }] }]));
  const ramApp = targetFacts(details([{ recoveryVMNetworkId: vnet, ipConfigs: [{ recoverySubnetName: 'servers', recoveryStaticIPAddress: '' }] }]));

  it('groups the VMs by target network, with each IP configuration', () => {
    const targets = targetNetworks([{ name: 'RAM-DC01', target: ramDc }, { name: 'RAM-APP01', target: ramApp }, { name: 'not protected' }]);
    assert.equal(targets.length, 1);
    assert.deepEqual(targets[0].vms, [
      { vmName: 'RAM-DC01', subnet: 'servers', staticIp: '10.20.1.10' },
      { vmName: 'RAM-APP01', subnet: 'servers' },
    ]);
    assert.deepEqual(landingsOf('X', { networkId: vnet }), [{ networkId: vnet, landing: { vmName: 'X' } }]);
  });

  it('names each network, its VMs, what is missing, what to do and the documentation (problems first)', () => {
    const targets = targetNetworks([{ name: 'RAM-DC01', target: ramDc }]);
    const isolated = judgeNetwork(found({ networkId: testVnet, name: 'ram-test-vnet', dnsServers: [], gateways: [] }));
    // The text as read (escapeMarkdown puts a backslash before punctuation).
    const md = reconnectionMarkdown([judgeNetwork(found()), isolated], targets, new Date('2026-12-05T12:00:00Z')).replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(md, /^# Client reconnection/);
    assert.match(md, /1 of 2 target networks lack what clients need/);
    assert.ok(md.indexOf('## ram-test-vnet') < md.indexOf('## ram-dr-vnet'), 'problems first');
    assert.match(md, /RAM-DC01 \(servers, 10\.20\.1\.10\)/);
    assert.match(md, /\*\*DNS servers\*\* \(Missing\)/);
    assert.match(md, /What to do: Set ram-test-vnet's DNS servers/);
    assert.match(
      md,
      /\[Set up IP addressing to connect to Azure VMs after failover\]\(https:\/\/learn\.microsoft\.com\/azure\/site-recovery\/concepts-on-premises-to-azure-networking\)/,
    );
    assert.match(md, /Every VM keeps a static address/);
    assert.equal(reconnectionSummary([judgeNetwork(found())]), 'Clients can reconnect: every target network has a connected gateway and DNS servers.');
  });

  it('escapes names that carry Markdown', () => {
    const md = reconnectionMarkdown([judgeNetwork(found({ name: 'net*[x](y)' }))], [], new Date(0));
    assert.ok(!md.includes('[x](y)'));
  });
});
