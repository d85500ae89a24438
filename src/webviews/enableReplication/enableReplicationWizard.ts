// The Enable Replication wizard (issue 5 §3) as a form wizard: choose VMs, preflight, host access
// (only when a chosen VM's host needs the provider installed over remoting), target in Azure,
// replication policy, review, then the run page with every step. Pure: no vscode; the services
// come in through EnableReplicationDeps. The run is not tied to the panel: closing it does not
// stop the work (the status bar follows the jobs the run reports through `watchJob`).
// This file is the controller: the state, what the user's actions do, and starting the run
// (src/flows/enableReplication.ts). The pages are drawn by pages.ts and the page builders beside
// it; the rules they follow are in candidates.ts, form.ts, pageFlow.ts, vmSettings.ts,
// hostAccess.ts, targetChoices.ts, policyChoice.ts and runPlan.ts; the saved state in snapshot.ts.

import * as l10n from '@vscode/l10n';
import type { JobOwner } from '../../jobs/types';
import type { ProgressStep } from '../protocol';
import type { VaultContext } from '../../services/azure/clients';
import type { ReplicationIntervalSeconds } from '../../services/azure/policies';
import type { OsType } from '../../services/azure/protection';
import type { ScriptRunner } from '../../services/hyperv/powershellRunner';
import type { HyperVCredential, HyperVTarget } from '../../services/hyperv/target';
import { EnableReplicationRun } from '../../flows/enableReplication';
import { loadAzureChoices, type AzureChoices } from '../../flows/enableReplicationChoices';
import type { LicenseChoice, RunPlan } from '../../flows/enableReplicationPlan';
import { azureServices, type EnableReplicationServices } from '../../flows/enableReplicationServices';
import type { ProviderInstallOptions, RunSaved } from '../../flows/enableReplicationSteps';
import { FormWizard, type PageContent } from '../form/formWizard';
import type { InputFieldView } from '../form/view';
import type { Candidates, CandidateHost } from './candidates';
import { initialForm, selectedHosts, selectedVms, type EnableReplicationForm, type EnableReplicationPage } from './form';
import { failedRemoteHost, hostAccessOf, withHostAccess } from './hostAccess';
import { nextPage, previousPage, withVm, type ModelContext } from './pageFlow';
import { followInitialReplication, type FollowedRun, type ReplicationWatch } from './initialReplication';
import { F, idPart } from './pageParts';
import { enableReplicationPage } from './pages';
import { buildRunPlan } from './runPlan';
import { asInterval, savedPlan, savedRun, type EnableReplicationSnapshot } from './snapshot';
import { withNetwork, withTargetDefaults } from './targetChoices';
import { withOsDisk, withOsType } from './vmSettings';

// ---------------------------------------------------------------------------------------------
// Deps

export interface EnableReplicationDeps {
  vaultContext(): Promise<VaultContext>;
  /** The vault's region: storage accounts and virtual networks are offered from there. */
  vaultLocation: string;
  /** The storage account chosen when connecting (the default on the target page). */
  storageAccountId?: string;
  runner: ScriptRunner;
  /**
   * How to reach a host: its computer name (none for the local machine), the FQDN it registers
   * as, and the credential to use — the one given here, else the saved one, else none (the
   * account VS Code runs as).
   */
  hostTarget(hostKey: string, credential?: HyperVCredential): Promise<HyperVTarget & { hostFqdn: string }>;
  /** Saves credentials that worked for a host (when the user ticked "save"). Absent: no checkbox. */
  saveHostCredential?(hostKey: string, credential: HyperVCredential): Promise<void>;
  /** Provider installer path / URL / proxy from the settings (read at each attempt). */
  providerOptions?(): ProviderInstallOptions;
  /**
   * A job was started: the status bar and the tree follow it; `owner` is the run that reports its
   * end (no notification of the job's own).
   */
  watchJob(jobName: string, vmName?: string, owner?: JobOwner): void;
  /** Called when the run has finished, so the tree shows the VMs as replicating. */
  refreshEstate(): Promise<void>;
  /**
   * The estate's protection of the VMs: the run page follows initial replication to Protected
   * through its changes, and each VM enabled is awaited for its one notification. Absent: the
   * page ends when initial replication is under way.
   */
  replication?: ReplicationWatch;
  /** Poll interval for jobs (default 5 s) and how long to wait for a host to connect (default 30 min). */
  timing?: { pollIntervalMs?: number; connectTimeoutMs?: number };
  /** The Azure and Hyper-V operations; default: the real services. */
  services?: EnableReplicationServices;
}

