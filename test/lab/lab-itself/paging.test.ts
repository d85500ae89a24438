/**
 * Lists page as Azure's do: `{ value, nextLink }`, a skip token in nextLink (`skipToken` for
 * protected items, `$skipToken` elsewhere, as recorded in ListAllProtectedItem.json and
 * EnumerateProtectableItem.json), nextLink null on the last page; the SDK follows nextLink.
 */
import assert from 'node:assert/strict';
import { collect, openLab, type LabSession } from '../support';
import { jsonObject, rawRequest, str, valueOf, type JsonObject } from '../rawHttp';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';
const site = 'RAM-Site';
const container = 'cloud_eecac84c-1761-50ad-9624-a7092c581567';
const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290';
const pageSize = 2;

describe('lab paging: lists in pages of 2', function () {
  this.timeout(30000);
  let s: LabSession;
  let V: string;
  let C: string;

  const page = async (url: string): Promise<JsonObject> => {
    const res = await rawRequest(url, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(res.status, 200, `GET ${url}: ${res.text.slice(0, 300)}`);
    return jsonObject(res);
  };

  /** Follows nextLink from the first page; returns every page. */
  const allPages = async (firstUrl: string): Promise<JsonObject[]> => {
    const pages: JsonObject[] = [];
    let url: string | null = firstUrl;
    while (url !== null) {
      const p = await page(url);
      pages.push(p);
      assert.ok('nextLink' in p, 'every page has a nextLink key');
      const next = p.nextLink;
      assert.ok(next === null || typeof next === 'string', `nextLink is a string or null: ${JSON.stringify(next)}`);
      url = next;
      assert.ok(pages.length < 200, 'paging ends');
    }
    return pages;
  };

  const countOf = (operation: string): number => s.lab.log.entries.filter((e) => e.operation === operation).length;

  before(async () => {
    // Real-time speed: recovery points come every 300 s, so no list changes while it is paged.
    s = await openLab({ pageSize, speed: 1 });
    V = `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
    C = `${V}/replicationFabrics/${site}/replicationProtectionContainers/${container}`;
  });
  after(async () => s.lab.stop());

  it('the SDK lists every protected item across pages, one request per page', async () => {
    const v = s.lab.state.vaults.get(`${rg}/${vault}`.toLowerCase());
    assert.ok(v, 'the vault is in the lab state');
    const expected = [...v.fabrics.values()].flatMap((f) => [...f.container.protectedItems.values()].map((i) => i.name.toLowerCase())).sort();
    assert.ok(expected.length > pageSize, `more items (${expected.length}) than a page holds`);
    const beforeCount = countOf('replicationProtectedItems.list');
    const items = await collect(s.asr.replicationProtectedItems.list(vault, rg));
    assert.deepEqual(items.map((i) => i.name!.toLowerCase()).sort(), expected);
    assert.equal(countOf('replicationProtectedItems.list') - beforeCount, Math.ceil(expected.length / pageSize));
  });

  it('protected items: the raw first page carries skipToken= in nextLink, the last page nextLink null', async () => {
    const pages = await allPages(`${V}/replicationProtectedItems?api-version=2023-06-01`);
    assert.ok(pages.length >= 2);
    const first = str(pages[0].nextLink);
    assert.match(first, /[?&]skipToken=/, first);
    assert.doesNotMatch(first, /(\$|%24)skipToken=/, 'protected items use skipToken, not $skipToken (ListAllProtectedItem.json)');
    assert.match(first, /[?&]api-version=/, 'nextLink keeps the api-version');
    assert.ok(first.startsWith(`${V}/replicationProtectedItems?`), first);
    assert.equal(valueOf(pages[0]).length, pageSize);
    assert.equal(pages[pages.length - 1].nextLink, null);
    const names = pages.flatMap((p) => valueOf(p).map((i) => str(i.name)));
    assert.equal(new Set(names).size, names.length, 'no item twice');
  });

  it('protectable items: nextLink carries $skipToken= (or %24skipToken=), pages add up to the SDK list', async () => {
    const pages = await allPages(`${C}/replicationProtectableItems?api-version=2023-06-01`);
    assert.ok(pages.length >= 2);
    assert.match(str(pages[0].nextLink), /[?&](\$|%24)skipToken=/, str(pages[0].nextLink));
    assert.equal(pages[pages.length - 1].nextLink, null);
    const raw = pages.flatMap((p) => valueOf(p).map((i) => str(i.name)));
    const sdk = await collect(s.asr.replicationProtectableItems.listByReplicationProtectionContainers(vault, rg, site, container));
    assert.deepEqual(sdk.map((i) => i.name).sort(), [...raw].sort());
    assert.equal(new Set(raw).size, raw.length);
  });

  it('protectable items keep their $filter on every page', async () => {
    const pages = await allPages(`${C}/replicationProtectableItems?api-version=2023-06-01&$filter=${encodeURIComponent("state eq 'Unprotected'")}`);
    const items = pages.flatMap(valueOf);
    assert.ok(items.length > pageSize, `${items.length} unprotected VMs`);
    for (const i of items) assert.equal((i.properties as JsonObject).protectionStatus, 'Unprotected');
  });

  it('jobs page, and the SDK returns all of them', async () => {
    const pages = await allPages(`${V}/replicationJobs?api-version=2023-06-01`);
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    assert.match(str(pages[0].nextLink), /[?&](\$|%24)?skipToken=/);
    assert.equal(pages[pages.length - 1].nextLink, null);
    const raw = pages.flatMap((p) => valueOf(p).map((i) => str(i.name)));
    const sdk = await collect(s.asr.replicationJobs.list(vault, rg));
    assert.deepEqual(sdk.map((j) => j.name).sort(), [...raw].sort());
  });

  it('recovery points page, and the SDK returns all of them newest first', async () => {
    const pages = await allPages(`${C}/replicationProtectedItems/${v01}/recoveryPoints?api-version=2023-06-01`);
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    assert.equal(pages[pages.length - 1].nextLink, null);
    const sdk = await collect(s.asr.recoveryPoints.listByReplicationProtectedItems(vault, rg, site, container, v01));
    assert.ok(sdk.length > pageSize);
    const times = sdk.map((p) => p.properties!.recoveryPointTime!.getTime());
    for (let k = 1; k < times.length; k++) assert.ok(times[k - 1] > times[k], 'newest first, no duplicates');
  });

  it('resource groups page too', async () => {
    const pages = await allPages(`${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourcegroups?api-version=2024-11-01`);
    const names = pages.flatMap((p) => valueOf(p).map((g) => str(g.name)));
    assert.equal(names.length, s.lab.state.resourceGroups.size);
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    assert.equal(valueOf(pages[0]).length, pageSize);
    assert.equal(pages[pages.length - 1].nextLink, null);
    assert.ok(names.includes(rg));
  });
});

describe('lab paging: a continuation survives a list that changes between pages', function () {
  this.timeout(30000);
  let s: LabSession;
  let V: string;

  const page = async (url: string): Promise<JsonObject> => {
    const res = await rawRequest(url, { token: s.lab.token, ca: s.lab.caCertPem });
    assert.equal(res.status, 200, `GET ${url}: ${res.text.slice(0, 300)}`);
    return jsonObject(res);
  };

  before(async () => {
    // speed 1000: a recovery point every 0.3 s.
    s = await openLab({ pageSize });
    V = `${s.lab.endpoint}/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
  });
  after(async () => s.lab.stop());

  it('recovery points: page 2 holds no point of page 1 when new points arrived in between', async () => {
    const first = await page(`${V}/replicationFabrics/${site}/replicationProtectionContainers/${container}/replicationProtectedItems/${v01}/recoveryPoints?api-version=2023-06-01`);
    await new Promise((r) => setTimeout(r, 700));
    const second = await page(str(first.nextLink));
    const seen = new Set(valueOf(first).map((p) => str(p.name)));
    const again = valueOf(second)
      .filter((p) => seen.has(str(p.name)))
      .map((p) => str(p.name));
    assert.deepEqual(again, [], 'points listed twice');
    const oldestOnFirst = Math.min(...valueOf(first).map((p) => Date.parse(str((p.properties as JsonObject).recoveryPointTime))));
    for (const p of valueOf(second)) assert.ok(Date.parse(str((p.properties as JsonObject).recoveryPointTime)) < oldestOnFirst, 'page 2 continues with older points');
  });

  it('jobs: page 2 holds no job of page 1 when a job started in between', async () => {
    const first = await page(`${V}/replicationJobs?api-version=2023-06-01`);
    const put = await rawRequest(`${V}/replicationFabrics/Paging-Site?api-version=2023-06-01`, {
      method: 'PUT',
      token: s.lab.token,
      ca: s.lab.caCertPem,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: {} }),
    });
    assert.equal(put.status, 202, 'a new job started');
    const second = await page(str(first.nextLink));
    const seen = new Set(valueOf(first).map((j) => str(j.name)));
    const again = valueOf(second)
      .filter((j) => seen.has(str(j.name)))
      .map((j) => str(j.name));
    assert.deepEqual(again, [], 'jobs listed twice');
  });
});
