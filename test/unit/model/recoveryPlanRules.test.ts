import assert from 'node:assert/strict';
import type { PlanGroup, RecoveryPlanDraft } from '../../../src/model/recoveryPlan';
import type { VmAction } from '../../../src/model/vmActions';
import {
  allowedPlanActionsWithVms,
  planItemsRefusing,
  planVmsAllow,
  planVmsRefusal,
  allowedPlanActions,
  checkPlanAction,
  groupLabel,
  MAX_BOOT_GROUPS,
  MAX_ITEMS_PER_PLAN,
  normalizePlanGroups,
  validatePlanDraft,
  validatePlanGroups,
} from '../../../src/model/recoveryPlanRules';

const vault = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v';
const site = `${vault}/replicationFabrics/site1`;
const item = (name: string, fabric = 'site1'): string => `${vault}/replicationFabrics/${fabric}/replicationProtectionContainers/c1/replicationProtectedItems/${name}`;
const boot = (...names: string[]): PlanGroup => ({ groupType: 'Boot', itemIds: names.map((n) => item(n)) });
const codes = (groups: PlanGroup[], requireItems = false): string[] => validatePlanGroups(groups, { primaryFabricId: site, requireItems }).map((p) => p.code);

describe('model/recoveryPlanRules', () => {
  describe('plan actions from allowedOperations', () => {
    it('a plan as created (spec example Create) allows test, planned and unplanned failover', () => {
      assert.deepEqual(allowedPlanActions({ allowedOperations: ['PlannedFailover', 'UnplannedFailover', 'TestFailover'] }), [
        'testFailover',
        'plannedFailover',
        'unplannedFailover',
        'failback',
      ]);
    });
    it('after a test failover (RPTestFailover entry 5) only the cleanup', () => {
      assert.deepEqual(allowedPlanActions({ allowedOperations: ['TestFailoverCleanup'] }), ['testFailoverCleanup']);
    });
    it('after a planned failover (RPPlannedFailover) commit too, case-insensitively', () => {
      assert.ok(allowedPlanActions({ allowedOperations: ['plannedfailover', 'COMMIT'] }).includes('commit'));
    });
    it('refuses with a sentence naming the plan and what ASR allows', () => {
      const check = checkPlanAction({ friendlyName: 'rp1', allowedOperations: ['TestFailoverCleanup'] }, 'plannedFailover');
      assert.equal(check.allowed, false);
      assert.match(check.allowed ? '' : check.reason, /rp1.*Test failover cleanup/);
      const none = checkPlanAction({ name: 'rp2', allowedOperations: [] }, 'commit');
      assert.match(none.allowed ? '' : none.reason, /rp2.*no action/);
    });
  });

  describe('groups', () => {
    it('normalizes to Shutdown, Failover, then the Boot groups in order', () => {
      const groups = normalizePlanGroups([boot('a'), boot('b')]);
      assert.deepEqual(
        groups.map((g) => g.groupType),
        ['Shutdown', 'Failover', 'Boot', 'Boot'],
      );
      assert.equal(groupLabel(groups, 3), 'Group 2');
      assert.equal(groupLabel(groups, 0), 'Shutdown');
    });
    it('accepts two groups of distinct items from the plan site', () => {
      assert.deepEqual(codes(normalizePlanGroups([boot('a', 'b'), boot('c')])), []);
    });
    it('refuses an item twice, even across groups', () => {
      assert.deepEqual(codes([boot('a'), boot('A')]), ['DuplicateItem']);
    });
    it('refuses an item of another site, and an id that is no protected item', () => {
      assert.deepEqual(codes([{ groupType: 'Boot', itemIds: [item('a', 'site2'), site] }]), ['OtherFabric', 'NotAnItem']);
    });
    it(`refuses more than ${MAX_BOOT_GROUPS} groups and more than ${MAX_ITEMS_PER_PLAN} items`, () => {
      const many = Array.from({ length: MAX_BOOT_GROUPS + 1 }, (_, i) => boot(`g${i}`));
      assert.deepEqual(codes(many), ['TooManyGroups']);
      const items = Array.from({ length: MAX_ITEMS_PER_PLAN + 1 }, (_, i) => `vm${i}`);
      assert.deepEqual(codes([boot(...items)]), ['TooManyItems']);
    });
    it('refuses items in the Shutdown or Failover step, a plan without a group, an empty new plan', () => {
      assert.deepEqual(codes([{ groupType: 'Shutdown', itemIds: [item('a')] }, boot()]), ['ItemsOutsideBootGroups']);
      assert.deepEqual(codes([]), ['NoBootGroup']);
      assert.deepEqual(codes([boot()], true), ['NoItems']);
    });
  });

  describe('drafts', () => {
    const draft: RecoveryPlanDraft = { name: 'rp1', primaryFabricId: site, recoveryFabricId: 'Microsoft Azure', groups: [boot('a')] };
    it('accepts a Hyper-V site to Azure plan', () => {
      assert.deepEqual(
        validatePlanDraft(draft, () => undefined),
        [],
      );
    });
    it('refuses a bad name, a target other than Azure, a source that is not a site', () => {
      const problems = validatePlanDraft({ ...draft, name: 'a/b', primaryFabricId: 'x', recoveryFabricId: 'elsewhere' }, (n) => (n.includes('/') ? 'bad name' : undefined));
      assert.deepEqual(
        problems.map((p) => p.code),
        ['BadName', 'BadSource', 'BadTarget'],
      );
    });
  });
});

