import assert from 'node:assert/strict';
import { collectHostSources, normalizeHostName } from '../../../src/services/hyperv/discovery';
import { credentialKey, HostCredentialStore } from '../../../src/services/hyperv/hostCredentials';
import type { RegisteredHost } from '../../../src/services/azure/providers';
import { MemorySecrets } from '../../support/memorySecrets';

describe('host discovery sources', () => {
  it('accepts host names and FQDNs, strips a leading \\\\, refuses the rest', () => {
    assert.equal(normalizeHostName(' HV01 '), 'HV01');
    assert.equal(normalizeHostName('\\\\HV01.contoso.local'), 'HV01.contoso.local');
    for (const bad of ['', 'two words', 'a/b', '-lead', "x'; rm -rf", '$(evil)']) assert.equal(normalizeHostName(bad), undefined, bad);
  });
  it('lists each source in order and reports bad setting entries', () => {
    const registered = [{ friendlyName: 'RAM-H1-7.contoso.local' }] as RegisteredHost[];
    const r = collectHostSources({
      includeLocal: true,
      localName: 'RAM-ESS.contoso.local',
      settingHosts: ['RAM-H1-2', 'bad name'],
      activeDirectoryHosts: [{ name: 'RAM-H1-7', fqdn: 'RAM-H1-7.contoso.local' }, { name: 'LAB9' }],
      registeredHosts: registered,
    });
    assert.deepEqual(r.sources, [
      { name: 'RAM-ESS.contoso.local', source: 'local' },
      { name: 'RAM-H1-2', source: 'setting' },
      { name: 'RAM-H1-7.contoso.local', source: 'activeDirectory' },
      { name: 'LAB9', source: 'activeDirectory' },
      { name: 'RAM-H1-7.contoso.local', source: 'vault' },
    ]);
    assert.deepEqual(r.invalidSettingEntries, ['bad name']);
  });
  it('leaves the local machine out unless asked', () => {
    const r = collectHostSources({ includeLocal: false, localName: 'X', settingHosts: [], activeDirectoryHosts: [], registeredHosts: [] });
    assert.deepEqual(r.sources, []);
  });
});

describe('host credentials in secret storage', () => {
  it('stores per host, case-insensitively, and reads back', async () => {
    const secrets = new MemorySecrets();
    const store = new HostCredentialStore(secrets);
    await store.set('RAM-H1-2', { userName: ' CONTOSO\\admin ', password: 'p@ss "quoted" $x' });
    assert.deepEqual(await store.get('ram-h1-2'), { userName: 'CONTOSO\\admin', password: 'p@ss "quoted" $x' });
    assert.equal(credentialKey('RAM-H1-2'), 'azureSiteRecovery.hyperV.credential/ram-h1-2');
    await store.delete('RAM-H1-2');
    assert.equal(await store.get('RAM-H1-2'), undefined);
  });
  it('treats a damaged entry as absent and refuses an empty user name', async () => {
    const secrets = new MemorySecrets();
    secrets.values.set(credentialKey('h'), 'not json');
    const store = new HostCredentialStore(secrets);
    assert.equal(await store.get('h'), undefined);
    await assert.rejects(store.set('h', { userName: '  ', password: 'x' }), /user name is required/);
  });
});
