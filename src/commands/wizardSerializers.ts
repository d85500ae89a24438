// Restores the wizard panels that were open when the window reloaded: each wizard is rebuilt from
// the snapshot its webview kept. The webview's state is untrusted: its shape is validated first,
// then each wizard's restore checks what it names against the connected vault and the estate and
// reads names again from Azure (an invalid one starts the wizard afresh or says why it cannot).
import type * as vscode from 'vscode';
import { ConnectWizard } from '../webviews/connect/connectWizard';
import { registerFormSerializer } from '../webviews/form/formPanel';
import { connectDeps, connectWizardKind } from './connect';
import { recoveryPlanEditorKind, restorePlanEditor } from './createRecoveryPlan';
import { enableReplicationWizardKind, restoreEnableReplicationWizard } from './enableReplicationWizard';
import { failbackWizardKind, failoverWizardKind, restoredTitle, restoreFailback, restoreFailover, wizardSubject } from './failoverWizards';
import { planFailoverWizardKind, planWizardSubject, restoredPlanTitle, restorePlanFailover } from './planFailoverWizards';
import { computeNetworkWizardKind, restoreComputeNetwork } from './computeAndNetwork';
import type { CommandContext } from './context';
import { addedVaultKeyOf, panelContext } from './context';
import { contextForRestoredId } from './restoredVault';
import { scoped } from '../tree/nodeIds';

export function registerWizardSerializers(ctx: CommandContext): vscode.Disposable[] {
  const panels = panelContext(ctx);
  return [
    registerFormSerializer(
      panels,
      connectWizardKind,
      (snapshot) => Promise.resolve(new ConnectWizard(connectDeps(ctx), snapshot)),
      () => 'connect',
    ),
    registerFormSerializer(
      panels,
      enableReplicationWizardKind,
      (snapshot) => restoreEnableReplicationWizard(ctx, snapshot),
      () => 'restored',
    ),
    // A failover page names its VM by id only: the VM must be in the connected vault's estate, and
    // its name is read again from Azure; otherwise the page says why, and nothing is sent.
    registerFormSerializer(
      panels,
      failoverWizardKind,
      (snapshot) => restoreFailover(ctx, snapshot),
      (snapshot) => wizardSubject(snapshot?.itemId ?? 'unknown'),
      restoredTitle('failover'),
    ),
    registerFormSerializer(
      panels,
      failbackWizardKind,
      (snapshot) => restoreFailback(ctx, snapshot),
      (snapshot) => wizardSubject(snapshot?.itemId ?? 'unknown'),
      restoredTitle('failback'),
    ),
    // A Compute and Network page names its VM by id only: the VM must be in the connected vault's estate.
    registerFormSerializer(
      panels,
      computeNetworkWizardKind,
      (snapshot) => restoreComputeNetwork(ctx, snapshot),
      (snapshot) => wizardSubject(snapshot?.itemId ?? 'unknown'),
    ),
    // A plan's failover page names its plan by name only: the plan is read again from Azure.
    registerFormSerializer(
      panels,
      planFailoverWizardKind,
      (snapshot) => restorePlanFailover(ctx, snapshot),
      (snapshot) => planWizardSubject(contextForRestoredId(ctx, snapshot?.planId), snapshot?.planName ?? 'unknown'),
      restoredPlanTitle,
    ),
    registerFormSerializer(
      panels,
      recoveryPlanEditorKind,
      (snapshot) => restorePlanEditor(ctx, snapshot),
      (snapshot) => scoped(addedVaultKeyOf(contextForRestoredId(ctx, snapshot?.fabricId)), snapshot?.mode === 'edit' ? snapshot.name.toLowerCase() : 'new'),
    ),
  ];
}
