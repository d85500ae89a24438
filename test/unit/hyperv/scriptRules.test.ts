/**
 * Rules the host scripts must keep that the lab's stand-in cannot see (it answers scripts by
 * name, it does not run them): checked on the script text, comments and strings left out.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { codeOnly } from './ps4Compat';

const scriptsDir = path.resolve(__dirname, '..', '..', '..', 'src', 'services', 'hyperv', 'scripts');
const scripts = readdirSync(scriptsDir)
  .filter((f) => f.toLowerCase().endsWith('.ps1'))
  .sort();
const code = (file: string): string => codeOnly(readFileSync(path.join(scriptsDir, file), 'utf8'));
const TLS12 = /\[Net\.ServicePointManager\]::SecurityProtocol\s*=\s*\[Net\.ServicePointManager\]::SecurityProtocol\s+-bor\s+\[Net\.SecurityProtocolType\]::Tls12/;

/** Offsets of every match. */
function at(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(new RegExp(pattern.source, 'gi'))].map((m) => m.index ?? -1);
}

/** The rule: each web request comes after TLS 1.2 is switched on. */
export function webRequestsAfterTls12(text: string): boolean {
  const tls = at(text, TLS12);
  return at(text, /\bInvoke-(WebRequest|RestMethod)\b|\bNew-Object\s+(System\.)?Net\.WebClient\b/).every((w) => tls.some((t) => t < w));
}

/** The rule: the installer is run only after its Authenticode signature was checked. */
export function runsOnlyAfterSignatureCheck(text: string): boolean {
  const check = at(text, /\bGet-AuthenticodeSignature\b/);
  return at(text, /\bStart-Process\b/).every((s) => check.some((c) => c < s));
}

describe('host scripts: downloads and installers', () => {
  for (const file of scripts) {
    it(`${file}: every web request comes after TLS 1.2 is switched on, and nothing is started before its signature is checked`, () => {
      const text = code(file);
      assert.ok(webRequestsAfterTls12(text), 'a web request before [Net.ServicePointManager]::SecurityProtocol gets Tls12');
      assert.ok(runsOnlyAfterSignatureCheck(text), 'Start-Process before Get-AuthenticodeSignature');
    });
  }

  it('Install-AsrProvider downloads (so the rules above are not vacuous) and refuses a non-https URL and a non-Microsoft signer', () => {
    const text = readFileSync(path.join(scriptsDir, 'Install-AsrProvider.ps1'), 'utf8');
    assert.match(codeOnly(text), /Invoke-WebRequest/);
    assert.match(text, /\$installerUrl -notmatch '\^https:\/\/'/);
    assert.match(text, /O=Microsoft Corporation/);
    assert.match(text, /'InstallerSignatureInvalid'/);
  });

  it('the rules fail on a deliberately wrong script', () => {
    assert.equal(
      webRequestsAfterTls12(
        'Invoke-WebRequest -Uri $u -OutFile $f\n[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12',
      ),
      false,
    );
    assert.equal(runsOnlyAfterSignatureCheck('Start-Process -FilePath $exe\n$s = Get-AuthenticodeSignature -FilePath $exe'), false);
  });

  it('the vault credentials go to the dedicated admin-only folder under a recognisable name, and leftovers are removed first', () => {
    for (const file of ['Install-AsrProvider.ps1', 'Register-AsrProvider.ps1']) {
      const text = readFileSync(path.join(scriptsDir, file), 'utf8');
      const cleanup = text.indexOf("-Filter 'asr-vscode-*.VaultCredentials'");
      assert.ok(cleanup > 0, `${file} removes leftovers`);
      assert.ok(text.includes("Join-Path $env:ProgramData 'AzureSiteRecoveryHyperV\\VaultCredentials'"), `${file} knows the folder`);
      if (file.startsWith('Register')) {
        assert.ok(cleanup < text.indexOf('WriteAllText'), 'leftovers go before the new file is written');
        assert.match(text, /SetAccessRuleProtection\(\$true, \$false\)/);
        assert.match(text, /'asr-vscode-' \+ \[guid\]::NewGuid\(\)/);
      }
    }
  });
});
