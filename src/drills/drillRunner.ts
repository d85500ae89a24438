// Run DR Drill's runner (issue 15 §3): checks which VMs can be drilled, then drills them with
// bounded concurrency (drillVmSteps.ts does one VM), keeping the record at each step so that a
// window reload resumes it (resume()), and cancelling cleans up every test failover it started.
// No vscode: the services, the clock and the store are injected.

import * as l10n from '@vscode/l10n';
import type { DrillRecord, DrillVm } from '../model/drillRecord';
import type { ReadinessCheck } from '../model/readiness';
import { hyperVReplicaDetails } from '../model/protectedItem';
import { drillRefusal, errorOf } from './drillFacts';
import type { DrillClock, DrillServices } from './drillServices';
import { drillVm, DrillStopped, type DrillStepContext } from './drillVmSteps';

/**
 * The default of `azureSiteRecovery.drills.concurrency`. Each drilled VM boots a test VM in the
 * target region, and its vCPUs count against the subscription's regional and family quotas
 * (docs/evidence/recovery-confidence.md §5: "the vCPUs for the VM must not exceed the vCPU quota
 * for the VM size family or the total regional vCPU quota"); four 2–4 vCPU test VMs fit the small
 * default regional quotas of a new subscription, keep the drill's cost and its load on ASR and
 * the Hyper-V hosts low, and still drill a host's VMs in a few rounds.
 */
export const defaultDrillConcurrency = 4;

/**
 * The default of `azureSiteRecovery.drills.rtoTargetMinutes`: Microsoft's SLA for Site Recovery,
 * "For each Protected Instance configured for On-Premises-to-Azure planned and unplanned Failover,
 * we guarantee a two-hour Recovery Time Objective."
 */
export const defaultRtoTargetMinutes = 120;

/** A VM the user chose. */
export interface DrillCandidate {
  vmKey: string;
  name: string;
  host?: string;
  itemId: string;
}

export interface SkippedVm {
  candidate: DrillCandidate;
  reason: string;
}

/** Where the in-flight drill is kept (global state in the extension): saved at each step, cleared at the end. */
export interface DrillStore {
  save(record: DrillRecord): Promise<void>;
  clear(id: string): Promise<void>;
}

export interface DrillRunnerOptions {
  services: DrillServices;
  clock: DrillClock;
  store?: DrillStore;
  concurrency: number;
  jobPollMs: number;
  powerPollMs: number;
  runningTimeoutMs: number;
  /** Each change of the record (the notification, the status bar, the Jobs view follow it). */
  onChange?: (record: DrillRecord) => void;
  log?: (line: string) => void;
}

/**
 * Which of the chosen VMs can be drilled now (each item read again), why the others are skipped,
 * and the drillable VMs' failover networks (selectedRecoveryAzureNetworkId: the production network
 * a drill should not use).
 */
export async function checkDrillable(
  services: DrillServices,
  candidates: readonly DrillCandidate[],
): Promise<{ drillable: DrillCandidate[]; skipped: SkippedVm[]; failoverNetworkIds: string[] }> {
  const drillable: DrillCandidate[] = [];
  const skipped: SkippedVm[] = [];
  const failoverNetworkIds = new Set<string>();
  for (const candidate of candidates) {
    try {
      const item = await services.getItem(candidate.itemId);
      const reason = drillRefusal(item);
      const network = hyperVReplicaDetails(item)?.selectedRecoveryAzureNetworkId;
      if (reason === undefined) drillable.push(candidate);
      else skipped.push({ candidate, reason });
      if (reason === undefined && network) failoverNetworkIds.add(network);
    } catch (e) {
      skipped.push({ candidate, reason: l10n.t('Its protected item cannot be read: {0}', errorOf(e).message) });
    }
  }
  return { drillable, skipped, failoverNetworkIds: [...failoverNetworkIds] };
}