/** A restored panel's state: the form as saved, and the run to resume with its plan as the estate names it. */
export interface RestoredState {
  form: EnableReplicationSnapshot['form'];
  resume?: { plan: RunPlan; run: RunSaved };
}

export interface EnableReplicationInput {
  /** From the estate snapshot: candidatesFromEstate(snapshot, { savedCredentialHosts }). */
  candidates: Candidates;
  /** VM keys chosen when the wizard opens (see preselection()). */
  preselected: readonly string[];
}

/**
 * The owner of the run's jobs (policy, association, enable per VM): the run reports its own end,
 * on the page while it is open, in one warning when it fails after the page was closed, and in
 * one notification per VM when it is protected; its jobs raise none of their own.
 */
const runOwner: JobOwner = { showsEnd: () => true };

// ---------------------------------------------------------------------------------------------
// The wizard

export class EnableReplicationWizard extends FormWizard<EnableReplicationSnapshot> {
  private form: EnableReplicationForm;
  private choices: AzureChoices | undefined;
  /** Typed passwords by host key: memory only, never in the snapshot or the page. */
  private readonly passwords = new Map<string, string>();
  private plan: RunPlan | undefined;
  private run: EnableReplicationRun | undefined;
  private runPromise: Promise<void> = Promise.resolve();
  private readonly services: EnableReplicationServices;
  /** VMs whose protection is awaited for the notification (once per VM and enable). */
  private readonly awaited = new Set<string>();

  /**
   * `restore`: the state of a panel restored after a reload, its run's plan already checked and
   * named from the estate (restoreEnableReplicationWizard in restoredWizard.ts).
   */
  constructor(
    private readonly deps: EnableReplicationDeps,
    private readonly input: EnableReplicationInput,
    restore?: RestoredState,
  ) {
    super();
    this.services = deps.services ?? azureServices;
    if (restore) {
      this.form = { ...restore.form, frequency: asInterval(restore.form.frequency) };
      if (restore.resume) {
        this.plan = restore.resume.plan;
        this.attachRun(new EnableReplicationRun(this.plan, this.runEnv(), restore.resume.run));
        this.form = { ...this.form, page: 'run' };
      } else if (this.form.page === 'run') {
        this.form = { ...this.form, page: 'review' };
      }
      // Keep only VMs that are still candidates.
      this.form = { ...this.form, selected: this.form.selected.filter((k) => input.candidates.vms.some((v) => v.key === k)) };
      if (this.form.page !== 'run' && this.needsChoices(this.form.page)) void this.work(l10n.t('Reading your Azure resources…'), () => this.loadChoices());
    } else {
      this.form = initialForm(input.candidates, input.preselected);
    }
  }

  /** Resolves when the run (if any) stops: finished, or at a failed step. For tests and the glue. */
  whenIdle(): Promise<void> {
    return this.runPromise;
  }

  /** The run's steps (empty before Start). */
  get runSteps(): readonly ProgressStep[] {
    return this.run?.view() ?? [];
  }

  snapshot(): EnableReplicationSnapshot {
    return {
      form: {
        ...this.form,
        selected: [...this.form.selected],
        hostAccess: this.form.hostAccess.map((a) => ({ ...a })),
        osTypes: this.form.osTypes.map((o) => ({ ...o })),
        osDisks: this.form.osDisks.map((o) => ({ ...o })),
      },
      ...(this.plan ? { plan: savedPlan(this.plan) } : {}),
      ...(this.run ? { run: savedRun(this.run.saved()) } : {}),
    };
  }

