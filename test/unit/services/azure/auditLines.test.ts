// The audit trail's lines (services/azure/auditLines.ts): their exact form, and no secret in any
// of them, whatever the objects passed carry.

import assert from 'node:assert/strict';
import { describeIdentity, endedLine, formatDuration, redactSecrets, requestedLine, type AuditSubject } from '../../../../src/services/azure/auditLines';

const subject: AuditSubject = { operation: 'Planned failover', target: 'ramh157v03', where: 'vault RAM-Vault' };
const JOB = '8f2e4b7a-1c3d-4e5f-9a0b-1c2d3e4f5a6b';
const TENANT = '72f988bf-0000-4000-8000-000000000001';

/** A secret of each kind an operation may hold: a client secret, a token, a private key, a SAS signature, a password, a vault credentials blob. */
const secrets = {
  clientSecret: 'Zq8~kT3vY.secretValue_9fJ2mN4pR6sU8wX0',
  jwt: `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ upn: 'alice@contoso.com', secret: 'x' })).toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`,
  pem: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----',
  sas: 'sv=2022-11-02&sig=AbCdEf0123456789%2BsecretSig%3D&se=2030',
  password: 'P@ssw0rd-host-admin!',
  vaultCredentials: 'MIIKYgIBAzCCCh4GCSqGSIb3DQEHAaCCCg8EggoLMIIKBzCCBg8GCSqGSIb3DQEHAaCCBgAEggX8MIIF+DCCBfQGCyqGSIb3DQEMCgECoIIE/jCCBPowHAYKKoZIhvcNAQwBAzAOBAjn',
};

function assertNoSecret(line: string): void {
  assert.ok(!line.includes(secrets.clientSecret), `client secret in: ${line}`);
  assert.ok(!line.includes(secrets.jwt.slice(0, 40)), `token in: ${line}`);
  assert.ok(!line.includes('MIIEvQIBADAN'), `private key in: ${line}`);
  assert.ok(!line.includes('secretSig'), `SAS signature in: ${line}`);
  assert.ok(!line.includes(secrets.password), `password in: ${line}`);
  assert.ok(!line.includes(secrets.vaultCredentials.slice(0, 30)), `vault credentials in: ${line}`);
}

