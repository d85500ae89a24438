// The Enable Replication wizard's host access page: a user name, a password (never sent back to the
// webview) and "save" for each host the run reaches over remoting; the same fields return on the
// run page when that host's setup failed. Pure page builders: no vscode.

import * as l10n from '@vscode/l10n';
import type { BlockView, InputFieldView } from '../form/view';
import type { CandidateHost } from './candidates';
import { hostAccessOf, hostAccessProblem, hostsNeedingAccess } from './hostAccess';
import { pageProblem } from './pageFlow';
import { idPart, navButtons, withProblem, type PageBody, type PageState } from './pageParts';

export function hostFields(st: PageState, host: CandidateHost): InputFieldView[] {
  const access = hostAccessOf(st.form, host.key);
  const hasPassword = st.ctx.passwordsFor.has(host.key);
  const p = hostAccessProblem(host, access, hasPassword);
  const hint = host.credentialSaved
    ? l10n.t('An administrator of {0}. Leave the user name and the password empty to use the credentials saved for this host.', host.name)
    : l10n.t('An administrator of {0}. Leave the user name and the password empty to use the account VS Code runs as.', host.name);
  const fields: InputFieldView[] = [
    withProblem(
      { kind: 'text', id: `user:${idPart(host.key)}`, label: l10n.t('User name for {0}', host.name), value: access.userName, maxLength: 256, placeholder: 'CONTOSO\\admin', hint },
      p.userName,
    ),
    withProblem(
      {
        kind: 'text',
        id: `password:${idPart(host.key)}`,
        label: l10n.t('Password for {0}', host.name),
        // The password never goes back to the webview (nor into its saved state).
        value: '',
        secret: true,
        held: hasPassword,
        maxLength: 256,
        ...(hasPassword ? { placeholder: l10n.t('Entered (type again to change it)') } : {}),
        hint: l10n.t('Kept in memory for this run only.'),
      },
      p.password,
    ),
  ];
  if (st.canSaveCredentials) {
    fields.push({
      kind: 'checkbox',
      id: `save:${idPart(host.key)}`,
      label: l10n.t('Save these credentials for {0} once they work', host.name),
      checked: access.save,
      hint: l10n.t('Stored in VS Code’s secret storage (the operating system’s keychain), never in settings.'),
    });
  }
  return fields;
}

export function hostAccessPage(st: PageState): PageBody {
  const blocks: BlockView[] = [
    {
      kind: 'textBlock',
      id: 'intro',
      text: l10n.t('To install the Site Recovery provider, the wizard runs PowerShell on these hosts over WinRM (PowerShell remoting) with an administrator account.'),
    },
  ];
  for (const h of hostsNeedingAccess(st.form, st.ctx.candidates)) blocks.push(...hostFields(st, h));
  const problem = pageProblem(st.form, st.ctx);
  return { blocks, buttons: navButtons(st, problem) };
}