  private ctx(): ModelContext {
    return {
      candidates: this.input.candidates,
      ...(this.choices ? { choices: this.choices } : {}),
      vaultLocation: this.deps.vaultLocation,
      passwordsFor: new Set([...this.passwords.keys()]),
    };
  }

  private needsChoices(page: EnableReplicationPage): boolean {
    return page === 'target' || page === 'policy' || page === 'review';
  }

  private async loadChoices(): Promise<void> {
    const vctx = await this.deps.vaultContext();
    this.choices = await loadAzureChoices(this.services, vctx, this.deps.vaultLocation);
    this.form = withTargetDefaults(this.form, this.choices, this.deps.storageAccountId);
  }

  // ---- pages ----

  protected page(): PageContent {
    const followed = this.followed();
    return enableReplicationPage({
      form: this.form,
      ctx: this.ctx(),
      busy: this.busy,
      canSaveCredentials: this.deps.saveHostCredential !== undefined,
      ...(this.plan ? { plan: this.plan } : {}),
      ...(this.run ? { run: this.run } : {}),
      ...(followed ? { followed } : {}),
    });
  }

  /** The run's steps with initial replication followed in the estate (when the glue gives it). */
  private followed(): FollowedRun | undefined {
    const watch = this.deps.replication;
    const run = this.run;
    if (!watch || !run) return undefined;
    return followInitialReplication(run.view(), run.plan.vms, (key) => watch.statusOf(key));
  }

  // ---- actions ----

  private hostByField(fieldId: string): CandidateHost | undefined {
    const part = fieldId.slice(fieldId.indexOf(':') + 1);
    const hosts =
      this.form.page === 'run'
        ? (this.plan?.hosts.map((h) => failedRemoteHost(`install:${h.key}`, this.plan, this.input.candidates)).filter((h) => h !== undefined) ?? [])
        : selectedHosts(this.form, this.input.candidates);
    return hosts.find((h) => idPart(h.key) === part);
  }

  protected onSet(field: InputFieldView, value: string): void {
    const id = field.id;
    const ch = this.choices;
    if (id.startsWith('user:') || id.startsWith('password:') || id.startsWith('save:')) {
      const host = this.hostByField(id);
      if (!host) return;
      const access = hostAccessOf(this.form, host.key);
      if (id.startsWith('user:')) this.form = withHostAccess(this.form, { ...access, userName: value });
      else if (id.startsWith('save:')) this.form = withHostAccess(this.form, { ...access, save: value === 'true' });
      else if (value === '') this.passwords.delete(host.key);
      else this.passwords.set(host.key, value);
      return;
    }
    if (id.startsWith('os:')) {
      const vm = selectedVms(this.form, this.input.candidates).find((v) => `os:${idPart(v.key)}` === id);
      if (vm) this.form = withOsType(this.form, vm.key, value as OsType);
      return;
    }
    if (id.startsWith('osDisk:')) {
      // The form gate let only an offered option through; a disk name of this VM, then.
      const vm = selectedVms(this.form, this.input.candidates).find((v) => `osDisk:${idPart(v.key)}` === id);
      if (vm && vm.disks.some((d) => d.name === value)) this.form = withOsDisk(this.form, vm.key, value);
      return;
    }
    switch (id) {
      case F.resourceGroup:
        this.form = { ...this.form, resourceGroupId: value };
        break;
      case F.storageAccount:
        this.form = { ...this.form, storageAccountId: value };
        break;
      case F.network:
        if (ch) this.form = withNetwork(this.form, ch, value);
        break;
      case F.subnet:
        this.form = { ...this.form, subnetName: value };
        break;
      case F.vmSize:
        this.form = { ...this.form, vmSize: value };
        break;
      case F.license:
        this.form = { ...this.form, licenseType: value as LicenseChoice };
        break;
      case F.frequency:
        this.form = { ...this.form, frequency: Number(value) as ReplicationIntervalSeconds };
        break;
      case F.retention:
        this.form = { ...this.form, retentionHours: value };
        break;
      case F.appConsistent:
        this.form = { ...this.form, appConsistentHours: value };
        break;
      default:
        break;
    }
  }

