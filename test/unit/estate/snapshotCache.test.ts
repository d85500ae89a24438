import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EstateSnapshot } from '../../../src/estate';
import {
  decodeEstateCache,
  encodeEstateCache,
  ESTATE_CACHE_FORMAT,
  estateCacheFile,
  keepEstateCache,
  loadEstateCache,
  saveEstateCache,
  type CachedEstateStore,
} from '../../../src/estate/snapshotCache';
import { EstateStore, type EstateChange } from '../../../src/estate/store';
import { estateHost, NOW, vmOfKind } from '../tree/fixtures';
import { hostProbeData, inventoryVmData } from './hostProbeData';

const VAULT_A = 'sub/rg/vault-a';
const VAULT_B = 'sub/rg/vault-b';

function snapshot(): EstateSnapshot {
  const vm = vmOfKind('Protected', { name: 'web-01' });
  return { takenAt: NOW, hosts: [estateHost({ vms: [vm], protectedCount: 1 })], unassignedVms: [], counts: { hosts: 1, vms: 1, protected: 1 } };
}

function tempFolder(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asr-cache-')), 'estate-cache');
}

/** A store as keepEstateCache sees it, changed by hand. */
class FakeStore implements CachedEstateStore {
  snapshot: EstateSnapshot | undefined;
  cachedAt: Date | undefined;
  vaultRead = false;
  shown: { snapshot: EstateSnapshot; savedAt: Date } | undefined;
  private readonly listeners = new Set<(change: EstateChange) => void>();
  onDidChange(listener: (change: EstateChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  changed(change: EstateChange = {}): void {
    for (const l of this.listeners) l(change);
  }
  showCached(s: EstateSnapshot, savedAt: Date): boolean {
    if (this.snapshot) return false;
    this.shown = { snapshot: s, savedAt };
    return true;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('estate snapshot cache (issue 14: stale-while-revalidate)', () => {
  it('round-trips the display facts (the Hyper-V facts included), Dates revived', () => {
    const original = snapshot();
    assert.ok(original.hosts[0].vms[0].hyperV, 'the fixture VM has its Hyper-V facts');
    const text = encodeEstateCache(original, VAULT_A, new Date('2026-11-25T12:05:00Z'));
    const cached = decodeEstateCache(text, VAULT_A);
    assert.ok(cached);
    assert.equal(cached.savedAt.toISOString(), '2026-11-25T12:05:00.000Z');
    assert.ok(cached.snapshot.takenAt instanceof Date);
    assert.equal(cached.snapshot.hosts[0].provider.lastHeartbeat?.toISOString(), '2026-11-25T11:59:00.000Z');
    const vm = cached.snapshot.hosts[0].vms[0];
    assert.ok(vm.protection?.lastRecoveryPoint instanceof Date);
    assert.deepEqual(vm, original.hosts[0].vms[0]);
  });

  it('a string that looks like a date stays a string', () => {
    const s = snapshot();
    s.hosts[0].vms[0].name = '2026-11-25T12:00:00Z';
    assert.equal(decodeEstateCache(encodeEstateCache(s, VAULT_A, NOW), VAULT_A)?.snapshot.hosts[0].vms[0].name, '2026-11-25T12:00:00Z');
  });

  it('ignores another vault, another format, a corrupt file and a broken shape', () => {
    const text = encodeEstateCache(snapshot(), VAULT_A, NOW);
    assert.equal(decodeEstateCache(text, VAULT_B), undefined);
    assert.equal(decodeEstateCache(text.replace(`"format":${ESTATE_CACHE_FORMAT}`, '"format":0'), VAULT_A), undefined);
    assert.equal(decodeEstateCache(text.slice(0, text.length / 2), VAULT_A), undefined);
    assert.equal(decodeEstateCache('null', VAULT_A), undefined);
    assert.equal(decodeEstateCache(text.replace('"vms":[', '"vms":{"x":['), VAULT_A), undefined);
  });

  it('one file per vault, named by a hash; a missing or unreadable file loads as nothing', async () => {
    const folder = tempFolder();
    assert.equal(await loadEstateCache(folder, VAULT_A), undefined);
    await saveEstateCache(folder, VAULT_A, snapshot(), NOW);
    assert.ok(!path.basename(estateCacheFile(folder, VAULT_A)).includes('vault'));
    assert.equal((await loadEstateCache(folder, VAULT_A))?.snapshot.hosts[0].vms[0].name, 'web-01');
    assert.equal(await loadEstateCache(folder, VAULT_B), undefined);
    fs.writeFileSync(estateCacheFile(folder, VAULT_B), '{"format":1,');
    assert.equal(await loadEstateCache(folder, VAULT_B), undefined);
  });

  it('saves after a change read from the vault, changes meanwhile in one write; not the cached one nor a vault not read', async () => {
    const folder = tempFolder();
    const store = new FakeStore();
    let vault: string | undefined = VAULT_A;
    const cache = keepEstateCache({ folder, store, vaultKey: () => vault, log: () => undefined, saveAfterMs: 10 });
    store.snapshot = snapshot();
    store.changed();
    await sleep(40);
    assert.ok(!fs.existsSync(estateCacheFile(folder, VAULT_A)), 'the vault was not read: nothing saved');
    store.vaultRead = true;
    store.cachedAt = NOW;
    store.changed();
    await sleep(40);
    assert.ok(!fs.existsSync(estateCacheFile(folder, VAULT_A)), 'the cached snapshot itself is not saved again');
    store.cachedAt = undefined;
    store.changed({ hostKeys: [], vmKeys: [] });
    await sleep(40);
    assert.ok(!fs.existsSync(estateCacheFile(folder, VAULT_A)), 'a poll where nothing changed writes nothing');
    store.changed({ hostKeys: [], vmKeys: ['vm'] });
    store.changed();
    await sleep(40);
    assert.ok(fs.existsSync(estateCacheFile(folder, VAULT_A)));
    vault = undefined;
    await cache.forgetAll();
    assert.ok(!fs.existsSync(folder), 'Sign Out deletes every file');
    cache.dispose();
  });

  it('after the first write, waits the least interval between writes: replicating VMs do not rewrite the file every poll', async () => {
    const folder = tempFolder();
    const store = new FakeStore();
    store.snapshot = snapshot();
    store.vaultRead = true;
    const cache = keepEstateCache({ folder, store, vaultKey: () => VAULT_A, log: () => undefined, saveAfterMs: 10, minWriteIntervalMs: 300 });
    const file = estateCacheFile(folder, VAULT_A);
    const savedAt = async (): Promise<number | undefined> => (await loadEstateCache(folder, VAULT_A))?.savedAt.getTime();
    store.changed({ vmKeys: ['vm'] });
    await sleep(60);
    const first = await savedAt();
    assert.ok(first !== undefined && fs.existsSync(file), 'the first change of a window is written soon');
    store.changed({ vmKeys: ['vm'] });
    await sleep(100);
    assert.equal(await savedAt(), first, 'a change soon after a write waits for the interval');
    await sleep(300);
    const second = await savedAt();
    assert.ok(second !== undefined && second - first >= 290, `written once the interval has passed (${second === undefined ? 'never' : second - first} ms)`);
    cache.dispose();
  });

  it('shows the saved snapshot of the connected vault only, and only before a snapshot is there', async () => {
    const folder = tempFolder();
    await saveEstateCache(folder, VAULT_A, snapshot(), NOW);
    const store = new FakeStore();
    assert.equal(await keepEstateCache({ folder, store, vaultKey: () => VAULT_B, log: () => undefined }).showSaved(), false);
    assert.equal(await keepEstateCache({ folder, store, vaultKey: () => undefined, log: () => undefined }).showSaved(), false);
    assert.equal(await keepEstateCache({ folder, store, vaultKey: () => VAULT_A, log: () => undefined }).showSaved(), true);
    assert.equal(store.shown?.savedAt.toISOString(), NOW.toISOString());
  });
});

describe('estate store with a cached snapshot', () => {
  const runner = {
    run: (): Promise<unknown> => Promise.reject(new Error('no host')),
  };
  const options = () => ({ includeLocal: false, settingHosts: [], useActiveDirectory: false });

  it('shows it marked as cached until the first refresh lands, then lets it go', async () => {
    const store = new EstateStore(() => Promise.resolve({ runner }), options);
    const changes: unknown[] = [];
    store.onDidChange((c) => changes.push(c));
    assert.equal(store.showCached(snapshot(), NOW), true);
    assert.equal(store.snapshot?.hosts[0].vms[0].name, 'web-01');
    assert.equal(store.cachedAt, NOW);
    assert.equal(store.vaultRead, false);
    assert.equal(store.showCached(snapshot(), NOW), false, 'shown once');
    await store.refresh();
    assert.equal(store.cachedAt, undefined);
    assert.equal(store.snapshot?.hosts.length, 0, 'the refresh reads as after a cold start, not from the cached snapshot');
    assert.deepEqual(changes, [{}, {}]);
    assert.equal(store.showCached(snapshot(), NOW), false, 'not over a snapshot read');
  });

  it('the first refresh shows no interim snapshot over it: hosts that answer early wait for the refresh to land', async () => {
    // HV9 answers at once, HV8 after more than the probe stream's interval (400 ms): without the
    // rule, an interim snapshot (no ASR read yet) would replace the cached estate meanwhile.
    const slowRunner = {
      run: async (_script: unknown, input: unknown): Promise<unknown> => {
        const name = String((input as { computerName: string | null }).computerName);
        if (name === 'HV8') await sleep(700);
        return hostProbeData(name, [inventoryVmData(`${name.toLowerCase()}-vm`, name === 'HV8' ? '88888888-8888-4888-8888-888888888888' : '99999999-9999-4999-8999-999999999999')]);
      },
    };
    const store = new EstateStore(
      () => Promise.resolve({ runner: slowRunner }),
      () => ({ includeLocal: false, settingHosts: ['HV9', 'HV8'], useActiveDirectory: false }),
    );
    store.showCached(snapshot(), NOW);
    const changes: unknown[] = [];
    store.onDidChange((c) => changes.push(c));
    const refreshed = store.refresh();
    await sleep(600);
    assert.equal(store.cachedAt, NOW, 'still the cached estate while HV8 has not answered');
    assert.equal(store.snapshot?.hosts[0].vms[0].name, 'web-01');
    assert.deepEqual(changes, []);
    await refreshed;
    assert.equal(store.cachedAt, undefined);
    assert.deepEqual(
      store.snapshot?.hosts.map((h) => h.name),
      ['HV8', 'HV9'],
    );
    assert.equal(changes.length, 1, 'one change: the refresh landing');
  });

  it('forgetting the vault drops it at once', () => {
    const store = new EstateStore(() => Promise.resolve({ runner }), options);
    store.showCached(snapshot(), NOW);
    let changed = 0;
    store.onDidChange(() => changed++);
    store.forgetVault();
    assert.equal(store.snapshot, undefined);
    assert.equal(store.cachedAt, undefined);
    assert.equal(changed, 1);
  });

  it('a protection refresh while it shows waits for the full refresh under way (no second one)', async () => {
    let reads = 0;
    const store = new EstateStore(() => {
      reads++;
      return Promise.resolve({ runner });
    }, options);
    store.showCached(snapshot(), NOW);
    const full = store.refresh();
    await store.refreshProtection(undefined);
    await full;
    assert.equal(reads, 1);
  });
});
