import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getHostInfoScript, getVmInventoryScript, hyperVScripts, parseScript } from '../../../src/services/hyperv/scripts';

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

  it('every script takes param([string]$InputBase64) and writes the envelope prefix', () => {
    for (const script of Object.values(hyperVScripts)) {
      assert.match(script.text, /param\(\[string\]\$InputBase64\)/);
      assert.match(script.text, /ASR-ENVELOPE:/);
    }
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
