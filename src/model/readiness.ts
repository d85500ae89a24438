// Readiness of a protected VM (issue 15 §2): would a failover work now? The shared shape of the
// checks' results, read by the tree, the recovery dashboard and the drill report. Pure, no vscode.
// The checks themselves (what each reads from Azure and why) live in src/readiness/.

/** The checks, in the order they are shown. */
export const readinessCheckIds = ['replicationHealth', 'rpo', 'resourceGroup', 'network', 'subnet', 'storageAccount', 'vmSize', 'vcpuQuota', 'staticIp', 'drill'] as const;

export type ReadinessCheckId = (typeof readinessCheckIds)[number];

/**
 * A check's outcome: passed; failed (a failover would fail or miss its target: counts as an issue);
 * unknown (Azure could not be read, or the check does not apply yet: never an issue by itself, and
 * never shown as passed).
 */
export type ReadinessOutcome = 'passed' | 'failed' | 'unknown';

export interface ReadinessCheck {
  id: ReadinessCheckId;
  outcome: ReadinessOutcome;
  /** One sentence: what was found, with the figures (e.g. "RPO 41 min, target 15 min"). Localized. */
  summary: string;
  /** What the check read to decide, naming the Azure read (e.g. "Compute usages, westeurope: standardDSv3Family 10 of 10"). Localized. */
  evidence: string;
  /** What to do when it failed or is unknown. Localized; absent when passed. */
  action?: string;
}

/** The readiness of one protected VM. */
export interface VmReadiness {
  /** The VM's key in the estate snapshot (lower-case VMId). */
  vmKey: string;
  /** When the checks ran. */
  checkedAt: Date;
  /** Every check, in readinessCheckIds order. */
  checks: ReadinessCheck[];
}

/** How many checks failed: a VM is "Ready" when none did. */
export function readinessIssueCount(readiness: VmReadiness): number {
  return readiness.checks.filter((c) => c.outcome === 'failed').length;
}

export function isReady(readiness: VmReadiness): boolean {
  return readinessIssueCount(readiness) === 0;
}

/**
 * Where the views read readiness from (the readiness monitor, src/readiness/, implements it; the
 * tree, the recovery dashboard and Run DR Drill read it). vscode-free, so pure views can take it.
 */
export interface ReadinessSource {
  /** The VM's last readiness, if it was checked (only protected VMs are). */
  get(vmKey: string): VmReadiness | undefined;
  /** Called with the keys of the VMs whose readiness changed. */
  onDidChange(listener: (vmKeys: readonly string[]) => void): { dispose(): void };
}
