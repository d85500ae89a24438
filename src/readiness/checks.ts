// A protected VM's readiness (issue 15 §2): every check of model/readiness.ts, in its order, from
// the VM's facts on the snapshot and what one run read from Azure. Pure.

import type { EstateVm } from '../estate/types';
import { readinessCheckIds, type ReadinessCheck, type VmReadiness } from '../model/readiness';
import { defaultDrillIntervalDays } from '../model/recoveryFacts';
import type { ReadinessReadResults } from './readResults';
import { drillCheck, replicationHealthCheck, rpoCheck } from './stateChecks';
import { existenceChecks, staticIpCheck, vcpuQuotaCheck, vmSizeCheck } from './targetChecks';

export interface ReadinessOptions {
  now: Date;
  /** The VM's RPO target, seconds (model/recoveryFacts.ts rpoTargetSeconds of its policy's copy frequency). */
  rpoTargetSeconds: number;
  /** azureSiteRecovery.drills.intervalDays. */
  drillIntervalDays: number;
}

/**
 * Whether a VM is checked: it has a readable protected item and runs on its primary side (after a
 * failover the target is where it runs: there is nothing left to fail over to).
 */
export function isCheckable(vm: Pick<EstateVm, 'protection' | 'unreadable' | 'protectionUnknown' | 'status'>): boolean {
  return vm.protection !== undefined && vm.unreadable === undefined && vm.protectionUnknown === undefined && vm.status.activeLocation === 'Primary';
}

/** Every check of one VM, in readinessCheckIds order. */
export function checkVm(vm: Pick<EstateVm, 'key' | 'status' | 'recovery' | 'protection'>, reads: ReadinessReadResults, options: ReadinessOptions): VmReadiness {
  const target = vm.protection?.target ?? {};
  const interval = Number.isFinite(options.drillIntervalDays) && options.drillIntervalDays >= 1 ? options.drillIntervalDays : defaultDrillIntervalDays;
  const all: ReadinessCheck[] = [
    replicationHealthCheck(vm),
    rpoCheck(vm, options.rpoTargetSeconds),
    ...existenceChecks(target, reads),
    vmSizeCheck(target, reads),
    vcpuQuotaCheck(target, reads),
    staticIpCheck(target, reads),
    drillCheck(vm, options.now, interval),
  ];
  const byId = new Map(all.map((c) => [c.id, c]));
  const checks = readinessCheckIds.map((id) => byId.get(id)).filter((c): c is ReadinessCheck => c !== undefined);
  return { vmKey: vm.key, checkedAt: new Date(options.now.getTime()), checks };
}
