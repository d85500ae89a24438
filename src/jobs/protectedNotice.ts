// The one notification of an Enable Replication, at the end that matters: when a VM it enabled
// becomes Protected (initial replication done), "ramh157v03 is protected. Run a test failover to
// prove it can recover." with [Test Failover]. Followed through the estate's changes (the
// protection poller re-reads replicating VMs), raised even when the wizard's page was closed,
// once per VM and enable. Pure: the UI layer (notifier.ts) shows it.

import * as l10n from '@vscode/l10n';
import type { ProtectionKind, ProtectionStatus } from '../model/protectionStatus';
import type { JobNotification } from './notifications';

export const testFailoverCommand = 'azureSiteRecovery.testFailover';

/** Kinds that come before protection: the VM is not protected yet (or no longer), or it is not known (signed out, the vault unread). */
const unprotectedKinds: ReadonlySet<ProtectionKind> = new Set<ProtectionKind>([
  'NotProtected',
  'EnablingProtection',
  'Replicating',
  'Error',
  'DisablingProtection',
  'ProtectionUnknown',
]);

/** The VM is protected (initial replication done), or already further in its lifecycle (a test failover…). */
export function isProtected(status: ProtectionStatus | undefined): boolean {
  return status !== undefined && !unprotectedKinds.has(status.kind);
}

/** What a VM's status now means to the wait: go on waiting, tell the user (once), or stop waiting. */
export type ProtectionWaitStep = 'wait' | 'protected' | 'drop';

/**
 * Waits for one VM an Enable Replication run enabled to become protected. It tells only a change it
 * saw: a VM already protected when the wait starts (a wizard restored after a reload, whose VM
 * finished meanwhile) is not announced again. A VM that leaves the estate, or is no longer
 * replicating (replication disabled), ends the wait without a word.
 */
export class ProtectionWait {
  private seenUnprotected = false;
  private seenReplicating = false;

  constructor(readonly vm: { readonly key: string; readonly name: string }) {}

  next(status: ProtectionStatus | undefined): ProtectionWaitStep {
    if (status === undefined) return this.seenReplicating ? 'drop' : 'wait';
    if (isProtected(status)) return this.seenUnprotected ? 'protected' : 'drop';
    this.seenUnprotected = true;
    if (status.kind === 'Replicating' || status.kind === 'EnablingProtection') {
      this.seenReplicating = true;
      return 'wait';
    }
    return status.kind === 'NotProtected' && this.seenReplicating ? 'drop' : 'wait';
  }
}

/** "ramh157v03 is protected. Run a test failover to prove it can recover." [Test Failover] */
export function protectedNotification(vm: { readonly key: string; readonly name: string }): JobNotification {
  return {
    severity: 'info',
    message: l10n.t('{0} is protected. Run a test failover to prove it can recover.', vm.name),
    actions: [{ title: l10n.t('Test Failover'), command: testFailoverCommand, args: [{ vmKey: vm.key }] }],
  };
}
