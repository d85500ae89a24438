// The `.VaultCredentials` file a Hyper-V host needs to register its Site Recovery provider, built
// the way Az PowerShell's Get-AzRecoveryServicesVaultSettingsFile -SiteRecovery does it
// (asr-api-facts section 2): a self-signed certificate uploaded to the vault (RawCertificateData,
// AuthType AAD, as PSRecoveryServicesVaultExtendedInfoClient.cs UploadCertificate sends it), the
// vault's channel integrity key (see ensureChannelIntegrityKey), and an RSVaultAsrCreds
// DataContract XML document.
//
// The XML holds a private key (ManagementCert is a PFX): never log it, never put it in an error.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type * as NodeForge from './sdks/nodeForge';
import type { VaultExtendedInfoResource } from '@azure/arm-recoveryservices';
import { auditWrite, auditWrites } from './auditLog';
import type { VaultContext } from './clients';
import { recoveryServicesClient } from './clients';
import { AzureOperationError, callAzure, InvalidInputError, toAzureOperationError } from './errors';
import { getVault } from './vaults';

/** Validity of the vault credentials certificate, as PowerShell uses for Site Recovery. */
export const VAULT_CERTIFICATE_VALIDITY_HOURS = 120;
const XMLNS = 'http://schemas.datacontract.org/2004/07/Microsoft.Azure.Portal.RecoveryServices.Models.Common';
const XMLNS_I = 'http://www.w3.org/2001/XMLSchema-instance';

export interface VaultCredentialsSite {
  fabricName: string;
  /** The fabric's properties.internalIdentifier (PowerShell's SiteIdentifier). */
  siteIdentifier: string;
  /** Friendly name of the site, written into the file and its name. */
  siteName: string;
}

export interface VaultCredentialsFile {
  fileName: string;
  /** Contains a private key: write it to a file the user chose, never to a log. */
  xml: string;
  expiresOn: Date;
}

/** Every value of the RSVaultAsrCreds document, in element order. */
export interface VaultCredentialsXmlInput {
  subscriptionId: string;
  resourceGroup: string;
  vaultName: string;
  /** The vault's numeric resource id (a .NET long; kept as digits to avoid precision loss). */
  resourceId: string;
  location: string;
  /** Base64 PFX with the private key. */
  managementCert: string;
  aadAuthority: string;
  aadTenantId: string;
  servicePrincipalClientId: string;
  aadVaultAudience: string;
  armManagementEndpoint: string;
  channelIntegrityKey: string;
  siteId: string;
  siteName: string;
  privateEndpointStateForSiteRecovery: string;
}

// ---------------------------------------------------------------------------------------------
// Pure parts.

