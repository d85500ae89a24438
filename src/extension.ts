/**
 * Composition root: builds the services and registers what VS Code shows (views, decorations,
 * status bar, commands). No logic here: each piece lives in its own module.
 */
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { Connection } from './connection/connection';
import { VaultSet } from './connection/vaultSet';
import { VaultEstates } from './connection/vaultEstates';
import { VaultJobs } from './jobs/vaultJobs';
import { readHyperVSettings, readJobSettings, readRecoverySettings, SECTION, watchSettingWarnings } from './connection/settings';
import { HostCredentialStore } from './services/hyperv/hostCredentials';
import { PowerShellPool } from './services/hyperv/runnerPool';
import { EstateStore } from './estate/store';
import type { EstateRefreshDeps } from './estate/refresh';
import { OtherVaultHosts } from './estate/otherVaultHosts';
import { getJob, listJobs } from './services/azure/jobs';
import { setAuditSink } from './services/azure/auditLog';
import { JobTracker, systemClock } from './jobs/jobTracker';
import { createJobStatusBar } from './jobs/statusBar';
import { rememberedTrackerDeps, rememberTracker } from './jobs/trackerMemory';
import { notifyJobEnds } from './jobs/notifier';
import { ProtectionTree, type ProtectionNode } from './tree/protectionTree';
import { storePlanSource } from './tree/planNodes';
import { JobsTree } from './tree/jobsTree';
import { VmDecorations } from './tree/decorations';
import { RecoveryDecorations } from './tree/recoveryDecorations';
import { contextKeys, viewIds } from './tree/presentation';
import { panelContext, type CommandContext } from './commands/context';
import { contextForCommand } from './commands/commandVault';
import { allCommands } from './commands/all';
import { tenantSourceOf } from './commands/openInPortal';
import { portalTenants } from './services/azure/portalTenant';
import { registerWizardSerializers } from './commands/wizardSerializers';
import { AddedVaultPollers, pollerFor } from './estate/vaultPollers';
import { watchWalkthroughContext } from './estate/walkthroughContext';
import { openFormPanels } from './webviews/form/formPanel';
import { apiForMode, type ExtensionApi } from './extensionApi';
import { followVaultChanges, sessionStateOf, vaultKeyOf, type SessionState } from './connection/vaultChange';
import { ESTATE_CACHE_FOLDER, keepEstateCache } from './estate/snapshotCache';
import { enableReplicationWizardKind } from './commands/enableReplicationWizard';
import { failbackWizardKind, failoverWizardKind } from './commands/failoverWizards';
import { computeNetworkWizardKind } from './commands/computeAndNetwork';
import { DrillHost } from './drills/drillHost';
import { resumeKeptDrill } from './commands/runDrill';
import { createDrillReports, type DrillReports } from './drills/drillRecorder';
import { registerDashboard } from './webviews/dashboard/dashboardPanel';
import { startReadiness, type Readiness } from './readiness/readinessWiring';
import { ReadinessDecorations } from './readiness/readinessDecorations';
import type { ReadinessSource } from './model/readiness';

