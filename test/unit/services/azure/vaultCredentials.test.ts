import assert from 'node:assert/strict';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { AzureOperationError } from '../../../../src/services/azure/errors';
import type { VaultCredentialsXmlInput } from '../../../../src/services/azure/vaultCredentials';
import {
  buildVaultCredentialsXml,
  createSelfSignedCertificate,
  createVaultCredentials,
  defaultAadAudience,
  parseVaultCertificateResponse,
  vaultCertificateName,
  vaultCredentialsFileName,
  xmlEscape,
} from '../../../../src/services/azure/vaultCredentials';
import { FakeAzure, RG, SUB, VAULT, vaultContext } from './fakeAzure';

const NOW = new Date(Date.UTC(2026, 2, 7, 9, 5, 3));

const input: VaultCredentialsXmlInput = {
  subscriptionId: SUB,
  resourceGroup: RG,
  vaultName: VAULT,
  resourceId: '8726350008099341234',
  location: 'westeurope',
  managementCert: 'UEZY',
  aadAuthority: 'https://login.windows.net',
  aadTenantId: 'tenant-1',
  servicePrincipalClientId: 'client-1',
  aadVaultAudience: 'https://RecoveryServiceVault/westeurope/vault1/8726350008099341234',
  armManagementEndpoint: 'https://management.azure.com/',
  channelIntegrityKey: 'a2V5',
  siteId: 'eecac84c-1761-50ad-9624-a7092c581567',
  siteName: 'Site <A&B>',
  privateEndpointStateForSiteRecovery: 'None',
};

function commonName(name: forge.pki.Certificate['subject']): string {
  const field = name.getField('CN') as { value?: unknown } | null;
  return typeof field?.value === 'string' ? field.value : '';
}

