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

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== VM_URI_SCHEME) return undefined;
    const vmId = vmIdFromResourceUri(uri.toString());
    const badge = readinessBadge(vmId === undefined ? undefined : this.source.get(vmId));
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