/**
 * Activation, as a table of contents: the services, the views, the background work (job
 * tracker, status bar, poller), the settings, the commands and wizard panels; then the first
 * refresh. Each step is a function of its own below. The live parts are returned only to the
 * extension's own tests (extensionApi.ts).
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  // The layers without vscode (model, estate, tree presentation, job notifications) translate
  // through @vscode/l10n: hand it the bundle VS Code loaded for the display language, first.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = vscode.window.createOutputChannel('Azure Site Recovery', { log: true });
  // First: a setting of the wrong type is named here and replaced by a valid value, never fatal.
  const settingWarnings = watchSettingWarnings(log);
  // Every Azure Site Recovery write, from any path, and the end of its job (services/azure/auditLog.ts).
  const auditTrail = setAuditSink((line) => log.info(line));
  const services = createServices(context, log);
  const { readiness } = services;
  const views = createViews(services, readiness.monitor);
  const commandContext: CommandContext = {
    extensionUri: context.extensionUri,
    connection: services.connection,
    vaults: services.vaults,
    vaultJobs: services.vaultJobs,
    vaultEstates: services.vaultEstates,
    store: services.store,
    jobs: services.tracker,
    jobsSnapshot: () => services.tracker.snapshot,
    credentials: services.credentials,
    runner: services.runner.get,
    log,
    drills: services.drills,
    drillReports: services.drillReports,
    readiness: readiness.api,
  };
  context.subscriptions.push(
    log,
    readiness,
    settingWarnings,
    auditTrail,
    ...viewDisposables(views),
    ...startBackgroundWork(context, services, views, log),
    ...showAndKeepCachedEstate(context, services, log),
    ...watchConfiguration(services, log),
    ...registerWizardSerializers(commandContext),
    // The recovery dashboard (issue 15 §5), with readiness (§2) and the drill history (§4).
    ...registerDashboard({
      panels: panelContext(commandContext),
      store: services.store,
      jobs: services.tracker,
      globalState: context.globalState,
      vaultKey: () => vaultKeyOf(services.connection.saved),
      targets: readRecoverySettings,
      readiness: readiness.monitor,
      drillHistory: services.drillReports.history,
    }),
    ...registerCommands(commandContext, log),
  );
  start(context, services, views, log);
  // A drill an earlier window did not finish resumes now, or once its vault is connected.
  void resumeKeptDrill(commandContext);
  context.subscriptions.push(services.connection.onDidChange(() => void resumeKeptDrill(commandContext)));
  const wizardPanels = (): ReturnType<ExtensionApi['wizardPanels']> =>
    openFormPanels().map((p) => ({ viewType: p.panel.viewType, isReady: p.isReady, page: p.state.view.page, title: p.state.view.title }));
  const { connection, store, tracker, credentials } = services;
  const { protectionTree, protectionView, jobsTree, decorations } = views;
  return apiForMode(context.extensionMode, () => ({ connection, store, tracker, protectionTree, protectionView, jobsTree, decorations, credentials, wizardPanels }));
}

/** The PowerShell sessions (a pool), created on first use and replaced when the Hyper-V settings change. */
interface RunnerHolder {
  get: () => PowerShellPool;
  /** Forgets the current sessions (the next get() makes new ones) and returns them, to dispose later. */
  replace: () => PowerShellPool | undefined;
  dispose: () => void;
}

interface Services {
  connection: Connection;
  /** Every connected vault: the first (connection) and the vaults added beside it (issue 16 §3). */
  vaults: VaultSet<Connection>;
  /** The job tracker's list across the vaults, and the vault of each job. */
  vaultJobs: VaultJobs;
  /** Each added vault's own estate store (its registered hosts only); `store` is the first vault's. */
  vaultEstates: VaultEstates<Connection, EstateStore>;
  credentials: HostCredentialStore;
  runner: RunnerHolder;
  store: EstateStore;
  tracker: JobTracker;
  jobSettings: ReturnType<typeof readJobSettings>;
  /** Failover readiness of every protected VM, checked on an interval and on demand (issue 15 §2). */
  readiness: Readiness;
  /** The DR drill in flight, kept in global state (issue 15 §3); it records each VM's readiness at its start. */
  drills: DrillHost;
  /** The DR drills' history and reports (issue 15 §4): a drill records into it when it ends. */
  drillReports: DrillReports;
}

function createRunner(log: vscode.LogOutputChannel): RunnerHolder {
  let runner: PowerShellPool | undefined;
  return {
    get: () => {
      const s = readHyperVSettings();
      runner ??= new PowerShellPool({ executable: s.powershellPath, timeoutMs: s.scriptTimeoutMs, size: s.probeConcurrency, log: (line) => log.debug(line) });
      return runner;
    },
    replace: () => {
      const old = runner;
      runner = undefined;
      return old;
    },
    dispose: () => void runner?.dispose(),
  };
}

