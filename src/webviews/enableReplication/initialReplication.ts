// The run page's last step after the run: the run ends once initial replication is under way
// (src/flows/enableReplicationVmSteps.ts followReplication), and the page then follows it to the
// end through the estate's changes (the protection poller re-reads replicating VMs; no second
// poller): the step stays running, its percentage the one the tree shows (ProtectionStatus
// progressPercent), and completes when every VM is protected. Pure: no vscode.

import * as l10n from '@vscode/l10n';
import { isProtected } from '../../jobs/protectedNotice';
import type { ProtectionStatus } from '../../model/protectionStatus';
import type { ProgressStep } from '../protocol';

/** The estate as the wizard follows its VMs (the glue gives the estate store's). */
export interface ReplicationWatch {
  /** The VM's protection in the estate now; undefined when the estate does not hold it. */
  statusOf(vmKey: string): ProtectionStatus | undefined;
  /** The estate changed; returns the unsubscribe. */
  onDidChange(listener: () => void): () => void;
  /** The run enabled replication for this VM: one notification when it is protected, page open or not. */
  awaitProtected(vm: { key: string; name: string }): void;
}

/** The run's steps as the page shows them. */
export interface FollowedRun {
  steps: ProgressStep[];
  /** Initial replication is done for every VM: all of them are protected. */
  protected: boolean;
}

/**
 * The run's steps, its last one ('replication') following initial replication once the run has
 * finished: running with the mean percentage of the VMs (a protected VM counts 100; a VM the
 * estate does not show replicating yet keeps the run's own figure), succeeded when all are protected.
 */
export function followInitialReplication(
  steps: readonly ProgressStep[],
  vms: readonly { key: string; name: string }[],
  statusOf: (vmKey: string) => ProtectionStatus | undefined,
): FollowedRun {
  const last = steps.find((s) => s.id === 'replication');
  if (!last || last.state !== 'succeeded' || vms.length === 0) return { steps: [...steps], protected: false };
  const parts: string[] = [];
  const percents: number[] = [];
  let done = 0;
  for (const vm of vms) {
    const status = statusOf(vm.key);
    if (isProtected(status)) {
      done++;
      parts.push(l10n.t('{0}: protected', vm.name));
      percents.push(100);
    } else if (status?.kind === 'Replicating' && status.progressPercent !== undefined) {
      parts.push(l10n.t('{0}: initial replication {1}%', vm.name, status.progressPercent));
      percents.push(status.progressPercent);
    } else {
      parts.push(l10n.t('{0}: initial replication under way', vm.name));
      percents.push(last.percent ?? 0);
    }
  }
  const all = done === vms.length;
  const percent = all ? 100 : Math.round(percents.reduce((a, b) => a + b, 0) / percents.length);
  const followed: ProgressStep = { id: last.id, label: last.label, state: all ? 'succeeded' : 'running', detail: parts.join('; '), percent };
  return { steps: steps.map((s) => (s === last ? followed : s)), protected: all };
}