  protected override onCheck(field: InputFieldView, option: string, checked: boolean): void {
    if (field.id === F.vms) this.form = withVm(this.form, this.input.candidates, option, checked);
  }

  protected async onPress(id: string): Promise<void> {
    switch (id) {
      case 'cancel':
      case 'close':
        this.requestClose();
        return;
      case 'back':
        this.setError(undefined);
        this.form = previousPage(this.form, this.input.candidates);
        return;
      case 'reload':
        await this.work(l10n.t('Reading your Azure resources…'), () => this.loadChoices());
        return;
      case 'next': {
        const moved = nextPage(this.form, this.ctx());
        if (moved.problem !== undefined) {
          this.setError(moved.problem);
          return;
        }
        if (this.needsChoices(moved.form.page) && !this.choices) {
          const ok = await this.work(l10n.t('Reading your Azure resources…'), () => this.loadChoices());
          if (!ok) return;
        }
        this.setError(undefined);
        this.form = { ...this.form, page: moved.form.page };
        return;
      }
      case 'start': {
        const plan = buildRunPlan(this.form, this.ctx());
        this.setError(undefined);
        this.plan = plan;
        this.form = { ...this.form, page: 'run' };
        this.attachRun(new EnableReplicationRun(plan, this.runEnv()));
        this.launch();
        return;
      }
      case 'retry':
        this.setError(undefined);
        this.launch();
        return;
      case 'cancelRun':
        this.run?.cancel();
        return;
      default:
        return;
    }
  }

  // ---- the run ----

  private attachRun(run: EnableReplicationRun): void {
    this.run = run;
    run.onChange(() => {
      this.awaitEnabled(run);
      this.changed();
    });
    this.awaitEnabled(run);
    const watch = this.deps.replication;
    if (watch) {
      // The page follows initial replication as the estate re-reads it (the protection poller).
      const off = watch.onDidChange(() => {
        if (run.finished) this.changed();
      });
      this.onDidDispose(off);
    }
  }

  /** Each VM whose replication the run enabled is awaited, once, for its "is protected" notification. */
  private awaitEnabled(run: EnableReplicationRun): void {
    const watch = this.deps.replication;
    if (!watch) return;
    for (const vm of run.plan.vms) {
      if (this.awaited.has(vm.key)) continue;
      if (run.view().find((s) => s.id === `enable:${vm.key}`)?.state !== 'succeeded') continue;
      this.awaited.add(vm.key);
      watch.awaitProtected({ key: vm.key, name: vm.name });
    }
  }

  /** Starts (or resumes) the run in the background: it is not tied to the panel. */
  private launch(): void {
    const run = this.run;
    if (!run || run.running) return;
    this.runPromise = run.start().then(async () => {
      if (run.finished) await this.deps.refreshEstate().catch(() => undefined);
      this.changed();
    });
  }

  private credentialFor(hostKey: string): HyperVCredential | undefined {
    const user = hostAccessOf(this.form, hostKey).userName.trim();
    const password = this.passwords.get(hostKey);
    return user !== '' && password !== undefined ? { userName: user, password } : undefined;
  }

  private runEnv(): ConstructorParameters<typeof EnableReplicationRun>[1] {
    const deps = this.deps;
    return {
      vaultContext: () => deps.vaultContext(),
      services: this.services,
      runner: deps.runner,
      hostTarget: (hostKey) => deps.hostTarget(hostKey, this.credentialFor(hostKey)),
      ...(deps.providerOptions ? { providerOptions: () => deps.providerOptions?.() ?? {} } : {}),
      watchJob: (jobName, vmName) => deps.watchJob(jobName, vmName, runOwner),
      hostReady: async (hostKey) => {
        const credential = this.credentialFor(hostKey);
        if (credential && hostAccessOf(this.form, hostKey).save && deps.saveHostCredential) await deps.saveHostCredential(hostKey, credential);
      },
      pollIntervalMs: deps.timing?.pollIntervalMs ?? 5000,
      connectTimeoutMs: deps.timing?.connectTimeoutMs ?? 30 * 60_000,
    };
  }
}
