// Restores the wizard panels that were open when the window reloaded: each wizard is rebuilt from
// the snapshot its webview kept (validated first; an invalid one starts the wizard afresh).
import type * as vscode from 'vscode';
import { ConnectWizard } from '../webviews/connect/connectWizard';
import { registerFormSerializer } from '../webviews/form/formPanel';
import { FailbackWizard } from '../webviews/failover/failbackWizard';
import { FailoverWizard } from '../webviews/failover/failoverWizard';
import { connectDeps, connectWizardKind } from './connect';
import { enableReplicationWizardKind, restoreEnableReplicationWizard } from './enableReplicationWizard';
import { failbackWizardKind, failoverDeps, failoverWizardKind, wizardSubject } from './failoverWizards';
import type { CommandContext } from './context';
import { panelContext } from './context';

export function registerWizardSerializers(ctx: CommandContext): vscode.Disposable[] {
  const panels = panelContext(ctx);
  return [
    registerFormSerializer(panels, connectWizardKind, (snapshot) => Promise.resolve(new ConnectWizard(connectDeps(ctx), snapshot)), () => 'connect'),
    registerFormSerializer(panels, enableReplicationWizardKind, (snapshot) => restoreEnableReplicationWizard(ctx, snapshot), () => 'restored'),
    // A failover page without its snapshot cannot know its VM: the panel closes.
    registerFormSerializer(panels, failoverWizardKind, (snapshot) => Promise.resolve(snapshot ? FailoverWizard.restore(failoverDeps(ctx, snapshot.itemId), snapshot) : undefined), (snapshot) => wizardSubject(snapshot?.itemId ?? 'unknown')),
    registerFormSerializer(panels, failbackWizardKind, (snapshot) => Promise.resolve(snapshot ? FailbackWizard.restore(failoverDeps(ctx, snapshot.itemId), snapshot) : undefined), (snapshot) => wizardSubject(snapshot?.itemId ?? 'unknown')),
  ];
}
