// What follows a change of the sign-in or the vault: every part forgets the old vault in the same
// tick (before anything awaits), then the new vault is read; a change that keeps the vault only
// updates the context keys.
import assert from 'node:assert/strict';
import type { SavedConnection } from '../../../src/connection/connection';
import { followVaultChanges, sessionStateOf, vaultKeyOf, vaultKeyOfArmId, type SessionState, type VaultChangeParts } from '../../../src/connection/vaultChange';

const vaultA = { subscriptionId: 'S1', resourceGroup: 'RG', vaultName: 'Vault-A', location: 'westeurope' };
const vaultB = { ...vaultA, vaultName: 'Vault-B' };
const account: SavedConnection['signIn'] = { kind: 'account' };

/** The parts as a log of calls, in order. */
function recorder(): { parts: VaultChangeParts; calls: string[] } {
  const calls: string[] = [];
  const parts: VaultChangeParts = {
    estate: {
      forgetVault: () => calls.push('estate.forgetVault'),
      refresh: () => {
        calls.push('estate.refresh');
        return Promise.resolve();
      },
    },
    jobs: {
      forget: () => calls.push('jobs.forget'),
      start: () => calls.push('jobs.start'),
      stop: () => calls.push('jobs.stop'),
      refreshNow: () => {
        calls.push('jobs.refreshNow');
        return Promise.resolve();
      },
    },
    showSession: (s: SessionState) => calls.push(`showSession(${s.signedIn}, ${s.vaultKey ?? 'none'})`),
    closeVaultWizards: (previous: SessionState) => calls.push(`closeVaultWizards(${previous.vaultName ?? ''})`),
    log: (line) => calls.push(`log: ${line}`),
  };
  return { parts, calls };
}

describe('connection/vaultChange: the views follow Sign Out and Connect at once', () => {
  it('names a vault by subscription, resource group and name, without case', () => {
    assert.equal(vaultKeyOf({ signIn: account, vault: vaultA }), 's1/rg/vault-a');
    assert.equal(vaultKeyOf({ signIn: account, vault: { ...vaultA, vaultName: 'VAULT-a', location: 'other' } }), 's1/rg/vault-a');
    assert.equal(vaultKeyOf({ signIn: account }), undefined);
    assert.equal(vaultKeyOf(undefined), undefined);
    assert.deepEqual(sessionStateOf(undefined), { signedIn: false, vaultKey: undefined });
  });

  /** The calls made as the saved connection goes from `from` through each of `to`, one change each. */
  function follow(from: SavedConnection | undefined, ...to: (SavedConnection | undefined)[]): string[] {
    let saved = from;
    const { parts, calls } = recorder();
    const listener = followVaultChanges(() => sessionStateOf(saved), parts);
    for (const next of to) {
      saved = next;
      listener();
    }
    return calls;
  }

  it('Sign Out: the estate and the jobs forget the vault, its wizards close, the context keys follow, polling stops: all in the same tick', () => {
    assert.deepEqual(follow({ signIn: account, vault: vaultA }, undefined), [
      'estate.forgetVault',
      'jobs.forget',
      'closeVaultWizards(Vault-A)',
      'showSession(false, none)',
      'jobs.stop',
    ]);
  });

  it('another vault: the old one is forgotten first, then the new one is polled and read', () => {
    assert.deepEqual(follow({ signIn: account, vault: vaultA }, { signIn: account, vault: vaultB }), [
      'estate.forgetVault',
      'jobs.forget',
      'closeVaultWizards(Vault-A)',
      'showSession(true, s1/rg/vault-b)',
      'jobs.start',
      'jobs.refreshNow',
      'estate.refresh',
    ]);
  });

  it('the Connect wizard: signing in drops the vault (the views forget it), choosing one reads it', () => {
    assert.deepEqual(follow({ signIn: account, vault: vaultA }, { signIn: account }, { signIn: account, vault: vaultA }), [
      'estate.forgetVault',
      'jobs.forget',
      'closeVaultWizards(Vault-A)',
      'showSession(true, none)',
      'jobs.stop',
      'estate.forgetVault',
      'jobs.forget',
      'showSession(true, s1/rg/vault-a)',
      'jobs.start',
      'jobs.refreshNow',
      'estate.refresh',
    ]);
  });

  it('a change that keeps the vault (the cloud settings reset the credential; a sign-in with no vault before) only updates the context keys', () => {
    assert.deepEqual(follow(undefined, { signIn: account }), ['showSession(true, none)']);
    const connected = { signIn: account, vault: vaultA };
    assert.deepEqual(follow(connected, connected), ['showSession(true, s1/rg/vault-a)']);
  });

  it('a failed read of the new vault is logged, never unhandled', async () => {
    let saved: SavedConnection | undefined = undefined;
    const { parts, calls } = recorder();
    parts.estate.refresh = () => Promise.reject(new Error('no network'));
    const listener = followVaultChanges(() => sessionStateOf(saved), parts);
    saved = { signIn: account, vault: vaultA };
    listener();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(calls.includes('log: Reading the vault Vault-A failed: no network'), calls.join('\n'));
  });
});

describe('connection/vaultChange: the vault of an ASR resource id (a restored page reopens on it)', () => {
  const vault = '/subscriptions/SUB-1/resourceGroups/RG-A/providers/Microsoft.RecoveryServices/vaults/Vault-2';
  it('names the vault of an item, a plan, the vault itself, in the key the vault set uses', () => {
    assert.equal(vaultKeyOfArmId(`${vault}/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/i`), 'sub-1/rg-a/vault-2');
    assert.equal(vaultKeyOfArmId(`${vault}/replicationRecoveryPlans/rp1`), 'sub-1/rg-a/vault-2');
    assert.equal(vaultKeyOfArmId(vault), vaultKeyOf({ vault: { subscriptionId: 'sub-1', resourceGroup: 'rg-a', vaultName: 'vault-2' } } as SavedConnection));
  });
  it('is undefined for what is not a Recovery Services vault resource', () => {
    assert.equal(vaultKeyOfArmId(undefined), undefined);
    assert.equal(vaultKeyOfArmId('not an id'), undefined);
    assert.equal(vaultKeyOfArmId('/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v'), undefined);
  });
});
