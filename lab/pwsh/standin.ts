/**
 * The lab's stand-in for PowerShell. node-powershell starts it exactly as it starts `pwsh`
 * (`<exe> -NoProfile -NonInteractive -ExecutionPolicy Bypass -NoLogo -NoExit -Command -`) and
 * drives it over stdin: per invocation a `[Console]::Error.WriteLine("<delimiter>")` line, the
 * same for `[Console]::Out`, the command, then both delimiter lines again. The stand-in answers
 * the project's own scripts (one-line, base64-encoded, see src/services/hyperv/command.ts) from
 * the lab's simulated Hyper-V estate, and refuses anything else with a PowerShell-like error on
 * stderr, so an unknown or changed script (or prelude) fails its test instead of passing silently.
 * Like the prelude's Read-ScriptInput, it takes the secret fields of the input from the secrets
 * file the command names, and deletes that file; a command whose own input still carries a secret
 * field, or a secrets file other users could read, is refused (issue 12, finding 7).
 *
 * Configuration comes from the file named by ASR_LAB_CONTROL (written by the lab, mode 0600):
 * the lab's endpoint, a control token and its CA certificate. ASR_LAB_PWSH_FLAVOR=5.1 makes it
 * write JSON as Windows PowerShell 5.1's ConvertTo-Json does (\u003c-style escapes).
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { createInterface } from 'node:readline';
import {
  activeDirectoryHosts,
  hostInfo,
  hostProbe,
  installProvider,
  registerProvider,
  resolveTarget,
  vmInventory,
  type Envelope,
  type ScriptInput,
  type StandInHost,
} from './answers';
import { knownScripts } from './knownScripts';
import { applySecrets, collectSecrets, decodeSecretsFile, splitSecrets } from '../../src/services/hyperv/secretInput';

interface Control {
  endpoint: string;
  token: string;
  caCertPem: string;
}

const flavor51 = process.env.ASR_LAB_PWSH_FLAVOR === '5.1';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function checkArguments(args: string[]): void {
  const flags = new Set(['-nologo', '-noexit', '-noprofile', '-noninteractive']);
  let sawCommand = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].toLowerCase();
    if (flags.has(a)) continue;
    if (a === '-executionpolicy') {
      const policy = args[++i];
      if (!policy || !['bypass', 'unrestricted', 'remotesigned', 'allsigned', 'restricted', 'default', 'undefined'].includes(policy.toLowerCase())) {
        fail(`Invalid argument '${policy ?? ''}' for -ExecutionPolicy.`, 64);
      }
      continue;
    }
    if (a === '-command') {
      if (args[i + 1] !== '-') fail('The stand-in PowerShell reads commands from standard input only (-Command -).', 64);
      sawCommand = true;
      i++;
      continue;
    }
    fail(
      `The argument '${args[i]}' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
      64,
    );
  }
  if (!sawCommand) fail('The stand-in PowerShell needs -Command - (node-powershell passes it).', 64);
}

function loadControl(): Control {
  const file = process.env.ASR_LAB_CONTROL;
  if (!file) fail('ASR_LAB_CONTROL is not set: start the stand-in through the path the ASR lab prints as "pwsh".', 1);
  return JSON.parse(readFileSync(file, 'utf8')) as Control;
}

function callLab(control: Control, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Authorization: `Bearer ${control.token}` };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const req = request(new URL(path, control.endpoint), { method, ca: control.caCertPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * The lab's hosts as they are now: all of them, or with `target` (a computer name, '' for the
 * local machine) only the one a call is for, so a call never fetches the whole estate (2.6 MB at
 * 5,000 VMs) and still sees every change the lab made since the last call.
 */
async function fetchHosts(control: Control, target?: string): Promise<StandInHost[]> {
  const r = await callLab(control, 'GET', target === undefined ? '/_lab/hosts' : `/_lab/hosts?target=${encodeURIComponent(target)}`);
  if (r.status !== 200) throw new Error(`the ASR lab answered ${r.status}`);
  return (r.body as { hosts: StandInHost[] }).hosts;
}

/** Windows PowerShell 5.1's ConvertTo-Json escapes these characters; PowerShell 7 does not. */
function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (!flavor51) return json;
  return json.replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * WinRM's round trip, for benchmarks: ASR_LAB_PWSH_LATENCY_MS (default 0) milliseconds before
 * every call to a remote host (one with a computer name), and ASR_LAB_PWSH_SLOW_HOSTS
 * ("HV001=5000,HV002=800": a host name as the call gives it, and milliseconds) instead for those
 * hosts. The local machine answers without remoting, at once.
 */
const latencyMs = Number(process.env.ASR_LAB_PWSH_LATENCY_MS ?? '0') || 0;
const slowHosts = new Map(
  (process.env.ASR_LAB_PWSH_SLOW_HOSTS ?? '')
    .split(',')
    .map((entry) => entry.split('='))
    .filter((kv): kv is [string, string] => kv.length === 2 && kv[0].trim() !== '')
    .map(([host, ms]) => [host.trim().toLowerCase(), Number(ms) || 0]),
);

async function winRmDelay(computerName: string): Promise<void> {
  if (computerName === '') return;
  const ms = slowHosts.get(computerName.toLowerCase()) ?? latencyMs;
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

const writeLine = /^\[Console\]::(Out|Error)\.WriteLine\("([^"]*)"\)$/;
const scriptLine =
  /^& \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)\)\) '([A-Za-z0-9+/=]*)' '([A-Za-z0-9+/=]*)'$/;

function notRecognized(line: string): string {
  const token = line.trim().split(/\s+/)[0] ?? line;
  return `${token}: The term '${token}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.`;
}

type ScriptResult = { stdout?: string; stderr?: string; hang?: boolean };

