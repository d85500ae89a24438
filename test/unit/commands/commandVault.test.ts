// Several vaults (issue 16 §3): which vault a command acts on (src/commands/commandVault.ts). From a
// node, the node's vault (a plan node of an added vault included); from the palette with two vaults
// connected, a "Which vault?" pick listing both (the quick pick faked: the one collaborator), where
// dismissing stops the command and the vault picked gives its own connection and estate store.
import assert from 'node:assert/strict';
import type { SavedConnection } from '../../../src/connection/connection';
import { addedVaultKeyOf, contextForCommand, contextForNode, nodeArgument, type VaultPick, type VaultPickItem } from '../../../src/commands/commandVault';
import type { CommandContext } from '../../../src/commands/context';
import { commandIds } from '../../../src/tree/presentation';

const vaultA = { subscriptionId: 'S1', resourceGroup: 'RG', vaultName: 'Vault-A', location: 'westeurope' };
const vaultB = { subscriptionId: 'S2', resourceGroup: 'Other-RG', vaultName: 'Vault-B', location: 'northeurope' };
const keyA = 's1/rg/vault-a';
const keyB = 's2/other-rg/vault-b';

interface FakeConnection {
  saved: SavedConnection;
}

const connection = (vault: typeof vaultA): FakeConnection => ({ saved: { signIn: { kind: 'interactive' }, vault } as unknown as SavedConnection });

/** A command context with two vaults connected: A (the first) and B (added), each with its own store. */
function twoVaults(): { ctx: CommandContext; first: FakeConnection; added: FakeConnection; storeA: object; storeB: object } {
  const first = connection(vaultA);
  const added = connection(vaultB);
  const storeA = { name: 'store of A' };
  const storeB = { name: 'store of B' };
  const byKey = new Map<string, { connection: FakeConnection; store: object }>([
    [keyA, { connection: first, store: storeA }],
    [keyB, { connection: added, store: storeB }],
  ]);
  const ctx = {
    connection: first,
    store: storeA,
    vaults: {
      first,
      vaults: () => [...byKey].map(([vaultKey, v]) => ({ vaultKey, connection: v.connection })),
      connectionFor: (key: string | undefined) => (key === undefined ? undefined : byKey.get(key.toLowerCase())?.connection),
    },
    vaultEstates: { storeFor: (key: string | undefined) => (key === undefined ? storeA : byKey.get(key.toLowerCase())?.store), refreshAdded: () => Promise.resolve() },
  } as unknown as CommandContext;
  return { ctx, first, added, storeA, storeB };
}

/** A quick pick that records what it offered and answers with `choose` (undefined: dismissed). */
function fakePick(choose: (items: VaultPickItem[]) => VaultPickItem | undefined): { pick: VaultPick; offered: VaultPickItem[][] } {
  const offered: VaultPickItem[][] = [];
  return {
    offered,
    pick: (items) => {
      offered.push(items);
      return Promise.resolve(choose(items));
    },
  };
}

describe('commands/commandVault: the vault a command acts on (issue 16 §3)', () => {
  it('from the palette with two vaults: the pick lists both, and the vault picked gives its connection and store', async () => {
    const { ctx, added, storeB } = twoVaults();
    const { pick, offered } = fakePick((items) => items.find((i) => i.label === 'Vault-B'));
    const target = await contextForCommand(ctx, commandIds.testFailoverRecoveryPlan, undefined, pick);
    assert.deepEqual(
      offered[0]?.map((i) => [i.label, i.description, i.vaultKey]),
      [
        ['Vault-A', 'RG · S1', keyA],
        ['Vault-B', 'Other-RG · S2', keyB],
      ],
    );
    assert.equal(target?.connection, added);
    assert.equal(target?.store, storeB);
    assert.equal(target && addedVaultKeyOf(target), keyB);
  });

  it('dismissing the pick stops the command; picking the first vault gives the context as it is', async () => {
    const { ctx } = twoVaults();
    assert.equal(await contextForCommand(ctx, commandIds.createRecoveryPlan, undefined, fakePick(() => undefined).pick), undefined);
    assert.equal(await contextForCommand(ctx, commandIds.deleteRecoveryPlan, undefined, fakePick((items) => items[0]).pick), ctx);
  });

  it('every recovery plan command asks which vault from the palette', async () => {
    const planCommands = Object.entries(commandIds)
      .filter(([name]) => name.endsWith('RecoveryPlan'))
      .map(([, id]) => id);
    assert.equal(planCommands.length, 10, 'create, edit, delete and the seven actions');
    for (const id of planCommands) {
      const { pick, offered } = fakePick(() => undefined);
      await contextForCommand(twoVaults().ctx, id, undefined, pick);
      assert.equal(offered.length, 1, id);
    }
  });

  it('from a node, or a next step naming a plan or a VM, no pick: the node’s vault', async () => {
    const { ctx, added, storeB } = twoVaults();
    const { pick, offered } = fakePick(() => undefined);
    const fromAddedPlan = await contextForCommand(ctx, commandIds.commitRecoveryPlan, { kind: 'plan', planName: 'rp1', vaultKey: keyB }, pick);
    assert.equal(fromAddedPlan?.connection, added);
    assert.equal(fromAddedPlan?.store, storeB);
    assert.equal(await contextForCommand(ctx, commandIds.commitRecoveryPlan, { kind: 'plan', planName: 'rp1' }, pick), ctx);
    assert.equal(await contextForCommand(ctx, commandIds.commitRecoveryPlan, { planName: 'rp1' }, pick), ctx);
    assert.equal((await contextForCommand(ctx, commandIds.commitRecoveryPlan, { planName: 'rp1', vaultKey: keyB }, pick))?.store, storeB);
    assert.equal(await contextForCommand(ctx, commandIds.testFailover, { vmKey: 'vm1' }, pick), ctx);
    assert.deepEqual(offered, [], 'no pick shown');
  });

  it('a plan node of a vault no longer connected is refused (never another vault)', () => {
    const { ctx } = twoVaults();
    assert.throws(() => contextForNode(ctx, { kind: 'plans', vaultKey: 's9/rg/gone' }), /no longer connected/);
  });

  it('one vault connected: no pick', async () => {
    const { ctx } = twoVaults();
    const one = { ...ctx, vaults: { ...ctx.vaults, vaults: () => ctx.vaults.vaults().slice(0, 1) } } as unknown as CommandContext;
    const { pick, offered } = fakePick(() => undefined);
    assert.equal(await contextForCommand(one, commandIds.testFailoverRecoveryPlan, undefined, pick), one);
    assert.deepEqual(offered, []);
  });

  it('a next step’s argument names the VM and, for an added vault, its vault', () => {
    const { ctx } = twoVaults();
    assert.deepEqual(nodeArgument(ctx, 'vm1'), { vmKey: 'vm1' });
    const { pick } = fakePick((items) => items[1]);
    return contextForCommand(ctx, commandIds.testFailover, undefined, pick).then((b) => {
      assert.ok(b);
      assert.deepEqual(nodeArgument(b, 'vm1'), { vmKey: 'vm1', vaultKey: keyB });
    });
  });
});
