import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HyperVError } from '../../../src/services/hyperv/errors';
import { DEFAULT_PROBE_CONCURRENCY, MAX_PROBE_CONCURRENCY, PowerShellPool, poolSize, type PowerShellPoolOptions } from '../../../src/services/hyperv/runnerPool';
import { getHostInfoScript } from '../../../src/services/hyperv/scripts';
import { FakePowerShell, delay, ok } from './fakeShell';

/** The computer name a fake call was for. */
function hostOf(input: unknown): string {
  const name = (input as { computerName?: unknown }).computerName;
  return typeof name === 'string' ? name : '';
}

async function cancelledOrTimeout(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HyperVError, String(e));
    return e.code;
  }
  return 'answered';
}

describe('services/hyperv/runnerPool', () => {
  let fake: FakePowerShell;
  let secretsDir: string;
  const pools: PowerShellPool[] = [];

  function pool(options: Partial<PowerShellPoolOptions> = {}): PowerShellPool {
    const p = new PowerShellPool({ executable: 'pwsh', createShell: fake.create, secretsDir, size: 3, ...options });
    pools.push(p);
    return p;
  }

  beforeEach(() => {
    fake = new FakePowerShell();
    secretsDir = mkdtempSync(path.join(tmpdir(), 'asr-pool-test-'));
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.dispose()));
    rmSync(secretsDir, { recursive: true, force: true });
  });

  it('the setting: a whole number from 1 to 32, else the default 8', () => {
    assert.equal(poolSize(undefined), DEFAULT_PROBE_CONCURRENCY);
    assert.equal(poolSize(Number.NaN), DEFAULT_PROBE_CONCURRENCY);
    assert.equal(poolSize(0), 1);
    assert.equal(poolSize(4.7), 4);
    assert.equal(poolSize(1000), MAX_PROBE_CONCURRENCY);
  });

  it('runs at most `size` calls at once, each in a session of its own, and reuses the sessions', async () => {
    let running = 0;
    let most = 0;
    fake.respond = async (_c, input) => {
      running++;
      most = Math.max(most, running);
      await delay(15);
      running--;
      return ok({ host: hostOf(input) });
    };
    const p = pool({ size: 3 });
    const hosts = Array.from({ length: 10 }, (_, i) => `HV${i}`);
    const answers = await Promise.all(hosts.map((h) => p.run(getHostInfoScript, { computerName: h })));
    assert.deepEqual(
      answers,
      hosts.map((h) => ({ host: h })),
    );
    assert.equal(most, 3);
    assert.equal(p.sessionCount, 3);
    assert.equal(fake.shells.length, 3, 'one shell per session, started once');
    for (const shell of fake.shells) assert.equal(shell.maxRunning, 1, 'a session runs one call at a time');
  });

  it('a slow host holds only its own session: the others are answered meanwhile', async () => {
    fake.respond = async (_c, input) => {
      await delay(hostOf(input) === 'SLOW' ? 400 : 5);
      return ok({ host: hostOf(input) });
    };
    const p = pool({ size: 2 });
    const started = Date.now();
    const slow = p.run(getHostInfoScript, { computerName: 'SLOW' });
    const others = await Promise.all(Array.from({ length: 20 }, (_, i) => p.run(getHostInfoScript, { computerName: `HV${i}` })));
    const othersMs = Date.now() - started;
    assert.equal(others.length, 20);
    assert.ok(othersMs < 300, `the others took ${othersMs} ms behind the slow host`);
    assert.deepEqual(await slow, { host: 'SLOW' });
  });

  it('each call has its own timeout, counted from when it is sent (not while it waited for a session)', async () => {
    fake.respond = async (_c, input) => (hostOf(input) === 'HANG' ? 'hang' : (await delay(30), ok({ host: hostOf(input) })));
    const p = pool({ size: 1, timeoutMs: 60 });
    const first = p.run(getHostInfoScript, { computerName: 'HV1' });
    const second = p.run(getHostInfoScript, { computerName: 'HV2' });
    const hung = p.run(getHostInfoScript, { computerName: 'HANG' });
    const after = p.run(getHostInfoScript, { computerName: 'HV3' });
    assert.deepEqual(await first, { host: 'HV1' });
    assert.deepEqual(await second, { host: 'HV2' }, 'waited 30 ms for the session, answered 30 ms after: not timed out');
    assert.equal(await cancelledOrTimeout(hung), 'Timeout');
    assert.deepEqual(await after, { host: 'HV3' }, 'the session goes on in a fresh shell');
  });

  it('a cancelled call that waits for a session ends at once, without taking one', async () => {
    fake.respond = async (_c, input) => (await delay(50), ok({ host: hostOf(input) }));
    const p = pool({ size: 1 });
    const busy = p.run(getHostInfoScript, { computerName: 'HV1' });
    const control = new AbortController();
    const waiting = p.run(getHostInfoScript, { computerName: 'HV2' }, { signal: control.signal });
    control.abort();
    assert.equal(await cancelledOrTimeout(waiting), 'Cancelled');
    assert.deepEqual(await busy, { host: 'HV1' });
    assert.equal(fake.last.commands.length, 1, 'HV2 was never sent');
  });

  it('dispose ends the calls running and waiting with Cancelled, disposes every shell, and refuses later calls', async () => {
    fake.respond = () => 'hang';
    const p = pool({ size: 2 });
    const calls = ['HV1', 'HV2', 'HV3'].map((h) => cancelledOrTimeout(p.run(getHostInfoScript, { computerName: h })));
    await delay(10);
    await p.dispose();
    assert.deepEqual(await Promise.all(calls), ['Cancelled', 'Cancelled', 'Cancelled']);
    assert.ok(fake.shells.length === 2 && fake.shells.every((s) => s.disposed));
    assert.equal(await cancelledOrTimeout(p.run(getHostInfoScript, { computerName: 'HV4' })), 'Cancelled');
  });
});