const VAULT_ARM = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}`;

/** A vault that already holds an integrity key (`extendedInfo`), answering the certificate upload with `certificateResponse`. */
function vaultHoldingKey(extendedInfo: { integrityKey: string; algorithm: string }, certificateResponse: string): FakeAzure {
  return new FakeAzure().on((req) => {
    if (req.method === 'GET' && req.path === VAULT_ARM) {
      return { status: 200, body: { id: VAULT_ARM, name: VAULT, location: 'westeurope', properties: {} } };
    }
    if (req.method === 'GET' && req.path === `${VAULT_ARM}/extendedInformation/vaultExtendedInfo`) {
      return { status: 200, body: { properties: extendedInfo } };
    }
    if (req.method === 'PUT' && req.path.startsWith(`/Subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}/certificates/`)) {
      return { status: 200, body: certificateResponse };
    }
    return undefined;
  });
}

describe('services/azure/vaultCredentials', () => {
  it('writes the RSVaultAsrCreds elements in DataContract order, values XML-escaped', () => {
    const xml = buildVaultCredentialsXml(input);
    assert.equal(
      xml,
      '<?xml version="1.0" encoding="utf-8"?>' +
        '<RSVaultAsrCreds xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/Microsoft.Azure.Portal.RecoveryServices.Models.Common">' +
        `<VaultDetails><SubscriptionId>${SUB}</SubscriptionId><ResourceGroup>${RG}</ResourceGroup><ResourceName>vault1</ResourceName>` +
        '<ResourceId>8726350008099341234</ResourceId><Location>westeurope</Location><ResourceType>Vaults</ResourceType>' +
        '<ProviderNamespace>Microsoft.RecoveryServices</ProviderNamespace></VaultDetails>' +
        '<ManagementCert>UEZY</ManagementCert><Version>2.0</Version>' +
        '<AadDetails><AadAuthority>https://login.windows.net</AadAuthority><AadTenantId>tenant-1</AadTenantId>' +
        '<ServicePrincipalClientId>client-1</ServicePrincipalClientId>' +
        '<AadVaultAudience>https://RecoveryServiceVault/westeurope/vault1/8726350008099341234</AadVaultAudience>' +
        '<ArmManagementEndpoint>https://management.azure.com/</ArmManagementEndpoint></AadDetails>' +
        '<ChannelIntegrityKey>a2V5</ChannelIntegrityKey><SiteId>eecac84c-1761-50ad-9624-a7092c581567</SiteId>' +
        '<SiteName>Site &lt;A&amp;B&gt;</SiteName><PrivateEndpointStateForSiteRecovery>None</PrivateEndpointStateForSiteRecovery>' +
        '</RSVaultAsrCreds>',
    );
    assert.equal(xmlEscape(`a"b'c\u0001`), 'a&quot;b&apos;c');
    assert.throws(() => buildVaultCredentialsXml({ ...input, resourceId: '12e3' }), /not a number/);
  });

  it('names the file {Site}_{vault}_{yyyy-MM-ddTHH-mm-ss}.VaultCredentials and the certificate CN={vault}{sub}-{M-d-yyyy}-vaultcredentials', () => {
    assert.equal(vaultCredentialsFileName('HQ', 'vault1', NOW), 'HQ_vault1_2026-03-07T09-05-03.VaultCredentials');
    assert.equal(vaultCredentialsFileName('a/b:c', 'v', NOW), 'a_b_c_v_2026-03-07T09-05-03.VaultCredentials');
    assert.equal(vaultCertificateName('vault1', SUB, NOW), `CN=vault1${SUB}-3-7-2026-vaultcredentials`);
    assert.equal(defaultAadAudience('westeurope', 'v', '42'), 'https://RecoveryServiceVault/westeurope/v/42');
  });

  it('creates a self-signed RSA-2048 certificate valid 120 h and a PFX with its private key (empty password)', () => {
    const subject = vaultCertificateName('vault1', SUB, NOW);
    const c = createSelfSignedCertificate(subject, NOW);
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(c.certificateDer).toString('binary')));
    assert.equal(commonName(cert.subject), `vault1${SUB}-3-7-2026-vaultcredentials`);
    assert.equal(commonName(cert.issuer), commonName(cert.subject));
    assert.equal(cert.validity.notAfter.getTime(), NOW.getTime() + 120 * 3600 * 1000);
    assert.ok(cert.validity.notBefore.getTime() < NOW.getTime());
    assert.equal(c.notAfter.getTime(), cert.validity.notAfter.getTime());
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    assert.equal(publicKey.n.bitLength(), 2048);
    assert.ok(cert.verify(cert), 'self-signed signature verifies');
    assert.match(c.thumbprint, /^[0-9A-F]{40}$/);

    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(c.pfxBase64, 'base64').toString('binary')), '');
    const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
    const certBag = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0];
    const key = keyBag?.key;
    assert.ok(key && certBag?.cert);
    assert.equal(key.n.toString(16), publicKey.n.toString(16), 'the PFX key belongs to the certificate');
    // OpenSSL (Node's TLS) opens it too.
    assert.doesNotThrow(() => createSecureContext({ pfx: Buffer.from(c.pfxBase64, 'base64'), passphrase: '' }));
  });

  it('reads the upload response from the raw JSON, keeping 64-bit resource ids exact', () => {
    const raw =
      '{"properties":{"authType":"AzureActiveDirectory","resourceId":8726350008099341234,"aadAuthority":"https://login.windows.net",' +
      '"aadTenantId":"t","servicePrincipalClientId":"c","azureManagementEndpointAudience":"https://management.azure.com/","aadAudience":""}}';
    const parsed = parseVaultCertificateResponse(raw, { properties: { resourceId: 8726350008099341000 } });
    assert.equal(parsed.resourceId, '8726350008099341234');
    assert.equal(parsed.aadAudience, undefined, 'an empty audience means: use the default');
    assert.throws(
      () => parseVaultCertificateResponse('{"properties":{"authType":"AAD"}}', {}),
      (e: unknown) => e instanceof AzureOperationError && /missing: resourceId, aadAuthority/.test(e.message),
    );
  });

  it('creates the vault credentials: integrity key created when missing, certificate uploaded as AAD DER', async () => {
    const http = new FakeAzure();
    let extendedInfo: Record<string, unknown> | undefined;
    http.on((req) => {
      if (req.method === 'GET' && req.path === VAULT_ARM) {
        return { status: 200, body: { id: VAULT_ARM, name: VAULT, location: 'westeurope', properties: { privateEndpointStateForSiteRecovery: 'None' } } };
      }
      if (req.path === `${VAULT_ARM}/extendedInformation/vaultExtendedInfo`) {
        if (req.method === 'PUT') {
          extendedInfo = req.body as Record<string, unknown>;
          return { status: 200, body: req.body };
        }
        return { status: 404, body: { error: { code: 'ResourceExtendedInfoNotFound', message: 'not found' } } };
      }
      if (req.method === 'PUT' && req.path.startsWith(`/Subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}/certificates/`)) {
        return {
          status: 200,
          body:
            '{"name":"x","properties":{"authType":"AzureActiveDirectory","resourceId":8726350008099341234,"aadAuthority":"https://login.windows.net",' +
            '"aadTenantId":"tenant-1","servicePrincipalClientId":"client-1","azureManagementEndpointAudience":"https://management.azure.com/"}}',
        };
      }
      return undefined;
    });
    const file = await createVaultCredentials(vaultContext(http), { fabricName: 'HQ', siteIdentifier: 'site-guid', siteName: 'HQ' }, NOW);

    assert.equal(file.fileName, 'HQ_vault1_2026-03-07T09-05-03.VaultCredentials');
    assert.equal(file.expiresOn.getTime(), NOW.getTime() + 120 * 3600 * 1000);
    const props = extendedInfo?.['properties'] as Record<string, unknown>;
    assert.equal(props['algorithm'], 'None');
    assert.equal(Buffer.from(String(props['integrityKey']), 'base64').length, 16, '128-bit key');

    const upload = http.requests.find((r) => r.path.includes('/certificates/'));
    assert.ok(upload);
    assert.equal(upload.path.split('/certificates/')[1], `CN=vault1${SUB}-3-7-2026-vaultcredentials`);
    assert.equal(upload.query.get('api-version'), '2024-04-01');
    const certProps = (upload.body as { properties: { authType: string; certificate: string } }).properties;
    assert.equal(certProps.authType, 'AAD');
    const uploaded = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(certProps.certificate, 'base64').toString('binary')));
    assert.match(commonName(uploaded.subject), /-vaultcredentials$/);

    assert.match(file.xml, /<ResourceId>8726350008099341234<\/ResourceId><Location>westeurope<\/Location>/);
    assert.match(file.xml, /<AadVaultAudience>https:\/\/RecoveryServiceVault\/westeurope\/vault1\/8726350008099341234<\/AadVaultAudience>/);
    assert.match(
      file.xml,
      new RegExp(`<ChannelIntegrityKey>${String(props['integrityKey']).replace(/[+/=]/g, '\\$&')}</ChannelIntegrityKey><SiteId>site-guid</SiteId><SiteName>HQ</SiteName>`),
    );
    const pfx = /<ManagementCert>([^<]+)<\/ManagementCert>/.exec(file.xml)?.[1];
    assert.ok(pfx);
    assert.doesNotThrow(() => createSecureContext({ pfx: Buffer.from(pfx, 'base64'), passphrase: '' }));
  });

  it('does not refuse a vault whose integrity key the portal made: the file carries an empty key, as Terraform writes it', async () => {
    const http = vaultHoldingKey(
      { integrityKey: 'abc', algorithm: 'HMACSHA256' },
      '{"name":"x","properties":{"authType":"AzureActiveDirectory","resourceId":8726350008099341234,"aadAuthority":"https://login.windows.net",' +
        '"aadTenantId":"tenant-1","servicePrincipalClientId":"client-1","azureManagementEndpointAudience":"https://management.azure.com/"}}',
    );
    const file = await createVaultCredentials(vaultContext(http), { fabricName: 'HQ', siteIdentifier: 'id', siteName: 'HQ' }, NOW);
    assert.match(file.xml, /<ChannelIntegrityKey><\/ChannelIntegrityKey><SiteId>id<\/SiteId>/);
    // The portal's key is neither read into the file nor replaced.
    assert.doesNotMatch(file.xml, /abc/);
    assert.deepEqual(
      http.writes().map((r) => r.path.includes('/certificates/')),
      [true],
    );
  });

  it('uses a key PowerShell made (algorithm None) as it is', async () => {
    const http = vaultHoldingKey(
      { integrityKey: 'cHNLZXk=', algorithm: 'None' },
      '{"properties":{"resourceId":1,"aadAuthority":"a","aadTenantId":"t","servicePrincipalClientId":"c","azureManagementEndpointAudience":"m"}}',
    );
    const file = await createVaultCredentials(vaultContext(http), { fabricName: 'HQ', siteIdentifier: 'id', siteName: 'HQ' }, NOW);
    assert.match(file.xml, /<ChannelIntegrityKey>cHNLZXk=<\/ChannelIntegrityKey>/);
  });
});
