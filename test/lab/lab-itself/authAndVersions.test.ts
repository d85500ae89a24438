/**
 * The lab's front door as ARM and Entra ID keep it: bearer tokens (missing, forged, from another
 * lab, expired), api-version checks, the token endpoint's errors, and SDK clients that keep
 * working when tokens live only a couple of seconds.
 */
import assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { collect, openLab, sleep, type LabSession } from '../support';
import { armError, jsonObject, rawRequest, str, type RawResponse } from '../rawHttp';

const rg = 'RAM-DR-RG';
const vault = 'RAM-Vault';

function header(res: RawResponse, name: string): string {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

function credentialOptions(s: LabSession): ConstructorParameters<typeof ClientSecretCredential>[3] {
  return {
    authorityHost: s.lab.endpoint,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: s.lab.caCertPem },
  };
}

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

describe('lab auth: bearer tokens and api-versions', function () {
  this.timeout(30000);
  let s: LabSession;
  let other: LabSession;
  let fabricsPath: string;

  const getFabrics = (token: string | undefined, query = '?api-version=2023-06-01'): Promise<RawResponse> =>
    rawRequest(`${s.lab.endpoint}${fabricsPath}${query}`, { token, ca: s.lab.caCertPem });

  before(async () => {
    s = await openLab();
    other = await openLab();
    fabricsPath = `/subscriptions/${s.lab.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics`;
  });
  after(async () => {
    await s.lab.stop();
    await other.lab.stop();
  });

  it('answers a good token with 200 (the baseline for the refusals below)', async () => {
    const res = await getFabrics(s.lab.token);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(jsonObject(res).value));
  });

  it('no Authorization header: 401, WWW-Authenticate Bearer challenge, ARM error body', async () => {
    const res = await getFabrics(undefined);
    assert.equal(res.status, 401);
    assert.match(header(res, 'WWW-Authenticate'), /^Bearer /);
    const e = armError(res);
    assert.ok(e.code.length > 0 && e.message.length > 0);
    assert.match(header(res, 'Content-Type'), /^application\/json/);
  });

  it('a garbage token: 401 InvalidAuthenticationToken with a Bearer challenge', async () => {
    const res = await getFabrics('not-a-jwt');
    assert.equal(res.status, 401);
    assert.match(header(res, 'WWW-Authenticate'), /^Bearer /);
    assert.equal(armError(res).code, 'InvalidAuthenticationToken');
  });

  it("another lab's token (valid there, same tenant and client): 401 InvalidAuthenticationToken", async () => {
    const foreign = other.lab.issueToken(3600);
    const there = await rawRequest(`${other.lab.endpoint}${fabricsPath}?api-version=2023-06-01`, { token: foreign, ca: other.lab.caCertPem });
    assert.equal(there.status, 200, 'the token is good at its own lab');
    const res = await getFabrics(foreign);
    assert.equal(res.status, 401);
    assert.equal(armError(res).code, 'InvalidAuthenticationToken');
  });

  it('an expired token: 401 ExpiredAuthenticationToken', async () => {
    const token = s.lab.issueToken(1);
    assert.equal((await getFabrics(token)).status, 200, 'good while it lives');
    await sleep(2100);
    const res = await getFabrics(token);
    assert.equal(res.status, 401);
    assert.match(header(res, 'WWW-Authenticate'), /^Bearer /);
    assert.equal(armError(res).code, 'ExpiredAuthenticationToken');
  });

  it('no api-version: 400 MissingApiVersionParameter', async () => {
    const res = await getFabrics(s.lab.token, '');
    assert.equal(res.status, 400);
    assert.equal(armError(res).code, 'MissingApiVersionParameter');
  });

  it('an unsupported api-version: 400 InvalidApiVersionParameter listing the supported versions', async () => {
    const res = await getFabrics(s.lab.token, '?api-version=2099-01-01');
    assert.equal(res.status, 400);
    const e = armError(res);
    assert.equal(e.code, 'InvalidApiVersionParameter');
    assert.ok(e.message.includes('2099-01-01'), e.message);
    assert.ok(e.message.includes('2023-06-01'), `lists the SDK's version: ${e.message}`);
    assert.ok(e.message.includes('2021-08-01'), `lists other versions: ${e.message}`);
  });

  it('the SDK surfaces a refused token as RestError with statusCode 401 and the ARM code', async () => {
    const bad: TokenCredential = { getToken: () => Promise.resolve({ token: 'x', expiresOnTimestamp: Date.now() + 3600e3 }) };
    const client = new SiteRecoveryManagementClient(bad, s.lab.subscriptionId, s.clientOptions);
    await assert.rejects(collect(client.replicationFabrics.list(vault, rg)), (e: RestErrorLike) => {
      assert.equal(e.name, 'RestError');
      assert.equal(e.statusCode, 401);
      assert.equal(e.code, 'InvalidAuthenticationToken');
      return true;
    });
  });

  it('the SDK surfaces an unsupported api-version as RestError 400 InvalidApiVersionParameter', async () => {
    const client = new SiteRecoveryManagementClient(s.credential, s.lab.subscriptionId, { ...s.clientOptions, apiVersion: '2010-01-01' });
    await assert.rejects(collect(client.replicationFabrics.list(vault, rg)), (e: RestErrorLike) => {
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'InvalidApiVersionParameter');
      return true;
    });
  });
});

