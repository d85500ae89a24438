// The sites' protectable items as a refresh reads them (src/estate/siteProtectables.ts): under the
// container named from the site, with the site's containers listed when ASR does not know that
// name, and started with the sites list from the previous refresh's sites, re-read when a site
// is new, gone or changed.

import assert from 'node:assert/strict';
import type { Fabric } from '@azure/arm-recoveryservices-siterecovery';
import { readAsr } from '../../../src/estate/asrRead';
import { readSitesProtectableItems, type SiteKey } from '../../../src/estate/siteProtectables';
import { FakeAzure, VAULT_PATH, vaultContext, type FakeResponse, type RecordedRequest } from '../services/azure/fakeAzure';

const FABRICS = `${VAULT_PATH}/replicationFabrics`;

function site(name: string, internalIdentifier?: string): Fabric {
  return { name, properties: { ...(internalIdentifier !== undefined ? { internalIdentifier } : {}), customDetails: { instanceType: 'HyperVSite' } } };
}

function items(...names: string[]): FakeResponse {
  return { status: 200, body: { value: names.map((n) => ({ name: n, properties: { friendlyName: n, protectionStatus: 'Unprotected' } })) } };
}

const notFound: FakeResponse = { status: 404, body: { error: { code: 'ResourceNotFound', message: 'The Resource was not found.' } } };

/** A fake ASR: each site's containers (name → its protectable items' names); an unknown container answers 404. */
function fakeAsr(containers: Record<string, Record<string, string[]>>): FakeAzure {
  return new FakeAzure().on((req: RecordedRequest) => {
    const m = /\/replicationFabrics\/([^/]+)\/replicationProtectionContainers(?:\/([^/]+)\/replicationProtectableItems)?$/.exec(req.path);
    if (!m || !req.path.startsWith(FABRICS)) return undefined;
    const ofSite = containers[m[1]];
    if (ofSite === undefined) return notFound;
    if (m[2] === undefined) return { status: 200, body: { value: Object.keys(ofSite).map((c) => ({ name: c, properties: {} })) } };
    const its = ofSite[m[2]];
    return its === undefined ? notFound : items(...its);
  });
}

const protectableReads = (http: FakeAzure): string[] =>
  http.requests.filter((r) => r.path.endsWith('/replicationProtectableItems')).map((r) => r.path.replace(`${FABRICS}/`, '').replace('/replicationProtectableItems', ''));

const names = (r: { items: { name?: string }[] }): string[] => r.items.map((i) => i.name ?? '').sort();