/** What an estate store reads with: its vault's connection (when connected), the PowerShell session, the saved host credentials. */
function estateEnvironment(connection: Connection, runner: RunnerHolder, credentials: HostCredentialStore): () => Promise<EstateRefreshDeps> {
  return async () => {
    const vctx = await connection.vaultContext();
    return { runner: runner.get(), ...(vctx ? { vctx } : {}), credentialsFor: (host: string) => credentials.get(host) };
  };
}

/** The connection, saved host credentials, the PowerShell session, the estate store and the job tracker. */
function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const connection = new Connection(context.globalState, context.secrets);
  const vaults = new VaultSet(context.globalState, connection, (key) => new Connection(context.globalState, context.secrets, key));
  const vaultJobs = new VaultJobs(async () => {
    const contexts = await Promise.all(vaults.vaults().map((v) => v.connection.vaultContext()));
    return contexts.filter((c) => c !== undefined);
  }, listJobs);
  const credentials = new HostCredentialStore(context.secrets);
  const runner = createRunner(log);
  const store: EstateStore = new EstateStore(
    estateEnvironment(connection, runner, credentials),
    () => {
      const s = readHyperVSettings();
      return {
        includeLocal: s.includeLocalMachine,
        settingHosts: s.hosts,
        // The hosts an added vault registered are that vault's, not the first vault's "Unregistered hosts".
        hostsOfOtherVaults: otherVaultHosts.names(),
        useActiveDirectory: s.useActiveDirectory,
        timeoutMs: s.scriptTimeoutMs,
        probeConcurrency: s.probeConcurrency,
      };
    },
    (warning) => {
      log.warn(warning);
      void vscode.window.showWarningMessage(warning);
    },
  );
  // An added vault read, added or removed: the first estate is read again if the hosts it leaves out changed.
  const otherVaultHosts: OtherVaultHosts = new OtherVaultHosts(
    () => vaultEstates.added().map((a) => a.store.snapshot),
    () => void store.refresh().catch((e: unknown) => log.warn(e instanceof Error ? e.message : String(e))),
  );
  const vaultEstates: VaultEstates<Connection, EstateStore> = new VaultEstates(
    vaults,
    store,
    (added) => createAddedVaultStore(added, runner, credentials, log, () => otherVaultHosts.check()),
    (line) => log.warn(line),
  );
  vaultEstates.onDidChange(() => otherVaultHosts.check());
  const jobSettings = readJobSettings();
  const tracker = new JobTracker({
    // One list request per connected vault per poll, merged (jobs/vaultJobs.ts).
    listJobs: vaultJobs.listJobs,
    clock: systemClock,
    activePollMs: jobSettings.activePollMs,
    idlePollMs: jobSettings.idlePollMs,
    // Failures already looked at stay seen across a reload of the window, and a job that started
    // more than a day ago and still runs stays tracked.
    ...rememberedTrackerDeps(context.globalState),
    log: (line) => log.debug(line),
  });
  tracker.setFocused(vscode.window.state.focused);
  const drillReports = createDrillReports(context.globalStorageUri, log);
  const readiness = startReadiness(connection, store, log);
  const drills = new DrillHost(context.globalState, readiness.monitor, drillReports);
  return { connection, vaults, vaultJobs, vaultEstates, credentials, runner, store, tracker, jobSettings, readiness, drills, drillReports };
}

/**
 * An added vault's estate (issue 16 §3): only the hosts registered in that vault (no settings
 * hosts, no local machine, no Active Directory), probed as the settings say, and its ASR.
 */
