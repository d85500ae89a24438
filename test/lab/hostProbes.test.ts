/**
 * Host probing through real node-powershell and the lab's stand-in PowerShell: Get-HostProbe (one
 * script per host) says what Get-HostInfo and Get-VmInventory say, in a pool of sessions, with a
 * WinRM latency and one slow host set on the stand-in (ASR_LAB_PWSH_LATENCY_MS,
 * ASR_LAB_PWSH_SLOW_HOSTS), and the stand-in sees each change the lab makes between calls.
 */
import assert from 'node:assert/strict';
import type { HostProbe } from '../../src/estate';
import { probeLocal, probeRemoteHosts, type HostProbed } from '../../src/estate/hostProbes';
import { HyperVError } from '../../src/services/hyperv/errors';
import { getHostInfo } from '../../src/services/hyperv/hostInfo';
import { probeHyperVHost } from '../../src/services/hyperv/hostProbe';
import { PowerShellPool } from '../../src/services/hyperv/runnerPool';
import { getVmInventory } from '../../src/services/hyperv/vmInventory';
import { labControl, openServices, type ServicesSession } from './servicesSupport';

for (const flavor of ['pwsh', 'powershell51'] as const) {
  describe(`host probing: Get-HostProbe in a pool of stand-in ${flavor} sessions`, function () {
    this.timeout(120000);
    let s: ServicesSession;
    let pool: PowerShellPool;
    before(async () => {
      s = await openServices({ speed: 1000 });
      pool = new PowerShellPool({
        executable: flavor === 'pwsh' ? s.lab.pwsh : s.lab.powershell51,
        timeoutMs: 10000,
        size: 3,
        env: { ...process.env, ASR_LAB_PWSH_LATENCY_MS: '20', ASR_LAB_PWSH_SLOW_HOSTS: 'RAM-H1-2=1500' },
      });
    });
    after(async () => {
      await pool.dispose();
      await s.lab.stop();
    });

    it('says what Get-HostInfo and Get-VmInventory say, in one script, for a remote host and the local machine', async () => {
      for (const target of [{ computerName: 'RAM-H1-7' }, {}]) {
        const [probe, info, vms] = await Promise.all([probeHyperVHost(pool, target), getHostInfo(pool, target), getVmInventory(pool, target)]);
        assert.deepEqual(probe, { info, vms });
      }
    });

    it('a host without the Hyper-V module: its facts and no VMs; an unreachable host: the error', async () => {
      await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: 'noHyperVModule' });
      try {
        const probe = await probeHyperVHost(pool, { computerName: 'RAM-H1-7' });
        assert.deepEqual([probe.info.name, probe.info.hyperVModule, probe.vms], ['RAM-H1-7', false, []]);
        await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: 'unreachable' });
        await assert.rejects(probeHyperVHost(pool, { computerName: 'RAM-H1-7' }), (e: unknown) => e instanceof HyperVError && e.code === 'HostUnreachable');
      } finally {
        await labControl(s.lab, 'POST', '/_lab/hosts/RAM-H1-7/fault', { fault: null });
      }
      const back = await probeHyperVHost(pool, { computerName: 'RAM-H1-7' });
      assert.equal(back.vms?.length, 5, 'the stand-in sees the lab change back at once');
      assert.equal(back.info.hyperVModule, true);
    });

    it('probes the hosts at once: the slow host answers last and holds nobody; the local machine too', async () => {
      const sources = ['RAM-H1-2', 'RAM-H1-7', 'NOT-A-HOST'].map((name) => ({ name, source: 'setting' as const }));
      const heard: string[] = [];
      const probes = new Map<string, HostProbe>();
      const started = Date.now();
      const heardAt = new Map<string, number>();
      // RAM-H1-2 takes these credentials only (the essentials scenario); each host gets its own.
      const credentialsFor = (host: string): Promise<{ userName: string; password: string } | undefined> =>
        Promise.resolve(host === 'RAM-H1-2' ? { userName: 'CONTOSO\\asradmin', password: 'lab-only-not-a-real-password' } : undefined);
      await probeRemoteHosts({ runner: pool, credentialsFor }, { sources, localName: undefined, onlyHosts: undefined }, { timeoutMs: 10000 }, () => new Date(), probes, {
        concurrency: 3,
        onHostProbed: (p: HostProbed) => {
          heard.push(p.name);
          heardAt.set(p.name, Date.now() - started);
        },
      });
      assert.equal(heard[heard.length - 1], 'RAM-H1-2');
      assert.ok((heardAt.get('RAM-H1-7') ?? Infinity) < 1500, `RAM-H1-7 waited for the slow host: ${JSON.stringify([...heardAt])}`);
      assert.deepEqual([...probes.keys()], ['ram-h1-2', 'ram-h1-7', 'not-a-host']);
      const h2 = probes.get('ram-h1-2');
      assert.ok(h2?.ok && h2.vms.length === 3, h2?.ok ? `${h2.vms.length} VMs` : String(h2?.error));
      const missing = probes.get('not-a-host');
      assert.ok(
        missing && !missing.ok && missing.error instanceof HyperVError && missing.error.code === 'HostUnreachable',
        missing && !missing.ok ? missing.error.message : 'answered',
      );
      const warnings: string[] = [];
      const local = await probeLocal({ runner: pool }, {}, () => new Date(), warnings);
      assert.deepEqual([local.localName, local.probe?.ok, warnings], ['RAM-ESS.contoso.local', true, []]);
    });
  });
}
