// The Failover wizard for a recovery plan (issue 16 §2: "the Failover wizard (which accepts a plan
// as its target)"), in the same form engine as the wizard for one VM (failoverWizard.ts):
//   kind     Test, Planned or Unplanned: only the kinds the plan's allowedOperations allow now,
//            with the plan's groups in the order they fail over; a plan that waits for the cleanup
//            of its test failover, or for its commit, offers that instead;
//   options  the network of the test VMs (isolated networks first), shut down the source VMs
//            first (unplanned);
//   confirm  a review; planned and unplanned failover need the plan's exact name typed; a test
//            network the VMs fail over to (production) is warned about on the page and in a modal;
//   run      the plan job's group tasks, and under each group its VMs' tasks (model/planJobTasks.ts),
//            then the next step: clean up (with notes) or commit.
// Every action reads the plan again first and is refused locally when its allowedOperations do
// not allow it (services/azure/recoveryPlans.ts). Pure: no vscode; services come in through
// PlanFailoverDeps and PlanFailoverServices.
import * as l10n from '@vscode/l10n';
import type { JobLike } from '../../model/jobSummary';
import type { RecoveryPlanSummary } from '../../model/recoveryPlan';
import { checkPlanAction, isPlanActionAllowed, planActionLabel, planVmsRefusal } from '../../model/recoveryPlanRules';
import { ActionNotAllowedError } from '../../services/azure/errors';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, InputFieldView } from '../form/view';
import type { Infer } from '../validate';
import { s } from '../validate';
import type { FailoverKind, FailoverPage } from './failoverModel';
import { actionOfKind, failoverKinds, failoverPages, neighbourOf, stepLabelOf, kindTitle, maxCleanupNotesLength, networkProblem } from './failoverModel';
import type { JobStart } from './failoverServices';
import { jobNamePattern, stageStatuses } from './jobProgress';
import { JobStageWizard, type JobStageAccess, type RetryCheck } from './jobStageWizard';
import {
  MAX_PLAN_NAME_INPUT_LENGTH,
  planGroupsBlock,
  offeredPlanKinds,
  planKindOptions,
  planNextStep,
  planOptionFields,
  planPendingStep,
  planProductionWarning,
  planReviewBlocks,
  planVmCount,
  planVmTaskBlocks,
  type PlanChoices,
  type PlanVmLookup,
} from './planFailoverPages';
import {
  azurePlanFailoverServices,
  planCommitQuestion,
  planActionOptions,
  planRunActions,
  type PlanFailoverDeps,
  type PlanFailoverServices,
  type PlanRunAction,
} from './planFailoverServices';

