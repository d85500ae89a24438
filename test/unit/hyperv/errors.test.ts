import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { InvocationError, ProcessError } from 'node-powershell';
import {
  HyperVError,
  envelopeErrorCodes,
  firstErrorLine,
  hyperVError,
  hyperVErrorCodes,
  hyperVErrorFromEnvelope,
  hyperVErrorFromException,
  redact,
} from '../../../src/services/hyperv/errors';

const HOST = 'RAM-H1-2';
const PASSWORD = "S3cr3t!'$(x)";

function processError(exitCode: number | null, originalError?: Error, signalCode: NodeJS.Signals | null = null): ProcessError {
  const child = { pid: undefined, exitCode, signalCode } as unknown as ChildProcess;
  return new ProcessError(child, originalError);
}

function spawnError(code: string, path: string): Error {
  return Object.assign(new Error(`spawn ${path} ${code}`), { code, errno: -2, syscall: `spawn ${path}`, path });
}

describe('services/hyperv/errors', () => {
  it('gives the documented messages for the script error codes', () => {
    const m = (code: string): string => hyperVErrorFromEnvelope({ code, message: 'raw' }, HOST).message;
    assert.equal(m('HostUnreachable'), 'Cannot reach RAM-H1-2: check that the host is on and its name resolves, then retry.');
    assert.match(m('WinRMNotEnabled'), /run 'Enable-PSRemoting -Force' on RAM-H1-2 \(as an administrator\), then retry\.$/);
    assert.match(
      m('AccessDenied'),
      /the account has no administrator rights on RAM-H1-2; add credentials for the host \(Azure Site Recovery: Add Hyper-V Host\) or use an account in its Administrators group\.$/,
    );
    assert.match(m('HyperVModuleMissing'), /install it with 'Install-WindowsFeature Hyper-V-PowerShell' on RAM-H1-2\.$/);
    assert.match(m('HostOsNotSupported'), /^RAM-H1-2 runs a Windows version .* Windows Server 2012 R2 or later/);
  });

  it('maps every envelope code in the table to its own HyperVErrorCode, with the host set', () => {
    for (const [wire, code] of Object.entries(envelopeErrorCodes)) {
      const e = hyperVErrorFromEnvelope({ code: wire, message: 'details' }, HOST, { script: 'Get-HostInfo' });
      assert.ok(e instanceof HyperVError);
      assert.equal(e.code, code);
      assert.equal(e.host, HOST);
      assert.ok(e.message.includes(HOST), `${wire}: ${e.message}`);
      assert.ok(hyperVErrorCodes.includes(code));
    }
  });

  it('turns an unknown envelope code into ScriptFailed that keeps the code and message', () => {
    const e = hyperVErrorFromEnvelope({ code: 'DiskFull', message: 'No space left.' }, HOST, { script: 'Get-VmInventory' });
    assert.equal(e.code, 'ScriptFailed');
    assert.equal(e.message, 'Get-VmInventory failed on RAM-H1-2: DiskFull: No space left.');
    assert.equal(hyperVErrorFromEnvelope({ code: 'toString', message: 'x' }, HOST).code, 'ScriptFailed');
  });

  it('every code has a message that names the host (or the executable) and no secret', () => {
    const b64 = Buffer.from(JSON.stringify({ password: PASSWORD })).toString('base64');
    for (const code of hyperVErrorCodes) {
      const e = hyperVError(
        code,
        { host: HOST, script: 'Get-HostInfo', executable: 'C:\\Tools\\pwsh.exe', timeoutMs: 60_000, secrets: [PASSWORD, b64] },
        `failed for ${PASSWORD} with ${b64}`,
      );
      assert.equal(e.code, code);
      const named = code === 'PowerShellNotFound' ? 'C:\\Tools\\pwsh.exe' : HOST;
      assert.ok(e.message.includes(named), `${code}: ${e.message}`);
      assert.ok(!e.message.includes(PASSWORD), `${code} leaks the password: ${e.message}`);
      assert.ok(!e.message.includes(b64), `${code} leaks the encoded input`);
      assert.ok(!(e.detail ?? '').includes(PASSWORD), `${code} detail leaks the password`);
    }
  });

  it('redacts a password the script echoed in its error message', () => {
    const e = hyperVErrorFromEnvelope({ code: 'ScriptFailed', message: `Logon failure for admin / ${PASSWORD}` }, HOST, {
      script: 'Get-HostInfo',
      secrets: [PASSWORD],
    });
    assert.ok(!e.message.includes(PASSWORD));
    assert.match(e.message, /Logon failure for admin \/ \*\*\*/);
  });

  it('says "the local computer" when no host is given', () => {
    assert.equal(hyperVErrorFromEnvelope({ code: 'HostUnreachable', message: '' }).message.startsWith('Cannot reach the local computer'), true);
  });

  it('Timeout names the host and the limit in seconds', () => {
    const e = hyperVErrorFromException(new InvocationError(''), { host: HOST, timeoutMs: 60_000 });
    assert.equal(e.code, 'Timeout');
    assert.match(e.message, /^RAM-H1-2 did not answer within 60 s/);
  });

  it('maps a spawn ENOENT (ProcessError) to PowerShellNotFound with the setting to change', () => {
    const e = hyperVErrorFromException(processError(null, spawnError('ENOENT', '/opt/nope/pwsh')), { executable: '/opt/nope/pwsh' });
    assert.equal(e.code, 'PowerShellNotFound');
    assert.equal(e.message, 'PowerShell was not found at "/opt/nope/pwsh". Set azureSiteRecovery.hyperV.powershellPath to pwsh, powershell or the full path of the executable.');
    assert.equal(hyperVErrorFromException(spawnError('ENOENT', 'pwsh'), { executable: 'pwsh' }).code, 'PowerShellNotFound');
  });

  it('maps a process exit (ProcessError) to PowerShellExited with the exit code', () => {
    const e = hyperVErrorFromException(processError(3), { host: HOST, script: 'Get-VmInventory', executable: 'powershell' });
    assert.equal(e.code, 'PowerShellExited');
    assert.match(e.message, /exit code 3/);
    assert.match(e.message, /RAM-H1-2/);
    assert.match(hyperVErrorFromException(processError(null, undefined, 'SIGKILL')).message, /signal SIGKILL/);
  });

  it('maps an InvocationError with stderr text to ScriptFailed with its first meaningful line', () => {
    const stderr = [
      '',
      "Get-VM : You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer 'RAM-H1-2'.",
      'At line:1 char:1',
      '+ Get-VM',
      '+ ~~~~~~',
      '    + CategoryInfo          : NotSpecified: (:) [Get-VM], VirtualizationException',
    ].join('\r\n');
    const e = hyperVErrorFromException(new InvocationError(stderr), { host: HOST, script: 'Get-VmInventory' });
    assert.equal(e.code, 'ScriptFailed');
    assert.match(e.message, /^Get-VmInventory failed on RAM-H1-2: Get-VM : You do not have the required permission/);
    assert.ok(!e.message.includes('CategoryInfo'));
    assert.equal(hyperVErrorFromException(new InvocationError('invoke called after process exited')).code, 'PowerShellExited');
  });

  it('skips pwsh 7 position lines and redacts the command line PowerShell echoes', () => {
    const b64 = Buffer.from(JSON.stringify({ computerName: HOST, password: PASSWORD })).toString('base64');
    assert.equal(firstErrorLine(`At line:1 char:5\n+ & ('${b64}')\nParserError: Unexpected token`), 'ParserError: Unexpected token');
    assert.equal(firstErrorLine(`Line |\n   1 |  & ('${b64}')\n     | Unexpected token`), 'Unexpected token');
    const e = hyperVErrorFromException(new InvocationError(`& ([scriptblock]::Create('x')) '${b64}'`), { host: HOST, secrets: [b64] });
    assert.ok(!e.message.includes(b64));
    assert.ok(!redact(`x ${b64} y`).includes(b64));
  });

  it('maps an abort to Cancelled and passes a HyperVError through', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    assert.equal(hyperVErrorFromException(abort, { host: HOST }).code, 'Cancelled');
    const original = new HyperVError('AccessDenied', 'x', { host: HOST });
    assert.equal(hyperVErrorFromException(original), original);
    const other = hyperVErrorFromException(new Error('boom\nstack'), { host: HOST, script: 'Get-HostInfo' });
    assert.equal(other.code, 'ScriptFailed');
    assert.equal(other.message, 'Get-HostInfo failed on RAM-H1-2: boom');
  });

  it('HyperVError takes (code, message, init) or one init object', () => {
    const a = new HyperVError('Timeout', 'late', { host: HOST, script: 'Get-HostInfo' });
    const b = new HyperVError({ code: 'Timeout', message: 'late', host: HOST });
    for (const e of [a, b]) {
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'HyperVError');
      assert.equal(e.code, 'Timeout');
      assert.equal(e.message, 'late');
      assert.equal(e.host, HOST);
    }
    assert.equal(a.script, 'Get-HostInfo');
  });
});