function createAddedVaultStore(connection: Connection, runner: RunnerHolder, credentials: HostCredentialStore, log: vscode.LogOutputChannel, onChange: () => void): EstateStore {
  const store: EstateStore = new EstateStore(
    estateEnvironment(connection, runner, credentials),
    () => {
      const s = readHyperVSettings();
      return { includeLocal: false, settingHosts: [], useActiveDirectory: false, timeoutMs: s.scriptTimeoutMs, probeConcurrency: s.probeConcurrency };
    },
    (warning) => log.warn(warning),
  );
  // Its registered hosts may change (the first vault's estate then leaves them out: estate/otherVaultHosts.ts).
  store.onDidChange(onChange);
  return store;
}

interface Views {
  protectionTree: ProtectionTree;
  protectionView: vscode.TreeView<ProtectionNode>;
  jobsTree: JobsTree;
  jobsView: vscode.TreeView<unknown>;
  decorations: VmDecorations;
  /** The RPO-above-target and drill-due badges (beside the protection badge). */
  recoveryDecorations: RecoveryDecorations;
  /** The not-ready badge (beside the others). */
  readinessDecorations: ReadinessDecorations;
}

/** The Protection and Jobs views and the VM badges. */
function createViews({ connection, vaults, vaultJobs, vaultEstates, store, tracker, drills }: Services, readiness: ReadinessSource): Views {
  const protectionTree = new ProtectionTree({
    store,
    addedVaults: {
      list: () =>
        vaultEstates.added().map((a) => {
          const v = a.connection.saved?.vault;
          return {
            vaultKey: a.vaultKey,
            store: a.store,
            vault: { name: v?.vaultName ?? '', location: v?.location ?? '', resourceGroup: v?.resourceGroup ?? '' },
            // Its own plans, as its store lists them on each refresh (issue 16 §3).
            plans: storePlanSource(a.store),
          };
        }),
      onDidChange: (listener) => vaultEstates.onDidChange(listener),
    },
    vault: () => {
      const v = connection.saved?.vault;
      return v ? { name: v.vaultName, location: v.location ?? '', resourceGroup: v.resourceGroup } : undefined;
    },
    cloud: () => connection.currentCloud(),
    tenant: () => portalTenants.known(tenantSourceOf(connection.saved)),
    // The late-recovery-point warning in a VM's tooltip compares with its policy's copy frequency.
    policyIntervalSeconds: (vm) => store.policyIntervalSeconds(vm),
    recoveryTargets: readRecoverySettings,
    readiness,
    plans: storePlanSource(store),
  });
  const jobsTree = new JobsTree({
    snapshot: () => tracker.snapshot,
    onDidChange: (listener) => tracker.onDidChange(() => listener()),
    getJob: async (jobName) => {
      const vctx = await (vaults.connectionFor(vaultJobs.vaultKeyOf(jobName)) ?? connection).vaultContext();
      if (!vctx) throw new Error(vscode.l10n.t('Connect to a vault first.'));
      return getJob(vctx, jobName);
    },
    drill: drills,
  });
  const jobsView = vscode.window.createTreeView(viewIds.jobs, { treeDataProvider: jobsTree });
  const decorations = new VmDecorations(store);
  const recoveryDecorations = new RecoveryDecorations({ store, targets: readRecoverySettings, policyIntervalSeconds: (vm) => store.policyIntervalSeconds(vm) });
  const protectionView = vscode.window.createTreeView(viewIds.protection, { treeDataProvider: protectionTree, showCollapseAll: true });
  return { protectionTree, protectionView, jobsTree, jobsView, decorations, recoveryDecorations, readinessDecorations: new ReadinessDecorations(readiness) };
}

function viewDisposables(views: Views): vscode.Disposable[] {
  return [
    views.protectionTree,
    views.jobsTree,
    views.jobsView,
    views.protectionView,
    vscode.window.registerFileDecorationProvider(views.decorations),
    views.recoveryDecorations,
    vscode.window.registerFileDecorationProvider(views.recoveryDecorations),
    views.readinessDecorations,
    vscode.window.registerFileDecorationProvider(views.readinessDecorations),
    // The RPO target or drill interval changed: every VM's facts, and the hosts' and vault's counts, again.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.rpo`) || e.affectsConfiguration(`${SECTION}.drills`)) {
        views.protectionTree.refreshAll();
        views.recoveryDecorations.refresh();
      }
    }),
  ];
}

