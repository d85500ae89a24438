// Issue 12, finding 1: a saved service principal secret is bound to the sign-in authority and the
// tenant it was entered for, and is never sent anywhere else (src/connection/savedSecret.ts).
import assert from 'node:assert/strict';
import { openSecret, sameBinding, sealSecret } from '../../../src/connection/savedSecret';

const tenantId = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
const publicAzure = { authorityHost: 'https://login.microsoftonline.com', tenantId };

describe('a saved service principal secret (issue 12, finding 1)', () => {
  it('is usable at the authority and tenant it was saved for', () => {
    const raw = sealSecret(publicAzure, 's3cr3t~value');
    assert.deepEqual(openSecret(raw, publicAzure), { kind: 'usable', clientSecret: 's3cr3t~value' });
  });

  it('compares authorities as URLs: case and a trailing slash do not matter, the path does', () => {
    assert.ok(sameBinding(publicAzure, { authorityHost: 'HTTPS://Login.MicrosoftOnline.com/', tenantId: tenantId.toUpperCase() }));
    assert.ok(!sameBinding({ authorityHost: 'https://lab.example/a', tenantId }, { authorityHost: 'https://lab.example/b', tenantId }));
    assert.ok(!sameBinding({ authorityHost: 'https://lab.example:8443', tenantId }, { authorityHost: 'https://lab.example:9443', tenantId }));
  });

  it('is not handed out for another authority (a workspace, or a changed cloud setting): it says where it was saved for', () => {
    const raw = sealSecret(publicAzure, 's3cr3t~value');
    const opened = openSecret(raw, { authorityHost: 'https://attacker.invalid', tenantId });
    assert.deepEqual(opened, { kind: 'elsewhere', savedFor: publicAzure });
    assert.ok(!JSON.stringify(opened).includes('s3cr3t'), 'the secret is not in the answer');
  });

  it('is not handed out for another tenant', () => {
    const raw = sealSecret(publicAzure, 's3cr3t~value');
    assert.equal(openSecret(raw, { ...publicAzure, tenantId: '00000000-0000-0000-0000-000000000001' }).kind, 'elsewhere');
  });

  it('saved by an earlier version as the bare secret, or damaged, is not handed out anywhere (sign in again)', () => {
    assert.deepEqual(openSecret('s3cr3t~value', publicAzure), { kind: 'elsewhere' });
    assert.deepEqual(openSecret('{"v":1,"authorityHost":"https://login.microsoftonline.com"}', publicAzure), { kind: 'elsewhere' });
    assert.deepEqual(openSecret('{"v":2,"authorityHost":"https://login.microsoftonline.com","tenantId":"t","clientSecret":"x"}', publicAzure), { kind: 'elsewhere' });
    assert.deepEqual(openSecret('null', publicAzure), { kind: 'elsewhere' });
  });

  it('missing is missing', () => {
    assert.deepEqual(openSecret(undefined, publicAzure), { kind: 'missing' });
    assert.deepEqual(openSecret('', publicAzure), { kind: 'missing' });
  });

  it('is kept with its binding', () => {
    assert.deepEqual(JSON.parse(sealSecret(publicAzure, 'x')), { v: 1, authorityHost: publicAzure.authorityHost, tenantId, clientSecret: 'x' });
  });
});
