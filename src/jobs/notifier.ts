// Tells the user when a job they started ends: success with the next step, failure with the
// reason and "Show details"; and when it waits for them (notifications.ts decides the text, pure
// and unit-tested). A job whose open wizard shows its end raises none (notificationFor).

import * as vscode from 'vscode';
import type { JobTracker } from './jobTracker';
import type { JobNotification } from './notifications';
import type { ProtectionStatus } from '../model/protectionStatus';
import { notificationFor } from './notifications';
import { protectedNotification, ProtectionWait } from './protectedNotice';

/** Shows a notification and runs the command of the button chosen. */
export function showJobNotification(n: JobNotification): void {
  const showMessage = n.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  void showMessage(n.message, ...n.actions.map((a) => a.title)).then((chosen) => {
    const action = n.actions.find((a) => a.title === chosen);
    if (action) void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  });
}

/** Also tells the user when a job they started waits for them (Suspended), with Resume when ASR allows it. */
export function notifyJobEnds(tracker: JobTracker, onEnded: (jobName: string) => void): vscode.Disposable {
  const ended = tracker.onJobEnded((event) => {
    onEnded(event.summary.jobName);
    const n = notificationFor(event, 'ended');
    if (n) showJobNotification(n);
  });
  const waiting = tracker.onJobWaiting((event) => {
    onEnded(event.summary.jobName);
    const n = notificationFor(event, 'waiting');
    if (n) showJobNotification(n);
  });
  return {
    dispose: () => {
      ended.dispose();
      waiting.dispose();
    },
  };
}

/** The estate as a protection wait reads it: a VM's status now, and its changes. */
export interface ProtectionSource {
  statusOf(vmKey: string): ProtectionStatus | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

/**
 * Follows a VM an Enable Replication run enabled through the estate's changes until it is
 * protected, then raises the enable's one notification (protectedNotice.ts), whether or not the
 * wizard's page is still open.
 */
export function notifyWhenProtected(source: ProtectionSource, vm: { key: string; name: string }): void {
  const wait = new ProtectionWait(vm);
  let done = false;
  /** True once the wait has ended (the notification shown, or nothing to tell). */
  const ended = (): boolean => {
    if (done) return true;
    const step = wait.next(source.statusOf(vm.key));
    if (step === 'wait') return false;
    done = true;
    if (step === 'protected') showJobNotification(protectedNotification(vm));
    return true;
  };
  const sub = source.onDidChange(() => {
    if (ended()) sub.dispose();
  });
  if (ended()) sub.dispose();
}
