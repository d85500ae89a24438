// Starting an ASR action on a VM (issue 11 §1): one path for the commands and the wizards. Re-read
// the item (the check uses what Azure allows now), show the tree's transient state, start the
// action with it (its job is known at once; the services check the action against the item's
// allowedOperations and send nothing otherwise, and the audit trail records that refusal), hand
// the job to the tracker, log it, refresh the affected nodes. A failure clears the transient state
// and is thrown for the caller to show (a message, never a stack trace). No vscode.

import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { VmAction } from '../model/vmActions';
import { actionTitle } from '../model/vmActions';

/** The part of an ASR operation the flow needs: the job behind it ('' when Azure made none). */
export interface StartedJob {
  readonly jobName: string;
  /** Azure's answer was lost and the job was found in the vault's job list (services/azure/actionRecovery.ts). */
  readonly recovered?: boolean;
}

export interface VmActionEnv {
  /** Reads the protected item again from Azure. */
  readItem(): Promise<ReplicationProtectedItem>;
  /** The tree's transient state of the VM ("Starting test failover…"), with the job once known. */
  setTransient(text: string, jobName?: string): void;
  clearTransient(): void;
  /** The job tracker (status bar, Jobs view, end notification) follows the job. */
  watchJob(jobName: string): void;
  /** Refreshes the VM's node (and what else the action changed); a failure here does not fail the action. */
  refresh(): Promise<void>;
  log?(line: string): void;
}

export interface VmActionRequest<J extends StartedJob> {
  action: VmAction;
  vmName: string;
  /** The tree's text while the action starts, e.g. "Starting test failover…". */
  transientText: string;
  start(item: ReplicationProtectedItem): Promise<J>;
}

/** Starts the action; resolves with its operation once Azure has taken it. Throws (transient cleared) on a refusal or an Azure error. */
export async function startVmAction<J extends StartedJob>(env: VmActionEnv, request: VmActionRequest<J>): Promise<{ item: ReplicationProtectedItem; started: J }> {
  env.setTransient(request.transientText);
  try {
    const item = await env.readItem();
    const started = await request.start(item);
    if (started.jobName !== '') {
      env.setTransient(request.transientText, started.jobName);
      env.watchJob(started.jobName);
    } else {
      env.clearTransient();
    }
    const found = started.recovered === true ? " (Azure's answer was lost; the job was found in the vault)" : '';
    env.log?.(`${actionTitle(request.action)} started for ${request.vmName}: job ${started.jobName || '(none)'}${found}`);
    await env
      .refresh()
      .catch((e: unknown) => env.log?.(`Refreshing after ${actionTitle(request.action)} of ${request.vmName} failed: ${e instanceof Error ? e.message : String(e)}`));
    return { item, started };
  } catch (e) {
    env.clearTransient();
    throw e;
  }
}
