// The Enable Replication run (issue 5 §3): every step of the plan with its state and progress —
// Hyper-V site, vault credentials file, provider install, registration, host connected and its VMs
// visible, policy (reused or created), association, enable replication per VM, initial
// replication under way. A failed step stops the run with the reason; `start()` again resumes
// from that step: finished steps and their results (site, provider setup progress, policy, jobs)
// are kept and not redone. `cancel()` aborts the attempt's signal: the script, the Azure read or
// the wait in flight ends (the PowerShell running a provider install is killed), the step it was
// in is marked failed with cancelled() and not done, so Retry redoes it; every step checks first
// whether its work is already done in Azure or on the host, so redoing one never duplicates it.
// Pure: no vscode; the services come in through RunEnv (tests pass fakes).
// The steps' handlers live beside it: the vault's side (permissions, site, credentials, policy,
// association) in enableReplicationVaultSteps.ts, the hosts' in enableReplicationHostSteps.ts, the
// VMs' in enableReplicationVmSteps.ts; what they share in enableReplicationSteps.ts.

import * as l10n from '@vscode/l10n';
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { failureText } from '../model/failureText';
import type { VaultCredentialsFile } from '../services/azure/vaultCredentials';
import type { RunPlan } from './enableReplicationPlan';
import { checkHost, setupHost } from './enableReplicationHostSteps';
import { isDone, planSteps, type MutableStep, type RunContext, type RunEnv, type RunResults, type RunSaved } from './enableReplicationSteps';
import { associate, checkPermissions, ensurePolicy, ensureSites, makeCredentials } from './enableReplicationVaultSteps';
import { enableVm, followReplication } from './enableReplicationVmSteps';

import type { ProgressStep, StepState } from '../model/progressStep';
export type { ProgressStep, StepState };

type StepKind = 'permissions' | 'site' | 'credentials' | 'install' | 'register' | 'connected' | 'policy' | 'association' | 'enable' | 'replication';

const interrupted = (): string => l10n.t('Interrupted before it finished (VS Code was reloaded or closed). Press Retry to continue from here.');
/** What a step the user cancelled says. */
export const cancelled = (): string =>
  l10n.t('Cancelled. Press Retry to continue from here: what was done is kept, and this step checks what is already done before it does anything.');

function kindOf(id: string): StepKind {
  return (id.split(':')[0] ?? id) as StepKind;
}

// ---------------------------------------------------------------------------------------------
// The run

export class EnableReplicationRun {
  private readonly steps: MutableStep[];
  readonly results: RunResults;
  private active: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  private attempts = 0;
  /** The current attempt's cancellation (a new one at each start). */
  private control = new AbortController();
  private wasCancelled = false;
  /** What the steps' handlers work with. */
  private readonly context: RunContext;

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
        const detail = was.state === 'running' ? interrupted() : was.detail;
        if (detail !== undefined) s.detail = detail;
        // A reload keeps a failed step's reason only; a skipped step says why from the plan.
        else if (s.state !== 'skipped') delete s.detail;
        if (was.percent !== undefined) s.percent = was.percent;
      }
    }
    const signal = (): AbortSignal => this.control.signal;
    this.context = {
      plan,
      env,
      get signal() {
        return signal();
      },
      results: this.results,
      credentials: new Map<string, VaultCredentialsFile>(),
      protectable: new Map<string, ProtectableItem>(),
      step: (id) => this.step(id),
      set: (s, state, detail, percent) => this.set(s, state, detail, percent),
    };
  }

  /** The steps as the run page shows them. */
  view(): ProgressStep[] {
    return this.steps.map((s) => ({ ...s }));
  }

  saved(): RunSaved {
    return {
      steps: this.steps.map((x) => ({
        id: x.id,
        state: x.state,
        ...(x.detail !== undefined ? { detail: x.detail } : {}),
        ...(x.percent !== undefined ? { percent: x.percent } : {}),
      })),
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

  /** The last attempt ended because the user cancelled it (cleared at the next start). */
  get cancelled(): boolean {
    return !this.running && this.wasCancelled;
  }

  /** Stops the attempt in progress: the work in flight ends, the step it was in waits for Retry. */
  cancel(): void {
    if (!this.active) return;
    this.wasCancelled = true;
    this.control.abort();
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
    this.control = new AbortController();
    this.wasCancelled = false;
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
    if (!s) throw new Error(l10n.t('The run has no step {0}.', id));
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
        this.control.signal.throwIfAborted();
        await this.execute(next);
      } catch (e) {
        const failed = this.steps.find((s) => s.state === 'running') ?? next;
        this.set(failed, 'failed', this.control.signal.aborted ? cancelled() : failureText(e));
        for (const s of this.steps) if (s.state === 'running') this.set(s, 'pending');
        return;
      }
      if (next.state === 'running' || next.state === 'pending') {
        // A step's handler always settles its step; this guards against a loop that never ends.
        this.set(next, 'failed', l10n.t('The step ended without a result. Press Retry to run it again.'));
        return;
      }
    }
  }

  private async execute(s: MutableStep): Promise<void> {
    const vctx = await this.env.vaultContext();
    const run = this.context;
    const key = s.id.slice(s.id.indexOf(':') + 1);
    switch (kindOf(s.id)) {
      case 'permissions':
        return checkPermissions(run, vctx, s);
      case 'site':
        return ensureSites(run, vctx, s);
      case 'credentials':
        return makeCredentials(run, vctx, s);
      case 'install':
      case 'register':
      case 'connected': {
        const host = this.plan.hosts.find((h) => h.key === key);
        if (!host) throw new Error(l10n.t('The host {0} is not part of this run.', key));
        return host.setup ? setupHost(run, vctx, host) : checkHost(run, vctx, host, s);
      }
      case 'policy':
        return ensurePolicy(run, vctx, s);
      case 'association':
        return associate(run, vctx, s, Number(key));
      case 'enable': {
        const vm = this.plan.vms.find((v) => v.key === key);
        if (!vm) throw new Error(l10n.t('The VM {0} is not part of this run.', key));
        return enableVm(run, vctx, s, vm);
      }
      case 'replication':
        return followReplication(run, vctx, s);
    }
  }
}
