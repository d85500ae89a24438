// Badges on VM nodes (1–2 letters), so a status never depends on colour alone. No colour: VS Code
// paints a decoration's colour on the label as well as the badge, and the tree's colour belongs on
// the icon (as in the Azure Resources view). Tree items carry `asr-vm:/<vmId>` resource URIs; this
// provider answers for that scheme.

import * as vscode from 'vscode';
import { findVmByKey } from '../estate';
import type { EstateStore } from '../estate/store';
import { presentVm, vmIdFromResourceUri, VM_URI_SCHEME } from './presentation';

export class VmDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: EstateStore) {
    this.subscription = store.onDidChange((change) => {
      this.changed.fire(change.vmKeys ? change.vmKeys.map((k) => vscode.Uri.parse(`${VM_URI_SCHEME}:/${k}`)) : undefined);
    });
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== VM_URI_SCHEME) return undefined;
    const vmId = vmIdFromResourceUri(uri.toString());
    const snapshot = this.store.snapshot;
    const vm = vmId && snapshot ? findVmByKey(snapshot, vmId) : undefined;
    if (!vm) return undefined;
    const badge = presentVm(vm, { now: new Date() }).badge;
    if (!badge) return undefined;
    const decoration = new vscode.FileDecoration(badge.letters, badge.tooltip);
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
