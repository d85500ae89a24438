import assert from 'node:assert/strict';
import { SCRIPT_COMMAND_PATTERN, buildScriptCommand, decodeScriptCommand, encodeScriptInput } from '../../../src/services/hyperv/command';
import { getHostInfoScript, getVmInventoryScript } from '../../../src/services/hyperv/scripts';
import { hostile } from './hostileValues';

const CONTRACT = /^& \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('[A-Za-z0-9+/=]+'\)\)\)\) '[A-Za-z0-9+/=]+' '[A-Za-z0-9+/=]*'$/;

describe('services/hyperv/command', () => {
  for (const [label, value] of Object.entries(hostile)) {
    it(`encodes a hostile value (${label}) into the one-line shape and round-trips it`, () => {
      const input = { computerName: value, userName: `DOMAIN\\${value}`, friendlyName: value, password: null, nested: { list: [value, 1, null] } };
      const line = buildScriptCommand(getVmInventoryScript, input);
      assert.match(line, CONTRACT);
      assert.ok(!/[\r\n]/.test(line), 'one line');
      const decoded = decodeScriptCommand(line);
      assert.deepEqual(decoded.input, input);
      assert.equal(decoded.scriptText, getVmInventoryScript.text);
    });
  }

  it('round-trips very long strings (1 MiB of mixed scripts) unchanged', () => {
    const long = 'ab\'$`"😀漢й\r\n'.repeat(100_000);
    const line = buildScriptCommand(getHostInfoScript, { computerName: long });
    assert.match(line, CONTRACT);
    assert.deepEqual(decodeScriptCommand(line).input, { computerName: long });
  });

  it('round-trips a lone surrogate (JSON escapes it, so UTF-8 never sees it)', () => {
    const lone = 'x\ud800y\udfffz';
    const decoded = decodeScriptCommand(buildScriptCommand(getHostInfoScript, { name: lone }));
    assert.deepEqual(decoded.input, { name: lone });
  });

  it('base64-encodes the script text and the JSON input as UTF-8', () => {
    const line = buildScriptCommand(getHostInfoScript, { computerName: 'Ж' });
    const m = SCRIPT_COMMAND_PATTERN.exec(line);
    assert.ok(m);
    assert.equal(Buffer.from(m[1], 'base64').toString('utf8'), getHostInfoScript.text);
    assert.equal(Buffer.from(m[2], 'base64').toString('utf8'), '{"computerName":"Ж"}');
    assert.equal(m[2], encodeScriptInput({ computerName: 'Ж' }));
  });

  it('is exactly the contract text around the base64 strings, the secrets file path last (empty without one)', () => {
    const line = buildScriptCommand({ text: 'x' }, null);
    assert.equal(line, "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eA==')))) 'bnVsbA==' ''");
    const withFile = buildScriptCommand({ text: 'x' }, null, "C:\\Users\\O'Brien\\AppData\\Local\\Temp\\asr-vscode-x\\input.secrets");
    assert.match(withFile, CONTRACT);
    assert.equal(decodeScriptCommand(withFile).secretsFile, "C:\\Users\\O'Brien\\AppData\\Local\\Temp\\asr-vscode-x\\input.secrets");
    assert.equal(decodeScriptCommand(line).secretsFile, '');
  });

  it('refuses an input that still has a secret field: secrets never go in the command line', () => {
    for (const input of [{ password: 'p' }, { proxy: { password: 'p' } }, { vaultCredentials: '<xml/>' }, { list: [{ clientSecret: 's' }] }]) {
      assert.throws(() => buildScriptCommand(getHostInfoScript, input), /secret fields/);
    }
    assert.doesNotThrow(() => buildScriptCommand(getHostInfoScript, { password: null, token: '', userName: 'u' }));
  });

  it('sends {} for an undefined input and refuses what JSON cannot carry', () => {
    assert.deepEqual(decodeScriptCommand(buildScriptCommand(getHostInfoScript, undefined)).input, {});
    assert.throws(() => buildScriptCommand(getHostInfoScript, 10n), TypeError);
    assert.throws(() => buildScriptCommand(getHostInfoScript, () => 1), TypeError);
    assert.throws(() => buildScriptCommand({ text: '' }, {}), TypeError);
  });

  it('decode accepts a trailing newline and rejects anything that is not the exact shape', () => {
    const line = buildScriptCommand(getHostInfoScript, { a: 1 });
    assert.deepEqual(decodeScriptCommand(`${line}\r\n`).input, { a: 1 });
    assert.throws(() => decodeScriptCommand(`${line}; Write-Host x`), /Not an ASR script command/);
    assert.throws(() => decodeScriptCommand(` ${line}`), /Not an ASR script command/);
    assert.throws(() => decodeScriptCommand('Get-VM'), /Not an ASR script command/);
    assert.throws(() => decodeScriptCommand(line.replace("'", '"')), /Not an ASR script command/);
  });

  it('decode rejects non-canonical base64, invalid UTF-8 and invalid JSON', () => {
    const shape = (script: string, input: string, secretsFile = ''): string =>
      `& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${script}')))) '${input}' '${secretsFile}'`;
    const good = Buffer.from('x').toString('base64');
    assert.throws(() => decodeScriptCommand(shape(good, 'e30')), /not valid base64/); // missing padding
    assert.throws(() => decodeScriptCommand(shape(good, 'e3=0')), /not valid base64/);
    assert.throws(() => decodeScriptCommand(shape(good, Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'))), /not valid UTF-8/);
    assert.throws(() => decodeScriptCommand(shape(good, Buffer.from('{"a":').toString('base64'))), /not valid JSON/);
    assert.throws(() => decodeScriptCommand(shape(good, 'e30=', 'eA')), /secrets file path in the command is not valid base64/);
  });
});
