// The readiness badge on VM nodes (issue 15 §2): "NR" when a VM is not ready. A provider of its
// own beside VmDecorations and RecoveryDecorations, so the protection badge stays (VS Code shows
// the badges of every provider of a resource together); a keyed lookup per node. No colour.

import * as vscode from 'vscode';
import type { ReadinessSource } from '../model/readiness';
import { vmIdFromResourceUri, VM_URI_SCHEME } from '../tree/presentation';
import { readinessBadge } from './presentReadiness';

export class ReadinessDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly source: ReadinessSource) {
    this.subscription = source.onDidChange((vmKeys) => this.changed.fire(vmKeys.map((k) => vscode.Uri.parse(`${VM_URI_SCHEME}:/${k}`))));
  }

  /** A keyed lookup: the VM's last readiness, by the key in its node's resource URI. */
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const vmId = uri.scheme === VM_URI_SCHEME ? vmIdFromResourceUri(uri.toString()) : undefined;
    const badge = vmId === undefined ? undefined : readinessBadge(this.source.get(vmId));
    return badge && Object.assign(new vscode.FileDecoration(badge.letters, badge.tooltip), { propagate: false });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
