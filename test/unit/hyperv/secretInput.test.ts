import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applySecrets, collectSecrets, decodeSecretsFile, encodeSecretsFile, isSecretKey, splitSecrets, writeSecretsFile } from '../../../src/services/hyperv/secretInput';
import { hostile } from './hostileValues';

describe('services/hyperv/secretInput', () => {
  it('knows the secret field names the scripts take, and not the others', () => {
    for (const key of ['password', 'vaultCredentials', 'clientSecret', 'apiKey', 'token']) assert.ok(isSecretKey(key), key);
    for (const key of ['computerName', 'userName', 'friendlyName', 'installerPath', 'installerUrl', 'address', 'port']) assert.ok(!isSecretKey(key), key);
  });

  it('takes every secret out of the input, leaving null in its place, with where it was', () => {
    const input = {
      computerName: 'h',
      userName: 'u',
      password: 'p1',
      vaultCredentials: '<xml/>',
      proxy: { address: 'http://proxy', port: 8080, userName: 'pu', password: 'pp' },
      list: [{ token: 't' }, 'x'],
      empty: { password: '', token: null },
    };
    const { open, secrets } = splitSecrets(input);
    assert.deepEqual(open, {
      computerName: 'h',
      userName: 'u',
      password: null,
      vaultCredentials: null,
      proxy: { address: 'http://proxy', port: 8080, userName: 'pu', password: null },
      list: [{ token: null }, 'x'],
      empty: { password: '', token: null },
    });
    assert.deepEqual(
      secrets.map((s) => [s.path.join('.'), s.value]),
      [
        ['password', 'p1'],
        ['vaultCredentials', '<xml/>'],
        ['proxy.password', 'pp'],
        ['list.0.token', 't'],
      ],
    );
    assert.deepEqual(applySecrets(open, secrets), input, 'putting them back gives the input');
    assert.equal((input.proxy as { password: string }).password, 'pp', 'the input itself is not changed');
  });

  it('leaves inputs without secrets as they are (scalars, null, undefined, dates)', () => {
    for (const input of [undefined, null, 1, 'x', [], {}, { when: new Date(0) }]) {
      assert.deepEqual(splitSecrets(input), { open: input, secrets: [] });
    }
  });

  it('refuses what the secrets file cannot carry: a name with a dot or "=", or an input nested too deep', () => {
    assert.throws(() => splitSecrets({ 'a.password': 'p' }), TypeError);
    assert.throws(() => splitSecrets({ 'x=y': { password: 'p' } }), TypeError);
    let deep: unknown = { password: 'p' };
    for (let i = 0; i < 25; i++) deep = { deeper: deep };
    assert.throws(() => splitSecrets(deep), /nested more than 20 levels/);
    assert.deepEqual(splitSecrets({ 'a.b': 'not a secret' }).secrets, []);
  });

  it('collects password-like values of the input as secrets', () => {
    assert.deepEqual(collectSecrets({ computerName: 'h', userName: 'u', password: 'p1', nested: { clientSecret: 's', apiKey: 'k' } }), ['p1', 's', 'k']);
    assert.deepEqual(collectSecrets({ password: null, token: '' }), []);
  });

  it('writes one "<path>=<base64>" line per secret, and reads every hostile value back unchanged', () => {
    const secrets = Object.entries(hostile).map(([label, value]) => ({ path: ['hosts', label, 'password'], value: `${value}-${label}` }));
    const text = encodeSecretsFile(secrets);
    assert.match(text, /^(hosts\.[A-Za-z]+\.password=[A-Za-z0-9+/=]*\n)+$/);
    assert.deepEqual(decodeSecretsFile(text), secrets);
    assert.deepEqual(decodeSecretsFile(text.replace(/\n/g, '\r\n')), secrets, 'Windows line ends too');
    assert.throws(() => decodeSecretsFile('no equals sign\n'), /not "<path>=<base64>"/);
  });

  it('applySecrets refuses a secret with no place in the input', () => {
    assert.throws(() => applySecrets({ proxy: null }, [{ path: ['proxy', 'password'], value: 'p' }]), /no place/);
  });

  it('writes the file 0600 in a new 0700 folder of its own, and remove() deletes both', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'asr-secret-input-test-'));
    try {
      const a = await writeSecretsFile([{ path: ['password'], value: 'p' }], parent);
      const b = await writeSecretsFile([{ path: ['password'], value: 'q' }], parent);
      assert.notEqual(path.dirname(a.path), path.dirname(b.path));
      assert.equal(path.dirname(path.dirname(a.path)), parent);
      assert.equal(readFileSync(a.path, 'utf8'), 'password=cA==\n');
      if (process.platform !== 'win32') {
        assert.equal(statSync(a.path).mode & 0o777, 0o600);
        assert.equal(statSync(path.dirname(a.path)).mode & 0o777, 0o700);
      }
      await a.remove();
      await b.remove();
      await a.remove(); // twice is fine
      assert.deepEqual(readdirSync(parent), []);
      await assert.rejects(writeSecretsFile([{ path: ['password'], value: 'p' }], path.join(parent, 'missing')));
      assert.deepEqual(readdirSync(parent), []);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
