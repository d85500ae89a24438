/**
 * Issue 12, finding 7: no secret in command text. Every host script runs through the real
 * node-powershell against the lab's stand-in PowerShell with known secret values (the host
 * password, a wrong one, the vault credentials with their private key, a proxy password). What
 * node-powershell's invoke receives, every byte written to the shell's standard input,
 * child-shell's history and its debug output (enabled as DEBUG=* would) must carry none of them,
 * in clear, base64 or UTF-16LE base64 (the -EncodedCommand form), nor inside any base64 run they
 * hold. The scripts still get the secrets: the stand-in refuses the wrong password and accepts
 * the right one, and the lab registers the host only with the real vault credentials.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PowerShellOptions } from 'node-powershell';
import { loadScenario } from '../../lab/scenario';
import { PowerShellRunner } from '../../src/services/hyperv/powershellRunner';
import { SCRIPT_COMMAND_PATTERN, buildScriptCommand, encodeScriptInput } from '../../src/services/hyperv/command';
import { getHostInfoScript, withPrelude } from '../../src/services/hyperv/scripts';
import { createNodePowerShell, type NodePowerShell } from '../../src/services/hyperv/nodePowerShell';
import { findHostsInActiveDirectory } from '../../src/services/hyperv/discovery';
import { getHostInfo } from '../../src/services/hyperv/hostInfo';
import { getVmInventory } from '../../src/services/hyperv/vmInventory';
import { HyperVError } from '../../src/services/hyperv/errors';
import { setupProvider } from '../../src/flows/hostSetup';
import { createVaultCredentials } from '../../src/services/azure/vaultCredentials';
import { listRegisteredHosts } from '../../src/services/azure/providers';
import { openServices, type ServicesSession } from './servicesSupport';

/** The `debug` module child-shell logs through (the same instance it loads). */
interface DebugModule {
  enable(namespaces: string): void;
  disable(): string;
}
const childShellRequire = createRequire(require.resolve('child-shell'));
const debugModule = childShellRequire('debug') as DebugModule;

const HOST = 'RAM-H1-2';
const USER = 'CONTOSO\\asradmin';
const PASSWORD = 'lab-only-not-a-real-password';
const WRONG_PASSWORD = 'wrong-Pa$$w0rd-\'"`;|& ünï';
const PROXY_PASSWORD = 'proxy-Secret-ß€-9f3c1d';
const site = { fabricName: 'RAM-Site', siteIdentifier: 'eecac84c-1761-50ad-9624-a7092c581567', siteName: 'RAM-Site' };

/** The forms a secret could take in command text: clear, base64 of UTF-8, base64 of UTF-16LE. */
function forms(secret: string): string[] {
  return [secret, Buffer.from(secret, 'utf8').toString('base64'), Buffer.from(secret, 'utf16le').toString('base64')];
}

/** Which secrets the text carries, in any form, or inside any base64 run it holds (decoded as UTF-8 or UTF-16LE). */
function leaks(text: string, secrets: readonly string[]): string[] {
  const found = new Set<string>();
  const decoded = [...text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].flatMap((m) => {
    const bytes = Buffer.from(m[0], 'base64');
    return [bytes.toString('utf8'), bytes.toString('utf16le')];
  });
  for (const secret of secrets) {
    // As a JSON string value, too (a quote or a backslash is escaped there).
    const inJson = JSON.stringify(secret).slice(1, -1);
    if (forms(secret).some((f) => text.includes(f)) || decoded.some((d) => d.includes(secret) || d.includes(inJson))) {
      found.add(secret.length > 24 ? `${secret.slice(0, 24)}…` : secret);
    }
  }
  return [...found];
}

/** The shells a runner creates, with what they were sent. */
class RecordingShells {
  readonly shells: NodePowerShell[] = [];
  /** What invoke received. */
  readonly commands: string[] = [];
  /** Every chunk written to a shell's standard input. */
  readonly stdin: string[] = [];
  /** child-shell's history entries, looked at after each call. */
  readonly history: string[] = [];

