// The context keys the Get Started walkthrough's steps complete by (package.json
// contributes.walkthroughs, `completionEvents: ["onContext:…"]`), from the estate snapshot. Pure:
// the setter (VS Code's `setContext` command) is handed in by extension.ts.
//
// What each key says, honestly:
// - hasHosts: a Hyper-V host is known (found on this machine, in the settings, in Active Directory
//   or registered in the vault); the placeholder for protected items of unknown hosts is no host.
// - hasProtectedVm: a VM's replication has been enabled and its enable job is over: ASR has a
//   protected item for it and it replicates, is protected, or is further in the lifecycle (test
//   failover, failover, failback). Not while the enable job runs, nor while replication is being
//   disabled, nor for an item that cannot be read, nor before ASR has been read.
// - testFailoverDone: a test failover has run on a VM: its test VM waits for cleanup (or is being
//   cleaned up), or ASR reports a last successful test failover. ASR sets
//   lastSuccessfulTestFailoverTime when the test VM is up and keeps it after the cleanup and
//   through later failovers (the recorded items of test/unit/model/fixtures/asrRecordings.json:
//   absent on "protected", present from "testFailoverWaitingForCleanup" on), while an item with
//   no drill yet has none and the health error 161011 "No successful test failover has been done
//   on the virtual machine" (recording TestFailover.json).

import type { ProtectionKind } from '../model/protectionStatus';
import { allVms } from './diff';
import type { EstateSnapshot } from './types';

export const walkthroughContextKeys = {
  hasHosts: 'azureSiteRecovery.hasHosts',
  hasProtectedVm: 'azureSiteRecovery.hasProtectedVm',
  testFailoverDone: 'azureSiteRecovery.testFailoverDone',
} as const;

export type WalkthroughContextKey = (typeof walkthroughContextKeys)[keyof typeof walkthroughContextKeys];

/** Kinds of a VM whose replication is not (or no longer, or not readably, or not knowably) enabled. */
const notEnabledKinds: ReadonlySet<ProtectionKind> = new Set<ProtectionKind>(['EnablingProtection', 'DisablingProtection', 'Error', 'ProtectionUnknown']);

/** Kinds in which a test failover has run and its test VM is still there (or being removed). */
const testFailoverRanKinds: ReadonlySet<ProtectionKind> = new Set<ProtectionKind>(['TestFailoverCleanupPending', 'TestFailoverCleaningUp']);

/** The walkthrough's context keys for a snapshot (all false before the first one). */
export function walkthroughContext(snapshot: EstateSnapshot | undefined): Record<WalkthroughContextKey, boolean> {
  const vms = snapshot ? allVms(snapshot) : [];
  return {
    [walkthroughContextKeys.hasHosts]: (snapshot?.hosts.length ?? 0) > 0,
    [walkthroughContextKeys.hasProtectedVm]: vms.some((vm) => vm.protection !== undefined && !notEnabledKinds.has(vm.status.kind)),
    [walkthroughContextKeys.testFailoverDone]: vms.some((vm) => testFailoverRanKinds.has(vm.status.kind) || vm.protection?.lastTestFailover !== undefined),
  };
}

/**
 * Sets the walkthrough's keys now and whenever the estate changes, each only when its value
 * changed. `setContext` is VS Code's `setContext` command.
 */
export function watchWalkthroughContext(
  store: { readonly snapshot: EstateSnapshot | undefined; onDidChange(listener: () => void): { dispose(): void } },
  setContext: (key: WalkthroughContextKey, value: boolean) => void,
): { dispose(): void } {
  const last = new Map<WalkthroughContextKey, boolean>();
  const update = (): void => {
    for (const [key, value] of Object.entries(walkthroughContext(store.snapshot)) as [WalkthroughContextKey, boolean][]) {
      if (last.get(key) === value) continue;
      last.set(key, value);
      setContext(key, value);
    }
  };
  update();
  return store.onDidChange(update);
}
