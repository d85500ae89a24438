/**
 * Every host script must run on Windows PowerShell 4.0 (stock Windows Server 2012 R2). The list of
 * what 4.0 lacks, with its sources, is in ps4Compat.ts; this suite scans every .ps1 of the scripts
 * folder, prelude.ps1 included (the list of files comes from the folder, so a new script is
 * scanned too) and shows that the scan does fail on a deliberately wrong script.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeOnly, ps4Rules, scanForPs4 } from './ps4Compat';

const scriptsDir = path.resolve(__dirname, '..', '..', '..', 'src', 'services', 'hyperv', 'scripts');
const scripts = readdirSync(scriptsDir)
  .filter((f) => f.toLowerCase().endsWith('.ps1'))
  .sort();

describe('host scripts run on Windows PowerShell 4.0', () => {
  it('finds the scripts folder, its scripts and the prelude the runner sends before each', () => {
    assert.ok(scripts.length >= 5, `expected the host scripts in ${scriptsDir}, found ${scripts.join(', ')}`);
    assert.ok(scripts.includes('prelude.ps1'), 'prelude.ps1 is scanned too');
  });

  for (const file of scripts) {
    it(`${file} uses nothing Windows PowerShell 4.0 lacks`, () => {
      const findings = scanForPs4(readFileSync(path.join(scriptsDir, file), 'utf8'));
      assert.deepEqual(
        findings.map((f) => `${file}:${f.line} ${f.what}: ${f.text}`),
        [],
      );
    });
  }

  it('every rule names a source (a quote or "unverified")', () => {
    for (const r of ps4Rules) {
      assert.ok(r.source.length > 10, r.id);
    }
  });
});

describe('the PowerShell 4.0 scan can fail', () => {
  const wrong = [
    '# asr-script: Wrong 1',
    '$e = [System.IO.FileNotFoundException]::new("gone")',
    'class Probe { [string]$Name }',
    'enum Color { Red }',
    'using namespace System.Text',
    '$x | ConvertTo-Json -EnumsAsStrings -AsArray',
    '$h = $json | ConvertFrom-Json -AsHashtable',
    '$o = $json | ConvertFrom-Json -Depth 5',
    '$v = $a ?? $b',
    '$l = ${p}?.Length',
    '$t = $ok ? 1 : 2',
    'Test-Path $p && Write-Output yes',
    'Test-Path $p || Write-Output no',
    'Invoke-WebRequest -Uri $u -SkipCertificateCheck',
    'Invoke-RestMethod -Uri $u -Authentication Bearer -Token $t',
    'Expand-Archive -Path $zip -DestinationPath $dir',
    'Set-Content -Path $f -Value $v -NoNewline',
    '$tmp = New-TemporaryFile',
    '$r = Get-ItemPropertyValue -Path $k -Name Release',
    '$ci = Get-ComputerInfo',
    '1..3 | ForEach-Object -Parallel { $_ }',
  ].join('\n');

  it('flags each construct of a deliberately wrong script, on its line', () => {
    const found = scanForPs4(wrong);
    const byRule = new Map<string, number>();
    for (const f of found) if (!byRule.has(f.rule)) byRule.set(f.rule, f.line);
    const expected: Record<string, number> = {
      'static-new': 2,
      class: 3,
      enum: 4,
      using: 5,
      'enums-as-strings': 6,
      'as-array': 6,
      'as-hashtable': 7,
      'convertfrom-json-depth': 8,
      'null-coalescing': 9,
      'null-conditional': 10,
      ternary: 11,
      'pipeline-chain': 12,
      'skip-certificate-check': 14,
      'web-authentication': 15,
      'expand-archive': 16,
      'content-no-newline': 17,
      'new-temporaryfile': 18,
      'get-itempropertyvalue': 19,
      'get-computerinfo': 20,
      'foreach-parallel': 21,
    };
    for (const [rule, line] of Object.entries(expected)) {
      assert.equal(byRule.get(rule), line, `${rule} should be flagged on line ${line}`);
    }
    // Every rule of the list is exercised by the wrong script.
    assert.deepEqual(
      ps4Rules.map((r) => r.id).filter((id) => !byRule.has(id)),
      [],
    );
  });

  it('does not flag what 4.0 has: New-Object, [ordered], Where-Object ?, Get-CimInstance, Get-FileHash, -Depth on ConvertTo-Json, strings and comments', () => {
    const fine = [
      '$e = New-Object System.IO.FileNotFoundException -ArgumentList "gone"',
      '$o = [ordered]@{ a = 1 }',
      '$r = $list | ? { $_.Name -eq "x" }',
      '$os = Get-CimInstance -ClassName Win32_OperatingSystem',
      '$h = Get-FileHash -Path $f -Algorithm SHA256',
      '$j = ConvertTo-Json -InputObject $x -Depth 8 -Compress',
      "$m = 'a && b || c ?? d ::new( class X {'",
      '$n = "use [T]::new(`"x`") && more"',
      '# [T]::new() in a comment && another',
      '<# class Probe { } ?? #>',
      'Write-Host -NoNewline "x"',
      '$s = $a -and $b; $c = @{ k = 1 }',
    ].join('\n');
    assert.deepEqual(scanForPs4(fine), []);
  });

  it('keeps line numbers when it blanks strings and comments', () => {
    const text = "$a = 'x\ny'\n# c\n$b = [T]::new()";
    assert.equal(codeOnly(text).split('\n').length, 4);
    assert.deepEqual(
      scanForPs4(text).map((f) => f.line),
      [4],
    );
  });
});
