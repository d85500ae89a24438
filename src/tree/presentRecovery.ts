// Recovery confidence in the Protection view (issue 15 §1): a VM's RPO against its target and its
// last drill, as a tooltip line, a badge beside the protection badge, and counts on the host and
// vault rows. Pure (the settings and the copy frequency come in); model/recoveryFacts.ts says what
// the facts mean and where they come from.

import * as l10n from '@vscode/l10n';
import type { EstateVm } from '../estate/types';
import { drillFacts, rpoAboveTarget, rpoTargetSeconds, type DrillFacts } from '../model/recoveryFacts';
import { formatDuration, formatUtc } from './presentCommon';

/** The two settings (azureSiteRecovery.rpo.targetMinutes, azureSiteRecovery.drills.intervalDays). */
export interface RecoveryTargets {
  rpoTargetMinutes: number;
  drillIntervalDays: number;
}

export const defaultRecoveryTargets: RecoveryTargets = { rpoTargetMinutes: 0, drillIntervalDays: 90 };

/** A VM's recovery verdict; absent parts do not apply (not replicating past initial replication, or failed over). */
export interface RecoveryVerdict {
  rpo?: { seconds: number; targetSeconds: number; above: boolean; asOf: Date; asr?: { seconds: number; at?: Date } };
  drill?: DrillFacts;
}

/**
 * The verdict of a VM at `now`: its RPO (as of the read of its item) against the target, and its
 * drill facts. Both only while the VM replicates to Azure (it has RPO facts): a VM in initial
 * replication cannot be drilled yet (ASR raises 161011 only after it), one failed over has no RPO.
 */
export function recoveryVerdict(vm: Pick<EstateVm, 'recovery' | 'protection'>, targets: RecoveryTargets, copyFrequencySeconds: number | undefined, now: Date): RecoveryVerdict {
  const r = vm.recovery;
  if (r === undefined) return {};
  const targetSeconds = rpoTargetSeconds(copyFrequencySeconds, targets.rpoTargetMinutes);
  const asr = r.asrRpoSeconds !== undefined ? { seconds: r.asrRpoSeconds, ...(r.asrRpoCalculatedAt ? { at: r.asrRpoCalculatedAt } : {}) } : undefined;
  return {
    rpo: { seconds: r.rpoSeconds, targetSeconds, above: rpoAboveTarget(r, targetSeconds), asOf: r.readAt, ...(asr ? { asr } : {}) },
    drill: drillFacts(vm.protection?.lastTestFailover, now, targets.drillIntervalDays),
  };
}

const t = {
  rpo: (rpo: string, asOf: string, target: string) => l10n.t('RPO {0} as of {1} (target {2})', rpo, asOf, target),
  rpoAbove: () => l10n.t('RPO above target'),
  asrRpo: (rpo: string, at: string) => l10n.t("Azure Site Recovery's own figure: {0}, calculated {1}", rpo, at),
  lastDrill: (date: string, days: number) => l10n.t('Last drill (successful test failover): {0}, {1} days ago', date, days),
  neverDrilled: () => l10n.t('Last drill (successful test failover): never'),
  drillDue: () => l10n.t('drill due'),
  rpoAboveCount: (n: number) => l10n.t('{0} RPO above target', n),
  drillsDueCount: (n: number) => (n === 1 ? l10n.t('1 drill due') : l10n.t('{0} drills due', n)),
};

/** The tooltip lines of a verdict (plain text: the tooltip escapes them); empty when nothing applies. */
export function recoveryTooltipLines(v: RecoveryVerdict): string[] {
  const out: string[] = [];
  if (v.rpo) {
    let line = t.rpo(formatDuration(v.rpo.seconds * 1000), formatUtc(v.rpo.asOf), formatDuration(v.rpo.targetSeconds * 1000));
    if (v.rpo.above) line += ` — ${t.rpoAbove()}`;
    out.push(line);
    if (v.rpo.asr) out.push(t.asrRpo(formatDuration(v.rpo.asr.seconds * 1000), v.rpo.asr.at ? formatUtc(v.rpo.asr.at) : '?'));
  }
  if (v.drill) {
    let line = v.drill.lastDrill ? t.lastDrill(formatUtc(v.drill.lastDrill), v.drill.daysSince ?? 0) : t.neverDrilled();
    if (v.drill.due) line += ` — ${t.drillDue()}`;
    out.push(line);
  }
  return out;
}

/** The recovery badge (beside the protection badge): "R" RPO above target, "D" drill due, "RD" both; undefined for neither. */
export function recoveryBadge(v: RecoveryVerdict): { letters: string; tooltip: string } | undefined {
  const above = v.rpo?.above === true;
  const due = v.drill?.due === true;
  if (!above && !due) return undefined;
  const letters = `${above ? 'R' : ''}${due ? 'D' : ''}`;
  const tooltip = [above ? t.rpoAbove() : undefined, due ? t.drillDue() : undefined].filter((x): x is string => x !== undefined).join(', ');
  return { letters, tooltip };
}

export interface RecoveryCounts {
  rpoAbove: number;
  drillsDue: number;
}

/** How many of these VMs are above their RPO target and have a drill due. */
export function countRecovery<V extends Pick<EstateVm, 'recovery' | 'protection'>>(
  vms: readonly V[],
  targets: RecoveryTargets,
  copyFrequencyOf: (vm: V) => number | undefined,
  now: Date,
): RecoveryCounts {
  const counts: RecoveryCounts = { rpoAbove: 0, drillsDue: 0 };
  for (const vm of vms) {
    if (vm.recovery === undefined) continue;
    const v = recoveryVerdict(vm, targets, copyFrequencyOf(vm), now);
    if (v.rpo?.above) counts.rpoAbove++;
    if (v.drill?.due) counts.drillsDue++;
  }
  return counts;
}

/** "2 RPO above target, 5 drills due"; undefined when both are 0. */
export function recoveryCountsText(c: RecoveryCounts): string | undefined {
  const parts = [c.rpoAbove > 0 ? t.rpoAboveCount(c.rpoAbove) : undefined, c.drillsDue > 0 ? t.drillsDueCount(c.drillsDue) : undefined].filter((x): x is string => x !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
