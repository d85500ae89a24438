// Several vaults (issue 16 §3): each vault's Recovery Plans branch. A plan node of an added vault
// carries its vault key down to its groups and VMs and up to its Recovery Plans row (so a command
// run from it acts on that vault: commandVault.ts), and its ids are its vault's, so two vaults may
// both have a plan "rp1"; the first vault's nodes are as they were.
import assert from 'node:assert/strict';
import type { RecoveryPlanSummary } from '../../../src/model/recoveryPlan';
import { allowedPlanActions } from '../../../src/model/recoveryPlanRules';
import { planChildren, planNodeId, planParent, planTreeItem, type PlanNode, type PlanNodeSource } from '../../../src/tree/planNodes';

const item = (vault: string, vm: string): string =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/site1/replicationProtectionContainers/c/replicationProtectedItems/${vm}`;

function plan(vault: string, vms: string[]): RecoveryPlanSummary {
  return {
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationRecoveryPlans/rp1`,
    name: 'rp1',
    friendlyName: 'rp1',
    groups: [
      { groupType: 'Shutdown', itemIds: [] },
      { groupType: 'Failover', itemIds: [] },
      { groupType: 'Boot', itemIds: vms.map((vm) => item(vault, vm)) },
    ],
    allowedOperations: ['TestFailover', 'PlannedFailover', 'UnplannedFailover'],
  };
}

const source = (plans: RecoveryPlanSummary[]): PlanNodeSource => ({ plans: () => plans, vmOfItem: () => undefined, actionsOf: allowedPlanActions });

/** Every node of the branch under `root`, depth first. */
function walk(src: PlanNodeSource, root: PlanNode): PlanNode[] {
  return [root, ...planChildren(src, root).flatMap((n) => walk(src, n))];
}

const keyB = 's2/other-rg/vault-b';

describe('tree: recovery plans of several vaults (issue 16 §3)', () => {
  it('an added vault’s plan nodes carry its vault key, from the Recovery Plans row to each VM, and back up', () => {
    const nodes = walk(source([plan('vault-b', ['v1', 'v2'])]), { kind: 'plans', vaultKey: keyB });
    assert.deepEqual(
      nodes.map((n) => n.kind),
      ['plans', 'plan', 'planGroup', 'planItem', 'planItem'],
    );
    for (const n of nodes) assert.equal(n.vaultKey, keyB, n.kind);
    for (const n of nodes.slice(1)) assert.equal(planParent(n)?.vaultKey, keyB, n.kind);
    assert.deepEqual(planParent(nodes[1]), { kind: 'plans', vaultKey: keyB });
  });

  it('the first vault’s plan nodes carry no vault key, and keep their ids', () => {
    const nodes = walk(source([plan('vault-a', ['v1'])]), { kind: 'plans' });
    for (const n of nodes) assert.equal('vaultKey' in n, false, n.kind);
    assert.deepEqual(nodes.map(planNodeId), ['plans', 'plan:rp1', 'plan:rp1:2', 'plan:rp1:2:0']);
  });

  it('two vaults with a plan "rp1": no id shared', () => {
    const a = walk(source([plan('vault-a', ['v1'])]), { kind: 'plans' }).map(planNodeId);
    const b = walk(source([plan('vault-b', ['v1'])]), { kind: 'plans', vaultKey: keyB }).map(planNodeId);
    assert.deepEqual(
      b,
      ['plans', 'plan:rp1', 'plan:rp1:2', 'plan:rp1:2:0'].map((id) => `${keyB}|${id}`),
    );
    assert.deepEqual(
      a.filter((id) => b.includes(id)),
      [],
    );
  });

  it('an added vault’s plan row shows its plan (the tree prefixes the item’s id with the vault key itself)', () => {
    const src = source([plan('vault-b', ['v1'])]);
    const [node] = planChildren(src, { kind: 'plans', vaultKey: keyB });
    const shown = planTreeItem(src, node);
    assert.equal(shown.label, 'rp1');
    assert.equal(shown.id, 'plan:rp1');
  });
});
