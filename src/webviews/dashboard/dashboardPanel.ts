// The recovery dashboard panel (issue 15 §5), VS Code glue: one panel (a second Show Recovery
// Dashboard reveals it), restored after a reload by a WebviewPanelSerializer, hosted as the wizards
// are (panelHost.ts: strict CSP with a nonce'd script and no 'unsafe-inline', every inbound message
// validated by dashboardProtocol, state changes sent as patches). A row's action runs the same
// command as the Protection tree's, with the same argument (the VM's tree node).
import * as vscode from 'vscode';
import type { DashboardState } from '../../dashboard/dashboardTypes';
import { dashboardLabels } from '../../dashboard/dashboardModel';
import { RpoHistory } from '../../dashboard/rpoHistory';
import type { DrillHistorySource } from '../../model/drillRecord';
import type { ReadinessSource } from '../../model/readiness';
import type { RecoveryTargets } from '../../tree/presentRecovery';
import type { WizardDefinition, WizardPanelContext } from '../panelHost';
import { WizardPanel, wizardStylePath } from '../panelHost';
import type { InferShape } from '../validate';
import type { DashboardDeps } from './dashboardController';
import { DashboardController } from './dashboardController';
import { sampleRpo } from './rpoSampler';
import { dashboardBundlePath, dashboardPage, dashboardProtocol, dashboardStylePath, dashboardViewType, type DashboardInbound } from './dashboardProtocol';

type Inbound = DashboardInbound;
type RunPayload = InferShape<(typeof dashboardProtocol.actions)['run']>;

/** What the dashboard reads: configured once at activation (extension.ts). */
export interface DashboardServices {
  panels: WizardPanelContext;
  store: DashboardDeps['store'];
  jobs: { readonly snapshot: { active: readonly unknown[] } | undefined; onDidChange(listener: () => void): { dispose(): void } };
  globalState: vscode.Memento;
  vaultKey: () => string | undefined;
  targets: () => RecoveryTargets;
  /** Issue 15 §2's readiness monitor, when present (absent: the column says "Not checked"). */
  readiness?: ReadinessSource;
  /** Issue 15 §4's drill history, when present (absent: the chart says "No drills yet"). */
  drillHistory?: DrillHistorySource;
}

let services: DashboardServices | undefined;
let rpoHistory: RpoHistory | undefined;
let open: { panel: WizardPanel<DashboardState, Inbound>; controller: DashboardController } | undefined;

function definition(): WizardDefinition<Inbound> {
  return {
    viewType: dashboardViewType,
    wizard: dashboardPage,
    title: vscode.l10n.t('Recovery Dashboard'),
    inbound: dashboardProtocol.inbound,
    bundle: dashboardBundlePath,
    styles: [wizardStylePath, dashboardStylePath],
  };
}

function controllerFor(s: DashboardServices, onState: (state: DashboardState) => void): DashboardController {
  rpoHistory ??= new RpoHistory(s.globalState);
  const deps: DashboardDeps = {
    store: s.store,
    jobs: {
      get activeCount() {
        return s.jobs.snapshot?.active.length ?? 0;
      },
      onDidChange: (l) => s.jobs.onDidChange(() => l()),
    },
    readiness: s.readiness,
    drillHistory: s.drillHistory,
    rpoHistory,
    vaultKey: () => s.vaultKey() ?? '',
    targets: s.targets,
    labels: dashboardLabels,
    log: (line) => s.panels.log.warn(line),
  };
  return new DashboardController(deps, onState);
}

async function runAction(controller: DashboardController, panel: WizardPanel<DashboardState, Inbound>, payload: RunPayload): Promise<void> {
  const found = controller.commandFor(payload.vmKey, payload.action);
  if ('refused' in found) {
    const text =
      found.refused === 'gone'
        ? vscode.l10n.t('That VM is no longer in the estate. The dashboard shows the estate as it is now.')
        : vscode.l10n.t("That VM's state changed: the dashboard now shows its next action. Choose it again if it still applies.");
    panel.post({ type: 'error', message: text });
    controller.refresh();
    return;
  }
  // Every action's command is contributed (test/unit/dashboard/dashboardCommands.test.ts).
  await vscode.commands.executeCommand(found.command, found.arg);
}

/** Binds a panel (new or restored) to a controller, and keeps it the one open dashboard. */
function attach(s: DashboardServices, panel: WizardPanel<DashboardState, Inbound>): void {
  let stale = false;
  const controller = controllerFor(s, (state) => {
    // A hidden dashboard is not redrawn: it catches up when shown again.
    if (!panel.panel.visible) stale = true;
    else panel.post({ type: 'update', patch: state });
  });
  open = { panel, controller };
  const subscriptions = [
    panel.onMessage((message) => {
      if (message.type !== 'action') return;
      if (message.name === 'refresh') void vscode.commands.executeCommand('azureSiteRecovery.refresh');
      else runAction(controller, panel, message.payload).catch((e: unknown) => s.panels.log.warn(`dashboard action: ${e instanceof Error ? e.message : String(e)}`));
    }),
    panel.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.visible && stale) {
        stale = false;
        controller.refresh();
      }
    }),
    // The RPO target or the drill interval changed: every row again.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('azureSiteRecovery.rpo') || e.affectsConfiguration('azureSiteRecovery.drills')) controller.refresh();
    }),
  ];
  panel.onDidDispose(() => {
    if (open?.panel === panel) open = undefined;
    controller.dispose();
    for (const d of subscriptions) d.dispose();
  });
  panel.post({ type: 'init', state: controller.state() });
}

/** A tiny first page (the state comes in the first message, not in the HTML: 5,000 rows would double it). */
function loadingState(): DashboardState {
  const tiles = { protected: 0, total: 0, rpoAbove: 0, drillsDue: 0, notReady: 0, notChecked: 0, jobsRunning: 0 };
  return { labels: dashboardLabels(), takenAt: '', tiles, rows: [], rpo: [], drills: [], drillHistory: false };
}

/** Shows the dashboard (reveals it when open). */
export function showDashboard(): void {
  if (open) {
    open.panel.reveal();
    return;
  }
  if (!services) throw new Error(vscode.l10n.t('The recovery dashboard is not available yet: the extension is still starting.'));
  const panel = WizardPanel.open<DashboardState, Inbound>(services.panels, definition(), loadingState());
  attach(services, panel);
}

/**
 * Configures the dashboard with what it reads and restores its panel after a reload. The webview's
 * saved state is its own sort and filter (it reads them back through guards, dashboardQuery.ts
 * readQuery): the extension builds the rows again from the estate and does not read it.
 */
export function registerDashboard(s: DashboardServices): vscode.Disposable[] {
  services = s;
  rpoHistory = new RpoHistory(s.globalState);
  return [
    // The 24-hour RPO chart has samples whether the dashboard was open or not.
    sampleRpo({ store: s.store, targets: s.targets, readiness: s.readiness, vaultKey: () => s.vaultKey() ?? '', rpoHistory }),
    vscode.window.registerWebviewPanelSerializer(dashboardViewType, {
      deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel): Promise<void> {
        if (open) {
          webviewPanel.dispose();
          return Promise.resolve();
        }
        attach(s, new WizardPanel<DashboardState, Inbound>(s.panels, definition(), webviewPanel, loadingState()));
        return Promise.resolve();
      },
    }),
    { dispose: () => open?.panel.dispose() },
  ];
}
