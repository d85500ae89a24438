// The steps of an Enable Replication run (src/flows/enableReplication.ts) and what their handlers
// share: the environment the run gets, the results kept for Retry and a reload, the step list a
// plan makes (steps that do not apply are skipped with the reason), the run as a step's handler
// sees it (RunContext), and the helpers every step uses: the plan's sites and a step's ASR job
// followed to its end.

import * as l10n from '@vscode/l10n';
import type { Job, ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { summarizeJob } from '../model/jobSummary';
import type { ProgressStep, StepState } from '../model/progressStep';
import { equalsIgnoreCase } from '../model/wireValues';
import type { VaultContext } from '../services/azure/clients';
import type { VaultCredentialsFile } from '../services/azure/vaultCredentials';
import type { ScriptRunner } from '../services/hyperv/powershellRunner';
import type { HyperVTarget } from '../services/hyperv/target';
import type { PlanHost, RunPlan, SiteSummary } from './enableReplicationPlan';
import type { EnableReplicationServices } from './enableReplicationServices';
import { followJob } from './followJob';
import type { ProviderSetupOptions, ProviderSetupStep } from './hostSetup';

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

export interface MutableStep {
  id: string;
  label: string;
  state: StepState;
  detail?: string;
  percent?: number;
}

export function hostStepId(kind: 'install' | 'register' | 'connected', host: PlanHost): string {
  return `${kind}:${host.key}`;
}

/** The steps of a plan, all pending (steps that do not apply are skipped with the reason). */
export function planSteps(plan: RunPlan): MutableStep[] {
  const steps: MutableStep[] = [{ id: 'permissions', label: l10n.t('Your permissions in Azure'), state: 'pending' }];
  const siteNames = plan.sites.map((s) => s.name).join(', ');
  steps.push({ id: 'site', label: plan.sites.some((s) => s.create) ? l10n.t('Create the Hyper-V site {0}', siteNames) : l10n.t('Hyper-V site {0}', siteNames), state: 'pending' });
  const setup = plan.hosts.filter((h) => h.setup);
  steps.push(
    setup.length > 0
      ? { id: 'credentials', label: l10n.t('Vault credentials file for registering the hosts'), state: 'pending' }
      : { id: 'credentials', label: l10n.t('Vault credentials file'), state: 'skipped', detail: l10n.t('Not needed: every host is already registered with the vault.') },
  );
  for (const h of plan.hosts) {
    if (h.setup) {
      steps.push({ id: hostStepId('install', h), label: l10n.t('Install the Site Recovery provider on {0}', h.name), state: 'pending' });
      steps.push({ id: hostStepId('register', h), label: l10n.t('Register {0} with the vault', h.name), state: 'pending' });
    } else {
      steps.push({ id: hostStepId('install', h), label: l10n.t('Site Recovery provider on {0}', h.name), state: 'skipped', detail: l10n.t('Already installed.') });
      steps.push({ id: hostStepId('register', h), label: l10n.t('Register {0} with the vault', h.name), state: 'skipped', detail: l10n.t('Already registered in {0}.', h.site) });
    }
    steps.push({ id: hostStepId('connected', h), label: l10n.t('{0} connected, its VMs visible in the vault', h.name), state: 'pending' });
  }
  steps.push({
    id: 'policy',
    label: plan.policy.kind === 'reuse' ? l10n.t('Replication policy {0} (reused)', plan.policy.name) : l10n.t('Create the replication policy {0}', plan.policy.name),
    state: 'pending',
  });
  plan.sites.forEach((s, i) => steps.push({ id: `association:${i}`, label: l10n.t('Associate the policy with the site {0}', s.name), state: 'pending' }));
  for (const vm of plan.vms) steps.push({ id: `enable:${vm.key}`, label: l10n.t('Enable replication for {0}', vm.name), state: 'pending' });
  steps.push({ id: 'replication', label: l10n.t('Initial replication'), state: 'pending' });
  return steps;
}

export { sleep } from './hostSetup';

export function isDone(s: { state: StepState }): boolean {
  return s.state === 'succeeded' || s.state === 'skipped';
}

/** The run as a step's handler sees it: the plan, the environment, the results so far, the steps. */
export interface RunContext {
  readonly plan: RunPlan;
  readonly env: RunEnv;
  readonly results: RunResults;
  /** Vault credentials made by the credentials step, by site (memory only: they hold a private key). */
  readonly credentials: Map<string, VaultCredentialsFile>;
  /** The protectable item of each planned VM, by VM key, once the vault lists it. */
  readonly protectable: Map<string, ProtectableItem>;
  /** The current attempt's signal: aborted when the user cancels the run (the waits, scripts and reads in flight end). */
  readonly signal: AbortSignal;
  step(id: string): MutableStep;
  /** Sets a step's state, detail and percent (an absent detail or percent is cleared) and tells the listeners. */
  set(s: MutableStep, state: StepState, detail?: string, percent?: number): void;
}

export function siteOf(run: RunContext, name: string): SiteSummary {
  const site = run.results.sites.find((x) => equalsIgnoreCase(x.name, name));
  if (!site) throw new Error(l10n.t('The Hyper-V site {0} is not known yet: press Retry to read it again.', name));
  return site;
}

export function jobOf(run: RunContext, stepId: string): string | undefined {
  return run.results.jobs.find((j) => j.stepId === stepId)?.jobName;
}

/** Records the job of a step, reports it (unless already reported) and follows it until it ends (src/flows/followJob.ts). */
export async function followStepJob(run: RunContext, vctx: VaultContext, s: MutableStep, jobName: string, report = true): Promise<Job | undefined> {
  if (jobName === '') return undefined;
  run.results.jobs = [...run.results.jobs.filter((j) => j.stepId !== s.id), { stepId: s.id, jobName }];
  if (report) run.env.watchJob(jobName);
  const job = await followJob(vctx, jobName, {
    read: (v, name, options) => run.env.services.getJob(v, name, options),
    intervalMs: run.env.pollIntervalMs,
    signal: run.signal,
    // No job of this run waits for a person; a suspended one is read on until it goes on.
    waitWhileSuspended: true,
    onProgress: (j) => {
      const sum = summarizeJob(j, new Date());
      if (sum.state === 'Succeeded' || sum.state === 'Failed' || sum.state === 'Cancelled') return;
      const percent = sum.progress.total > 0 ? Math.round((sum.progress.done / sum.progress.total) * 100) : undefined;
      run.set(s, 'running', sum.currentStep ? `${sum.title}: ${sum.currentStep}…` : `${sum.title}…`, percent);
    },
  });
  const sum = summarizeJob(job, new Date());
  if (sum.state === 'Failed' || sum.state === 'Cancelled') {
    const why = [sum.errorMessage, sum.recommendedAction].filter((x) => x !== undefined && x !== '').join(' ');
    const failed = sum.state === 'Failed';
    const what = why
      ? failed
        ? l10n.t('The job "{0}" failed: {1}', sum.title, why)
        : l10n.t('The job "{0}" was cancelled: {1}', sum.title, why)
      : failed
        ? l10n.t('The job "{0}" failed.', sum.title)
        : l10n.t('The job "{0}" was cancelled.', sum.title);
    throw new Error(/retry/i.test(why) ? what : `${what} ${l10n.t('Fix what it says, then press Retry.')}`);
  }
  return job;
}