function setContextKeys(connection: Connection): void {
  void vscode.commands.executeCommand('setContext', contextKeys.signedIn, connection.signedIn);
  void vscode.commands.executeCommand('setContext', contextKeys.connected, connection.connected);
}

/** The wizards that work on the vault they were opened on (the Connect wizard is the one that changes it). */
const vaultWizardViewTypes: readonly string[] = [enableReplicationWizardKind.viewType, failoverWizardKind.viewType, failbackWizardKind.viewType, computeNetworkWizardKind.viewType];

/** Closes the open wizards that work on a vault no longer connected, and says so. */
function closeVaultWizards(previous: SessionState, log: vscode.LogOutputChannel): void {
  for (const open of openFormPanels().filter((p) => vaultWizardViewTypes.includes(p.panel.viewType))) {
    const title = open.panel.title;
    open.panel.dispose();
    const text = vscode.l10n.t('Closed "{0}": it worked on the vault {1}, which is no longer connected.', title, previous.vaultName ?? '');
    log.info(text);
    void vscode.window.showInformationMessage(text);
  }
}

/** Sign Out, Connect, a new sign-in: every view, the status bar and the context keys follow in the same tick (connection/vaultChange.ts). */
function followConnection({ connection, store, tracker }: Services, views: Views, log: vscode.LogOutputChannel): vscode.Disposable {
  return connection.onDidChange(
    followVaultChanges(() => sessionStateOf(connection.saved), {
      estate: store,
      jobs: tracker,
      showSession: () => {
        setContextKeys(connection);
        views.protectionTree.refreshAll();
      },
      closeVaultWizards: (previous) => closeVaultWizards(previous, log),
      log: (line) => log.warn(line),
    }),
  );
}

/** The job tracker and its status bar and notifications, the protection poller, and what follows the connection. */
function startBackgroundWork(context: vscode.ExtensionContext, services: Services, views: Views, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const { connection, store, tracker, jobSettings } = services;
  // Only the VMs that change are re-read: those with an operation running at the jobs' fast
  // interval, those in initial replication at the idle one (so the percentage rises in the tree
  // without a manual refresh); every protected item at the full interval (a setting), while connected.
  const intervals = { busyIntervalMs: jobSettings.activePollMs, replicatingIntervalMs: jobSettings.idlePollMs, fullIntervalMs: jobSettings.fullRefreshMs };
  const firstVaultPoller = pollerFor(store, connection, intervals);
  // Each added vault's store polls its own changing VMs through its own connection (issue 16 §3).
  const addedVaultPollers = new AddedVaultPollers(() => services.vaultEstates.added().map((v) => ({ key: v.vaultKey, store: v.store, connection: v.connection })), intervals);
  return [
    connection,
    services.vaultEstates,
    services.vaults,
    // A vault added or removed: its jobs show, or go, at once.
    services.vaults.onDidChange(() => void tracker.refreshNow()),
    tracker,
    createJobStatusBar(tracker, store, services.drills),
    services.drills,
    notifyJobEnds(tracker, (jobName) => {
      // The job's own vault (an added one's store and connection, or the first's).
      const vaultKey = services.vaultJobs.vaultKeyOf(jobName);
      const jobStore = services.vaultEstates.storeFor(vaultKey) ?? store;
      const jobConnection = services.vaults.connectionFor(vaultKey) ?? connection;
      jobStore.jobEnded(jobName);
      void jobConnection
        .vaultContext()
        .then((vctx) => Promise.all([jobStore.refreshProtection(vctx), jobStore.recoveryPlans.refresh(vctx)]))
        .catch((e: unknown) => log.warn(String(e)));
    }),
    views.jobsView.onDidChangeVisibility((e) => {
      if (e.visible) tracker.markFailuresSeen();
    }),
    rememberTracker(tracker, context.globalState),
    vscode.window.onDidChangeWindowState((s) => {
      tracker.setFocused(s.focused);
      firstVaultPoller.poller.setFocused(s.focused);
      addedVaultPollers.setFocused(s.focused);
    }),
    firstVaultPoller,
    services.vaultEstates.onDidChange(() => addedVaultPollers.sync()),
    addedVaultPollers,
    // The Get Started walkthrough's steps complete by these keys.
    watchWalkthroughContext(store, (key, value) => void vscode.commands.executeCommand('setContext', key, value)),
    followConnection(services, views, log),
  ];
}

