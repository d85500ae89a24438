// Several vaults side by side (issue 16 §3): the added vaults are kept in globalState (each its own
// connection under its own key, and the list of their keys), come back after a reload, and go
// when removed; a vault already connected is refused; a service principal's secret is deleted only
// when no other vault signs in with it.
import assert from 'node:assert/strict';
import type { SavedConnection } from '../../../src/connection/connection';
import { ADDED_VAULTS_KEY, addedConnectionKey, VaultSet, vaultKeyOfResourceId, type KeyValueState, type VaultConnection } from '../../../src/connection/vaultSet';

const first = { subscriptionId: 'S1', resourceGroup: 'RG', vaultName: 'Vault-A', location: 'westeurope' };
const second = { subscriptionId: 'S2', resourceGroup: 'Other-RG', vaultName: 'Vault-Z', location: 'northeurope' };
const third = { subscriptionId: 'S2', resourceGroup: 'Other-RG', vaultName: 'Vault-M', location: 'northeurope' };
const sp: SavedConnection['signIn'] = { kind: 'servicePrincipal', tenantId: 'T1', clientId: 'C1' };

function memoryState(): KeyValueState & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: (key, value) => {
      if (value === undefined) data.delete(key);
      else data.set(key, structuredClone(value));
      return Promise.resolve();
    },
  };
}

/** A connection as connection.ts keeps it: its saved choice under its key; sign-outs recorded. */
class FakeConnection implements VaultConnection {
  readonly signOuts: { keepSecret?: boolean }[] = [];
  disposed = false;
  private readonly listeners = new Set<() => void>();
  constructor(
    private readonly state: KeyValueState,
    readonly stateKey: string,
  ) {}
  get saved(): SavedConnection | undefined {
    return this.state.get<SavedConnection>(this.stateKey);
  }
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  async adopt(saved: SavedConnection): Promise<void> {
    await this.state.update(this.stateKey, saved);
    for (const l of this.listeners) l();
  }
  async signOut(options: { keepSecret?: boolean } = {}): Promise<void> {
    this.signOuts.push(options);
    await this.state.update(this.stateKey, undefined);
  }
  dispose(): void {
    this.disposed = true;
  }
}

function setOf(state: KeyValueState): VaultSet<FakeConnection> {
  return new VaultSet(state, new FakeConnection(state, 'azureSiteRecovery.connection'), (key) => new FakeConnection(state, key));
}

describe('connection/vaultSet: several vaults side by side', () => {
  it('with only the Connect wizard vault: one vault, the first, as today', async () => {
    const state = memoryState();
    const set = setOf(state);
    assert.deepEqual(set.vaults(), []);
    await set.first.adopt({ signIn: sp, subscriptionId: 'S1', vault: first });
    assert.deepEqual(
      set.vaults().map((v) => v.vaultKey),
      ['s1/rg/vault-a'],
    );
    assert.equal(set.connectionFor('S1/RG/Vault-A'), set.first);
    assert.equal(state.data.has(ADDED_VAULTS_KEY), false);
  });

  it('keeps each added vault under its own key and the list of keys; a reload brings them back, first vault first, then by name', async () => {
    const state = memoryState();
    const set = setOf(state);
    await set.first.adopt({ signIn: sp, subscriptionId: 'S1', vault: first });
    let changes = 0;
    set.onDidChange(() => changes++);
    await set.add({ signIn: { kind: 'account', tenantId: 'T2' }, subscriptionId: 'S2', vault: second });
    await set.add({ signIn: sp, subscriptionId: 'S2', vault: third });
    assert.equal(changes, 2);
    assert.deepEqual(state.data.get(ADDED_VAULTS_KEY), ['s2/other-rg/vault-z', 's2/other-rg/vault-m']);
    assert.deepEqual((state.data.get(addedConnectionKey('s2/other-rg/vault-z')) as SavedConnection).signIn, { kind: 'account', tenantId: 'T2' });

    const reloaded = setOf(state);
    assert.deepEqual(
      reloaded.vaults().map((v) => v.connection.saved?.vault?.vaultName),
      ['Vault-A', 'Vault-M', 'Vault-Z'],
    );
    assert.equal(reloaded.connectionFor('s2/other-rg/vault-z')?.saved?.subscriptionId, 'S2');
    assert.equal(reloaded.connectionFor('s9/rg/none'), undefined);
    assert.equal(reloaded.connectionFor(undefined), undefined);
  });

  it('refuses a vault already connected (the first, or an added one), and keeps nothing of it', async () => {
    const state = memoryState();
    const set = setOf(state);
    await set.first.adopt({ signIn: sp, subscriptionId: 'S1', vault: first });
    await assert.rejects(set.add({ signIn: sp, subscriptionId: 'S1', vault: { ...first, vaultName: 'VAULT-a' } }), /VAULT-a is connected already/);
    await set.add({ signIn: sp, subscriptionId: 'S2', vault: second });
    await assert.rejects(set.add({ signIn: sp, subscriptionId: 'S2', vault: second }), /connected already/);
    assert.equal(set.has(second), true);
    assert.deepEqual(state.data.get(ADDED_VAULTS_KEY), ['s2/other-rg/vault-z']);
  });

  it('Remove Vault forgets the connection and its key; the secret stays while another vault signs in as the same service principal', async () => {
    const state = memoryState();
    const set = setOf(state);
    await set.first.adopt({ signIn: sp, subscriptionId: 'S1', vault: first });
    const shared = await set.add({ signIn: sp, subscriptionId: 'S2', vault: second });
    const own = await set.add({ signIn: { kind: 'servicePrincipal', tenantId: 'T2', clientId: 'C2' }, subscriptionId: 'S2', vault: third });
    await set.remove('S2/Other-RG/Vault-Z');
    await set.remove('s2/other-rg/vault-m');
    assert.deepEqual(shared.signOuts, [{ keepSecret: true }]);
    assert.deepEqual(own.signOuts, [{ keepSecret: false }]);
    assert.equal(shared.disposed && own.disposed, true);
    assert.deepEqual(state.data.get(ADDED_VAULTS_KEY), []);
    assert.equal(state.data.has(addedConnectionKey('s2/other-rg/vault-z')), false);
    assert.deepEqual(
      set.vaults().map((v) => v.vaultKey),
      ['s1/rg/vault-a'],
    );
  });

  it('drops a kept key whose connection was lost, rather than show half a vault', () => {
    const state = memoryState();
    void state.update(ADDED_VAULTS_KEY, ['s2/other-rg/vault-z']);
    assert.deepEqual(setOf(state).addedVaults(), []);
  });

  it('finds the vault of a job or protected item from its ARM id', () => {
    const base = '/subscriptions/S2/resourceGroups/Other-RG/providers/Microsoft.RecoveryServices/vaults/Vault-Z';
    assert.equal(vaultKeyOfResourceId(`${base}/replicationJobs/0f1e`), 's2/other-rg/vault-z');
    assert.equal(vaultKeyOfResourceId(`${base}/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/i`), 's2/other-rg/vault-z');
    assert.equal(vaultKeyOfResourceId('/subscriptions/S2/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/vm'), undefined);
    assert.equal(vaultKeyOfResourceId(undefined), undefined);
  });
});