/** A time-ordered id, safe as a file name: "20261205T091500Z-3f2a". */
export function newDrillId(now: Date, random: () => number = Math.random): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${stamp}-${suffix}`;
}

export interface DrillPlan {
  vaultId: string;
  testNetworkId: string;
  productionNetworkConfirmed: boolean;
  rpoTargetSeconds: number;
  rtoTargetSeconds: number;
  vms: readonly DrillCandidate[];
  readiness?: Record<string, ReadinessCheck[]>;
}

export function newDrillRecord(plan: DrillPlan, now: Date, id = newDrillId(now)): DrillRecord {
  return {
    id,
    vaultId: plan.vaultId,
    startedAt: now,
    testNetworkId: plan.testNetworkId,
    productionNetworkConfirmed: plan.productionNetworkConfirmed,
    rpoTargetSeconds: plan.rpoTargetSeconds,
    rtoTargetSeconds: plan.rtoTargetSeconds,
    vms: plan.vms.map((v) => ({ vmKey: v.vmKey, name: v.name, ...(v.host ? { host: v.host } : {}), itemId: v.itemId, state: 'pending', errors: [] })),
    readiness: plan.readiness ?? {},
  };
}

function ended(vm: DrillVm): boolean {
  return vm.state === 'passed' || vm.state === 'failed' || vm.state === 'cancelled';
}

/** Drills a record's VMs: a new drill, or one resumed from global state after a reload. */
export class DrillRunner {
  private readonly cancelController = new AbortController();
  private readonly stopController = new AbortController();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly record: DrillRecord,
    private readonly options: DrillRunnerOptions,
  ) {
    if (record.cancelled) this.cancelController.abort();
  }

  /** Stops new test failovers; those started are cleaned up once their jobs end. */
  cancel(): void {
    if (this.cancelController.signal.aborted) return;
    this.record.cancelled = true;
    this.cancelController.abort();
    void this.save();
  }

  /** Stops the runner (the window closes): nothing more is sent, the kept record lets the next window resume. */
  stop(): void {
    this.stopController.abort();
  }

  /** Runs to the end (true), or until stopped (false, the record kept for resuming). */
  async run(): Promise<boolean> {
    const queue = [...this.record.vms.filter((v) => v.state === 'running'), ...this.record.vms.filter((v) => v.state === 'pending')];
    const context = this.stepContext();
    const worker = async (): Promise<void> => {
      for (let vm = queue.shift(); vm !== undefined && !this.stopController.signal.aborted; vm = queue.shift()) {
        await drillVm(context, vm).catch((e: unknown) => {
          if (!(e instanceof DrillStopped)) throw e;
        });
      }
    };
    const workers = Math.max(1, Math.min(Math.floor(this.options.concurrency) || 1, queue.length));
    await Promise.all(Array.from({ length: workers }, worker));
    await this.saving;
    if (this.stopController.signal.aborted || !this.record.vms.every(ended)) return false;
    this.record.endedAt = this.options.clock.now();
    this.options.onChange?.(this.record);
    await this.options.store?.clear(this.record.id);
    return true;
  }

  private stepContext(): DrillStepContext {
    const o = this.options;
    return {
      services: o.services,
      clock: o.clock,
      record: this.record,
      jobPollMs: o.jobPollMs,
      powerPollMs: o.powerPollMs,
      runningTimeoutMs: o.runningTimeoutMs,
      save: () => this.save(),
      cancelSignal: this.cancelController.signal,
      stopSignal: this.stopController.signal,
      log: (line) => o.log?.(line),
    };
  }

  /** Keeps the record, one write after another (the last write holds the whole record). */
  private save(): Promise<void> {
    if (this.stopController.signal.aborted) return this.saving;
    this.options.onChange?.(this.record);
    const store = this.options.store;
    if (store === undefined) return this.saving;
    this.saving = this.saving
      .then(() => store.save(this.record))
      .catch((e: unknown) => this.options.log?.(`DR drill ${this.record.id}: keeping its state failed: ${errorOf(e).message}`));
    return this.saving;
  }
}