  readonly create = (options: PowerShellOptions): NodePowerShell => {
    const shell = createNodePowerShell(options);
    const invoke = shell.invoke.bind(shell);
    shell.invoke = (command: string) => {
      this.commands.push(command);
      return invoke(command);
    };
    const stdin = shell.streams.stdin;
    const write = stdin.write.bind(stdin) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stdin.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.stdin.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return write(chunk, ...rest);
    }) as typeof stdin.write;
    this.shells.push(shell);
    return shell;
  };

  /** The most entries child-shell's history held between calls (it should hold none). */
  historyEntries = 0;

  /** Records what child-shell's history holds now. */
  snapshotHistory(): void {
    let entries = 0;
    for (const shell of this.shells) {
      for (const h of shell.history) {
        entries++;
        this.history.push(h.command, h.raw);
      }
    }
    this.historyEntries = Math.max(this.historyEntries, entries);
  }
}

async function rejectsWithCode(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    const cause = e instanceof HyperVError ? e : (e as { cause?: unknown }).cause;
    assert.ok(cause instanceof HyperVError, `expected a HyperVError, got ${String(e)}`);
    assert.equal(cause.code, code, cause.message);
    return true;
  });
}

for (const flavor of ['pwsh (PowerShell 7)', 'powershell (Windows PowerShell 5.1 JSON)']) {
  describe(`no secret in command text: every host script through node-powershell and the stand-in ${flavor}`, function () {
    this.timeout(120000);
    let s: ServicesSession;
    let runner: PowerShellRunner;
    let shells: RecordingShells;
    let secretsDir: string;
    const debugOutput: string[] = [];
    const secrets: string[] = [PASSWORD, WRONG_PASSWORD, PROXY_PASSWORD];
    let consoleLog: typeof console.log;
    let debugWas: string;

    before(async () => {
      s = await openServices({ scenario: loadScenario('essentials'), speed: 1000 });
      shells = new RecordingShells();
      secretsDir = mkdtempSync(path.join(tmpdir(), 'asr-secrets-test-'));
      // DEBUG=* for child-shell: its debug module prints through console.log (bound when a shell starts).
      consoleLog = console.log;
      console.log = (...args: unknown[]) => {
        debugOutput.push(args.map(String).join(' '));
      };
      debugWas = debugModule.disable();
      debugModule.enable('*,-mocha:*');
      runner = new PowerShellRunner({
        executable: flavor.startsWith('pwsh') ? s.lab.pwsh : s.lab.powershell51,
        timeoutMs: 10000,
        createShell: shells.create,
        secretsDir,
      });
    });
    after(async () => {
      console.log = consoleLog;
      debugModule.disable();
      if (debugWas) debugModule.enable(debugWas);
      await runner?.dispose();
      await s?.lab.stop();
      rmSync(secretsDir, { recursive: true, force: true });
    });

    it('runs every script with the secrets: a wrong password is refused, the right one works, the vault credentials register the host', async () => {
      const wrong = { computerName: HOST, credential: { userName: USER, password: WRONG_PASSWORD } };
      const right = { computerName: HOST, credential: { userName: USER, password: PASSWORD } };
      const found = await findHostsInActiveDirectory(runner);
      assert.ok(found.some((h) => h.name === HOST));
      shells.snapshotHistory();

      await rejectsWithCode(getHostInfo(runner, wrong), 'AccessDenied');
      assert.equal((await getHostInfo(runner, right)).name, HOST);
      await rejectsWithCode(getVmInventory(runner, wrong), 'AccessDenied');
      assert.ok((await getVmInventory(runner, right)).some((v) => v.name === 'ramh12v01'));
      shells.snapshotHistory();

      const v = s.vctx();
      const target = { ...right, hostFqdn: 'RAM-H1-2.contoso.local' };
      const proxy = { address: 'http://proxy.contoso.local', port: 8080, userName: 'CONTOSO\\proxy', password: PROXY_PASSWORD };
      // A wrong password fails the install step on the host, before anything is installed.
      await rejectsWithCode(
        setupProvider(runner, v, site, { ...target, credential: wrong.credential }, { installerPath: '\\\\files\\AzureSiteRecoveryProvider.exe', pollIntervalMs: 50 }),
        'AccessDenied',
      );
      const done = await setupProvider(runner, v, site, target, {
        installerPath: '\\\\files.contoso.local\\software\\AzureSiteRecoveryProvider.exe',
        proxy,
        pollIntervalMs: 50,
        vaultCredentials: async () => {
          const file = await createVaultCredentials(v, site);
          secrets.push(file.xml);
          const cert = /<ManagementCert>([^<]+)<\/ManagementCert>/.exec(file.xml)?.[1];
          assert.ok(cert, 'the vault credentials hold the management certificate (with its private key)');
          secrets.push(cert);
          return file;
        },
      });
      assert.deepEqual(done.completed, ['install', 'register', 'connected']);
      const registered = await listRegisteredHosts(v, site.fabricName);
      assert.equal(registered.find((h) => h.friendlyName === target.hostFqdn)?.connectionStatus, 'Connected', 'the lab accepted the vault credentials the script read');
      shells.snapshotHistory();
      assert.deepEqual(readdirSync(secretsDir), [], 'no secrets file is left behind');
    });

    it('no command, no byte sent to the shell, no history entry and no debug line carries a secret', () => {
      assert.ok(secrets.length >= 5 && shells.commands.length >= 8, `${secrets.length} secrets, ${shells.commands.length} commands`);
      shells.commands.forEach((c, i) => assert.deepEqual(leaks(c, secrets), [], `command ${i} carries a secret`));
      assert.deepEqual(leaks(shells.stdin.join(''), secrets), [], 'the shell’s standard input carries a secret');
      assert.deepEqual(leaks(shells.history.join('\n'), secrets), [], 'child-shell’s history carries a secret');
      assert.deepEqual(leaks(debugOutput.join('\n'), secrets), [], 'child-shell’s debug output carries a secret');
      assert.deepEqual(debugOutput, [], 'child-shell prints nothing, DEBUG=* or not');
      assert.equal(shells.historyEntries, 0, 'child-shell keeps no history between calls');
    });

    it('the stand-in refuses a command line that carries a secret, and a secrets file other users can read', async () => {
      const shell = createNodePowerShell(runner.shellOptions());
      try {
        const open = { computerName: HOST, userName: USER, password: null };
        const line = buildScriptCommand({ text: withPrelude(getHostInfoScript) }, open);
        const m = SCRIPT_COMMAND_PATTERN.exec(line);
        assert.ok(m);
        const carrying = line.replace(`'${m[2]}'`, `'${encodeScriptInput({ ...open, password: PASSWORD })}'`);
        const refused = await shell.invoke(carrying);
        assert.match(refused.stderr?.toString('utf8') ?? '', /refuses a command line that carries a secret \(password\)/);
        assert.doesNotMatch(refused.stderr?.toString('utf8') ?? '', new RegExp(PASSWORD));
        if (process.platform !== 'win32') {
          const file = path.join(secretsDir, 'open-to-all.secrets');
          writeFileSync(file, `password=${Buffer.from(PASSWORD).toString('base64')}\n`, { mode: 0o644 });
          const loose = await shell.invoke(buildScriptCommand({ text: withPrelude(getHostInfoScript) }, open, file));
          assert.match(loose.stderr?.toString('utf8') ?? '', /refuses a secrets file other users can read/);
          rmSync(file, { force: true });
        }
      } finally {
        await shell.dispose();
      }
    });

    it('the check itself finds a secret in each form it looks for', () => {
      const input = (o: unknown): string => Buffer.from(JSON.stringify(o), 'utf8').toString('base64');
      assert.equal(leaks(`& x '${input({ password: PASSWORD })}'`, [PASSWORD]).length, 1);
      assert.equal(leaks(`& x '${input({ a: 1, password: WRONG_PASSWORD })}'`, [WRONG_PASSWORD]).length, 1, 'JSON-escaped inside base64');
      for (const form of forms(PROXY_PASSWORD)) assert.equal(leaks(`a ${form} b`, [PROXY_PASSWORD]).length, 1, form);
      assert.deepEqual(leaks('nothing here', [PASSWORD]), []);
    });
  });
}