/** Escapes text content for XML and drops characters XML 1.0 cannot hold. */
export function xmlEscape(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function el(name: string, value: string): string {
  return `<${name}>${xmlEscape(value)}</${name}>`;
}

/** The RSVaultAsrCreds document, elements in DataContract order (APS RSVaultAsrCreds.cs). */
export function buildVaultCredentialsXml(v: VaultCredentialsXmlInput): string {
  if (!/^-?\d+$/.test(v.resourceId)) {
    throw new InvalidInputError(`The vault resource id "${v.resourceId}" is not a number.`);
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<RSVaultAsrCreds xmlns:i="${XMLNS_I}" xmlns="${XMLNS}">`,
    '<VaultDetails>',
    el('SubscriptionId', v.subscriptionId),
    el('ResourceGroup', v.resourceGroup),
    el('ResourceName', v.vaultName),
    el('ResourceId', v.resourceId),
    el('Location', v.location),
    el('ResourceType', 'Vaults'),
    el('ProviderNamespace', 'Microsoft.RecoveryServices'),
    '</VaultDetails>',
    el('ManagementCert', v.managementCert),
    el('Version', '2.0'),
    '<AadDetails>',
    el('AadAuthority', v.aadAuthority),
    el('AadTenantId', v.aadTenantId),
    el('ServicePrincipalClientId', v.servicePrincipalClientId),
    el('AadVaultAudience', v.aadVaultAudience),
    el('ArmManagementEndpoint', v.armManagementEndpoint),
    '</AadDetails>',
    el('ChannelIntegrityKey', v.channelIntegrityKey),
    el('SiteId', v.siteId),
    el('SiteName', v.siteName),
    el('PrivateEndpointStateForSiteRecovery', v.privateEndpointStateForSiteRecovery),
    '</RSVaultAsrCreds>',
  ].join('');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `{Site}_{vault}_{yyyy-MM-ddTHH-mm-ss}.VaultCredentials` (UTC), characters Windows forbids in file names replaced by "_". */
export function vaultCredentialsFileName(siteName: string, vaultName: string, now: Date): string {
  const stamp =
    `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}` + `T${pad(now.getUTCHours())}-${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}`;
  const safe = (s: string): string => s.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');
  return `${safe(siteName)}_${safe(vaultName)}_${stamp}.VaultCredentials`;
}

/** `CN={vault}{subscriptionId}-{M-d-yyyy}-vaultcredentials` (UTC date): the certificate subject and its name in the vault. */
export function vaultCertificateName(vaultName: string, subscriptionId: string, now: Date): string {
  const date = `${now.getUTCMonth() + 1}-${now.getUTCDate()}-${now.getUTCFullYear()}`;
  return `CN=${vaultName}${subscriptionId}-${date}-vaultcredentials`;
}

/** Default AAD audience when the service returns none (PowerShell's GetAadAudience). */
export function defaultAadAudience(location: string, vaultName: string, resourceId: string): string {
  return `https://RecoveryServiceVault/${location}/${vaultName}/${resourceId}`;
}

export interface SelfSignedCertificate {
  /** DER of the certificate (what the vault receives). */
  certificateDer: Uint8Array;
  /** Base64 PKCS#12 with the private key, empty password (what the host receives). */
  pfxBase64: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-1 thumbprint, upper-case hex. */
  thumbprint: string;
}

/**
 * A self-signed RSA-2048 / SHA-256 client-authentication certificate, valid from 10 minutes before
 * `now` for `validityHours`. The key pair comes from Node's crypto (fast); node-forge builds the
 * certificate and the PFX (3DES, empty password: the form Windows imports without a prompt).
 */
export function createSelfSignedCertificate(subject: string, now: Date, validityHours: number = VAULT_CERTIFICATE_VALIDITY_HOURS): SelfSignedCertificate {
  const commonName = subject.startsWith('CN=') ? subject.slice(3) : subject;
  const { privateKey: privatePem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (sdks/nodeForge.ts)
  const { forge } = require('./sdks/nodeForge') as typeof NodeForge;
  const privateKey = forge.pki.privateKeyFromPem(privatePem);
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);

  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive INTEGER
  cert.serialNumber = serial.toString('hex');
  const notBefore = new Date(now.getTime() - 10 * 60 * 1000);
  const notAfter = new Date(now.getTime() + validityHours * 60 * 60 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const attrs = [{ shortName: 'CN', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, dataEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());

  const derBytes = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const certificateDer = new Uint8Array(Buffer.from(derBytes, 'binary'));
  const p12 = forge.pkcs12.toPkcs12Asn1(privateKey, cert, '', { algorithm: '3des', friendlyName: subject });
  const pfxBase64 = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64');
  const sha1 = forge.md.sha1.create();
  sha1.update(derBytes);
  return { certificateDer, pfxBase64, notBefore, notAfter, thumbprint: sha1.digest().toHex().toUpperCase() };
}

/** The fields of a vault certificate upload response (`ResourceCertificateAndAadDetails`), read from the raw JSON. */
export interface VaultCertificateAadDetails {
  resourceId: string;
  aadAuthority: string;
  aadTenantId: string;
  servicePrincipalClientId: string;
  azureManagementEndpointAudience: string;
  aadAudience?: string;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const v = (value as Record<string, unknown>)[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Reads the upload response. The raw body is preferred: `resourceId` is a 64-bit integer that
 * JSON.parse (and so the SDK) may round, and the SDK drops the AAD fields unless authType is
 * exactly "AzureActiveDirectory". `deserialized` is the SDK's object, used as a fallback.
 */
export function parseVaultCertificateResponse(rawBody: string | undefined, deserialized: unknown): VaultCertificateAadDetails {
  let raw: unknown;
  try {
    raw = rawBody ? (JSON.parse(rawBody) as unknown) : undefined;
  } catch {
    raw = undefined;
  }
  const rawProps = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['properties'] : undefined;
  const sdkProps = typeof deserialized === 'object' && deserialized !== null ? (deserialized as Record<string, unknown>)['properties'] : undefined;
  const pick = (key: string): string | undefined => readString(rawProps, key) ?? readString(sdkProps, key);

  let resourceId = /"resourceId"\s*:\s*"?(-?\d+)"?/.exec(rawBody ?? '')?.[1];
  if (resourceId === undefined && typeof sdkProps === 'object' && sdkProps !== null) {
    const n = (sdkProps as Record<string, unknown>)['resourceId'];
    if (typeof n === 'number' && Number.isSafeInteger(n)) {
      resourceId = String(n);
    }
  }
  const missing: string[] = [];
  const need = (key: string): string => {
    const v = pick(key);
    if (v === undefined) {
      missing.push(key);
    }
    return v ?? '';
  };
  const details: VaultCertificateAadDetails = {
    resourceId: resourceId ?? '',
    aadAuthority: need('aadAuthority'),
    aadTenantId: need('aadTenantId'),
    servicePrincipalClientId: need('servicePrincipalClientId'),
    azureManagementEndpointAudience: need('azureManagementEndpointAudience'),
  };
  if (resourceId === undefined) {
    missing.unshift('resourceId');
  }
  const audience = pick('aadAudience');
  if (audience !== undefined) {
    details.aadAudience = audience;
  }
  if (missing.length > 0) {
    throw new AzureOperationError(`The vault did not return the Microsoft Entra details needed for the vault credentials (missing: ${missing.join(', ')}).`, {
      code: 'VaultCertificateIncomplete',
    });
  }
  return details;
}

// ---------------------------------------------------------------------------------------------
// Azure calls.

/**
 * The vault's channel integrity key for the file.
 *
 * - Az PowerShell (azure-powershell src/RecoveryServices/RecoveryServices/Common/
 *   PSRecoveryServicesVaultExtendedInfoClient.cs @2471489c, GetCurrentVaultChannelIntegrityKey,
 *   called from Vault/GetAzureRMRecoveryServicesVaultSettingsFile.cs @f2eb70c3 as
 *   "ChannelIntegrityKey = RecoveryServicesClient.GetCurrentVaultChannelIntegrityKey()"): reads
 *   the vault's extended info; creates it when missing ("extendedInformation.IntegrityKey =
 *   Utilities.GenerateRandomKey(128); extendedInformation.Algorithm = CryptoAlgorithm.None"); and
 *   throws when its algorithm is not None ("the credential was first generated in portal and hence
 *   can not be fetched here").
 * - Terraform (terraform-provider-azurerm internal/services/recoveryservices/
 *   recovery_services_vault_hyperv_host_registration_test.go @6fedf2c8) never reads it and writes
 *   `ChannelIntegrityKey: ""`, and hosts register with that file; the real vault credentials file
 *   in azure-powershell's B2A test input (B2A.VaultCredentials @78b140ab) also carries
 *   `<ChannelIntegrityKey></ChannelIntegrityKey>`.
 *
 * So: a key PowerShell made (algorithm None) is used, a missing one is created as PowerShell does,
 * and a key the portal made is left alone and the file carries an empty key, as Terraform's does,
 * instead of refusing the vault.
 */
export async function ensureChannelIntegrityKey(vctx: VaultContext): Promise<string> {
  const { resourceGroup, vaultName } = vctx.vault;
  const client = recoveryServicesClient(vctx);
  let info: VaultExtendedInfoResource | undefined;
  try {
    info = await client.vaultExtendedInfo.get(resourceGroup, vaultName);
  } catch (e) {
    const error = toAzureOperationError(e);
    if (error.statusCode !== 404 && !/ResourceExtendedInfoNotFound/i.test(error.code)) {
      throw error;
    }
  }
  if (info?.integrityKey) {
    const algorithm = info.algorithm ?? 'None';
    // Made by the portal: not ours to read or replace; Terraform's file carries an empty key.
    return algorithm.toLowerCase() === 'none' ? info.integrityKey : '';
  }
  const integrityKey = randomBytes(16).toString('base64');
  const created = await callAzure(() => client.vaultExtendedInfo.createOrUpdate(resourceGroup, vaultName, { integrityKey, algorithm: 'None' }));
  return created.integrityKey ?? integrityKey;
}

/**
 * Creates the vault credentials for registering a Hyper-V host in `site`: uploads a new 120-hour
 * certificate to the vault and returns the file name, its XML and when it expires.
 */
export async function createVaultCredentials(vctx: VaultContext, site: VaultCredentialsSite, now: Date = new Date()): Promise<VaultCredentialsFile> {
  // The audit trail records that a certificate was issued, never the file (it holds a private key).
  return auditWrite(vctx, auditWrites.vaultCredentials(site.siteName), () => sendVaultCredentials(vctx, site, now));
}

async function sendVaultCredentials(vctx: VaultContext, site: VaultCredentialsSite, now: Date): Promise<VaultCredentialsFile> {
  if (!site.fabricName || !site.siteIdentifier || !site.siteName) {
    throw new InvalidInputError('The Hyper-V site needs a name and an identifier (the fabric internalIdentifier).', 'site');
  }
  const { subscriptionId, resourceGroup, vaultName } = vctx.vault;
  const [vault, channelIntegrityKey] = await Promise.all([getVault(vctx, resourceGroup, vaultName), ensureChannelIntegrityKey(vctx)]);

  const certName = vaultCertificateName(vaultName, subscriptionId, now);
  const cert = createSelfSignedCertificate(certName, now);
  let rawBody: string | undefined;
  const response = await callAzure(() =>
    recoveryServicesClient(vctx).vaultCertificates.create(
      resourceGroup,
      vaultName,
      certName,
      { properties: { authType: 'AAD', certificate: cert.certificateDer } },
      {
        onResponse: (raw) => {
          rawBody = raw.bodyAsText ?? undefined;
        },
      },
    ),
  );
  const aad = parseVaultCertificateResponse(rawBody, response);

  const xml = buildVaultCredentialsXml({
    subscriptionId,
    resourceGroup,
    vaultName,
    resourceId: aad.resourceId,
    location: vault.location,
    managementCert: cert.pfxBase64,
    aadAuthority: aad.aadAuthority,
    aadTenantId: aad.aadTenantId,
    servicePrincipalClientId: aad.servicePrincipalClientId,
    aadVaultAudience: aad.aadAudience ?? defaultAadAudience(vault.location, vaultName, aad.resourceId),
    armManagementEndpoint: aad.azureManagementEndpointAudience,
    channelIntegrityKey,
    siteId: site.siteIdentifier,
    siteName: site.siteName,
    privateEndpointStateForSiteRecovery: vault.privateEndpointStateForSiteRecovery ?? 'None',
  });
  return { fileName: vaultCredentialsFileName(site.siteName, vaultName, now), xml, expiresOn: cert.notAfter };
}
