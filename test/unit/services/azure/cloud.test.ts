import assert from 'node:assert/strict';
import { portalUrlForResource, resolveCloud } from '../../../../src/services/azure/cloud';
import { InvalidInputError } from '../../../../src/services/azure/errors';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('services/azure/cloud', () => {
  it('resolves public Azure with its endpoints and the ARM scope', () => {
    assert.deepEqual(resolveCloud('AzureCloud'), {
      name: 'AzureCloud',
      resourceManagerEndpoint: 'https://management.azure.com',
      authorityHost: 'https://login.microsoftonline.com',
      portalUrl: 'https://portal.azure.com',
      managementScope: 'https://management.azure.com/.default',
    });
  });

  it('resolves the US Government and China clouds', () => {
    const gov = resolveCloud('AzureUSGovernment');
    assert.equal(gov.resourceManagerEndpoint, 'https://management.usgovcloudapi.net');
    assert.equal(gov.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(gov.portalUrl, 'https://portal.azure.us');
    assert.equal(gov.managementScope, 'https://management.usgovcloudapi.net/.default');
    const china = resolveCloud('AzureChinaCloud');
    assert.equal(china.resourceManagerEndpoint, 'https://management.chinacloudapi.cn');
    assert.equal(china.authorityHost, 'https://login.chinacloudapi.cn');
    assert.equal(china.portalUrl, 'https://portal.azure.cn');
  });

  it('resolves a custom cloud: trailing slash dropped, authority and portal default to the ARM endpoint, CA kept', () => {
    const lab = resolveCloud('Custom', { resourceManagerEndpoint: 'https://127.0.0.1:8443/', caCertificatePem: PEM });
    assert.deepEqual(lab, {
      name: 'Custom',
      resourceManagerEndpoint: 'https://127.0.0.1:8443',
      authorityHost: 'https://127.0.0.1:8443',
      portalUrl: 'https://127.0.0.1:8443',
      managementScope: 'https://127.0.0.1:8443/.default',
      caCertificatePem: PEM,
    });
    const withAuthority = resolveCloud('Custom', {
      resourceManagerEndpoint: 'https://arm.contoso.local',
      authorityHost: 'https://login.contoso.local/',
      portalUrl: 'https://portal.contoso.local',
    });
    assert.equal(withAuthority.authorityHost, 'https://login.contoso.local');
    assert.equal(withAuthority.portalUrl, 'https://portal.contoso.local');
    assert.equal(withAuthority.caCertificatePem, undefined);
  });

  it('rejects a custom cloud without https, with a readable error', () => {
    assert.throws(
      () => resolveCloud('Custom', { resourceManagerEndpoint: 'http://127.0.0.1:8080' }),
      (e: unknown) => e instanceof InvalidInputError && /must use https:\/\//.test(e.message) && e.code === 'InvalidInput',
    );
    assert.throws(() => resolveCloud('Custom', { resourceManagerEndpoint: 'not a url' }), /not a valid URL/);
    assert.throws(() => resolveCloud('Custom', { resourceManagerEndpoint: '' }), /is empty/);
    assert.throws(() => resolveCloud('Custom'), /needs a Resource Manager endpoint/);
    assert.throws(() => resolveCloud('Custom', { resourceManagerEndpoint: 'https://a.b', authorityHost: 'ftp://a.b' }), /authority host .* must use https/);
    assert.throws(() => resolveCloud('Custom', { resourceManagerEndpoint: 'https://a.b', caCertificatePem: 'abc' }), /PEM/);
    assert.throws(() => resolveCloud('Mars' as 'Custom'), /Unknown Azure cloud "Mars"/);
  });

  it('builds portal links for a resource', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v';
    assert.equal(portalUrlForResource(resolveCloud('AzureCloud'), id), `https://portal.azure.com/#@/resource${id}`);
    assert.equal(portalUrlForResource(resolveCloud('AzureChinaCloud'), id.slice(1)), `https://portal.azure.cn/#@/resource${id}`);
  });

  it('puts the tenant in portal links (#@{tenant}/resource{id}), as the Azure extensions for VS Code do', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v';
    const tenant = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
    assert.equal(portalUrlForResource(resolveCloud('AzureCloud'), id, tenant), `https://portal.azure.com/#@${tenant}/resource${id}`);
    assert.equal(portalUrlForResource(resolveCloud('AzureUSGovernment'), id, 'contoso.onmicrosoft.us'), `https://portal.azure.us/#@contoso.onmicrosoft.us/resource${id}`);
    assert.equal(portalUrlForResource(resolveCloud('AzureChinaCloud'), id, ` ${tenant} `), `https://portal.azure.cn/#@${tenant}/resource${id}`);
    // Nothing that could change the URL's meaning gets in.
    assert.equal(portalUrlForResource(resolveCloud('AzureCloud'), id, 'a/b#c'), `https://portal.azure.com/#@/resource${id}`);
  });
});
