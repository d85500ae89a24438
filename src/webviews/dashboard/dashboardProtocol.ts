// The recovery dashboard's messages (issue 15 §5), shared by the extension and the webview bundle:
// the webview says `ready`, asks to run a row's action (`run`: the VM's key and the action it
// shows) or to refresh the estate (`refresh`); every message is validated (validate.ts) before the
// extension reads it. The extension answers with `init` and `patch` messages (channel.ts).
import { dashboardActionIds } from '../../dashboard/dashboardTypes';
import { defineWizardProtocol, type WizardInbound } from '../protocol';
import { s } from '../validate';

export const dashboardViewType = 'azureSiteRecovery.recoveryDashboard';
/** `data-wizard` of the page: which bundle code draws it. */
export const dashboardPage = 'dashboard';
/** The dashboard's browser bundle and stylesheet (esbuild.mjs `webviewBuilds`). */
export const dashboardBundlePath = ['dist', 'webviews', 'dashboard.js'] as const;
export const dashboardStylePath = ['media', 'dashboard.css'] as const;

/** A VM's key as the estate has it (a lower-case VMId, or a name for a VM ASR named only). */
const vmKey = s.string({ minLength: 1, maxLength: 200, pattern: /^[^\s<>"'`]+$/ });

export const dashboardProtocol = defineWizardProtocol({
  run: { vmKey, action: s.enumOf(dashboardActionIds) },
  refresh: {},
});

export type DashboardInbound = WizardInbound<typeof dashboardProtocol.actions>;
