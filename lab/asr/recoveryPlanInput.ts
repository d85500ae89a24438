import { invalidField } from '../core/armError';
import { isObject, oneOf, stringField, type Json } from '../core/body';
import type { FabricState, RecoveryPlanState, VaultState } from '../state';
import { key } from '../state';
import { memberOf, plansOf } from './recoveryPlanJobs';

type PlanGroups = RecoveryPlanState['groups'];

/** recovery-plan-overview.md: "Up to 100 protected instances can be added to one recovery plan." */
const MAX_ITEMS = 100;
/** site-recovery-create-recovery-plans.md: "You can have up to seven groups." */
const MAX_BOOT_GROUPS = 7;

function groupOf(v: VaultState, raw: unknown, i: number, fabricName: string): PlanGroups[number] {
  const t = `properties.groups[${i}]`;
  if (!isObject(raw)) throw invalidField(t, 'Each group must be an object (RecoveryPlanGroup).');
  const groupType = oneOf(stringField(raw, 'groupType', `${t}.groupType`, true), ['Shutdown', 'Boot', 'Failover'] as const, `${t}.groupType`)!;
  const items = raw.replicationProtectedItems ?? [];
  if (!Array.isArray(items)) throw invalidField(`${t}.replicationProtectedItems`, 'replicationProtectedItems must be an array.');
  const itemIds = items.map((it: unknown, j) => {
    const target = `${t}.replicationProtectedItems[${j}].id`;
    const id = isObject(it) ? stringField(it, 'id', target, true) : undefined;
    if (id === undefined) throw invalidField(target, 'Each protected item of a group needs its id.');
    const member = memberOf(v, id);
    if (!member) throw invalidField(target, `The replicated item '${id}' does not exist in the vault '${v.name}'.`);
    // site-recovery-create-recovery-plans.md: "A recovery plan can contain machines with the same
    // source and target." / "You can only select machines are in the source and target locations
    // that you specified."
    if (member.f.name.toLowerCase() !== fabricName.toLowerCase()) {
      throw invalidField(target, `The replicated item '${member.item.vmName}' replicates from the site '${member.f.name}', not from the plan's site '${fabricName}'.`);
    }
    return id;
  });
  // UNVERIFIED: the service's answer to VMs in the Shutdown or Failover group (every recorded plan
  // has them empty; the portal and the cmdlets add VMs to the numbered Boot groups only).
  if (groupType !== 'Boot' && itemIds.length > 0) {
    throw invalidField(`${t}.replicationProtectedItems`, `Virtual machines belong in Boot groups, not in the ${groupType} group.`);
  }
  return { groupType, itemIds };
}

/**
 * The groups of a create or update body, checked as the service's documented limits say (the
 * wording of each refusal is the lab's: UNVERIFIED), in ASR's order: Shutdown, Failover, then the
 * Boot groups as sent (every plan read back: spec example Create's 200, the recordings).
 */
export function parsePlanGroups(v: VaultState, props: Json, fabricName: string): PlanGroups {
  const raw = props.groups;
  if (!Array.isArray(raw)) throw invalidField('properties.groups', 'The field groups is required (an array of RecoveryPlanGroup).');
  const groups = raw.map((g: unknown, i) => groupOf(v, g, i, fabricName));
  const boots = groups.filter((g) => g.groupType === 'Boot');
  if (boots.length === 0) throw invalidField('properties.groups', 'A recovery plan needs at least one Boot group.');
  if (boots.length > MAX_BOOT_GROUPS) throw invalidField('properties.groups', `A recovery plan can have up to ${MAX_BOOT_GROUPS} groups; the request has ${boots.length}.`);
  const all = boots.flatMap((g) => g.itemIds.map((id) => id.toLowerCase()));
  if (all.length > MAX_ITEMS) throw invalidField('properties.groups', `Up to ${MAX_ITEMS} protected items can be added to one recovery plan; the request has ${all.length}.`);
  // site-recovery-create-recovery-plans.md: "A machine or replication group can only belong to one
  // group in a recovery plan." (Edit-AzRecoveryServicesAsrRecoveryPlan refuses it: VMAlreadyPartOfGroup).
  const twice = all.find((id, i) => all.indexOf(id) !== i);
  if (twice)
    throw invalidField(
      'properties.groups',
      `The replicated item '${twice.split('/').pop() ?? twice}' is in more than one place of the plan; a machine can only belong to one group.`,
    );
  return [{ groupType: 'Shutdown', itemIds: [] }, { groupType: 'Failover', itemIds: [] }, ...boots];
}

/**
 * The scenario's plans (ScenarioVault.recoveryPlans): groups of VM names of the site's protected
 * VMs, seeded as a create would leave them (no scenario run yet). A name that is not a protected
 * VM of the site is a scenario error.
 */
export function seedRecoveryPlans(v: VaultState, fabric: FabricState, vaultBase: string, plans: readonly { name: string; groups: string[][] }[]): void {
  const items = [...fabric.container.protectedItems.values()];
  const containerId = `${vaultBase}/replicationFabrics/${fabric.name}/replicationProtectionContainers/${fabric.container.name}`;
  for (const p of plans) {
    const boots = p.groups.map((names) => ({
      groupType: 'Boot' as const,
      itemIds: names.map((n) => {
        const item = items.find((i) => i.vmName.toLowerCase() === n.toLowerCase());
        if (!item) throw new Error(`Scenario recovery plan '${p.name}': '${n}' is not a protected VM of the site '${fabric.name}'.`);
        return `${containerId}/replicationProtectedItems/${item.name}`;
      }),
    }));
    plansOf(v).set(key(p.name), {
      name: p.name,
      primaryFabricName: fabric.name,
      groups: [{ groupType: 'Shutdown', itemIds: [] }, { groupType: 'Failover', itemIds: [] }, ...boots],
    });
  }
}
