// The recovery badge on VM nodes (issue 15 §1): "R" RPO above target, "D" drill due, "RD" both. A
// provider of its own beside VmDecorations, so the protection badge stays: VS Code shows the
// badges of every provider of a resource together. No colour, as decorations.ts says why.

import * as vscode from 'vscode';
import { findVmByKey, type EstateVm } from '../estate';
import type { EstateStore } from '../estate/store';
import { vmIdFromResourceUri, VM_URI_SCHEME } from './presentation';
import { recoveryBadge, recoveryVerdict, type RecoveryTargets } from './presentRecovery';

export interface RecoveryDecorationDeps {
  store: EstateStore;
  targets: () => RecoveryTargets;
  policyIntervalSeconds: (vm: EstateVm) => number | undefined;
}

export class RecoveryDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: RecoveryDecorationDeps) {
    this.subscription = deps.store.onDidChange((change) => {
      this.changed.fire(change.vmKeys ? change.vmKeys.map((k) => vscode.Uri.parse(`${VM_URI_SCHEME}:/${k}`)) : undefined);
    });
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== VM_URI_SCHEME) return undefined;
    const vmId = vmIdFromResourceUri(uri.toString());
    const snapshot = this.deps.store.snapshot;
    const vm = vmId && snapshot ? findVmByKey(snapshot, vmId) : undefined;
    if (!vm?.recovery) return undefined;
    const badge = recoveryBadge(recoveryVerdict(vm, this.deps.targets(), this.deps.policyIntervalSeconds(vm), new Date()));
    if (!badge) return undefined;
    const decoration = new vscode.FileDecoration(badge.letters, badge.tooltip);
    decoration.propagate = false;
    return decoration;
  }

  /** The settings changed: every badge again. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
