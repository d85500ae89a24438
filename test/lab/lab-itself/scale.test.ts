/**
 * The scale scenario (200 hosts, 5,000 VMs): reading the whole estate costs requests that grow
 * with pages, not with VMs.
 */
import assert from 'node:assert/strict';
import { collect, openLab, type LabSession } from '../support';

describe('lab scale scenario', function () {
  this.timeout(120000);
  let s: LabSession;
  before(async () => {
    s = await openLab({ scenario: 'scale', speed: 10 });
  });
  after(async () => s.lab.stop());

  it('holds at least 200 hosts and 5,000 VMs, most of them protected', () => {
    const hosts = s.lab.state.hosts;
    const vms = hosts.reduce((n, h) => n + h.vms.length, 0);
    assert.ok(hosts.length >= 200, `${hosts.length} hosts`);
    assert.ok(vms >= 5000, `${vms} VMs`);
    const fabric = [...s.lab.state.vaults.values()][0].fabrics.values().next().value!;
    assert.ok(fabric.container.protectedItems.size > vms / 2, `${fabric.container.protectedItems.size} protected`);
  });

  it('lists every protected item with one request per page of 100', async () => {
    s.lab.log.reset();
    const items = await collect(s.asr.replicationProtectedItems.list('FAB-Vault', 'FAB-DR-RG'));
    const fabric = [...s.lab.state.vaults.values()][0].fabrics.values().next().value!;
    const n = fabric.container.protectedItems.size;
    assert.equal(items.length, n);
    assert.equal(s.lab.log.count('replicationProtectedItems.list'), Math.ceil(n / 100));
    assert.equal(s.lab.log.count('replicationProtectedItems.get'), 0);
  });
});
