import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { ArmError, invalidField, notFound } from '../core/armError';
import { ok, pageOf } from '../core/arm';
import { bodyObject, isObject, objectField, stringField } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import type { VaultState } from '../state';
import { key } from '../state';
import { armVaultId } from '../asr/ids';
import { ArmRouteBase, RG, S } from './routeBase';

/** Recovery Services vaults: the vaults, their name check, certificates and extended info. */
export class VaultRoutes extends ArmRouteBase {
  register(): void {
    const st = this.state;

    // Recovery Services vaults
    this.add('recoveryServices', 'GET', `${S}/providers/Microsoft.RecoveryServices/vaults`, 'vaults.listBySubscriptionId', (q) => {
      this.sub(q);
      return pageOf(q, [...st.vaults.values()], (v) => this.vault(v), this.pageSize);
    });
    this.add('recoveryServices', 'GET', `${RG}/providers/Microsoft.RecoveryServices/vaults`, 'vaults.listByResourceGroup', (q) => {
      const rg = this.rg(q);
      return pageOf(
        q,
        [...st.vaults.values()].filter((v) => v.resourceGroup.toLowerCase() === rg.toLowerCase()),
        (v) => this.vault(v),
        this.pageSize,
      );
    });
    this.add('recoveryServices', 'GET', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}`, 'vaults.get', (q) => ok(this.vault(this.findVault(q))));
    this.add('recoveryServices', 'PUT', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}`, 'vaults.createOrUpdate', (q) => this.putVault(q));
    this.add('recoveryServices', 'POST', `${RG}/providers/Microsoft.RecoveryServices/locations/{location}/checkNameAvailability`, 'recoveryServices.checkNameAvailability', (q) => {
      const rg = this.rg(q);
      const body = bodyObject(q.body);
      const name = stringField(body, 'name', 'name', true);
      const taken = st.vaults.has(key(rg, name));
      return ok({ nameAvailable: !taken, reason: taken ? 'AlreadyExists' : undefined, message: taken ? `A vault named ${name} already exists in ${rg}.` : undefined });
    });
    this.add('recoveryServices', 'PUT', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/certificates/{certificate}`, 'vaultCertificates.create', (q) =>
      this.putCertificate(q),
    );
    this.add('recoveryServices', 'GET', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/extendedInformation/vaultExtendedInfo`, 'vaultExtendedInfo.get', (q) => {
      const v = this.findVault(q);
      if (!v.extendedInfo) throw notFound('Microsoft.RecoveryServices/vaults/extendedInformation', 'vaultExtendedInfo', v.resourceGroup);
      return ok(this.extendedInfo(v));
    });
    const putInfo = (q: LabRequest): LabResponse => {
      const v = this.findVault(q);
      const props = objectField(bodyObject(q.body), 'properties', 'properties')!;
      const integrityKey = stringField(props, 'integrityKey', 'properties.integrityKey') ?? v.extendedInfo?.integrityKey;
      const algorithm = stringField(props, 'algorithm', 'properties.algorithm') ?? v.extendedInfo?.algorithm ?? 'None';
      if (!integrityKey) throw invalidField('properties.integrityKey', 'The field properties.integrityKey is required.');
      v.extendedInfo = { integrityKey, algorithm, encryptionKey: stringField(props, 'encryptionKey', 'properties.encryptionKey') };
      return ok(this.extendedInfo(v));
    };
    this.add(
      'recoveryServices',
      'PUT',
      `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/extendedInformation/vaultExtendedInfo`,
      'vaultExtendedInfo.createOrUpdate',
      putInfo,
    );
    this.add('recoveryServices', 'PATCH', `${RG}/providers/Microsoft.RecoveryServices/vaults/{vault}/extendedInformation/vaultExtendedInfo`, 'vaultExtendedInfo.update', putInfo);
  }

  private findVault(q: LabRequest): VaultState {
    const rg = this.rg(q);
    const v = this.state.vaults.get(key(rg, q.params.vault));
    if (!v) throw notFound('Microsoft.RecoveryServices/vaults', q.params.vault, rg);
    return v;
  }

  private vault(v: VaultState): object {
    return {
      id: armVaultId(this.state.subscriptionId, v.resourceGroup, v.name),
      name: v.name,
      type: 'Microsoft.RecoveryServices/vaults',
      location: v.location,
      tags: v.tags,
      etag: `W/"datetime'${encodeURIComponent(v.created.toISOString())}'"`,
      sku: { name: 'Standard' },
      identity: {
        type: 'SystemAssigned',
        principalId: createHash('md5')
          .update(`p${v.name}`)
          .digest('hex')
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        tenantId: this.state.tenantId,
      },
      properties: {
        provisioningState: 'Succeeded',
        privateEndpointStateForBackup: 'None',
        privateEndpointStateForSiteRecovery: 'None',
        publicNetworkAccess: 'Enabled',
        redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Disabled' },
        secureScore: 'None',
        bcdrSecurityLevel: 'Poor',
      },
    };
  }

  private putVault(q: LabRequest): LabResponse {
    const rg = this.rg(q);
    const name = q.params.vault;
    if (!/^[A-Za-z][A-Za-z0-9-]{1,49}$/.test(name)) {
      throw invalidField('vaultName', `The vault name '${name}' is not valid: use 2 to 50 letters, digits or hyphens, starting with a letter.`);
    }
    const body = bodyObject(q.body);
    const location = this.requireLocation(stringField(body, 'location', 'location', true), 'location');
    const sku = objectField(body, 'sku', 'sku')!;
    const skuName = stringField(sku, 'name', 'sku.name', true);
    if (skuName !== 'Standard' && skuName !== 'RS0') throw invalidField('sku.name', `The vault SKU '${skuName}' is not valid: use Standard.`);
    const existing = this.state.vaults.get(key(rg, name));
    if (existing && existing.location !== location) {
      throw new ArmError(
        409,
        'InvalidResourceLocation',
        `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg}'. A resource with the same name cannot be created in location '${location}'.`,
      );
    }
    const vault: VaultState = existing ?? {
      name,
      resourceGroup: rg,
      location,
      created: this.clock.nowDate(),
      tags: {},
      resourceId: newResourceId(name),
      certificates: new Map(),
      fabrics: new Map(),
      policies: new Map(),
      jobs: new Map(),
      jobOrder: [],
    };
    vault.tags = isObject(body.tags) ? (body.tags as Record<string, string>) : vault.tags;
    this.state.vaults.set(key(rg, name), vault);
    return { status: existing ? 200 : 201, body: this.vault(vault) };
  }

  /**
   * PUT vaults/{vault}/certificates/{name}: the upload Az PowerShell's vault settings file cmdlet
   * makes (azure-powershell src/RecoveryServices/RecoveryServices/Common/
   * PSRecoveryServicesVaultExtendedInfoClient.cs @2471489c, UploadCertificate:
   * "certificateArgs.Properties.Certificate = managementCert.GetRawCertData();
   * certificateArgs.Properties.AuthType = AuthType.AAD;", named by the certificate's friendly name,
   * and Vault/GetAzureRMRecoveryServicesVaultSettingsFile.cs @f2eb70c3 for a given certificate:
   * "Properties = new RawCertificateData {Certificate = bytes, AuthType = AuthType.AAD}"). The answer
   * is ResourceCertificateAndAadDetails, whose fields the cmdlet copies into the file (AadAuthority,
   * AadTenantId, ServicePrincipalClientId, AzureManagementEndpointAudience, ResourceId).
   * Not modelled: the service-generated certificate that Terraform asks for with
   * `certificateCreateOptions: { validityInHours: 120 }` (terraform-provider-azurerm
   * recovery_services_vault_hyperv_host_registration_test.go @6fedf2c8), which the extension does
   * not send. The vault's channel integrity key plays no part here: Terraform's file carries an
   * empty one, and the lab's registration check (lab/control.ts) does not read it either.
   */
  private putCertificate(q: LabRequest): LabResponse {
    const v = this.findVault(q);
    const props = objectField(bodyObject(q.body), 'properties', 'properties')!;
    const authType = stringField(props, 'authType', 'properties.authType', true);
    if (authType !== 'AAD' && authType !== 'AccessControlService') {
      throw invalidField('properties.authType', `The authType '${authType}' is not valid: use AAD.`);
    }
    const certificate = stringField(props, 'certificate', 'properties.certificate', true);
    let cert: forge.pki.Certificate;
    try {
      const der = forge.util.decode64(certificate);
      cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der));
    } catch {
      throw invalidField('properties.certificate', 'The certificate is not a base64 DER-encoded X.509 certificate.');
    }
    const now = this.clock.now();
    if (cert.validity.notAfter.getTime() <= now) {
      throw invalidField('properties.certificate', 'The certificate has expired.');
    }
    const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
    const thumbprint = forge.md.sha1.create().update(der).digest().toHex().toUpperCase();
    const subject = cert.subject.attributes.map((a) => `${a.shortName ?? a.name ?? ''}=${String(a.value)}`).join(', ');
    v.certificates.set(key(q.params.certificate), {
      name: q.params.certificate,
      certificateBase64: certificate,
      thumbprint,
      subject,
      validFrom: cert.validity.notBefore,
      validTo: cert.validity.notAfter,
      resourceId: v.resourceId,
    });
    const base = q.baseUrl;
    return ok({
      name: q.params.certificate,
      type: 'Microsoft.RecoveryServices/vaults/certificates',
      id: `${armVaultId(this.state.subscriptionId, v.resourceGroup, v.name)}/certificates/${q.params.certificate}`,
      properties: {
        authType: 'AzureActiveDirectory',
        certificate: certificate,
        friendlyName: '',
        issuer: subject,
        resourceId: v.resourceId,
        subject,
        thumbprint,
        validFrom: cert.validity.notBefore.toISOString(),
        validTo: cert.validity.notAfter.toISOString(),
        aadAuthority: base,
        aadTenantId: this.state.tenantId,
        servicePrincipalClientId: createHash('md5')
          .update(`sp${v.name}`)
          .digest('hex')
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        servicePrincipalObjectId: createHash('md5')
          .update(`spo${v.name}`)
          .digest('hex')
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
        azureManagementEndpointAudience: `${base}/`,
        aadAudience: `https://RecoveryServiceVault/${v.location}/${v.name}/${v.resourceId}`,
      },
    });
  }

  private extendedInfo(v: VaultState): object {
    return {
      id: `${armVaultId(this.state.subscriptionId, v.resourceGroup, v.name)}/extendedInformation/vaultExtendedInfo`,
      name: 'vaultExtendedInfo',
      type: 'Microsoft.RecoveryServices/vaults/extendedInformation',
      etag: null,
      properties: {
        integrityKey: v.extendedInfo!.integrityKey,
        encryptionKey: v.extendedInfo!.encryptionKey ?? null,
        encryptionKeyThumbprint: null,
        algorithm: v.extendedInfo!.algorithm,
      },
    };
  }
}

/** ARM's int64 resource id of a vault (used in vault credentials): stable per name. */
export function newResourceId(name: string): number {
  return Number.parseInt(createHash('sha1').update(name.toLowerCase()).digest('hex').slice(0, 13), 16);
}
