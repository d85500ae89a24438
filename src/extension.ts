/**
 * Composition root: builds the services and registers what VS Code shows (views, decorations,
 * status bar, commands). No logic here: each piece lives in its own module.
 */
import * as vscode from 'vscode';
import { Connection } from './connection/connection';
import { readHyperVSettings, readJobSettings, SECTION } from './connection/settings';
import { HostCredentialStore } from './services/hyperv/hostCredentials';
import { PowerShellRunner } from './services/hyperv/powershellRunner';
import { EstateStore } from './services/estateStore';
import { getJob, listJobs } from './services/azure/jobs';
import { JobTracker, systemClock } from './jobs/jobTracker';
import { createJobStatusBar } from './jobs/statusBar';
import { notifyJobEnds } from './jobs/notifier';
import { ProtectionTree, type ProtectionNode } from './tree/protectionTree';
import { JobsTree } from './tree/jobsTree';
import { VmDecorations } from './tree/decorations';
import { contextKeys, viewIds } from './tree/presentation';
import type { CommandContext } from './commands/context';
import { allCommands } from './commands/all';
import { tenantSourceOf } from './commands/openInPortal';
import { portalTenants } from './services/azure/portalTenant';
import { registerWizardSerializers } from './commands/wizardSerializers';
import { ProtectionPoller } from './services/protectionPoller';
import { openFormPanels } from './webviews/form/formPanel';

const FAILURES_SEEN_KEY = 'azureSiteRecovery.jobs.failuresSeenUntil';

/** What activate() returns: the live parts, for the host tests (and other extensions). */
export interface ExtensionApi {
  connection: Connection;
  store: EstateStore;
  tracker: JobTracker;
  protectionTree: ProtectionTree;
  protectionView: vscode.TreeView<ProtectionNode>;
  jobsTree: JobsTree;
  decorations: VmDecorations;
  /** Saved Hyper-V host credentials (secret storage). */
  credentials: HostCredentialStore;
  /** The wizard panels open now (for tests: the panel's view type, handshake and page). */
  wizardPanels: () => readonly { readonly viewType: string; readonly isReady: boolean; readonly page: string; readonly title: string }[];
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Azure Site Recovery', { log: true });
  const connection = new Connection(context.globalState, context.secrets);
  const credentials = new HostCredentialStore(context.secrets);

  let runner: PowerShellRunner | undefined;
  const getRunner = (): PowerShellRunner => {
    const s = readHyperVSettings();
    runner ??= new PowerShellRunner({ executable: s.powershellPath, timeoutMs: s.scriptTimeoutMs, log: (line) => log.debug(line) });
    return runner;
  };

  const store = new EstateStore(
    async () => {
      const vctx = await connection.vaultContext();
      return { runner: getRunner(), ...(vctx ? { vctx } : {}), credentialsFor: (host: string) => credentials.get(host) };
    },
    () => {
      const s = readHyperVSettings();
      return { includeLocal: s.includeLocalMachine, settingHosts: s.hosts, useActiveDirectory: s.useActiveDirectory, timeoutMs: s.scriptTimeoutMs };
    },
    (warning) => {
      log.warn(warning);
      void vscode.window.showWarningMessage(warning);
    },
  );

  const jobSettings = readJobSettings();
  const tracker = new JobTracker({
    listJobs: async (filter) => {
      const vctx = await connection.vaultContext();
      return vctx ? listJobs(vctx, filter) : [];
    },
    clock: systemClock,
    activePollMs: jobSettings.activePollMs,
    idlePollMs: jobSettings.idlePollMs,
    // Failures already looked at stay seen across a reload of the window.
    ...(typeof context.globalState.get(FAILURES_SEEN_KEY) === 'number' ? { failuresSeenUntil: context.globalState.get<number>(FAILURES_SEEN_KEY) } : {}),
    log: (line) => log.debug(line),
  });
  tracker.setFocused(vscode.window.state.focused);

  const protectionTree = new ProtectionTree({
    store,
    vault: () => {
      const v = connection.saved?.vault;
      return v ? { name: v.vaultName, location: v.location ?? '', resourceGroup: v.resourceGroup } : undefined;
    },
    cloud: () => connection.currentCloud(),
    tenant: () => portalTenants.known(tenantSourceOf(connection.saved)),
    // The late-recovery-point warning in a VM's tooltip compares with its policy's copy frequency.
    policyIntervalSeconds: (vm) => store.policyIntervalSeconds(vm),
  });
  const jobsTree = new JobsTree({
    snapshot: () => tracker.snapshot,
    onDidChange: (listener) => tracker.onDidChange(() => listener()),
    getJob: async (jobName) => {
      const vctx = await connection.vaultContext();
      if (!vctx) throw new Error(vscode.l10n.t('Connect to a vault first.'));
      return getJob(vctx, jobName);
    },
  });
  const jobsView = vscode.window.createTreeView(viewIds.jobs, { treeDataProvider: jobsTree });
  const decorations = new VmDecorations(store);
  const protectionView = vscode.window.createTreeView(viewIds.protection, { treeDataProvider: protectionTree, showCollapseAll: true });

