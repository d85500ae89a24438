import assert from 'node:assert/strict';
import { parseProviderProxy, resolvePowerShellExecutable } from '../../../src/services/hyperv/executable';

describe('PowerShell executable and provider proxy settings', () => {
  it('uses the setting when given, trimmed', () => {
    assert.equal(resolvePowerShellExecutable('  /opt/microsoft/powershell/7/pwsh ', 'linux'), '/opt/microsoft/powershell/7/pwsh');
    assert.equal(resolvePowerShellExecutable('pwsh', 'win32'), 'pwsh');
  });
  it('defaults to Windows PowerShell on Windows and pwsh elsewhere', () => {
    assert.equal(resolvePowerShellExecutable(undefined, 'win32'), 'powershell');
    assert.equal(resolvePowerShellExecutable('', 'linux'), 'pwsh');
    assert.equal(resolvePowerShellExecutable('   ', 'darwin'), 'pwsh');
  });
  it('reads a proxy address with or without a scheme and a port', () => {
    assert.deepEqual(parseProviderProxy('http://proxy.contoso.local:8080'), { address: 'http://proxy.contoso.local', port: 8080 });
    assert.deepEqual(parseProviderProxy('proxy.contoso.local:3128'), { address: 'http://proxy.contoso.local', port: 3128 });
    assert.deepEqual(parseProviderProxy('https://proxy.contoso.local'), { address: 'https://proxy.contoso.local', port: 443 });
    assert.equal(parseProviderProxy(''), undefined);
    assert.equal(parseProviderProxy(undefined), undefined);
  });
  it('says how to write a proxy that is not an address', () => {
    assert.throws(() => parseProviderProxy('http://'), /form http:\/\/proxy\.contoso\.local:8080/);
  });
});
