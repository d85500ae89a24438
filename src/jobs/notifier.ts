// Tells the user when a job they started ends: success with the next step, failure with the
// reason and "Show details" (notifications.ts decides the text, pure and unit-tested).

import * as vscode from 'vscode';
import type { JobTracker } from './jobTracker';
import { jobEndedNotification } from './notifications';

export function notifyJobEnds(tracker: JobTracker, onEnded: (jobName: string) => void): vscode.Disposable {
  const sub = tracker.onJobEnded((event) => {
    onEnded(event.summary.jobName);
    const n = jobEndedNotification(event.summary, event.info);
    const show = n.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void show(n.message, ...n.actions.map((a) => a.title)).then((chosen) => {
      const action = n.actions.find((a) => a.title === chosen);
      if (action) void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
    });
  });
  return { dispose: () => sub.dispose() };
}
