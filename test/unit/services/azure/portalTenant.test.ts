import assert from 'node:assert/strict';
import { resolveCloud, portalUrlForResource } from '../../../../src/services/azure/cloud';
import { PortalTenants } from '../../../../src/services/azure/portalTenant';

describe('portal links: the tenant they name', () => {
  const sub = '1F4C2B8E-6A3D-4E5F-9B7C-0D1E2F3A4B5C';
  it('takes the tenant chosen at sign-in first, else the one ARM listed for the subscription, else none', () => {
    const t = new PortalTenants();
    assert.equal(t.known(undefined), undefined);
    assert.equal(t.known({ subscriptionId: sub }), undefined, 'nothing read yet');
    t.remember(sub, 'contoso.onmicrosoft.com');
    assert.equal(t.known({ subscriptionId: sub.toLowerCase() }), 'contoso.onmicrosoft.com');
    assert.equal(t.known({ signInTenantId: ' fabrikam.onmicrosoft.com ', subscriptionId: sub }), 'fabrikam.onmicrosoft.com');
    t.remember('other', '  ');
    assert.equal(t.known({ subscriptionId: 'other' }), undefined);
  });
  it('the tree tooltip link carries it (#@tenant/resource/…)', () => {
    const t = new PortalTenants();
    t.remember(sub, 'aaaabbbb-0000-cccc-1111-dddd2222eeee');
    const url = portalUrlForResource(resolveCloud('AzureCloud'), `/subscriptions/${sub}/resourceGroups/rg`, t.known({ subscriptionId: sub }));
    assert.equal(url, `https://portal.azure.com/#@aaaabbbb-0000-cccc-1111-dddd2222eeee/resource/subscriptions/${sub}/resourceGroups/rg`);
  });
});