describe('estate: the sites protectable items', () => {
  it('lists a site under cloud_<internalIdentifier> without listing its containers, and keeps the sites for the next refresh', async () => {
    const http = fakeAsr({ HQ: { cloud_a1: ['vm1', 'vm2'] } });
    const warnings: string[] = [];
    const r = await readSitesProtectableItems(vaultContext(http), Promise.resolve([site('HQ', 'a1')]), undefined, warnings, undefined);
    assert.deepEqual(names(r), ['vm1', 'vm2']);
    assert.deepEqual(r.sites, [{ name: 'HQ', container: 'cloud_a1' }]);
    assert.deepEqual(protectableReads(http), ['HQ/replicationProtectionContainers/cloud_a1']);
    assert.equal(http.requests.filter((r) => r.path.endsWith('/replicationProtectionContainers')).length, 0);
    assert.deepEqual(warnings, []);
  });

  it("starts the previous refresh's sites before the sites list answers, and uses that read when the site is unchanged", async () => {
    const http = fakeAsr({ HQ: { cloud_a1: ['vm1'] } });
    let answerSites: (s: Fabric[]) => void = () => undefined;
    const sites = new Promise<Fabric[]>((resolve) => (answerSites = resolve));
    const reading = readSitesProtectableItems(vaultContext(http), sites, [{ name: 'HQ', container: 'cloud_a1' }], [], undefined);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(protectableReads(http), ['HQ/replicationProtectionContainers/cloud_a1'], 'sent while the sites list is still under way');
    answerSites([site('hq', 'a1')]);
    const r = await reading;
    assert.deepEqual(names(r), ['vm1']);
    assert.equal(protectableReads(http).length, 1, 'the unchanged site is not listed twice');
  });

  it('reads a new site and a site whose internalIdentifier changed again; a site that is gone counts for nothing', async () => {
    const http = fakeAsr({ HQ: { cloud_new: ['hq-vm'] }, Branch: { cloud_b: ['branch-vm'] } });
    const previous: SiteKey[] = [
      { name: 'HQ', container: 'cloud_old' },
      { name: 'Gone', container: 'cloud_g' },
    ];
    const warnings: string[] = [];
    const r = await readSitesProtectableItems(vaultContext(http), Promise.resolve([site('HQ', 'new'), site('Branch', 'b')]), previous, warnings, undefined);
    assert.deepEqual(names(r), ['branch-vm', 'hq-vm']);
    assert.deepEqual(r.sites, [
      { name: 'HQ', container: 'cloud_new' },
      { name: 'Branch', container: 'cloud_b' },
    ]);
    assert.ok(protectableReads(http).includes('HQ/replicationProtectionContainers/cloud_new'));
    assert.ok(protectableReads(http).includes('Branch/replicationProtectionContainers/cloud_b'));
    assert.deepEqual(warnings, []);
  });

  it("lists the site's containers when ASR does not know the container named from the site (404), and reads each", async () => {
    const http = fakeAsr({ HQ: { 'HQ-cloud': ['vm1'], second: ['vm2'] } });
    const r = await readSitesProtectableItems(vaultContext(http), Promise.resolve([site('HQ', 'a1')]), undefined, [], undefined);
    assert.deepEqual(names(r), ['vm1', 'vm2']);
    assert.deepEqual(protectableReads(http).sort(), [
      'HQ/replicationProtectionContainers/HQ-cloud',
      'HQ/replicationProtectionContainers/cloud_a1',
      'HQ/replicationProtectionContainers/second',
    ]);
  });

  it('falls back on a 400 too (ASR has answered a missing fabric with 400), but throws when the named container exists after all', async () => {
    const badRequest: FakeResponse = { status: 400, body: { error: { code: 'BadRequest', message: 'Something else is wrong.' } } };
    const http = fakeAsr({ HQ: { cloud_a1: ['vm1'] } }).on((req) => (req.path.endsWith('/cloud_a1/replicationProtectableItems') ? badRequest : undefined));
    await assert.rejects(readSitesProtectableItems(vaultContext(http), Promise.resolve([site('HQ', 'a1')]), undefined, [], undefined), /Something else is wrong/);

    const other = fakeAsr({ HQ: { real: ['vm1'] } }).on((req) => (req.path.endsWith('/cloud_a1/replicationProtectableItems') ? badRequest : undefined));
    assert.deepEqual(names(await readSitesProtectableItems(vaultContext(other), Promise.resolve([site('HQ', 'a1')]), undefined, [], undefined)), ['vm1']);
  });

  it('readAsr hands the sites it found to the next read, which lists each kind once', async () => {
    const http = fakeAsr({ HQ: { cloud_a1: ['vm1'] } }).on((req) => (req.path === FABRICS ? { status: 200, body: { value: [site('HQ', 'a1')] } } : undefined));
    http.on((req) =>
      /\/(replicationRecoveryServicesProviders|replicationProtectedItems|replicationPolicies|replicationRecoveryPlans)$/.test(req.path)
        ? { status: 200, body: { value: [] } }
        : undefined,
    );
    const warnings: string[] = [];
    const first = await readAsr(vaultContext(http), undefined, warnings, undefined);
    assert.deepEqual(warnings, []);
    assert.deepEqual(first.asr?.recoveryPlans, []);
    assert.deepEqual(first.asr?.sites, [{ name: 'HQ', container: 'cloud_a1' }]);
    http.requests.length = 0;
    const second = await readAsr(vaultContext(http), first.asr, [], undefined);
    assert.deepEqual(
      second.items.protectableItems.map((i) => i.name),
      ['vm1'],
    );
    // The recovery plans are one of the kinds (issue 16 §2): one list per refresh, never one per plan.
    assert.equal(http.requests.length, 6, 'one list per kind, the protectable items once');
  });
});
