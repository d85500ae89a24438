import assert from 'node:assert/strict';
import {
  SCRIPT_COMMAND_PATTERN,
  buildScriptCommand,
  decodeScriptCommand,
  encodeScriptInput,
} from '../../../src/services/hyperv/command';
import { getHostInfoScript, getVmInventoryScript } from '../../../src/services/hyperv/scripts';

const CONTRACT =
  /^& \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('[A-Za-z0-9+/=]+'\)\)\)\) '[A-Za-z0-9+/=]+'$/;

const hostile: Record<string, string> = {
  singleQuote: "O'Brien's VM",
  doubleQuote: 'say "hi"',
  bothQuotes: `'"'"`,
  subexpression: '$(Remove-Item C:\\ -Recurse -Force)',
  envVar: '$env:PATH',
  variable: '$true; $false; $null',
  backticks: 'a`nb`0c``',
  semicolon: 'vm; Stop-Computer -Force',
  pipe: 'vm | Out-File C:\\pwned.txt',
  ampersand: 'vm & calc.exe && echo',
  lf: 'line1\nline2',
  crlf: 'line1\r\nline2\r\n',
  cr: 'a\rb',
  controlChars: '\u0001\u0002\u0007\b\t\v\f\u001b[31m\u007f',
  emoji: 'VM 🚀🔥👩‍💻',
  chinese: '虚拟机-生产环境',
  cyrillic: 'Виртуальная машина',
  combining: 'e\u0301 n\u0303 A\u030a',
  rtl: 'مرحبا \u202e reversed',
  smartQuotes: '\u2018single\u2019 \u201cdouble\u201d',
  psQuotes: "\u2019; Remove-Item x; \u2018",
  hereString: "@'\nx\n'@",
  commentOut: 'vm <# #> # comment',
  windowsPath: 'C:\\ClusterStorage\\Volume 1\\VMs\\O\'Brien $(x)\\disk 1.vhdx',
  uncPath: "\\\\fs01\\share$\\vm's disk.vhdx",
  closingSequence: "')))) 'x'; Write-Host pwned; '",
  jsonBreak: '"}],"ok":true,"x":"',
  delimiterLike: '[Console]::Out.WriteLine("ABCDEF0123456789")',
  envelopeLike: 'ASR-ENVELOPE:{"ok":true,"data":1}',
  empty: '',
  spaces: '   ',
};

describe('services/hyperv/command', () => {
  for (const [label, value] of Object.entries(hostile)) {
    it(`encodes a hostile value (${label}) into the one-line shape and round-trips it`, () => {
      const input = { computerName: value, userName: `DOMAIN\\${value}`, password: value, nested: { list: [value, 1, null] } };
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

  it('is exactly the contract text around the two base64 strings', () => {
    const line = buildScriptCommand({ text: 'x' }, null);
    assert.equal(line, "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('eA==')))) 'bnVsbA=='");
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
    const shape = (script: string, input: string): string =>
      `& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${script}')))) '${input}'`;
    const good = Buffer.from('x').toString('base64');
    assert.throws(() => decodeScriptCommand(shape(good, 'e30')), /not valid base64/); // missing padding
    assert.throws(() => decodeScriptCommand(shape(good, 'e3=0')), /not valid base64/);
    assert.throws(() => decodeScriptCommand(shape(good, Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'))), /not valid UTF-8/);
    assert.throws(() => decodeScriptCommand(shape(good, Buffer.from('{"a":').toString('base64'))), /not valid JSON/);
  });
});
