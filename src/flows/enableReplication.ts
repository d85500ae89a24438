// The Enable Replication run (issue 5 §3): every step of the plan with its state and progress —
// Hyper-V site, vault credentials file, provider install, registration, host connected and its VMs
// visible, policy (reused or created), association, enable replication per VM, initial
// replication under way. A failed step stops the run with the reason; `start()` again resumes
// from that step: finished steps and their results (site, provider setup progress, policy, jobs)
// are kept and not redone. Pure: no vscode; the services come in through RunEnv (tests pass fakes).

import type { Fabric, Job, ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { sameArmId, vaultId } from '../model/armId';
import { summarizeJob } from '../model/jobSummary';
import { followJob } from './followJob';
import { hyperVReplicaDetails } from '../model/protectedItem';
import { equalsIgnoreCase, lastPathSegment } from '../model/wireValues';
import type { VaultContext } from '../services/azure/clients';
import { listProtectableItems } from '../services/azure/containers';
import { getJob } from '../services/azure/jobs';
import { listVirtualNetworks } from '../services/azure/networks';
import { associatePolicy, createHyperVPolicy, findMatchingPolicy, listMappings, listPolicies } from '../services/azure/policies';
import { enableProtection, getProtectedItem, protectableDisks, protectableItemRefusal } from '../services/azure/protection';
import { findDiskByName, type NamedDisk } from '../model/osDisk';
import { createHyperVSite, hyperVSiteContainerName, listHyperVSites } from '../services/azure/sites';
import { checkEnableReplicationPermissions } from '../services/azure/permissions';
import { listStorageAccounts } from '../services/azure/storage';
import { listResourceGroups } from '../services/azure/subscriptions';
import { createVaultCredentials, type VaultCredentialsFile } from '../services/azure/vaultCredentials';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import {
  providerSetupSteps,
  ProviderSetupError,
  setupProvider,
  waitUntilConnected,
  type ProviderSetupOptions,
  type ProviderSetupProgress,
  type ProviderSetupStep,
} from './hostSetup';
import type { HyperVTarget } from '../services/hyperv/target';
import { failureText } from '../model/failureText';
import type { PlanHost, PlanVm, RunPlan, SiteSummary } from './enableReplicationPlan';

import type { ProgressStep, StepState } from '../model/progressStep';
export type { ProgressStep, StepState };

// ---------------------------------------------------------------------------------------------
// Services (the real ones by default; unit tests pass fakes with the same signatures)

export interface EnableReplicationServices {
  checkEnableReplicationPermissions: typeof checkEnableReplicationPermissions;
  listHyperVSites: typeof listHyperVSites;
  createHyperVSite: typeof createHyperVSite;
  createVaultCredentials: typeof createVaultCredentials;
  setupProvider: typeof setupProvider;
  waitUntilConnected: typeof waitUntilConnected;
  listPolicies: typeof listPolicies;
  createHyperVPolicy: typeof createHyperVPolicy;
  listMappings: typeof listMappings;
  associatePolicy: typeof associatePolicy;
  listProtectableItems: typeof listProtectableItems;
  enableProtection: typeof enableProtection;
  getJob: typeof getJob;
  getProtectedItem: typeof getProtectedItem;
  listResourceGroups: typeof listResourceGroups;
  listStorageAccounts: typeof listStorageAccounts;
  listVirtualNetworks: typeof listVirtualNetworks;
}

export const azureServices: EnableReplicationServices = {
  checkEnableReplicationPermissions,
  listHyperVSites,
  createHyperVSite,
  createVaultCredentials,
  setupProvider,
  waitUntilConnected,
  listPolicies,
  createHyperVPolicy,
  listMappings,
  associatePolicy,
  listProtectableItems,
  enableProtection,
  getJob,
  getProtectedItem,
  listResourceGroups,
  listStorageAccounts,
  listVirtualNetworks,
};

/** The site facts the run needs, from an ASR fabric. */
export function siteSummary(fabric: Fabric): SiteSummary | undefined {
  const name = fabric.name;
  const identifier = fabric.properties?.internalIdentifier;
  const containerName = hyperVSiteContainerName(fabric);
  return name && identifier && containerName ? { name, identifier, containerName } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Environment and state

/** Provider installer options (from the settings, read at every attempt so a fix plus Retry works). */
export type ProviderInstallOptions = Pick<ProviderSetupOptions, 'installerPath' | 'installerUrl' | 'proxy'>;

export interface RunEnv {
  vaultContext(): Promise<VaultContext>;
  services: EnableReplicationServices;
  runner: ScriptRunner;
  /** How to reach a host (with the credentials the wizard holds now). */
  hostTarget(hostKey: string): Promise<HyperVTarget & { hostFqdn: string }>;
  providerOptions?(): ProviderInstallOptions;
  /** A job was started: the status bar follows it. */
  watchJob(jobName: string, vmName?: string): void;
  /** The provider was installed and registered on a host (the wizard may save its credentials). */
  hostReady?(hostKey: string): Promise<void>;
  pollIntervalMs: number;
  /** How long to wait for a host to connect and its VMs to show in the vault. */
  connectTimeoutMs: number;
}

export interface RunResults {
  sites: SiteSummary[];
  providers: { hostKey: string; completed: ProviderSetupStep[]; providerVersion?: string }[];
  policy?: { id: string; name: string; created: boolean };
  /** The last ASR job each step started (to follow it again after a failure or a reload). */
  jobs: { stepId: string; jobName: string }[];
}

/** A step as saved for a reload (its label comes back from the plan). */
export type SavedStep = Omit<ProgressStep, 'label'>;

export interface RunSaved {
  steps: SavedStep[];
  results: RunResults;
}

interface MutableStep {
  id: string;
  label: string;
  state: StepState;
  detail?: string;
  percent?: number;
}

type StepKind = 'permissions' | 'site' | 'credentials' | 'install' | 'register' | 'connected' | 'policy' | 'association' | 'enable' | 'replication';

const INTERRUPTED = 'Interrupted before it finished (VS Code was reloaded or closed). Press Retry to continue from here.';

function hostStepId(kind: 'install' | 'register' | 'connected', host: PlanHost): string {
  return `${kind}:${host.key}`;
}

/** The steps of a plan, all pending (steps that do not apply are skipped with the reason). */
function planSteps(plan: RunPlan): MutableStep[] {
  const steps: MutableStep[] = [{ id: 'permissions', label: 'Your permissions in Azure', state: 'pending' }];
  const siteNames = plan.sites.map((s) => s.name).join(', ');
  steps.push({ id: 'site', label: plan.sites.some((s) => s.create) ? `Create the Hyper-V site ${siteNames}` : `Hyper-V site ${siteNames}`, state: 'pending' });
  const setup = plan.hosts.filter((h) => h.setup);
  steps.push(
    setup.length > 0
      ? { id: 'credentials', label: 'Vault credentials file for registering the hosts', state: 'pending' }
      : { id: 'credentials', label: 'Vault credentials file', state: 'skipped', detail: 'Not needed: every host is already registered with the vault.' },
  );
  for (const h of plan.hosts) {
    if (h.setup) {
      steps.push({ id: hostStepId('install', h), label: `Install the Site Recovery provider on ${h.name}`, state: 'pending' });
      steps.push({ id: hostStepId('register', h), label: `Register ${h.name} with the vault`, state: 'pending' });
    } else {
      steps.push({ id: hostStepId('install', h), label: `Site Recovery provider on ${h.name}`, state: 'skipped', detail: 'Already installed.' });
      steps.push({ id: hostStepId('register', h), label: `Register ${h.name} with the vault`, state: 'skipped', detail: `Already registered in ${h.site}.` });
    }
    steps.push({ id: hostStepId('connected', h), label: `${h.name} connected, its VMs visible in the vault`, state: 'pending' });
  }
  steps.push({ id: 'policy', label: plan.policy.kind === 'reuse' ? `Replication policy ${plan.policy.name} (reused)` : `Create the replication policy ${plan.policy.name}`, state: 'pending' });
  plan.sites.forEach((s, i) => steps.push({ id: `association:${i}`, label: `Associate the policy with the site ${s.name}`, state: 'pending' }));
  for (const vm of plan.vms) steps.push({ id: `enable:${vm.key}`, label: `Enable replication for ${vm.name}`, state: 'pending' });
  steps.push({ id: 'replication', label: 'Initial replication under way', state: 'pending' });
  return steps;
}

function kindOf(id: string): StepKind {
  return (id.split(':')[0] ?? id) as StepKind;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isDone(s: { state: StepState }): boolean {
  return s.state === 'succeeded' || s.state === 'skipped';
}

// ---------------------------------------------------------------------------------------------
// The run

export class EnableReplicationRun {
  private readonly steps: MutableStep[];
  readonly results: RunResults;
  private active: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  /** Vault credentials made by the credentials step, by site (memory only: they hold a private key). */
  private readonly credentials = new Map<string, VaultCredentialsFile>();
  private readonly protectable = new Map<string, ProtectableItem>();
  private attempts = 0;

  constructor(
    readonly plan: RunPlan,
    private readonly env: RunEnv,
    saved?: RunSaved,
  ) {
    this.steps = planSteps(plan);
    this.results = saved ? structuredClone(saved.results) : { sites: [], providers: [], jobs: [] };
    if (saved) {
      for (const s of this.steps) {
        const was = saved.steps.find((x) => x.id === s.id);
        if (!was) continue;
        s.state = was.state === 'running' ? 'failed' : was.state;
        const detail = was.state === 'running' ? INTERRUPTED : was.detail;
        if (detail !== undefined) s.detail = detail;
        else delete s.detail;
        if (was.percent !== undefined) s.percent = was.percent;
      }
    }
  }

  /** The steps as the run page shows them. */
  view(): ProgressStep[] {
    return this.steps.map((s) => ({ ...s }));
  }

  saved(): RunSaved {
    return {
      steps: this.steps.map((x) => ({ id: x.id, state: x.state, ...(x.detail !== undefined ? { detail: x.detail } : {}), ...(x.percent !== undefined ? { percent: x.percent } : {}) })),
      results: structuredClone(this.results),
    };
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  get failedStep(): ProgressStep | undefined {
    return this.running ? undefined : this.steps.find((s) => s.state === 'failed');
  }

  get finished(): boolean {
    return this.steps.every(isDone);
  }

  /** How many times the run was started (the first start plus each Retry). */
  get attemptCount(): number {
    return this.attempts;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs the steps not finished yet; resolves when the run ends (done or stopped at a failed step). */
  start(): Promise<void> {
    if (this.active) return this.active;
    this.attempts++;
    const p = this.runAll().finally(() => {
      this.active = undefined;
      this.changed();
    });
    this.active = p;
    return p;
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private step(id: string): MutableStep {
    const s = this.steps.find((x) => x.id === id);
    if (!s) throw new Error(`The run has no step ${id}.`);
    return s;
  }

  private set(s: MutableStep, state: StepState, detail?: string, percent?: number): void {
    s.state = state;
    if (detail !== undefined) s.detail = detail;
    else delete s.detail;
    if (percent !== undefined) s.percent = percent;
    else delete s.percent;
    this.changed();
  }

  private async runAll(): Promise<void> {
    for (const s of this.steps) if (s.state === 'failed') this.set(s, 'pending', s.detail);
    for (;;) {
      const next = this.steps.find((s) => !isDone(s));
      if (!next) return;
      try {
        await this.execute(next);
      } catch (e) {
        const failed = this.steps.find((s) => s.state === 'running') ?? next;
        this.set(failed, 'failed', failureText(e));
        for (const s of this.steps) if (s.state === 'running') this.set(s, 'pending');
        return;
      }
      if (next.state === 'running' || next.state === 'pending') {
        // A step's handler always settles its step; this guards against a loop that never ends.
        this.set(next, 'failed', 'The step ended without a result. Press Retry to run it again.');
        return;
      }
    }
  }

  private async execute(s: MutableStep): Promise<void> {
    const vctx = await this.env.vaultContext();
    const key = s.id.slice(s.id.indexOf(':') + 1);
    switch (kindOf(s.id)) {
      case 'permissions':
        return this.checkPermissions(vctx, s);
      case 'site':
        return this.ensureSites(vctx, s);
      case 'credentials':
        return this.makeCredentials(vctx, s);
      case 'install':
      case 'register':
      case 'connected': {
        const host = this.plan.hosts.find((h) => h.key === key);
        if (!host) throw new Error(`The host ${key} is not part of this run.`);
        return host.setup ? this.setupHost(vctx, host) : this.checkHost(vctx, host, s);
      }
      case 'policy':
        return this.ensurePolicy(vctx, s);
      case 'association':
        return this.associate(vctx, s, Number(key));
      case 'enable': {
        const vm = this.plan.vms.find((v) => v.key === key);
        if (!vm) throw new Error(`The VM ${key} is not part of this run.`);
        return this.enable(vctx, s, vm);
      }
      case 'replication':
        return this.followReplication(vctx, s);
    }
  }

  // ---- permissions ----

  /**
   * Before anything is created: may the signed-in identity do what the run and a later failover
   * need, on the vault, the target resource group, the storage account and the network (ARM's
   * permissions API)? Missing roles stop the run here, named with their scope. When the check
   * itself cannot be made (the permissions API is not reachable), the run goes on and says so.
   */
  private async checkPermissions(vctx: VaultContext, s: MutableStep): Promise<void> {
    this.set(s, 'running', 'Checking what your account may do on the vault, the resource group, the storage account and the network…');
    const t = this.plan.target;
    let problems: string[];
    try {
      problems = await this.env.services.checkEnableReplicationPermissions(vctx, {
        vaultId: vaultId(vctx.vault),
        targetResourceGroupId: t.resourceGroupId,
        storageAccountId: t.storageAccountId,
        ...(t.networkId !== undefined ? { networkId: t.networkId } : {}),
      });
    } catch (e) {
      this.set(s, 'succeeded', `Your permissions could not be checked (${failureText(e).replace(/\.$/, '')}); the run goes on, and Azure will refuse a step you may not do.`);
      return;
    }
    if (problems.length > 0) throw new Error(`${problems.join(' ')} Press Retry once the role is assigned. Nothing was created.`);
    this.set(s, 'succeeded', 'Your account may do every step.');
  }

  // ---- site and credentials ----

  private site(name: string): SiteSummary {
    const site = this.results.sites.find((x) => equalsIgnoreCase(x.name, name));
    if (!site) throw new Error(`The Hyper-V site ${name} is not known yet: press Retry to read it again.`);
    return site;
  }

  private async ensureSites(vctx: VaultContext, s: MutableStep): Promise<void> {
    this.set(s, 'running', 'Reading the Hyper-V sites of the vault…');
    const created: string[] = [];
    for (const planned of this.plan.sites) {
      let found = (await this.env.services.listHyperVSites(vctx)).map(siteSummary).find((x) => x !== undefined && equalsIgnoreCase(x.name, planned.name));
      if (!found) {
        this.set(s, 'running', `Creating the Hyper-V site ${planned.name}…`);
        const op = await this.env.services.createHyperVSite(vctx, planned.name);
        await this.followJob(vctx, s, op.jobName);
        found = (await this.env.services.listHyperVSites(vctx)).map(siteSummary).find((x) => x !== undefined && equalsIgnoreCase(x.name, planned.name));
        if (!found) throw new Error(`The Hyper-V site ${planned.name} was created but the vault does not list it yet. Press Retry in a minute.`);
        created.push(found.name);
      }
      this.results.sites = [...this.results.sites.filter((x) => !equalsIgnoreCase(x.name, found.name)), found];
    }
    const names = this.results.sites.map((x) => x.name).join(', ');
    this.set(s, 'succeeded', created.length > 0 ? `Created ${created.join(', ')}.` : `Using the existing site ${names}.`);
  }

  private async freshCredentials(vctx: VaultContext, siteName: string): Promise<VaultCredentialsFile> {
    const site = this.site(siteName);
    const file = await this.env.services.createVaultCredentials(vctx, { fabricName: site.name, siteIdentifier: site.identifier, siteName: site.name });
    this.credentials.set(site.name.toLowerCase(), file);
    return file;
  }

  private async makeCredentials(vctx: VaultContext, s: MutableStep): Promise<void> {
    this.set(s, 'running', 'Creating the vault credentials file…');
    const sites = [...new Set(this.plan.hosts.filter((h) => h.setup).map((h) => h.site))];
    let until: Date | undefined;
    for (const name of sites) until = (await this.freshCredentials(vctx, name)).expiresOn;
    this.set(s, 'succeeded', `Created${until ? ` (valid until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : ''}; it is copied to each host only while it registers, then deleted.`);
  }

  /** The credentials for a site: the ones made by the credentials step while valid for another hour, else fresh ones. */
  private async credentialsFor(vctx: VaultContext, siteName: string): Promise<VaultCredentialsFile> {
    const file = this.credentials.get(siteName.toLowerCase());
    if (file && file.expiresOn.getTime() - Date.now() > 60 * 60_000) return file;
    return this.freshCredentials(vctx, siteName);
  }

  // ---- hosts ----

  private provider(hostKey: string): RunResults['providers'][number] {
    let p = this.results.providers.find((x) => x.hostKey === hostKey);
    if (!p) {
      p = { hostKey, completed: [] };
      this.results.providers.push(p);
    }
    return p;
  }

  private async setupHost(vctx: VaultContext, host: PlanHost): Promise<void> {
    const site = this.site(host.site);
    const record = this.provider(host.key);
    const target = await this.env.hostTarget(host.key);
    const onProgress = (p: ProviderSetupProgress): void => {
      const s = this.step(hostStepId(p.step, host));
      if (isDone(s)) return;
      switch (p.status) {
        case 'running':
          this.set(s, 'running', p.message);
          break;
        case 'done':
        case 'skipped':
          if (!record.completed.includes(p.step)) record.completed.push(p.step);
          if (p.step === 'connected') this.set(s, 'running', `${p.message} Waiting for its VMs to show in the vault…`);
          else this.set(s, p.status === 'done' ? 'succeeded' : 'skipped', p.message);
          break;
        case 'failed':
          // The error reaches runAll, which marks the step failed with the full sentence.
          break;
      }
    };
    try {
      const state = await this.env.services.setupProvider(this.env.runner, vctx, { fabricName: site.name, siteIdentifier: site.identifier, siteName: site.name }, target, {
        ...(this.env.providerOptions?.() ?? {}),
        resumeFrom: { host: target.hostFqdn, completed: [...record.completed], ...(record.providerVersion !== undefined ? { providerVersion: record.providerVersion } : {}) },
        vaultCredentials: () => this.credentialsFor(vctx, site.name),
        onProgress,
        pollIntervalMs: this.env.pollIntervalMs,
        waitTimeoutMs: this.env.connectTimeoutMs,
      });
      record.completed = [...state.completed];
      if (state.providerVersion !== undefined) record.providerVersion = state.providerVersion;
    } catch (e) {
      if (e instanceof ProviderSetupError) {
        record.completed = [...e.state.completed];
        if (e.state.providerVersion !== undefined) record.providerVersion = e.state.providerVersion;
        // The step that failed is the one running; make sure it is (a resumed step reports nothing before failing).
        const failed = this.step(hostStepId(e.step, host));
        if (failed.state !== 'running') this.set(failed, 'running');
      }
      throw e;
    }
    for (const step of providerSetupSteps) {
      const s = this.step(hostStepId(step, host));
      if (step !== 'connected' && !isDone(s)) this.set(s, 'succeeded', s.detail);
    }
    await this.env.hostReady?.(host.key).catch(() => undefined);
    const connected = this.step(hostStepId('connected', host));
    if (connected.state !== 'running') this.set(connected, 'running', `${host.name} is connected. Waiting for its VMs to show in the vault…`);
    await this.waitForProtectable(vctx, host, connected);
  }

  private async checkHost(vctx: VaultContext, host: PlanHost, s: MutableStep): Promise<void> {
    this.set(s, 'running', `Checking that ${host.name} is connected to the vault…`);
    await this.env.services.waitUntilConnected(vctx, host.site, host.fqdn, { waitTimeoutMs: 0, pollIntervalMs: this.env.pollIntervalMs });
    await this.waitForProtectable(vctx, host, s);
  }

  private async listProtectable(vctx: VaultContext, siteName: string): Promise<ProtectableItem[]> {
    const site = this.site(siteName);
    return this.env.services.listProtectableItems(vctx, site.name, site.containerName);
  }

  private rememberProtectable(items: readonly ProtectableItem[]): void {
    for (const vm of this.plan.vms) {
      const item = items.find((p) => matchesVm(p, vm));
      if (item) this.protectable.set(vm.key, item);
    }
  }

  /** Waits until every chosen VM of the host is a protectable item of its site. */
  private async waitForProtectable(vctx: VaultContext, host: PlanHost, s: MutableStep): Promise<void> {
    const vms = this.plan.vms.filter((v) => v.hostKey === host.key);
    const deadline = Date.now() + this.env.connectTimeoutMs;
    for (;;) {
      this.rememberProtectable(await this.listProtectable(vctx, host.site));
      const missing = vms.filter((v) => !this.protectable.has(v.key));
      if (missing.length === 0) break;
      if (Date.now() > deadline) {
        throw new Error(
          `${host.name} is connected, but the vault does not list ${missing.map((v) => v.name).join(', ')} yet. The provider reports a host's VMs a few minutes after it registers: press Retry in a few minutes.`,
        );
      }
      this.set(s, 'running', `${host.name} is connected. Waiting for ${missing.map((v) => v.name).join(', ')} to show in the vault…`);
      await sleep(this.env.pollIntervalMs);
    }
    this.set(s, 'succeeded', `${host.name} is connected; ${vms.length === 1 ? `${vms[0]?.name ?? 'its VM'} is` : `its ${vms.length} VMs are`} visible to the vault.`);
  }

  // ---- policy and association ----

  private async ensurePolicy(vctx: VaultContext, s: MutableStep): Promise<void> {
    this.set(s, 'running', 'Looking for a replication policy with these settings…');
    const settings = this.plan.policy.settings;
    let policies = await this.env.services.listPolicies(vctx);
    const match = findMatchingPolicy(policies, settings);
    if (match?.id && match.name) {
      const created = this.results.policy?.created === true && equalsIgnoreCase(this.results.policy.name, match.name);
      this.results.policy = { id: match.id, name: match.name, created };
      this.set(s, 'succeeded', created ? `Created ${match.name}.` : `Reusing the existing policy ${match.name}, which has these settings.`);
      return;
    }
    let name = this.plan.policy.name;
    for (let i = 2; policies.some((p) => equalsIgnoreCase(p.name, name)); i++) name = `${this.plan.policy.name}-${i}`;
    this.set(s, 'running', `Creating the replication policy ${name}…`);
    const op = await this.env.services.createHyperVPolicy(vctx, name, settings);
    await this.followJob(vctx, s, op.jobName);
    policies = await this.env.services.listPolicies(vctx);
    const made = policies.find((p) => equalsIgnoreCase(p.name, name));
    if (!made?.id) throw new Error(`The policy ${name} was created but the vault does not list it yet. Press Retry in a minute.`);
    this.results.policy = { id: made.id, name, created: true };
    this.set(s, 'succeeded', `Created ${name}.`);
  }

  private async associate(vctx: VaultContext, s: MutableStep, index: number): Promise<void> {
    const planned = this.plan.sites[index];
    const policy = this.results.policy;
    if (!planned || !policy) throw new Error('The replication policy is not known yet: press Retry.');
    const site = this.site(planned.name);
    this.set(s, 'running', `Checking whether ${policy.name} is associated with ${site.name}…`);
    const mappings = await this.env.services.listMappings(vctx, site.name, site.containerName);
    const paired = mappings.find((m) => sameArmId(m.properties?.policyId, policy.id) && equalsIgnoreCase(m.properties?.state, 'Paired'));
    if (paired) {
      this.set(s, 'succeeded', `${policy.name} is already associated with ${site.name}.`);
      return;
    }
    const previous = this.jobOf(s.id);
    const job = previous ? await this.env.services.getJob(vctx, previous).catch(() => undefined) : undefined;
    if (job && summarizeJob(job, new Date()).isActive) {
      await this.followJob(vctx, s, previous ?? '', false);
    } else {
      this.set(s, 'running', `Associating ${policy.name} with ${site.name}…`);
      const op = await this.env.services.associatePolicy(vctx, site.name, site.containerName, mappingName(policy.name), policy.id);
      await this.followJob(vctx, s, op.jobName);
    }
    this.set(s, 'succeeded', `${policy.name} is associated with ${site.name}.`);
  }

  // ---- enable replication ----

  private async enable(vctx: VaultContext, s: MutableStep, vm: PlanVm): Promise<void> {
    const policy = this.results.policy;
    const host = this.plan.hosts.find((h) => h.key === vm.hostKey);
    if (!policy || !host) throw new Error('The replication policy or the host is not known yet: press Retry.');
    const site = this.site(host.site);
    const previous = this.jobOf(s.id);
    if (previous) {
      const job = await this.env.services.getJob(vctx, previous).catch(() => undefined);
      const state = job ? summarizeJob(job, new Date()).state : undefined;
      if (state === 'Succeeded' || state === 'InProgress' || state === 'NotStarted') {
        // Reported again: after a reload the status bar may not know it any more.
        if (state !== 'Succeeded') this.env.watchJob(previous, vm.name);
        await this.followJob(vctx, s, previous, false);
        this.set(s, 'succeeded', `Replication is enabled for ${vm.name}.`);
        return;
      }
    }
    this.set(s, 'running', `Reading ${vm.name} from the vault…`);
    const items = await this.listProtectable(vctx, host.site);
    this.rememberProtectable(items);
    const item = this.protectable.get(vm.key);
    if (!item) throw new Error(`The vault does not list ${vm.name} as a VM it can protect. Check that ${host.name} is connected and the VM still exists, then press Retry.`);
    if (!equalsIgnoreCase(item.properties?.protectionStatus ?? 'Unprotected', 'Unprotected')) {
      this.set(s, 'succeeded', `Replication was already enabled for ${vm.name}.`);
      return;
    }
    const refusal = protectableItemRefusal(item, vm.name);
    if (refusal !== undefined) throw new Error(`${refusal} Fix this on the VM, then press Retry.`);
    const osDisk = osDiskOf(item, vm);
    const t = this.plan.target;
    this.set(s, 'running', `Enabling replication for ${vm.name}…`);
    const op = await this.env.services.enableProtection(vctx, {
      fabricName: site.name,
      containerName: site.containerName,
      protectedItemName: item.name ?? vm.vmId,
      policyId: policy.id,
      protectableItem: item,
      vmName: vm.name,
      osType: vm.osType,
      osDiskVhdId: osDisk.vhdId,
      logStorageAccountId: t.storageAccountId,
      targetResourceGroupId: t.resourceGroupId,
      ...(t.networkId !== undefined ? { targetNetworkId: t.networkId, ...(t.subnetName ? { targetSubnetName: t.subnetName } : {}) } : {}),
      ...(t.vmSize !== undefined ? { targetVmSize: t.vmSize } : {}),
      // Azure Hybrid Benefit only when chosen (the spec's enum; no H2A recording sends licenseType).
      ...(vm.osType === 'Windows' && t.licenseType === 'WindowsServer' ? { licenseType: t.licenseType } : {}),
    });
    this.env.watchJob(op.jobName, vm.name);
    await this.followJob(vctx, s, op.jobName, false);
    this.set(s, 'succeeded', `Replication is enabled for ${vm.name}.`);
  }

  private async followReplication(vctx: VaultContext, s: MutableStep): Promise<void> {
    this.set(s, 'running', 'Reading the protected items…');
    const deadline = Date.now() + this.env.connectTimeoutMs;
    for (;;) {
      const parts: string[] = [];
      const percents: number[] = [];
      let waiting = 0;
      for (const vm of this.plan.vms) {
        const host = this.plan.hosts.find((h) => h.key === vm.hostKey);
        if (!host) continue;
        const site = this.site(host.site);
        const item = await this.env.services.getProtectedItem(vctx, { ...vctx.vault, fabricName: site.name, containerName: site.containerName, protectedItemName: this.protectable.get(vm.key)?.name ?? vm.vmId });
        const state = item.properties?.protectionState ?? '';
        const pct = hyperVReplicaDetails(item)?.initialReplicationProgressPercentage;
        if (equalsIgnoreCase(state, 'Protected')) {
          parts.push(`${vm.name}: protected`);
          percents.push(100);
        } else if (equalsIgnoreCase(state, 'InitialReplicationInProgress')) {
          parts.push(`${vm.name}: initial replication ${pct ?? 0}%`);
          percents.push(pct ?? 0);
        } else {
          waiting++;
          parts.push(`${vm.name}: ${item.properties?.protectionStateDescription ?? (state || 'starting')}`);
          percents.push(0);
        }
      }
      const average = percents.length > 0 ? Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) : 0;
      if (waiting === 0) {
        this.set(s, 'succeeded', `${parts.join('; ')}. Initial replication goes on in Azure; the status bar and the tree follow it.`, average);
        return;
      }
      if (Date.now() > deadline) throw new Error(`Initial replication has not started yet (${parts.join('; ')}). Look at the jobs in the Jobs view, then press Retry.`);
      this.set(s, 'running', parts.join('; '), average);
      await sleep(this.env.pollIntervalMs);
    }
  }

  // ---- jobs ----

  private jobOf(stepId: string): string | undefined {
    return this.results.jobs.find((j) => j.stepId === stepId)?.jobName;
  }

  /** Records the job of a step, reports it (unless already reported) and follows it until it ends (src/flows/followJob.ts). */
  private async followJob(vctx: VaultContext, s: MutableStep, jobName: string, report = true): Promise<Job | undefined> {
    if (jobName === '') return undefined;
    this.results.jobs = [...this.results.jobs.filter((j) => j.stepId !== s.id), { stepId: s.id, jobName }];
    if (report) this.env.watchJob(jobName);
    const job = await followJob(vctx, jobName, {
      read: (v, name) => this.env.services.getJob(v, name),
      intervalMs: this.env.pollIntervalMs,
      // No job of this run waits for a person; a suspended one is read on until it goes on.
      waitWhileSuspended: true,
      onProgress: (j) => {
        const sum = summarizeJob(j, new Date());
        if (sum.state === 'Succeeded' || sum.state === 'Failed' || sum.state === 'Cancelled') return;
        const percent = sum.progress.total > 0 ? Math.round((sum.progress.done / sum.progress.total) * 100) : undefined;
        this.set(s, 'running', sum.currentStep ? `${sum.title}: ${sum.currentStep}…` : `${sum.title}…`, percent);
      },
    });
    const sum = summarizeJob(job, new Date());
    if (sum.state === 'Failed' || sum.state === 'Cancelled') {
      const why = [sum.errorMessage, sum.recommendedAction].filter((x) => x !== undefined && x !== '').join(' ');
      throw new Error(`The job "${sum.title}" ${sum.state === 'Failed' ? 'failed' : 'was cancelled'}${why ? `: ${why}` : '.'}${/retry/i.test(why) ? '' : ' Fix what it says, then press Retry.'}`);
    }
    return job;
  }
}

/**
 * The OS disk chosen for the VM among the disks the vault lists for it, by name as Az PowerShell
 * matches -OSDiskName (src/model/osDisk.ts). A VM with one disk: that disk.
 */
export function osDiskOf(item: ProtectableItem, vm: PlanVm): NamedDisk {
  const disks = protectableDisks(item);
  const found = findDiskByName(disks, vm.osDiskName) ?? (disks.length === 1 ? disks[0] : undefined);
  if (found) return found;
  const names = disks.map((d) => d.vhdName || d.vhdId).join(', ');
  throw new Error(
    `The vault lists the disks of ${vm.name} as ${names || 'none'}, and none of them is the operating system disk chosen (${vm.osDiskName}). Close this page, open Enable Replication for ${vm.name} again and choose its operating system disk among these.`,
  );
}

function matchesVm(item: ProtectableItem, vm: PlanVm): boolean {
  const source = (item.properties?.customDetails as { sourceItemId?: string } | undefined)?.sourceItemId;
  const ids = [item.name, source, item.id ? lastPathSegment(item.id) : undefined];
  return ids.some((id) => id !== undefined && id.replace(/[{}]/g, '').toLowerCase() === vm.vmId);
}

/** The association's name: the policy's, so one policy maps once per container. */
export function mappingName(policyName: string): string {
  return `${policyName}-mapping`.slice(0, 128);
}