function scriptFailed(message: string): ScriptResult {
  return { stdout: `ASR-ENVELOPE:${toJson({ ok: false, error: { code: 'ScriptFailed', message } })}` };
}

/**
 * The script's input as Read-ScriptInput (prelude.ps1) makes it: the JSON of the command line,
 * with the secret fields read from the secrets file, which is deleted. A result instead when the
 * input cannot be read, carries a secret in the command line, or the file is open to others.
 */
function readScriptInput(inputB64: string, secretsB64: string): { input: ScriptInput } | { result: ScriptResult } {
  let open: unknown;
  try {
    open = JSON.parse(Buffer.from(inputB64, 'base64').toString('utf8')) as unknown;
  } catch {
    return { result: scriptFailed('Conversion from JSON failed with error: Unexpected character encountered while parsing value.') };
  }
  if (collectSecrets(open).length > 0) {
    const fields = splitSecrets(open).secrets.map((f) => f.path.join('.'));
    return {
      result: {
        stderr: `ParserError: The ASR lab's stand-in PowerShell refuses a command line that carries a secret (${fields.join(', ')}): secret fields go through the secrets file (src/services/hyperv/secretInput.ts).`,
      },
    };
  }
  if (secretsB64 === '') return { input: open as ScriptInput };
  const file = Buffer.from(secretsB64, 'base64').toString('utf8');
  let text: string;
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      return { result: { stderr: `ParserError: The ASR lab's stand-in PowerShell refuses a secrets file other users can read: ${file}.` } };
    }
    text = readFileSync(file, 'utf8');
  } catch {
    return { result: scriptFailed(`Exception calling "ReadAllLines" with "1" argument(s): "Could not find file '${file}'."`) };
  } finally {
    rmSync(file, { force: true });
  }
  try {
    return { input: applySecrets(open, decodeSecretsFile(text)) as ScriptInput };
  } catch (e) {
    return { result: scriptFailed((e as Error).message) };
  }
}

async function runScript(control: Control, scriptB64: string, inputB64: string, secretsB64: string): Promise<ScriptResult> {
  const text = Buffer.from(scriptB64, 'base64').toString('utf8');
  // The runner sends the prelude (src/services/hyperv/scripts/prelude.ps1) and then the script:
  // the script's header is the first asr-script line, and the hash is of the whole text.
  const header = /^# asr-script: (\S+) (\d+)/m.exec(text);
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const known = header ? knownScripts[header[1]] : undefined;
  if (!header || !known || known.version !== Number(header[2]) || known.sha256 !== sha256) {
    const what = header ? `${header[1]} v${header[2]}` : 'a script without an asr-script header';
    return {
      stderr: `ParserError: The ASR lab's stand-in PowerShell does not know this script: ${what} (sha256 ${sha256}). Teach lab/pwsh/answers.ts about it and update lab/pwsh/knownScripts.ts (the hash of prelude.ps1 and the script together).`,
    };
  }
  const read = readScriptInput(inputB64, secretsB64);
  if ('result' in read) return read.result;
  const input = read.input;
  // The domain is asked from the local machine: no computer name, no per-host faults.
  if (header[1] === 'Find-HyperVHosts') return { stdout: `ASR-ENVELOPE:${toJson(activeDirectoryHosts(await fetchHosts(control)))}` };
  await winRmDelay(input.computerName ?? '');
  const target = resolveTarget(await fetchHosts(control, input.computerName ?? ''), input);
  if (target.kind === 'hang') return { hang: true };
  if (target.kind === 'envelope') return { stdout: `ASR-ENVELOPE:${toJson(target.envelope)}` };
  const host = target.host;
  const hostPath = `/_lab/hosts/${encodeURIComponent(host.fqdn)}`;
  let envelope: Envelope;
  if (header[1] === 'Get-HostInfo') envelope = hostInfo(host);
  else if (header[1] === 'Get-VmInventory') envelope = vmInventory(host);
  else if (header[1] === 'Get-HostProbe') envelope = hostProbe(host);
  else if (header[1] === 'Install-AsrProvider') {
    envelope = await installProvider(host, input, async (version) => {
      await callLab(control, 'POST', `${hostPath}/install`, { version });
    });
  } else {
    envelope = await registerProvider(host, input, async (xml, friendlyName) => {
      const r = await callLab(control, 'POST', `${hostPath}/register`, { vaultCredentials: xml, friendlyName });
      const error = (r.body as { error?: { message?: string } } | undefined)?.error;
      return { status: r.status, message: error?.message };
    });
  }
  return { stdout: `ASR-ENVELOPE:${toJson(envelope)}` };
}

async function main(): Promise<void> {
  checkArguments(process.argv.slice(2));
  const control = loadControl();
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const w = writeLine.exec(line);
    if (w) {
      (w[1] === 'Out' ? process.stdout : process.stderr).write(`${w[2]}\n`);
      continue;
    }
    const s = scriptLine.exec(line);
    if (!s) {
      process.stderr.write(`${notRecognized(line)}\n`);
      continue;
    }
    let result: ScriptResult;
    try {
      result = await runScript(control, s[1], s[2], s[3]);
    } catch (e) {
      result = { stderr: `The ASR lab's stand-in PowerShell could not reach the lab: ${(e as Error).message}` };
    }
    if (result.hang) {
      // A host that never answers: the caller's timeout must fire; nothing more is read.
      await new Promise<never>(() => undefined);
    }
    if (result.stdout !== undefined) process.stdout.write(`${result.stdout}\n`);
    if (result.stderr !== undefined) process.stderr.write(`${result.stderr}\n`);
  }
  process.exit(0);
}

process.on('SIGTERM', () => process.exit(143));
void main();
