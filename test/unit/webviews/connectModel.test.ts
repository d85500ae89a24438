import assert from 'node:assert/strict';
import {
  alreadyDone,
  back,
  choose,
  resetNote,
  createdKey,
  initialConnectState,
  isGuid,
  next,
  pageProblem,
  plan,
  restoredPage,
  signInProblems,
  signInRequest,
  type ConnectState,
  type SignInForm,
} from '../../../src/webviews/connect/connectModel';

const SUB = '1f4c2b8e-6a3d-4e5f-9b7c-0d1e2f3a4b5c';
const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
const CLIENT = '9d3b6f0a-2c4e-4a7b-8e1f-5c6d7e8f9a0b';

function at(page: ConnectState['page'], over: Partial<ConnectState> = {}): ConnectState {
  return { ...initialConnectState(true), page, ...over };
}

const complete = (over: Partial<ConnectState> = {}): ConnectState =>
  at('review', {
    subscriptionId: SUB,
    region: 'westeurope',
    resourceGroup: { mode: 'new', newName: 'rg1' },
    storageAccount: { mode: 'existing', existing: 'sa', newName: '' },
    vault: { mode: 'new', newName: 'v1' },
    ...over,
  });

describe('connect wizard model', () => {
  it('starts at sign-in when signed out, at the subscription when signed in', () => {
    assert.equal(initialConnectState(false).page, 'signIn');
    assert.equal(initialConnectState(true).page, 'subscription');
  });

  it('does not move on until the page is complete, and says why', () => {
    const r = next(at('subscription'));
    assert.equal(r.state.page, 'subscription');
    assert.equal(r.problem, 'Choose a subscription.');
    assert.equal(next(at('subscription', { subscriptionId: SUB })).state.page, 'region');
    assert.equal(next(initialConnectState(false)).problem, 'Sign in to Azure first.');
    assert.match(next(at('resourceGroup')).problem ?? '', /existing resource group or create a new one/);
    assert.match(next(at('storage', { storageAccount: { mode: 'existing', newName: '' } })).problem ?? '', /from the list/);
    assert.match(next(at('vault', { vault: { mode: 'new', newName: '  ' } })).problem ?? '', /Type a name/);
  });

  describe('sign-in form', () => {
    const sp = (over: Partial<SignInForm> = {}): SignInForm => ({ method: 'servicePrincipal', tenantId: TENANT, clientId: CLIENT, ...over });

    it('recognises GUIDs only', () => {
      assert.ok(isGuid(TENANT));
      assert.ok(isGuid(` ${TENANT.toUpperCase()} `));
      assert.ok(!isGuid('contoso.onmicrosoft.com'));
      assert.ok(!isGuid(TENANT.slice(1)));
      assert.ok(!isGuid(`${TENANT}0`));
      assert.ok(!isGuid(''));
    });

    it('a service principal needs a tenant GUID, a client GUID and a secret', () => {
      assert.deepEqual(signInProblems(sp(), 's3cret'), {});
      const empty = signInProblems(sp({ tenantId: '', clientId: '' }), '');
      assert.match(empty.tenantId ?? '', /Enter the tenant ID/);
      assert.match(empty.clientId ?? '', /Enter the client/);
      assert.match(empty.clientSecret ?? '', /client secret/);
      const bad = signInProblems(sp({ tenantId: 'contoso', clientId: 'not-a-guid' }), 'x');
      assert.match(bad.tenantId ?? '', /is a GUID/);
      assert.match(bad.clientId ?? '', /is a GUID/);
      assert.equal(bad.clientSecret, undefined);
    });

    it('account and CLI take an optional tenant, which must then be a GUID', () => {
      assert.deepEqual(signInProblems({ method: 'account', tenantId: '', clientId: 'ignored' }, ''), {});
      assert.deepEqual(signInProblems({ method: 'cli', tenantId: TENANT, clientId: '' }, ''), {});
      assert.match(signInProblems({ method: 'cli', tenantId: 'nope', clientId: '' }, '').tenantId ?? '', /GUID/);
    });

    it('builds the sign-in request, trimmed, with the secret only for a service principal', () => {
      assert.deepEqual(signInRequest(sp({ tenantId: ` ${TENANT} `, clientId: `${CLIENT} ` }), 'pw'), {
        signIn: { kind: 'servicePrincipal', tenantId: TENANT, clientId: CLIENT },
        secret: 'pw',
      });
      assert.deepEqual(signInRequest({ method: 'account', tenantId: '', clientId: CLIENT }, 'stray'), { signIn: { kind: 'account' } });
      assert.deepEqual(signInRequest({ method: 'cli', tenantId: TENANT, clientId: '' }, ''), { signIn: { kind: 'cli', tenantId: TENANT } });
      assert.throws(() => signInRequest(sp({ clientId: 'x' }), 'pw'), /GUID/);
    });
  });

  it('checks new names against Azure rules', () => {
    assert.match(pageProblem(at('storage', { storageAccount: { mode: 'new', newName: 'Bad_Name' } })) ?? '', /storage account/i);
    assert.equal(pageProblem(at('storage', { storageAccount: { mode: 'new', newName: 'gooddrstore42' } })), undefined);
    assert.ok(pageProblem(at('vault', { vault: { mode: 'new', newName: '1vault' } })));
    assert.equal(pageProblem(at('vault', { vault: { mode: 'new', newName: 'Contoso-Vault' } })), undefined);
    assert.ok(pageProblem(at('resourceGroup', { resourceGroup: { mode: 'new', newName: 'ends.' } })));
    assert.equal(pageProblem(at('resourceGroup', { resourceGroup: { mode: 'existing', existing: 'RAM-DR-RG', newName: '' } })), undefined);
  });

  it('refuses a storage name Azure reported as taken, case-insensitively, unless this wizard created it', () => {
    const s = at('storage', { subscriptionId: SUB, resourceGroup: { mode: 'new', newName: 'rg1' }, storageAccount: { mode: 'new', newName: 'RamDrStorage01'.toLowerCase() } });
    const known = { takenStorageNames: new Map([['ramdrstorage01', 'The storage account named ramdrstorage01 is already taken.']]) };
    assert.match(pageProblem(s, known) ?? '', /already taken/);
    const ours = { ...s, created: [createdKey('storageAccount', SUB, 'rg1', 'ramdrstorage01')] };
    assert.equal(pageProblem(ours, known), undefined);
  });

  it('refuses a new resource group or vault whose name exists, and an existing choice that is not (or no longer) offered', () => {
    const rgPage = at('resourceGroup', { subscriptionId: SUB, resourceGroup: { mode: 'new', newName: 'ram-dr-rg' } });
    assert.match(pageProblem(rgPage, { resourceGroups: ['RAM-DR-RG'] }) ?? '', /already exists/);
    assert.equal(pageProblem({ ...rgPage, created: [createdKey('resourceGroup', SUB, 'RAM-DR-RG')] }, { resourceGroups: ['RAM-DR-RG'] }), undefined);
    const vaults = [
      { name: 'RAM-Vault', location: 'westeurope' },
      { name: 'North-Vault', location: 'northeurope' },
    ];
    const vaultPage = (vault: ConnectState['vault']): ConnectState =>
      at('vault', { subscriptionId: SUB, region: 'westeurope', resourceGroup: { mode: 'existing', existing: 'RAM-DR-RG', newName: '' }, vault });
    assert.match(pageProblem(vaultPage({ mode: 'new', newName: 'ram-vault' }), { vaults }) ?? '', /already has a vault named "RAM-Vault"/);
    assert.equal(pageProblem(vaultPage({ mode: 'new', newName: 'RAM-Vault2' }), { vaults }), undefined);
    assert.match(pageProblem(vaultPage({ mode: 'existing', existing: 'North-Vault', newName: '' }), { vaults }) ?? '', /is in northeurope, not in westeurope/);
    assert.equal(pageProblem(vaultPage({ mode: 'existing', existing: 'RAM-Vault', newName: '' }), { vaults }), undefined);
    assert.match(pageProblem(vaultPage({ mode: 'existing', existing: 'Gone', newName: '' }), { vaults }) ?? '', /no longer there/);
  });

  it('forgets what depends on a changed subscription, region or resource group; keeps typed new names', () => {
    const full = at('vault', {
      subscriptionId: 's',
      region: 'westeurope',
      resourceGroup: { mode: 'existing', existing: 'rg', newName: '' },
      storageAccount: { mode: 'existing', existing: 'sa', newName: 'typedname' },
      vault: { mode: 'new', newName: 'v1' },
    });
    // A new region resets both choices, "Create a new …" included (the new region may offer an
    // existing one; the defaults choose again); the names typed are kept, and the pages say why.
    const otherRegion = choose(full, { region: 'northeurope' });
    assert.deepEqual(otherRegion.storageAccount, { newName: 'typedname' });
    assert.deepEqual(otherRegion.vault, { newName: 'v1' });
    assert.deepEqual(otherRegion.resourceGroup, full.resourceGroup);
    assert.deepEqual(otherRegion.reset, { storageAccount: 'region', vault: 'region' });
    assert.equal(resetNote(otherRegion, 'storageAccount'), 'Reset because the region changed.');
    assert.equal(resetNote(otherRegion, 'resourceGroup'), undefined);
    const chosenAgain = choose(otherRegion, { vault: { mode: 'new', newName: 'v1' } });
    assert.deepEqual(chosenAgain.reset, { storageAccount: 'region' }, 'choosing again clears the note');
    assert.equal(resetNote(chosenAgain, 'vault'), undefined);
    // A new resource group forgets the existing storage account (it was picked there) but keeps a new vault.
    const otherGroup = choose(full, { resourceGroup: { mode: 'existing', existing: 'rg2', newName: '' } });
    assert.deepEqual(otherGroup.storageAccount, { newName: 'typedname' });
    assert.deepEqual(otherGroup.vault, { mode: 'new', newName: 'v1' });
    assert.deepEqual(otherGroup.reset, { storageAccount: 'resourceGroup' });
    assert.equal(otherGroup.region, 'westeurope');
    const otherSub = choose(full, { subscriptionId: 't' });
    assert.equal(otherSub.region, undefined);
    assert.deepEqual(otherSub.resourceGroup, { newName: '' });
    assert.deepEqual(otherSub.storageAccount, { newName: '' });
    assert.deepEqual(otherSub.vault, { newName: '' });
    // Choosing the same again changes nothing.
    assert.deepEqual(choose(full, { region: 'westeurope' }), full);
    assert.deepEqual(choose(full, { resourceGroup: { mode: 'existing', existing: 'RG', newName: 'x' } }).storageAccount, full.storageAccount);
  });

  it('goes back but not before sign-in when signed in, and not out of the run page', () => {
    assert.equal(back(at('subscription')).page, 'subscription');
    assert.equal(back(at('region')).page, 'subscription');
    assert.equal(back({ ...at('region'), signedIn: false }).page, 'subscription');
    assert.equal(back({ ...at('subscription'), signedIn: false }).page, 'signIn');
    assert.equal(back(at('run')).page, 'run');
  });

  it('plans to create only what is new, in dependency order, then save; remembers what it created', () => {
    const s = complete();
    const steps = plan(s);
    assert.deepEqual(steps, [
      { step: 'createResourceGroup', key: `resourcegroup/${SUB}/rg1`, name: 'rg1', region: 'westeurope' },
      { step: 'createVault', key: `vault/${SUB}/rg1/v1`, name: 'v1', resourceGroup: 'rg1', region: 'westeurope' },
      { step: 'saveConnection' },
    ]);
    assert.throws(() => plan(at('review')), /not complete/);
    const after = { ...s, created: [createdKey('resourceGroup', SUB, 'RG1')] };
    assert.deepEqual(
      plan(after).map((x) => alreadyDone(after, x)),
      [true, false, false],
    );
    const existingOnly = complete({
      resourceGroup: { mode: 'existing', existing: 'RAM-DR-RG', newName: 'typed' },
      vault: { mode: 'existing', existing: 'RAM-Vault', newName: 'v' },
    });
    assert.deepEqual(plan(existingOnly), [{ step: 'saveConnection' }]);
  });

  it('restores to the saved page, the review instead of the run, or the first incomplete page', () => {
    assert.equal(restoredPage(complete(), 'run'), 'review');
    assert.equal(restoredPage(complete(), 'vault'), 'vault');
    assert.equal(restoredPage(complete({ region: undefined }), 'review'), 'region');
    assert.equal(restoredPage(complete({ storageAccount: { newName: '' } }), 'run'), 'storage');
    assert.equal(restoredPage(complete(), 'signIn'), 'signIn');
  });
});
