// A DR drill (issue 15 §3–§4): what Run DR Drill did, kept in the drill history and written into
// its report. The shared shape between the drill runner (src/drills/), the report and history
// (src/drills/report/) and the recovery dashboard. Pure, no vscode. No secret is ever put here:
// names, ids, times, figures and Azure's own error texts only.

import type { ReadinessCheck } from './readiness';

/** How one VM's drill ended. 'cancelled': the user cancelled before it passed or failed. */
export type DrillVmResult = 'passed' | 'failed' | 'cancelled';

/** An error met while drilling a VM, with ASR's recommended action when it gave one. */
export interface DrillError {
  /** ASR's or ARM's error code, when there is one. */
  code?: string;
  message: string;
  /** ASR's recommendedAction (health errors, job errors' providerErrorDetails/serviceErrorDetails). */
  recommendedAction?: string;
}

/** One VM of a drill. */
export interface DrillVm {
  /** The VM's key in the estate snapshot (lower-case VMId). */
  vmKey: string;
  /** The VM's name. */
  name: string;
  /** Its Hyper-V host's name, when known. */
  host?: string;
  /** The protected item's ARM id (the drill re-reads the item by it). */
  itemId: string;
  /** 'pending' until its test failover starts; then running until it ends. */
  state: 'pending' | 'running' | DrillVmResult;
  /** When its test failover job was started (the RTO clock starts here). */
  startedAt?: Date;
  /** When the test VM was first read as running from Azure Compute (the RTO clock stops here). */
  runningAt?: Date;
  /** runningAt − startedAt, whole seconds. */
  rtoSeconds?: number;
  /** The recovery point the test failover used (job customDetails.protectedItemDetails[].recoveryPointTime / recoveryPointId). */
  recoveryPoint?: { id?: string; time: Date };
  /** startedAt − recoveryPoint.time, whole seconds: how much data the failover would have lost. */
  rpoSeconds?: number;
  /** The test VM in Azure (name and ARM id) as the job or item named it. */
  testVm?: { name: string; id?: string };
  /** The ASR jobs of this VM's drill (test failover, cleanup), by ARM id. */
  testFailoverJobId?: string;
  cleanupJobId?: string;
  /** Whether the cleanup of its test failover succeeded (undefined while not attempted). */
  cleanedUp?: boolean;
  errors: DrillError[];
}

/** A whole drill. */
export interface DrillRecord {
  /** Unique id (a time-ordered string, also the report files' name stem). */
  id: string;
  /** The vault drilled (ARM id). */
  vaultId: string;
  startedAt: Date;
  /** Set when every VM ended (passed, failed or cancelled) and cleanups were attempted. */
  endedAt?: Date;
  /** The test network's ARM id, and whether the user confirmed using a production network. */
  testNetworkId: string;
  productionNetworkConfirmed: boolean;
  /** The RPO target (seconds) and RTO target (seconds) the results are judged against. */
  rpoTargetSeconds: number;
  rtoTargetSeconds: number;
  vms: DrillVm[];
  /** The readiness of each drilled VM when the drill started (vmKey → its checks), for the report. */
  readiness: Record<string, ReadinessCheck[]>;
  /** Set when the user cancelled the drill. */
  cancelled?: boolean;
}

/**
 * Where a drill's record goes (the drill history and report, src/drills/report/, implement it; Run
 * DR Drill calls it).
 */
export interface DrillRecorder {
  /** The drill ended (every VM passed, failed or was cancelled, cleanups attempted): keep it in the history, write its report and open it. */
  ended(record: DrillRecord): Promise<void>;
}

/** The finished drills, newest first (the drill history implements it; the dashboard and the report's history section read it). */
export interface DrillHistorySource {
  list(): Promise<DrillRecord[]>;
  onDidChange(listener: () => void): { dispose(): void };
}