describe('lab identity: the token endpoint', function () {
  this.timeout(30000);
  let s: LabSession;

  const postToken = (tenant: string, form: Record<string, string>): Promise<RawResponse> =>
    rawRequest(`${s.lab.endpoint}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      ca: s.lab.caCertPem,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const goodForm = (): Record<string, string> => ({
    grant_type: 'client_credentials',
    client_id: s.lab.clientId,
    client_secret: s.lab.clientSecret,
    scope: `${s.lab.endpoint}/.default`,
  });

  before(async () => {
    s = await openLab();
  });
  after(async () => s.lab.stop());

  it('issues a bearer token for the right client credentials, good for ARM requests', async () => {
    const res = await postToken(s.lab.tenantId, goodForm());
    assert.equal(res.status, 200);
    const body = jsonObject(res);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(typeof body.expires_in, 'number');
    const arm = await rawRequest(`${s.lab.endpoint}/subscriptions?api-version=2022-12-01`, { token: str(body.access_token), ca: s.lab.caCertPem });
    assert.equal(arm.status, 200);
  });

  it('a wrong client secret: 401 invalid_client (raw), and ClientSecretCredential.getToken rejects', async () => {
    const res = await postToken(s.lab.tenantId, { ...goodForm(), client_secret: 'wrong' });
    assert.equal(res.status, 401);
    const body = jsonObject(res);
    assert.equal(body.error, 'invalid_client');
    assert.match(str(body.error_description), /^AADSTS\d+/);

    const cred = new ClientSecretCredential(s.lab.tenantId, s.lab.clientId, 'wrong', credentialOptions(s));
    await assert.rejects(cred.getToken(`${s.lab.endpoint}/.default`), (e: Error) => {
      assert.match(e.message, /invalid_client|AADSTS7000215/);
      return true;
    });
  });

  it('a wrong tenant: an error (raw 400), and ClientSecretCredential.getToken rejects', async () => {
    const tenant = '00000000-1111-2222-3333-444444444444';
    const res = await postToken(tenant, goodForm());
    assert.equal(res.status, 400);
    assert.equal(typeof jsonObject(res).error, 'string');

    const cred = new ClientSecretCredential(tenant, s.lab.clientId, s.lab.clientSecret, credentialOptions(s));
    await assert.rejects(cred.getToken(`${s.lab.endpoint}/.default`));
  });

  it('a scope without /.default: 400 invalid_scope', async () => {
    const res = await postToken(s.lab.tenantId, { ...goodForm(), scope: `${s.lab.endpoint}/user_impersonation` });
    assert.equal(res.status, 400);
    assert.equal(jsonObject(res).error, 'invalid_scope');
  });
});

describe('lab identity: short-lived tokens (faults tokenLifetime=2)', function () {
  this.timeout(30000);
  let s: LabSession;

  before(async () => {
    s = await openLab({ faults: 'tokenLifetime=2' });
  });
  after(async () => s.lab.stop());

  it('SDK calls over ~5 s all succeed, and the lab issues more than one token', async () => {
    const tokenRequests = (): number => s.lab.log.entries.filter((e) => e.operation === 'identity' && e.path.endsWith('/oauth2/v2.0/token') && e.status === 200).length;
    const before = tokenRequests();
    const started = Date.now();
    let calls = 0;
    while (Date.now() - started < 5000) {
      const fabrics = await collect(s.asr.replicationFabrics.list(vault, rg));
      assert.equal(fabrics.length, 1);
      calls++;
      await sleep(400);
    }
    assert.ok(calls >= 8, `made ${calls} calls`);
    const issued = tokenRequests() - before;
    assert.ok(issued > 1, `the lab issued ${issued} tokens`);
    const refused = s.lab.log.entries.filter((e) => e.operation === 'unauthorized').length;
    assert.equal(refused, 0, 'no request went out with an expired token');
  });
});