/** A plan's resource name as a restored snapshot may hold it (one ARM name segment). */
export const planNamePattern = /^[^/\\?#]{1,200}$/;
const maxPlanNameLength = MAX_PLAN_NAME_INPUT_LENGTH;

/** The saved state: the plan by name (read again from Azure on restore) and the choices. */
export const planFailoverSnapshotSchema = s.object({
  planName: s.string({ maxLength: maxPlanNameLength, pattern: planNamePattern }),
  /** The plan's ARM id once read (its vault: the restored page reopens on it when several are connected). */
  planId: s.optional(s.string({ maxLength: 1000 })),
  page: s.enumOf(failoverPages),
  kind: s.optional(s.enumOf(failoverKinds)),
  networkId: s.optional(s.string({ maxLength: 1000 })),
  shutDownSource: s.boolean(),
  notes: s.string({ maxLength: maxCleanupNotesLength }),
  stage: s.optional(s.object({ action: s.enumOf(planRunActions), jobName: s.string({ maxLength: 200, pattern: jobNamePattern }), status: s.enumOf(stageStatuses) })),
  done: s.array(s.enumOf(planRunActions), { maxItems: 10 }),
});
export type PlanFailoverSnapshot = Infer<typeof planFailoverSnapshotSchema>;

export interface PlanFailoverInput {
  planName: string;
  /** The plan as just read (else it is read when the wizard opens). */
  plan?: RecoveryPlanSummary;
  kind?: FailoverKind;
}

export class PlanFailoverWizard extends JobStageWizard<PlanFailoverSnapshot, PlanRunAction> {
  readonly planName: string;
  private plan: RecoveryPlanSummary | undefined;
  private at: FailoverPage = 'kind';
  private kind: FailoverKind | undefined;
  private networkId: string | undefined;
  private shutDownSource = true;
  private confirmName = '';
  private notes = '';
  private networks: VirtualNetworkSummary[] | undefined;
  /** The estate's view of the plan's VMs. */
  private readonly vmOf: PlanVmLookup = (itemId) => this.deps.vmOf(itemId);
  /** The current stage's job as last read (its groups' VM tasks). */
  private job: JobLike | undefined;

  constructor(
    private readonly deps: PlanFailoverDeps,
    input: PlanFailoverInput,
    private readonly services: PlanFailoverServices = azurePlanFailoverServices,
  ) {
    super();
    this.planName = input.planName;
    this.plan = input.plan;
    this.kind = input.kind;
    if (!this.plan) this.ready = this.loadPlan().then(() => undefined);
  }

  /** Rebuilds the wizard from a validated snapshot and its plan as read again from Azure: a run page follows its job again; other pages go back to the kind. */
  static restore(deps: PlanFailoverDeps, snap: PlanFailoverSnapshot, plan: RecoveryPlanSummary, services: PlanFailoverServices = azurePlanFailoverServices): PlanFailoverWizard {
    const w = new PlanFailoverWizard(deps, { planName: plan.name, plan, ...(snap.kind ? { kind: snap.kind } : {}) }, services);
    w.networkId = snap.networkId;
    w.shutDownSource = snap.shutDownSource;
    w.notes = snap.notes;
    if (snap.page === 'run' && snap.stage) {
      w.at = 'run';
      w.restoreStage(snap.stage.action, snap.stage.jobName, snap.done);
      w.ready = w.ready.then(() => {
        void w.follow();
      });
    }
    return w;
  }

  /** The plan's name as Azure shows it (its friendly name once read). */
  get displayName(): string {
    return this.plan?.friendlyName ?? this.planName;
  }

  snapshot(): PlanFailoverSnapshot {
    return {
      planName: this.planName,
      ...(this.plan ? { planId: this.plan.id } : {}),
      page: this.at,
      ...(this.kind !== undefined ? { kind: this.kind } : {}),
      ...(this.networkId !== undefined ? { networkId: this.networkId } : {}),
      shutDownSource: this.shutDownSource,
      notes: this.notes,
      ...(this.stage ? { stage: { action: this.stage.action, jobName: this.stage.jobName, status: this.stage.status } } : {}),
      done: [...this.done],
    };
  }

  // ---- the job stage ----

  protected access(): JobStageAccess {
    return {
      vaultContext: () => this.deps.vaultContext(),
      getJob: (vctx, jobName) => this.services.getJob(vctx, jobName),
      resumeJob: (vctx, jobName) => this.services.resumeJob(vctx, jobName),
      watchJob: (jobName, owner) => {
        if (this.plan && this.stage) this.deps.watchJob(jobName, this.plan, this.stage.action, owner);
      },
      pollIntervalMs: this.deps.pollIntervalMs,
    };
  }

  protected titleOf(action: PlanRunAction): string {
    return planActionLabel(action);
  }

  /** ASR keeps a plan's test failover job suspended until the cleanup (RPTestFailover.json). */
  protected override suspendedDetail(action: PlanRunAction): string {
    return action === 'testFailover' ? l10n.t('Waiting for the cleanup of the test failover.') : super.suspendedDetail(action);
  }

  protected override onJobRead(job: JobLike): void {
    this.job = job;
  }

  protected async afterJob(): Promise<void> {
    try {
      await this.readPlan();
    } catch {
      // the next press reads the plan again and says what is wrong
    }
    await this.deps.refresh();
  }

  protected retryCheck(action: PlanRunAction): RetryCheck {
    if (!this.plan) return { allowed: false };
    const check = checkPlanAction(this.plan, action);
    if (!check.allowed) return { allowed: false, reason: check.reason };
    const refusal = this.vmsRefusal(this.plan, action);
    return refusal === undefined ? { allowed: true } : { allowed: false, reason: refusal };
  }

  /** Why the plan's VMs refuse a failover or failback now (model/recoveryPlanRules.ts planVmsAllow); undefined when they allow it. */
  private vmsRefusal(plan: RecoveryPlanSummary, action: PlanRunAction): string | undefined {
    return planVmsRefusal(
      plan,
      (id) => this.vmOf(id)?.actions,
      action,
      (id) => this.vmOf(id)?.name ?? id.split('/').pop() ?? id,
    );
  }

  protected async recheck(): Promise<void> {
    await this.loadPlan();
  }

  private async readPlan(): Promise<RecoveryPlanSummary> {
    const plan = await this.services.getRecoveryPlan(await this.deps.vaultContext(), this.planName);
    this.plan = plan;
    return plan;
  }

  private loadPlan(): Promise<boolean> {
    return this.work(l10n.t('Reading the recovery plan {0} from Azure…', this.displayName), async () => {
      await this.readPlan();
    });
  }

  /** Reads the plan again, starts the action (refused locally when the plan does not allow it now), reports and follows its job. */
  protected async runAction(action: PlanRunAction, onStarted?: () => void): Promise<boolean> {
    const title = planActionLabel(action);
    let started: JobStart | undefined;
    const ok = await this.work(
      l10n.t({ message: 'Starting {0}…', args: [title.toLowerCase()], comment: ['The action in lower case, such as test failover or commit'] }),
      async () => {
        const vctx = await this.deps.vaultContext();
        const plan = await this.readPlan();
        const refusal = this.vmsRefusal(plan, action);
        if (refusal !== undefined) throw new ActionNotAllowedError(refusal);
        started = await this.services.startPlanAction(
          vctx,
          plan,
          action,
          planActionOptions(action, { networkId: this.networkId, shutDownSource: this.shutDownSource, notes: this.notes }),
        );
        if (started.jobName !== '') this.deps.watchJob(started.jobName, plan, action, this.owner);
      },
    );
    if (!ok || !started) return false;
    this.job = undefined;
    this.startStage(action, started.jobName);
    onStarted?.();
    this.changed();
    void this.follow();
    try {
      await this.deps.refresh();
    } catch {
      // the tree refreshes on its own later
    }
    return true;
  }

  // ---- pages ----

  private currentKind(): FailoverKind | undefined {
    return this.kind !== undefined && offeredPlanKinds(this.plan, this.vmOf).includes(this.kind) ? this.kind : undefined;
  }

  private choices(plan: RecoveryPlanSummary): PlanChoices {
    return {
      plan,
      vmOf: this.vmOf,
      networkId: this.networkId,
      networks: this.networks,
      failoverNetworkIds: this.deps.failoverNetworkIds(plan),
      shutDownSource: this.shutDownSource,
      notes: this.notes,
    };
  }

  private pageTitle(kind: FailoverKind | undefined, part?: 'options' | 'confirm'): string {
    const what = kind ? kindTitle(kind) : l10n.t('Failover');
    if (part === 'options')
      return l10n.t({ message: '{0} of the recovery plan {1}: options', args: [what, this.displayName], comment: ['The kind of failover, then the plan name'] });
    if (part === 'confirm')
      return l10n.t({ message: '{0} of the recovery plan {1}: confirm', args: [what, this.displayName], comment: ['The kind of failover, then the plan name'] });
    return l10n.t({ message: '{0} of the recovery plan {1}', args: [what, this.displayName], comment: ['The kind of failover, then the plan name'] });
  }

  protected page(): PageContent {
    switch (this.at) {
      case 'kind':
        return this.kindPage();
      case 'options':
        return this.optionsPage();
      case 'confirm':
        return this.confirmPage();
      case 'run':
        return this.runPage();
    }
  }

  private kindPage(): PageContent {
    const blocks: BlockView[] = [];
    const buttons: ButtonView[] = [{ id: 'cancel', label: l10n.t('Cancel') }];
    const plan = this.plan;
    const kind = this.currentKind();
    if (!plan) {
      blocks.push({ kind: 'textBlock', id: 'loading', text: l10n.t('Reading what the recovery plan {0} allows now from Azure Site Recovery…', this.displayName) });
      if (!this.busy) buttons.push({ id: 'reload', label: l10n.t('Try again') });
    } else if (planKindOptions(plan, this.vmOf).length === 0) {
      const pending = planPendingStep(this.choices(plan));
      blocks.push(...pending.blocks);
      buttons.push(...pending.buttons);
    } else {
      blocks.push({
        kind: 'radio',
        id: 'kind',
        label: l10n.t('Kind of failover'),
        hint: l10n.t('Only the kinds Azure Site Recovery allows for the recovery plan {0} now are offered.', plan.friendlyName),
        value: kind ?? '',
        options: planKindOptions(plan, this.vmOf),
        ...(kind ? {} : { problem: l10n.t('Choose a kind of failover.') }),
      });
    }
    if (plan) blocks.push(planGroupsBlock(plan, this.vmOf));
    if (!plan || planKindOptions(plan, this.vmOf).length > 0)
      buttons.push({ id: 'next', label: l10n.t('Next'), primary: true, disabled: kind === undefined || (plan !== undefined && planVmCount(plan) === 0) });
    return { page: 'kind', title: l10n.t('Fail over the recovery plan {0}', this.displayName), stepLabel: stepLabelOf(this.currentKind(), 'kind'), blocks, buttons };
  }

  private optionsProblem(): string | undefined {
    const kind = this.currentKind();
    if (!kind) return l10n.t('Choose a kind of failover first.');
    if (kind !== 'test') return undefined;
    if (!this.networks) return l10n.t('The virtual networks could not be read.');
    return networkProblem(this.networkId, this.networks);
  }

  private optionsPage(): PageContent {
    const kind = this.currentKind();
    const plan = this.plan;
    const blocks: BlockView[] = [];
    const buttons: ButtonView[] = [
      { id: 'back', label: l10n.t('Back') },
      { id: 'cancel', label: l10n.t('Cancel') },
    ];
    if (kind === 'test' && !this.networks) {
      blocks.push({ kind: 'textBlock', id: 'loading', text: l10n.t('Reading the virtual networks…') });
      if (!this.busy) buttons.push({ id: 'reload', label: l10n.t('Try again') });
    } else if (kind && plan) {
      blocks.push(...planOptionFields(kind, this.choices(plan)));
    }
    buttons.push({ id: 'next', label: l10n.t('Next'), primary: true, disabled: this.optionsProblem() !== undefined });
    return { page: 'options', title: this.pageTitle(kind, 'options'), stepLabel: stepLabelOf(this.currentKind(), 'options'), blocks, buttons };
  }

  private confirmPage(): PageContent {
    const kind = this.currentKind();
    const plan = this.plan;
    const blocks: BlockView[] = [];
    let startDisabled = kind === undefined || this.optionsProblem() !== undefined;
    if (kind && plan) {
      const review = planReviewBlocks(kind, this.choices(plan), this.confirmName);
      blocks.push(...review.blocks);
      if (review.nameProblem !== undefined) startDisabled = true;
    }
    const start = kind
      ? l10n.t({
          message: 'Start {0}',
          args: [kindTitle(kind).toLowerCase()],
          comment: ['The kind of failover in lower case: test failover, planned failover or unplanned failover'],
        })
      : l10n.t('Start failover');
    return {
      page: 'confirm',
      title: this.pageTitle(kind, 'confirm'),
      stepLabel: stepLabelOf(this.currentKind(), 'confirm'),
      blocks,
      buttons: [
        { id: 'back', label: l10n.t('Back') },
        { id: 'cancel', label: l10n.t('Cancel') },
        { id: 'start', label: start, primary: true, disabled: startDisabled },
      ],
    };
  }

  private runPage(): PageContent {
    const stage = this.stage;
    const blocks = this.runBlocks();
    // Under the job's steps (its groups), each group's VM tasks.
    const at = blocks.findIndex((b) => b.id === 'steps');
    blocks.splice(at + 1, 0, ...planVmTaskBlocks(this.job));
    const buttons = this.runButtons();
    if (stage?.status === 'succeeded' && this.plan) {
      const next = planNextStep(stage.action, this.choices(this.plan));
      blocks.push(...next.blocks);
      const plan = this.plan;
      // Clean up and Commit show only when the plan, read again after the job, allows them.
      buttons.push(
        ...next.buttons.filter((b) => (b.id === 'cleanup' ? isPlanActionAllowed(plan, 'testFailoverCleanup') : b.id === 'commit' ? isPlanActionAllowed(plan, 'commit') : true)),
      );
    }
    buttons.push(this.closeButton());
    return { page: 'run', title: this.pageTitle(this.kind), stepLabel: stepLabelOf(this.currentKind(), 'run'), blocks, buttons };
  }

  // ---- actions ----

  protected onSet(field: InputFieldView, value: string): void {
    switch (field.id) {
      case 'kind':
        if ((failoverKinds as readonly string[]).includes(value)) {
          this.kind = value as FailoverKind;
          this.confirmName = '';
        }
        break;
      case 'network':
        this.networkId = value;
        break;
      case 'shutDownSource':
        this.shutDownSource = value === 'true';
        break;
      case 'confirmName':
        this.confirmName = value;
        break;
      case 'notes':
        this.notes = value;
        break;
    }
  }

  protected async onPress(button: string): Promise<void> {
    if (button === 'cancel') return this.requestClose();
    switch (this.at) {
      case 'kind':
        if (button === 'reload') await this.loadPlan();
        else if (button === 'next') {
          this.at = neighbourOf(this.currentKind(), 'kind', 1);
          this.setError(undefined);
          await this.loadNetworks();
        } else await this.pressNextStep(button);
        return;
      case 'options':
        if (button === 'back') this.at = 'kind';
        else if (button === 'reload') await this.loadNetworks();
        else if (button === 'next') this.at = 'confirm';
        return;
      case 'confirm':
        if (button === 'back') this.at = neighbourOf(this.currentKind(), 'confirm', -1);
        else if (button === 'start') await this.start();
        return;
      case 'run':
        if (!(await this.pressRunButton(button))) await this.pressNextStep(button);
        return;
    }
  }

  /** Clean up or Commit, from the run page or from the kind page of a plan that waits for it. */
  private async pressNextStep(button: string): Promise<void> {
    const showRun = (): void => {
      this.at = 'run';
    };
    if (button === 'cleanup') await this.runAction('testFailoverCleanup', showRun);
    else if (button === 'commit' && (await this.deps.confirm(planCommitQuestion(this.displayName)))) await this.runAction('commit', showRun);
  }

  /** Reads the virtual networks of the vault's region for a test failover (once). */
  private async loadNetworks(): Promise<void> {
    if (this.currentKind() !== 'test' || this.networks) return;
    await this.work(l10n.t('Reading the virtual networks…'), async () => {
      const location = this.deps.vaultLocation;
      this.networks = await this.services.listVirtualNetworks(await this.deps.vaultContext(), location ? { location } : {});
    });
  }

  private async start(): Promise<void> {
    const kind = this.currentKind();
    const plan = this.plan;
    if (!kind || !plan) return;
    const warning = kind === 'test' ? planProductionWarning(this.choices(plan)) : undefined;
    if (warning !== undefined) {
      const go = await this.deps.confirm({
        message: l10n.t('Test the plan {0} in a production network?', plan.friendlyName),
        detail: warning,
        button: l10n.t('Use the production network'),
      });
      if (!go) return;
    }
    await this.runAction(actionOfKind(kind), () => {
      this.at = 'run';
    });
  }
}
