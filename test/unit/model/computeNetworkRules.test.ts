import assert from 'node:assert/strict';
import { cidrBounds, parseIpv4, prefixContains, staticIpProblem, targetSizeProblem, targetVmNameProblem, type StaticIpFacts } from '../../../src/model/computeNetworkRules';

const net = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/ram-dr-vnet';
const facts = (o: Partial<StaticIpFacts> = {}): StaticIpFacts => ({ subnetName: 'default', subnetPrefix: '10.20.0.0/24', networkId: net, claims: [], ...o });

describe('computeNetworkRules', () => {
  it('parses IPv4 and CIDR prefixes', () => {
    assert.equal(parseIpv4('10.20.0.10'), 10 * 2 ** 24 + 20 * 2 ** 16 + 10);
    assert.equal(parseIpv4('255.255.255.255'), 2 ** 32 - 1);
    for (const bad of ['10.20.0', '10.20.0.256', 'a.b.c.d', '10.20.0.1.2', '']) assert.equal(parseIpv4(bad), undefined, bad);
    assert.deepEqual(cidrBounds('10.20.0.7/24'), { first: parseIpv4('10.20.0.0'), last: parseIpv4('10.20.0.255') });
    assert.equal(cidrBounds('10.20.0.0/33'), undefined);
    assert.equal(cidrBounds('10.20.0.0'), undefined);
    assert.ok(prefixContains('10.20.0.0/24', '10.20.0.200'));
    assert.ok(!prefixContains('10.20.0.0/24', '10.20.1.1'));
    assert.ok(!prefixContains(undefined, '10.20.0.1'));
  });

  it('accepts a free address inside the subnet', () => {
    assert.equal(staticIpProblem('10.20.0.10', facts()), undefined);
    assert.equal(staticIpProblem('10.20.0.10', facts({ availability: { available: true } })), undefined);
  });

  it('refuses a malformed address, one outside the subnet, and the five Azure reserves, saying what to do', () => {
    assert.match(staticIpProblem('10.20.0', facts()) ?? '', /not an IPv4 address.*for example/);
    assert.match(staticIpProblem('10.20.1.10', facts()) ?? '', /not in the subnet default \(10\.20\.0\.0\/24\)\. Choose an address inside/);
    for (const reserved of ['10.20.0.0', '10.20.0.1', '10.20.0.2', '10.20.0.3', '10.20.0.255']) {
      assert.match(staticIpProblem(reserved, facts()) ?? '', /five addresses Azure reserves/, reserved);
    }
    assert.equal(staticIpProblem('10.20.0.4', facts()), undefined, 'the first usable address');
    assert.equal(staticIpProblem('10.20.0.254', facts()), undefined);
  });

  it('refuses an address another protected VM asks for in the same network only', () => {
    const claims = [{ vmName: 'ramh157v02', networkId: net.toUpperCase(), address: '10.20.0.10' }];
    assert.match(staticIpProblem('10.20.0.10', facts({ claims })) ?? '', /failover address of the VM ramh157v02/);
    assert.equal(staticIpProblem('10.20.0.10', facts({ claims: [{ ...claims[0], networkId: `${net}-other` }] })), undefined);
  });

  it('refuses an address Azure says is in use, offering the free ones', () => {
    assert.match(
      staticIpProblem('10.20.0.10', facts({ availability: { available: false, availableIPAddresses: ['10.20.0.11', '10.20.0.12'] } })) ?? '',
      /in use.*10\.20\.0\.11, 10\.20\.0\.12/,
    );
    assert.match(staticIpProblem('10.20.0.10', facts({ availability: { available: false } })) ?? '', /in use.*Choose a free address/);
  });

  it('skips the prefix checks when the prefix is not known', () => {
    assert.equal(staticIpProblem('192.168.0.1', facts({ subnetPrefix: undefined })), undefined);
  });

  it('checks the Azure VM name as the support matrix words it', () => {
    for (const ok of ['a', 'ramh157v01', 'ram-h157-01', 'x'.repeat(63)]) assert.equal(targetVmNameProblem(ok), undefined, ok);
    assert.match(targetVmNameProblem('') ?? '', /Give the Azure VM a name/);
    assert.match(targetVmNameProblem('x'.repeat(64)) ?? '', /64 characters; use at most 63/);
    assert.match(targetVmNameProblem('ram_h157') ?? '', /only letters, digits and hyphens/);
    assert.match(targetVmNameProblem('ram.h157') ?? '', /only letters, digits and hyphens/);
    assert.match(targetVmNameProblem('-ram') ?? '', /start and end/);
    assert.match(targetVmNameProblem('ram-') ?? '', /start and end/);
  });

  it('checks the size against the region offer', () => {
    const offered = new Map([
      ['standard_d2s_v3', { name: 'Standard_D2s_v3' }],
      ['standard_e2s_v3', { name: 'Standard_E2s_v3', restriction: 'NotAvailableForSubscription' }],
    ]);
    assert.equal(targetSizeProblem('standard_D2s_v3', offered, 'westeurope'), undefined);
    assert.match(targetSizeProblem('Standard_Z9', offered, 'westeurope') ?? '', /not offered in westeurope/);
    assert.match(targetSizeProblem('Standard_E2s_v3', offered, 'westeurope') ?? '', /restricted in westeurope \(NotAvailableForSubscription\)/);
  });
});
