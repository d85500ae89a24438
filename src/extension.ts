/**
 * Composition root: builds the services and registers what VS Code shows. No logic here.
 * The views, wizards and job tracker arrive with the next issues; this first version registers
 * the extension's log and its Show Log command.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Azure Site Recovery', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('azureSiteRecovery.showLog', () => log.show()),
  );
  log.info(vscode.l10n.t('Azure Site Recovery for Hyper-V activated.'));
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