/**
 * Stale-while-revalidate (estate/snapshotCache.ts): the connected vault's last snapshot, saved in
 * the extension's global storage, shows at once (marked as cached) while the first refresh runs;
 * each refresh saves it again; Sign Out deletes the files.
 */
function showAndKeepCachedEstate(context: vscode.ExtensionContext, { connection, store }: Services, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const started = Date.now();
  const cache = keepEstateCache({
    folder: vscode.Uri.joinPath(context.globalStorageUri, ESTATE_CACHE_FOLDER).fsPath,
    store,
    vaultKey: () => vaultKeyOf(connection.saved),
    log: (line) => log.warn(line),
  });
  void cache.showSaved().then((shown) => {
    if (!shown) return;
    const saved = store.cachedAt?.toISOString() ?? '';
    log.info(vscode.l10n.t('Showing the estate saved at {0} ({1} VMs), {2} ms after activation; refreshing.', saved, store.snapshot?.counts.vms ?? 0, Date.now() - started));
  });
  return [
    cache,
    connection.onDidChange(() => {
      if (!connection.signedIn) void cache.forgetAll().catch((e: unknown) => log.warn(e instanceof Error ? e.message : String(e)));
    }),
  ];
}

/** Settings changes: the cloud resets the connection; the Hyper-V settings get a new PowerShell session and a refresh. */
function watchConfiguration({ connection, vaults, store, runner }: Services, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.cloud`) || e.affectsConfiguration(`${SECTION}.customCloud`)) {
        connection.reset();
        for (const added of vaults.addedVaults()) added.connection.reset();
      }
      if (e.affectsConfiguration(`${SECTION}.hyperV`)) {
        // Let a refresh in flight finish with the old PowerShell, then switch and refresh again.
        const old = runner.replace();
        void (async () => {
          await store.refresh().catch(() => undefined);
          await old?.dispose();
          await store.refresh();
        })().catch((err: unknown) => log.warn(err instanceof Error ? err.message : String(err)));
      }
    }),
    { dispose: () => runner.dispose() },
  ];
}

/** Every command, each guarded so that nothing shows a stack trace. */
function registerCommands(commandContext: CommandContext, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return allCommands.map((command) =>
    vscode.commands.registerCommand(command.id, async (arg?: unknown) => {
      try {
        // The vault of the node it was run from; from the palette with several vaults, the one picked (commands/commandVault.ts).
        const target = await contextForCommand(commandContext, command.id, arg, (items, options) => vscode.window.showQuickPick(items, options));
        if (target) await command.run(target, arg);
      } catch (e) {
        // Commands handle their own errors; this is the last line so nothing shows a stack trace.
        log.error(`${command.id}: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      }
    }),
  );
}

/** The context keys, the tracker when connected, the first refresh. */
function start(context: vscode.ExtensionContext, { connection, store, tracker }: Services, views: Views, log: vscode.LogOutputChannel): void {
  setContextKeys(connection);
  log.info(vscode.l10n.t('Azure Site Recovery for Hyper-V activated.'));
  if (connection.connected) tracker.start();
  if (connection.connected || readHyperVSettings().hosts.length > 0) {
    void store.refresh().catch((e: unknown) => log.warn(e instanceof Error ? e.message : String(e)));
  }
  context.subscriptions.push(views.decorations);
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
