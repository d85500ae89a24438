import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getHostInfoScript, getVmInventoryScript, hostScriptPrelude, hyperVScripts, parsePrelude, parseScript, withPrelude } from '../../../src/services/hyperv/scripts';

const dir = path.join(__dirname, '../../../src/services/hyperv/scripts');

describe('services/hyperv/scripts', () => {
  it('loads each script as its exact file text with the name and version from its header', () => {
    assert.equal(getHostInfoScript.name, 'Get-HostInfo');
    assert.equal(getVmInventoryScript.name, 'Get-VmInventory');
    assert.equal(typeof getHostInfoScript.version, 'number');
    assert.ok(getHostInfoScript.version >= 1);
    assert.equal(getHostInfoScript.text, readFileSync(path.join(dir, 'Get-HostInfo.ps1'), 'utf8'));
    assert.equal(getVmInventoryScript.text, readFileSync(path.join(dir, 'Get-VmInventory.ps1'), 'utf8'));
    for (const [name, script] of Object.entries(hyperVScripts)) {
      assert.equal(script.name, name);
      assert.equal(script.text, readFileSync(path.join(dir, `${name}.ps1`), 'utf8'));
    }
    assert.ok(['Get-HostInfo', 'Get-VmInventory', 'Install-AsrProvider', 'Register-AsrProvider'].every((n) => n in hyperVScripts));
  });

  it('every script, after the prelude, takes param([string]$InputBase64, [string]$SecretsFileBase64), reads its input with Read-ScriptInput and writes the envelope prefix', () => {
    assert.equal(hostScriptPrelude, readFileSync(path.join(dir, 'prelude.ps1'), 'utf8'));
    for (const script of Object.values(hyperVScripts)) {
      const sent = withPrelude(script);
      assert.equal(sent, hostScriptPrelude + script.text);
      assert.match(sent, /param\(\[string\]\$InputBase64, \[string\]\$SecretsFileBase64\)/);
      assert.match(script.text, /^  \$in = Read-ScriptInput$/m, `${script.name} reads its input, secrets included, through the prelude`);
      const code = script.text
        .split('\n')
        .filter((l) => !l.trimStart().startsWith('#'))
        .join('\n');
      assert.doesNotMatch(code, /\$InputBase64|\$SecretsFileBase64/, `${script.name} leaves decoding its input to the prelude`);
      assert.match(sent, /ASR-ENVELOPE:/);
      // The script's own text declares no parameter: the prelude's param block must come first.
      assert.doesNotMatch(script.text, /^param\s*\(/im, `${script.name} declares no param block of its own`);
      assert.match(script.text, /^# Runs after prelude\.ps1 /m, `${script.name} says it runs after the prelude`);
    }
  });

  it('the prelude starts with its param block (only comments before it) and each script names the prelude functions it calls', () => {
    const beforeParam = hostScriptPrelude.slice(0, hostScriptPrelude.indexOf('param([string]$InputBase64, [string]$SecretsFileBase64)'));
    assert.ok(beforeParam.length > 0);
    assert.deepEqual(
      beforeParam.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')),
      [],
    );
    const functions = [...hostScriptPrelude.matchAll(/^function ([A-Za-z-]+)/gm)].map((m) => m[1]);
    assert.deepEqual(functions, ['Read-ScriptInput', 'Write-Envelope', 'Write-ErrorEnvelope', 'Invoke-OnHost', 'Get-HostErrorCode']);
    for (const script of Object.values(hyperVScripts)) {
      const lines = script.text.split('\n');
      const header = lines
        .filter((l) => l.startsWith('#'))
        .map((l) => l.replace(/^#\s*/, ''))
        .join(' ');
      const named = /defines the (.+?) used here/.exec(header)?.[1] ?? '';
      const code = lines.filter((l) => !l.trimStart().startsWith('#')).join('\n');
      for (const f of functions) {
        const called = new RegExp(`(^|[\\s(])${f}\\b`).test(code);
        assert.equal(named.includes(f), called, `${script.name}: its header names ${f} exactly when it calls it`);
      }
    }
  });

  it('no secret goes through ConvertTo-SecureString, whose parameter values module logging (event 4103) records', () => {
    for (const text of [hostScriptPrelude, ...Object.values(hyperVScripts).map((s) => s.text)]) {
      const code = text
        .split('\n')
        .filter((l) => !l.trimStart().startsWith('#'))
        .join('\n');
      assert.doesNotMatch(code, /ConvertTo-SecureString/i);
    }
    assert.match(hostScriptPrelude, /\$secure\.AppendChar\(\$c\)/, 'the host password becomes a SecureString through .NET methods');
  });

  it('refuses a prelude that is not text, does not end with a line break or holds a script header', () => {
    assert.equal(parsePrelude('param()\n', 'p.ps1'), 'param()\n');
    assert.throws(() => parsePrelude(undefined, 'p.ps1'), /p\.ps1 was not loaded as text/);
    assert.throws(() => parsePrelude('param()', 'p.ps1'), /line break/);
    assert.throws(() => parsePrelude('param()\n# asr-script: A 1\n', 'p.ps1'), /asr-script/);
  });

  it('parses a header with CRLF or a BOM, and fails loudly without one', () => {
    assert.deepEqual(parseScript('# asr-script: Do-Thing 12\r\nparam()', 'x.ps1'), {
      name: 'Do-Thing',
      version: 12,
      text: '# asr-script: Do-Thing 12\r\nparam()',
    });
    assert.equal(parseScript('\uFEFF# asr-script: A 1\n', 'a.ps1').name, 'A');
    assert.throws(() => parseScript('param()\n# asr-script: A 1', 'late.ps1'), /late\.ps1 does not start with the header/);
    assert.throws(() => parseScript('# asr-script: A\n', 'nover.ps1'), /header/);
    assert.throws(() => parseScript('# asr-script: A one\n', 'badver.ps1'), /header/);
    assert.throws(() => parseScript(undefined, 'missing.ps1'), /missing\.ps1 was not loaded as text/);
    assert.throws(() => parseScript({ default: 'x' }, 'obj.ps1'), /not loaded as text/);
  });
});
