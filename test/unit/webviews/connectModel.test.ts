import assert from 'node:assert/strict';
import { back, choose, initialConnectState, next, pageProblem, plan, type ConnectState } from '../../../src/webviews/connect/connectModel';

function at(page: ConnectState['page'], over: Partial<ConnectState> = {}): ConnectState {
  return { ...initialConnectState(true), page, ...over };
}

describe('connect wizard model', () => {
  it('starts at sign-in when signed out, at the subscription when signed in', () => {
    assert.equal(initialConnectState(false).page, 'signIn');
    assert.equal(initialConnectState(true).page, 'subscription');
  });
  it('does not move on until the page is complete, and says why', () => {
    const r = next(at('subscription'));
    assert.equal(r.state.page, 'subscription');
    assert.equal(r.problem, 'Choose a subscription.');
    assert.equal(next(at('subscription', { subscriptionId: 's' })).state.page, 'region');
    assert.equal(next(initialConnectState(false)).problem, 'Sign in to Azure first.');
  });
  it('checks new names against Azure rules', () => {
    assert.match(pageProblem(at('storage', { storageAccount: { kind: 'new', name: 'Bad_Name' } })) ?? '', /storage account/i);
    assert.equal(pageProblem(at('storage', { storageAccount: { kind: 'new', name: 'gooddrstore42' } })), undefined);
    assert.ok(pageProblem(at('vault', { vault: { kind: 'new', name: '1vault' } })));
    assert.equal(pageProblem(at('vault', { vault: { kind: 'new', name: 'Contoso-Vault' } })), undefined);
    assert.ok(pageProblem(at('resourceGroup', { resourceGroup: { kind: 'new', name: 'ends.' } })));
    assert.equal(pageProblem(at('resourceGroup', { resourceGroup: { kind: 'existing', name: 'RAM-DR-RG' } })), undefined);
  });
  it('refuses a name Azure reported as taken, case-insensitively', () => {
    const s = at('storage', { storageAccount: { kind: 'new', name: 'ramdrstorage01' }, unavailable: { storageAccount: ['RAMDRSTORAGE01'], vault: [] } });
    assert.match(pageProblem(s) ?? '', /already taken/);
  });
  it('forgets what depends on a changed subscription or region', () => {
    const full = at('vault', { subscriptionId: 's', region: 'westeurope', resourceGroup: { kind: 'existing', name: 'rg' }, storageAccount: { kind: 'existing', name: 'sa' }, vault: { kind: 'new', name: 'v1' } });
    const otherRegion = choose(full, { region: 'northeurope' });
    assert.equal(otherRegion.storageAccount, undefined);
    assert.equal(otherRegion.vault, undefined);
    assert.deepEqual(otherRegion.resourceGroup, { kind: 'existing', name: 'rg' });
    const otherSub = choose(full, { subscriptionId: 't' });
    assert.equal(otherSub.region, undefined);
    assert.equal(otherSub.resourceGroup, undefined);
    assert.deepEqual(choose(full, { region: 'westeurope' }).vault, { kind: 'new', name: 'v1' });
  });
  it('goes back but not before sign-in when signed in, and not out of the run page', () => {
    assert.equal(back(at('subscription')).page, 'subscription');
    assert.equal(back(at('region')).page, 'subscription');
    assert.equal(back(at('run')).page, 'run');
  });
  it('plans to create only what is new, in dependency order, then save', () => {
    const s = at('review', { subscriptionId: 's', region: 'westeurope', resourceGroup: { kind: 'new', name: 'rg1' }, storageAccount: { kind: 'existing', name: 'sa' }, vault: { kind: 'new', name: 'v1' } });
    assert.deepEqual(plan(s), [
      { step: 'createResourceGroup', name: 'rg1', region: 'westeurope' },
      { step: 'createVault', name: 'v1', resourceGroup: 'rg1', region: 'westeurope' },
      { step: 'saveConnection' },
    ]);
    assert.throws(() => plan(at('review')), /not complete/);
  });
});
