// One readiness run (issue 15 §2): the protected VMs to check, the reads they need (each distinct
// thing once, src/readiness/readPlan.ts), then every check of every VM. vscode-free.

import type { EstateVm } from '../estate/types';
import type { VmReadiness } from '../model/readiness';
import type { AzureContext } from '../services/azure/clients';
import { checkVm, isCheckable } from './checks';
import { planReads } from './readPlan';
import { readForPlan } from './readinessReads';

/** What a run reads of a VM. */
export type ReadinessVm = Pick<EstateVm, 'key' | 'status' | 'recovery' | 'protection' | 'unreadable' | 'protectionUnknown'>;

export interface ReadinessRunInput<V extends ReadinessVm = ReadinessVm> {
  vms: readonly V[];
  /** The region failovers go to: the vault's location (Hyper-V to Azure replicates into the vault's region). */
  location: string | undefined;
  now: Date;
  /** A VM's RPO target in seconds (its policy's copy frequency and azureSiteRecovery.rpo.targetMinutes). */
  rpoTargetSecondsOf: (vm: V) => number;
  drillIntervalDays: number;
  /** Requests in flight at once (default readinessReads.ts defaultReadConcurrency). */
  concurrency?: number;
}

/** Runs the reads and the checks of every checkable VM; never throws for an Azure error (the checks say "unknown"). */
export async function runReadiness<V extends ReadinessVm>(ctx: AzureContext, input: ReadinessRunInput<V>): Promise<VmReadiness[]> {
  const vms = input.vms.filter((vm) => isCheckable(vm));
  const plan = planReads(vms.map((vm) => vm.protection?.target ?? {}));
  const reads = await readForPlan(ctx, plan, input.location, input.concurrency);
  return vms.map((vm) => checkVm(vm, reads, { now: input.now, rpoTargetSeconds: input.rpoTargetSecondsOf(vm), drillIntervalDays: input.drillIntervalDays }));
}