describe('services/azure auditLines: the audit trail lines', () => {
  it('a request Azure answered with a job', () => {
    assert.equal(
      requestedLine(subject, `alice@contoso.com (tenant ${TENANT})`, { kind: 'job', jobName: JOB }),
      `[audit] Planned failover requested by alice@contoso.com (tenant ${TENANT}) on ramh157v03 (vault RAM-Vault) → job ${JOB}`,
    );
  });

  it('a request found after a lost answer, one with no job, one not sent, one Azure refused, one cancelled', () => {
    const who = 'service principal app-1';
    assert.match(requestedLine(subject, who, { kind: 'job', jobName: JOB, recovered: true }), /→ job 8f2e[^ ]+ \(Azure's answer was lost; the job was found in the vault\)$/);
    assert.match(requestedLine(subject, who, { kind: 'done' }), /→ done \(no job\)$/);
    assert.match(
      requestedLine(subject, who, { kind: 'notSent', reason: 'Cannot commit for "ramh157v03": it is protected.' }),
      /→ not sent: Cannot commit for "ramh157v03": it is protected\.$/,
    );
    assert.match(
      requestedLine(subject, who, { kind: 'failed', code: 'Conflict', message: 'Another operation is in progress.' }),
      /→ failed: Conflict: Another operation is in progress\.$/,
    );
    assert.match(requestedLine(subject, who, { kind: 'cancelled' }), /→ cancelled before Azure answered/);
  });

  it("the end of a job: its state and duration, and for a failure ASR's code and message", () => {
    assert.equal(endedLine(subject, { jobName: JOB, state: 'Succeeded', durationMs: 134_000 }), `[audit] Planned failover of ramh157v03: job ${JOB} Succeeded (2 min 14 s)`);
    assert.equal(
      endedLine(subject, { jobName: JOB, state: 'Failed', durationMs: 40_000, errorCode: '70038', errorMessage: 'The VM could not be started.' }),
      `[audit] Planned failover of ramh157v03: job ${JOB} Failed (40 s): 70038: The VM could not be started.`,
    );
    assert.equal(endedLine(subject, { jobName: JOB, state: 'Cancelled' }), `[audit] Planned failover of ramh157v03: job ${JOB} Cancelled`);
    assert.match(endedLine(subject, { jobName: JOB, state: 'Failed' }), /Failed: no error code: Azure Site Recovery gives no message/);
  });

  it('durations read as a person says them', () => {
    const said = [0, 45_400, 134_000, 3_780_000].map(formatDuration);
    assert.deepEqual(said, ['0 s', '45 s', '2 min 14 s', '1 h 3 min']);
  });

  it('who: a user by sign-in name, an application by client id, with the tenant; else the kind of credential', () => {
    assert.equal(describeIdentity({ upn: 'alice@contoso.com', name: 'Alice', tid: TENANT }, 'microsoftAccount'), `alice@contoso.com (tenant ${TENANT})`);
    assert.equal(describeIdentity({ preferred_username: 'bob@contoso.com' }, 'azureCli'), 'bob@contoso.com');
    assert.equal(describeIdentity({ appid: 'app-1', tid: TENANT, idtyp: 'app' }, 'servicePrincipal'), `service principal app-1 (tenant ${TENANT})`);
    assert.equal(describeIdentity(undefined, 'azureCli'), 'the Azure CLI user');
    assert.equal(describeIdentity({ upn: 42 }, 'microsoftAccount'), 'a Microsoft account');
    assert.equal(describeIdentity(undefined, 'unknown'), 'an unknown identity');
  });

  it('no line carries a secret, whatever the objects passed hold', () => {
    // Objects as a caller might pass them by mistake: extra fields holding secrets, errors that quote them.
    const leaky = { ...subject, clientSecret: secrets.clientSecret, token: secrets.jwt, file: secrets.vaultCredentials, password: secrets.password };
    const claims = { upn: 'alice@contoso.com', tid: TENANT, access_token: secrets.jwt, client_secret: secrets.clientSecret, password: secrets.password };
    const who = describeIdentity(claims, 'microsoftAccount');
    const message = [
      `Authorization: Bearer ${secrets.jwt}`,
      `token=${secrets.jwt}`,
      `client_secret=${secrets.clientSecret}`,
      `https://ramdrstorage01.blob.core.windows.net/c?${secrets.sas}`,
      `password: ${secrets.password}`,
      secrets.pem,
      `the file ${secrets.vaultCredentials}`,
    ].join(' ');
    const lines = [
      requestedLine(leaky, who, { kind: 'job', jobName: JOB, ...{ resumeToken: secrets.jwt } }),
      requestedLine(leaky, who, { kind: 'failed', code: 'AuthorizationFailed', message }),
      requestedLine(leaky, who, { kind: 'notSent', reason: message }),
      endedLine(leaky, { jobName: JOB, state: 'Failed', errorCode: '70038', errorMessage: message, ...{ secret: secrets.clientSecret } }),
      requestedLine({ ...subject, target: `ramh157v03 ${secrets.jwt}` }, `${who} ${secrets.clientSecret.replace(/^/, 'secret=')}`, { kind: 'done' }),
    ];
    for (const line of lines) {
      assertNoSecret(line);
      assert.ok(!line.includes('\n'), 'one line');
    }
    assert.ok(lines[1].includes('AuthorizationFailed'), 'the code stays');
    assert.ok(lines[1].includes('ramdrstorage01.blob.core.windows.net'), 'the rest of the message stays');
  });

  it('redactSecrets keeps ARM ids, GUIDs and prose', () => {
    const id = `/subscriptions/${TENANT}/resourceGroups/RAM-DR-RG/providers/Microsoft.RecoveryServices/vaults/RAM-Vault/replicationFabrics/RAM-Site/replicationProtectionContainers/cloud_eecac84c-1761-50ad-9624-a7092c581567`;
    const text = `The item ${id} is not ready: the token cache is empty; the key vault is fine.`;
    assert.equal(redactSecrets(text), text);
  });
});