describe('model/recoveryPlanRules: the plan actions its VMs decide', () => {
  const a = '/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/a';
  const b = a.replace(/\/a$/, '/b');
  // RPFailoverCommit: after a committed failover the plan lists the three failovers again.
  const plan = { friendlyName: 'rp1', allowedOperations: ['PlannedFailover', 'UnplannedFailover', 'TestFailover'], groups: [{ groupType: 'Boot' as const, itemIds: [a, b] }] };
  const inAzure: VmAction[] = ['failback', 'disableProtection'];
  const onPremises: VmAction[] = ['testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection'];

  it('with its VMs in Azure, a committed plan offers a failback, not the failovers its allowedOperations list', () => {
    const vms = (id: string): VmAction[] => (id === a || id === b ? inAzure : []);
    assert.deepEqual(allowedPlanActionsWithVms(plan, vms), ['failback']);
    assert.deepEqual(planItemsRefusing(plan, vms, 'plannedFailover'), [a, b]);
    assert.match(
      planVmsRefusal(plan, vms, 'testFailover', (id) => id.split('/').pop() ?? id) ?? '',
      /Test failover is not possible on recovery plan "rp1" now: its VMs a, b do not allow it/,
    );
  });

  it('with its VMs protected on premises, the failovers and not the failback; one VM in Azure blocks them all', () => {
    assert.deepEqual(
      allowedPlanActionsWithVms(plan, () => onPremises),
      ['testFailover', 'plannedFailover', 'unplannedFailover'],
    );
    const mixed = (id: string): VmAction[] => (id === a ? onPremises : inAzure);
    assert.deepEqual(planItemsRefusing(plan, mixed, 'plannedFailover'), [b]);
    assert.equal(planVmsAllow(plan, mixed, 'plannedFailover'), false);
  });

  it('VMs the estate does not know do not block; cleanup, commit and reverse replication are the plan’s to say', () => {
    assert.equal(
      planVmsAllow(plan, () => undefined, 'plannedFailover'),
      true,
    );
    assert.equal(
      planVmsAllow(plan, () => [], 'commit'),
      true,
    );
    assert.equal(
      planVmsAllow(plan, () => [], 'testFailoverCleanup'),
      true,
    );
    assert.equal(
      planVmsRefusal(
        plan,
        () => undefined,
        'failback',
        (id) => id,
      ),
      undefined,
    );
  });
});
