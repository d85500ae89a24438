import * as vscode from 'vscode';
import { normalizeHostName } from '../services/hyperv/discovery';
import { addHostToSettings } from '../connection/settings';
import type { CommandSpec } from './command';
import { refreshWithProgress } from './refresh';
import { showError } from './context';

/** Adds a Hyper-V host by name; credentials, when given, go to secret storage only. */
export const addHostCommand: CommandSpec = {
  id: 'azureSiteRecovery.addHost',
  async run(ctx) {
    const raw = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Hyper-V host'),
      prompt: vscode.l10n.t('Host name or FQDN, for example HV01 or HV01.contoso.local'),
      validateInput: (v) => (normalizeHostName(v) ? undefined : vscode.l10n.t('A host name: letters, digits, dots and hyphens.')),
    });
    const host = raw === undefined ? undefined : normalizeHostName(raw);
    if (!host) return;
    const current = vscode.l10n.t('Use my account');
    const other = vscode.l10n.t('Enter credentials…');
    const how = await vscode.window.showQuickPick([current, other], { title: vscode.l10n.t('How to reach {0}', host) });
    if (!how) return;
    try {
      if (how === other) {
        const userName = await vscode.window.showInputBox({ title: host, prompt: vscode.l10n.t('User name (DOMAIN\\user), an administrator on the host'), ignoreFocusOut: true });
        if (!userName) return;
        const password = await vscode.window.showInputBox({
          title: host,
          prompt: vscode.l10n.t('Password (kept in VS Code secret storage)'),
          password: true,
          ignoreFocusOut: true,
        });
        if (password === undefined) return;
        await ctx.credentials.set(host, { userName, password });
      }
      await addHostToSettings(host);
      await refreshWithProgress(ctx);
    } catch (e) {
      showError(ctx, e, 'Add Hyper-V host');
    }
  },
};
