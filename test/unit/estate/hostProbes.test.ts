import assert from 'node:assert/strict';
import type { HostProbe } from '../../../src/estate';
import { probeLocal, probeRemoteHosts, type HostProbed } from '../../../src/estate/hostProbes';
import { ProbeStream } from '../../../src/estate/probeStream';
import { HyperVError } from '../../../src/services/hyperv/errors';
import { normalizeHostProbe } from '../../../src/services/hyperv/hostProbe';
import type { RunOptions, ScriptRunner } from '../../../src/services/hyperv/powershellRunner';
import type { HyperVScript } from '../../../src/services/hyperv/scripts';
import { hostFactsData, hostProbeData, inventoryVmData } from './hostProbeData';

/** Get-HostProbe's data for a host with one VM. */
function answer(name: string): object {
  return hostProbeData(name, [inventoryVmData(`${name}-vm`)]);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const now = (): Date => new Date(0);

/** A runner answering Get-HostProbe per host after `msFor(host)`; counts the calls in flight. */
class TimedRunner implements ScriptRunner {
  running = 0;
  most = 0;
  readonly scripts: string[] = [];
  constructor(private readonly msFor: (host: string) => number) {}
  async run(script: HyperVScript, input: unknown, options?: RunOptions): Promise<unknown> {
    this.scripts.push(script.name);
    const host = String((input as { computerName: string | null }).computerName ?? 'LOCAL');
    this.running++;
    this.most = Math.max(this.most, this.running);
    try {
      await delay(this.msFor(host));
      options?.signal?.throwIfAborted();
      return answer(host);
    } finally {
      this.running--;
    }
  }
}

function sources(names: string[]): { name: string; source: 'setting' }[] {
  return names.map((name) => ({ name, source: 'setting' }));
}

describe('estate/hostProbes: one script per host, several hosts at once', () => {
  it('reads Get-HostProbe as Get-HostInfo and Get-VmInventory: facts, VMs, and the inventory error apart', () => {
    const ok = normalizeHostProbe([answer('HV1')], 'HV1');
    assert.equal(ok.info.fqdn, 'HV1.contoso.local');
    assert.deepEqual(
      ok.vms?.map((v) => v.name),
      ['HV1-vm'],
    );
    const noHyperV = normalizeHostProbe({ host: hostFactsData('HV2', false), inventory: { vms: [] }, inventoryError: null });
    assert.equal(noHyperV.info.hyperVModule, false);
    assert.deepEqual(noHyperV.vms, []);
    const failed = normalizeHostProbe({ host: hostFactsData('HV3'), inventory: null, inventoryError: { code: 'AccessDenied', message: 'You do not have permission.' } }, 'HV3');
    assert.equal(failed.vms, undefined);
    assert.ok(failed.inventoryError instanceof HyperVError);
    assert.equal(failed.inventoryError.code, 'AccessDenied');
    assert.throws(
      () => normalizeHostProbe({ inventory: { vms: [] } }),
      (e: unknown) => e instanceof HyperVError && e.code === 'ProtocolError',
    );
  });

  it('runs one script per host, up to `concurrency` at once, reports each as it answers, and keeps the hosts in order', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `HV${String(i).padStart(2, '0')}`);
    const runner = new TimedRunner((host) => (host === 'HV00' ? 60 : 5));
    const probes = new Map<string, HostProbe>();
    const heard: HostProbed[] = [];
    await probeRemoteHosts({ runner }, { sources: sources(names), localName: undefined, onlyHosts: undefined }, {}, now, probes, {
      concurrency: 4,
      onHostProbed: (p) => heard.push(p),
    });
    assert.equal(runner.most, 4);
    assert.ok(runner.scripts.every((s) => s === 'Get-HostProbe'));
    assert.equal(runner.scripts.length, 12, 'one script per host');
    assert.deepEqual(
      [...probes.keys()],
      names.map((n) => n.toLowerCase()),
    );
    assert.equal(heard.length, 12);
    assert.equal(heard[heard.length - 1].name, 'HV00', 'the slow host answered last; the others did not wait for it');
    assert.deepEqual(heard[0].sources, [{ name: heard[0].name, source: 'setting' }]);
    const probe = probes.get('hv05');
    assert.ok(probe?.ok);
    assert.deepEqual(
      probe.vms.map((v) => v.name),
      ['HV05-vm'],
    );
  });

  it('a host whose inventory fails is a failed probe; the local machine keeps its name then (as with the two scripts)', async () => {
    const runner: ScriptRunner = {
      run: () => Promise.resolve({ host: hostFactsData('HV1'), inventory: null, inventoryError: { code: 'ScriptFailed', message: 'Get-VM failed.' } }),
    };
    const probes = new Map<string, HostProbe>();
    await probeRemoteHosts({ runner }, { sources: sources(['HV1']), localName: undefined, onlyHosts: undefined }, {}, now, probes);
    const probe = probes.get('hv1');
    assert.ok(probe && !probe.ok);
    assert.match(probe.error.message, /Get-VM failed/);
    const warnings: string[] = [];
    assert.deepEqual(await probeLocal({ runner }, {}, now, warnings), { localName: 'HV1.contoso.local' });
    assert.equal(warnings.length, 1);
  });

  it('a cancelled refresh stops starting hosts', async () => {
    const runner = new TimedRunner(() => 20);
    const control = new AbortController();
    const names = Array.from({ length: 10 }, (_, i) => `HV${i}`);
    const probing = probeRemoteHosts({ runner }, { sources: sources(names), localName: undefined, onlyHosts: undefined }, { signal: control.signal }, now, new Map(), {
      concurrency: 2,
    });
    await delay(5);
    control.abort();
    await assert.rejects(probing);
    await delay(30);
    assert.equal(runner.scripts.length, 2, 'no host started after the cancel');
  });

  it('ProbeStream publishes at most once per interval, none for a refresh quicker than that, none after stop', async () => {
    const published: number[] = [];
    const probe: HostProbe = { ok: false, error: new Error('x'), at: new Date(0) };
    const stream = new ProbeStream((probes) => published.push(probes.size), 30);
    for (let i = 0; i < 5; i++) stream.add({ name: `HV${i}`, probe, sources: [] });
    assert.deepEqual(published, []);
    await delay(45);
    assert.deepEqual(published, [5]);
    stream.add({ name: 'HV9', probe, sources: [] });
    stream.stop();
    await delay(45);
    assert.deepEqual(published, [5], 'stopped: the last answers wait for the refresh’s own snapshot');
  });
});