  const setContextKeys = (): void => {
    void vscode.commands.executeCommand('setContext', contextKeys.signedIn, connection.signedIn);
    void vscode.commands.executeCommand('setContext', contextKeys.connected, connection.connected);
  };

  // While VMs replicate or an operation runs on them, their state is re-read at the jobs' fast
  // interval (one paged list), so the percentage rises in the tree without a manual refresh.
  const protectionPoller = new ProtectionPoller({
    intervalMs: jobSettings.activePollMs,
    kinds: () => store.snapshot?.hosts.flatMap((h) => h.vms.map((v) => v.status.kind)) ?? [],
    refresh: async () => store.refreshProtection(await connection.vaultContext()),
  });

  const commandContext: CommandContext = { extensionUri: context.extensionUri, connection, store, jobs: tracker, jobsSnapshot: () => tracker.snapshot, credentials, runner: getRunner, log };

  context.subscriptions.push(
    log,
    connection,
    protectionTree,
    jobsTree,
    jobsView,
    tracker,
    protectionView,
    vscode.window.registerFileDecorationProvider(decorations),
    createJobStatusBar(tracker),
    notifyJobEnds(tracker, (jobName) => {
      store.jobEnded(jobName);
      void connection.vaultContext().then((vctx) => store.refreshProtection(vctx)).catch((e: unknown) => log.warn(String(e)));
    }),
    jobsView.onDidChangeVisibility((e) => {
      if (e.visible) tracker.markFailuresSeen();
    }),
    tracker.onDidChange(() => {
      if (tracker.failuresSeenUntil !== context.globalState.get(FAILURES_SEEN_KEY)) void context.globalState.update(FAILURES_SEEN_KEY, tracker.failuresSeenUntil);
    }),
    vscode.window.onDidChangeWindowState((s) => {
      tracker.setFocused(s.focused);
      protectionPoller.setFocused(s.focused);
    }),
    store.onDidChange(() => protectionPoller.poke()),
    protectionPoller,
    connection.onDidChange(() => {
      setContextKeys();
      protectionTree.refreshAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.cloud`) || e.affectsConfiguration(`${SECTION}.customCloud`)) connection.reset();
      if (e.affectsConfiguration(`${SECTION}.hyperV`)) {
        // Let a refresh in flight finish with the old PowerShell, then switch and refresh again.
        const old = runner;
        runner = undefined;
        void (async () => {
          await store.refresh().catch(() => undefined);
          await old?.dispose();
          await store.refresh();
        })().catch((err: unknown) => log.warn(err instanceof Error ? err.message : String(err)));
      }
    }),
    { dispose: () => void runner?.dispose() },
    ...registerWizardSerializers(commandContext),
    ...allCommands.map((command) =>
      vscode.commands.registerCommand(command.id, async (arg?: unknown) => {
        try {
          await command.run(commandContext, arg);
        } catch (e) {
          // Commands handle their own errors; this is the last line so nothing shows a stack trace.
          log.error(`${command.id}: ${e instanceof Error ? e.message : String(e)}`);
          void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
        }
      }),
    ),
  );

  setContextKeys();
  log.info(vscode.l10n.t('Azure Site Recovery for Hyper-V activated.'));
  if (connection.signedIn) tracker.start();
  if (connection.connected || readHyperVSettings().hosts.length > 0) {
    void store.refresh().catch((e: unknown) => log.warn(e instanceof Error ? e.message : String(e)));
  }
  context.subscriptions.push(connection.onDidChange(() => (connection.signedIn ? tracker.start() : tracker.stop())), decorations);
  const wizardPanels = (): ReturnType<ExtensionApi['wizardPanels']> =>
    openFormPanels().map((p) => ({ viewType: p.panel.viewType, isReady: p.isReady, page: p.state.view.page, title: p.state.view.title }));
  return { connection, store, tracker, protectionTree, protectionView, jobsTree, decorations, credentials, wizardPanels };
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
