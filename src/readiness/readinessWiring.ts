// The readiness monitor in VS Code (issue 15 §2): its inputs (the estate, the connected vault and
// its region, the settings, the window's focus) and the report document. extension.ts starts it.

import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import { readReadinessInterval, readRecoverySettings } from '../connection/settings';
import type { EstateStore } from '../estate/store';
import { rpoTargetSeconds } from '../model/recoveryFacts';
import { ReadinessDocuments } from './readinessDocument';
import { ReadinessMonitor } from './readinessMonitor';

export interface Readiness extends vscode.Disposable {
  monitor: ReadinessMonitor;
  /** What commands use: run the checks now, show a report. */
  api: { checkNow: ReadinessMonitor['checkNow']; showReport(markdown: string): Promise<void> };
}

export function startReadiness(connection: Connection, store: EstateStore, log: vscode.LogOutputChannel): Readiness {
  const monitor = new ReadinessMonitor({
    snapshot: () => store.snapshot,
    onSnapshot: (listener) => store.onDidChange(() => listener()),
    target: async () => {
      const ctx = await connection.vaultContext();
      return ctx ? { ctx, location: connection.saved?.vault?.location } : undefined;
    },
    settings: () => ({ intervalMinutes: readReadinessInterval(), drillIntervalDays: readRecoverySettings().drillIntervalDays }),
    rpoTargetSecondsOf: (vm) => rpoTargetSeconds(store.policyIntervalSeconds(vm), readRecoverySettings().rpoTargetMinutes),
    focused: () => vscode.window.state.focused,
    onFocus: (listener) => vscode.window.onDidChangeWindowState((s) => listener(s.focused)),
    log: (line) => log.info(line),
  });
  const documents = new ReadinessDocuments();
  const settings = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('azureSiteRecovery.readiness')) monitor.reschedule();
  });
  monitor.start();
  return {
    monitor,
    api: { checkNow: () => monitor.checkNow(), showReport: (markdown) => documents.show(vscode.l10n.t('Failover readiness'), markdown) },
    dispose: () => {
      settings.dispose();
      documents.dispose();
      monitor.dispose();
    },
  };
}
