// The Failover wizard (issue 5 §4, the "Failover VM to Azure" page) for one protected VM:
//   kind     Test, Planned or Unplanned: only the kinds ASR's allowedOperations allow now, each
//            with what it does to the VM on premises;
//   options  recovery point (test, unplanned), network of the test VM, shut down the source first
//            (unplanned);
//   confirm  a review; planned and unplanned failover need the VM's exact name typed;
//   run      the ASR job's steps, then the next step: clean up the test failover (with notes of
//            what was checked), or commit; open the VM in the Azure portal. A failed job says why
//            and offers Retry when Azure allows the action again.
// Pure: no vscode. The services come in through FailoverDeps and FailoverServices.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import type { VaultContext } from '../../services/azure/clients';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { RecoveryPointSummary } from '../../services/azure/recoveryPoints';
import type { PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, InputFieldView } from '../form/view';
import type { Infer } from '../validate';
import { s } from '../validate';
import type { FailoverKind, FailoverPage, PointChoice } from './failoverModel';
import {
  actionOfKind,
  commitConfirmation,
  failoverKinds,
  failoverPages,
  neighbourOf,
  stepLabelOf,
  kindEffect,
  kindNeedsTypedName,
  kindOptions,
  kindTitle,
  kindUsesRecoveryPoint,
  maxCleanupNotesLength,
  nameConfirmationProblem,
  networkProblem,
  noKindReason,
  noNetwork,
  offeredKinds,
  pointChoices,
  resolveRecoveryPoint,
} from './failoverModel';
import type { FailoverDeps, FailoverServices, JobStart } from './failoverServices';
import { azureFailoverServices } from './failoverServices';
import { nextStep, optionFields, summaryRows, type FailoverChoices } from './failoverPages';
import { jobNamePattern, protectedItemIdPattern, stageStatuses, type RestoredItem } from './jobProgress';
import { ItemJobWizard } from './itemJobWizard';
import { landingBlocks, landingNetworkIds, productionConfirmation, productionWarning, readLandingReach, readingText, type ReachByNetwork } from './landing';

export type { FailoverPage };
export { failoverPages };

/** The ASR actions the run page can start. */
export type FailoverRunAction = 'testFailover' | 'plannedFailover' | 'unplannedFailover' | 'testFailoverCleanup' | 'commit';
export const failoverRunActions: readonly FailoverRunAction[] = ['testFailover', 'plannedFailover', 'unplannedFailover', 'testFailoverCleanup', 'commit'];

const maxVmNameLength = 256;

/**
 * The saved state, checked like any message from the webview when the panel is restored: ids and
 * the choices typed, never the VM's name (restoredItemWizards.ts reads it again from Azure).
 */
export const failoverSnapshotSchema = s.object({
  itemId: s.string({ maxLength: 1000, pattern: protectedItemIdPattern }),
  page: s.enumOf(failoverPages),
  kind: s.optional(s.enumOf(failoverKinds)),
  point: s.enumOf(pointChoices),
  pointId: s.optional(s.string({ maxLength: 1000 })),
  networkId: s.optional(s.string({ maxLength: 1000 })),
  shutDownSource: s.boolean(),
  notes: s.string({ maxLength: maxCleanupNotesLength }),
  /** The recovery point sent with the failover (kept for Retry). */
  startedPointId: s.optional(s.string({ maxLength: 1000 })),
  stage: s.optional(s.object({ action: s.enumOf(failoverRunActions), jobName: s.string({ maxLength: 200, pattern: jobNamePattern }), status: s.enumOf(stageStatuses) })),
  done: s.array(s.enumOf(failoverRunActions), { maxItems: 10 }),
});
export type FailoverSnapshot = Infer<typeof failoverSnapshotSchema>;

export interface FailoverInput {
  vmName: string;
  /** The protected item (used as is) or its ref (read from Azure first). */
  item: ReplicationProtectedItem | ProtectedItemRef;
  /** Pre-selects a kind (the command the wizard was opened from), if the item allows it. */
  kind?: FailoverKind;
}

const runTitles: Readonly<Record<FailoverRunAction, string>> = {
  get testFailover() {
    return l10n.t('Test failover');
  },
  get plannedFailover() {
    return l10n.t('Planned failover');
  },
  get unplannedFailover() {
    return l10n.t('Unplanned failover');
  },
  get testFailoverCleanup() {
    return l10n.t('Test failover cleanup');
  },
  get commit() {
    return l10n.t('Commit');
  },
};

export class FailoverWizard extends ItemJobWizard<FailoverSnapshot, FailoverRunAction> {
  private at: FailoverPage = 'kind';
  private kind: FailoverKind | undefined;
  private point: PointChoice = 'latestProcessed';
  private pointId: string | undefined;
  private networkId: string | undefined;
  private shutDownSource = true;
  private confirmName = '';
  private notes = '';
  private startedPointId: string | undefined;
  private points: RecoveryPointSummary[] | undefined;
  private networks: VirtualNetworkSummary[] | undefined;
  /** What Azure networking says about the networks the landing names (landing.ts). */
  private reach: ReachByNetwork | undefined;

  constructor(deps: FailoverDeps, input: FailoverInput, services: FailoverServices = azureFailoverServices) {
    super(deps, services, input.vmName, input.item);
    this.kind = input.kind;
    if (!this.item) this.ready = this.loadItem().then(() => undefined);
  }

  /**
   * Rebuilds the wizard from a validated snapshot and its target as read again from Azure
   * (restoreFailoverWizard in restoredItemWizards.ts): a run page follows its job again; other
   * pages go back to the kind.
   */
  static restore(deps: FailoverDeps, snap: FailoverSnapshot, target: RestoredItem, services: FailoverServices = azureFailoverServices): FailoverWizard {
    const w = new FailoverWizard(deps, { vmName: target.vmName, item: target.item, ...(snap.kind ? { kind: snap.kind } : {}) }, services);
    w.point = snap.point;
    w.pointId = snap.pointId;
    w.networkId = snap.networkId;
    w.shutDownSource = snap.shutDownSource;
    w.notes = snap.notes;
    w.startedPointId = snap.startedPointId;
    if (snap.page === 'run' && snap.stage) {
      const title = runTitles[snap.stage.action];
      w.at = 'run';
      w.done = [...snap.done];
      w.stage = {
        action: snap.stage.action,
        jobName: snap.stage.jobName,
        status: 'running',
        steps: [{ id: 'job', label: title, state: 'running', detail: l10n.t('Reading the job…') }],
      };
      w.restored = true;
      w.ready = w.ready.then(() => {
        void w.follow();
      });
    }
    return w;
  }

  snapshot(): FailoverSnapshot {
    // No undefined values: the snapshot travels as JSON and is checked like a message on restore.
    return {
      itemId: this.itemId,
      page: this.at,
      ...(this.kind !== undefined ? { kind: this.kind } : {}),
      point: this.point,
      ...(this.pointId !== undefined ? { pointId: this.pointId } : {}),
      ...(this.networkId !== undefined ? { networkId: this.networkId } : {}),
      shutDownSource: this.shutDownSource,
      notes: this.notes,
      ...(this.startedPointId !== undefined ? { startedPointId: this.startedPointId } : {}),
      ...(this.stage ? { stage: { action: this.stage.action, jobName: this.stage.jobName, status: this.stage.status } } : {}),
      done: [...this.done],
    };
  }

  protected titleOf(action: FailoverRunAction): string {
    return runTitles[action];
  }

  /** ASR keeps a test failover job suspended until the cleanup. */
  protected override suspendedDetail(action: FailoverRunAction): string {
    return action === 'testFailover' ? l10n.t('Waiting for the cleanup of the test failover.') : super.suspendedDetail(action);
  }

  protected begin(action: FailoverRunAction, vctx: VaultContext, item: ReplicationProtectedItem): Promise<JobStart> {
    const point = this.startedPointId !== undefined ? { recoveryPointId: this.startedPointId } : {};
    switch (action) {
      case 'testFailover':
        return this.services.testFailover(vctx, item, { ...(this.networkId && this.networkId !== noNetwork ? { networkId: this.networkId } : {}), ...point });
      case 'plannedFailover':
        return this.services.plannedFailover(vctx, item);
      case 'unplannedFailover':
        return this.services.unplannedFailover(vctx, item, { ...point, shutDownSource: this.shutDownSource });
      case 'testFailoverCleanup':
        return this.services.testFailoverCleanup(vctx, item, this.notes.trim());
      case 'commit':
        return this.services.commitFailover(vctx, item);
    }
  }

  /** The kind on show: the chosen one if the item still allows it. */
  private currentKind(): FailoverKind | undefined {
    return this.kind !== undefined && offeredKinds(this.item).includes(this.kind) ? this.kind : undefined;
  }

  // ---- pages ----

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
    const options = kindOptions(this.item, this.vmName);
    if (!this.item) {
      blocks.push({ kind: 'textBlock', id: 'loading', text: l10n.t('Reading what {0} allows now from Azure Site Recovery…', this.vmName) });
      if (!this.busy) buttons.push({ id: 'reload', label: l10n.t('Try again') });
    } else if (options.length === 0) {
      blocks.push({ kind: 'textBlock', id: 'notAllowed', tone: 'warning', text: noKindReason(this.item, this.vmName) });
    } else {
      const kind = this.currentKind();
      blocks.push({
        kind: 'radio',
        id: 'kind',
        label: l10n.t('Kind of failover'),
        hint: l10n.t('Only the kinds Azure Site Recovery allows for {0} now are offered.', this.vmName),
        value: kind ?? '',
        options,
        ...(kind ? {} : { problem: l10n.t('Choose a kind of failover.') }),
      });
    }
    buttons.push({ id: 'next', label: l10n.t('Next'), primary: true, disabled: this.currentKind() === undefined });
    return { page: 'kind', title: l10n.t('Fail over {0}', this.vmName), stepLabel: stepLabelOf(this.currentKind(), 'kind'), blocks, buttons };
  }

  /** What keeps the options page from moving on (undefined when complete). */
  private optionsProblem(): string | undefined {
    const kind = this.currentKind();
    if (!kind) return l10n.t('Choose a kind of failover first.');
    if (kindUsesRecoveryPoint(kind)) {
      if (!this.points) return l10n.t('The recovery points could not be read.');
      const r = resolveRecoveryPoint(this.point, this.pointId, this.points);
      if (!r.ok) return r.problem;
    }
    if (kind === 'test') {
      if (!this.networks) return l10n.t('The virtual networks could not be read.');
      return networkProblem(this.networkId, this.networks);
    }
    return undefined;
  }

  private optionsPage(): PageContent {
    const kind = this.currentKind();
    const blocks: BlockView[] = [];
    const buttons: ButtonView[] = [
      { id: 'back', label: l10n.t('Back') },
      { id: 'cancel', label: l10n.t('Cancel') },
    ];
    const missing = (kind !== undefined && kindUsesRecoveryPoint(kind) && !this.points) || (kind === 'test' && !this.networks);
    if (missing) {
      blocks.push({ kind: 'textBlock', id: 'loading', text: l10n.t('Reading the recovery points and virtual networks…') });
      if (!this.busy) buttons.push({ id: 'reload', label: l10n.t('Try again') });
    } else if (kind !== undefined) {
      blocks.push(...optionFields(kind, this.choices()));
    }
    buttons.push({ id: 'next', label: l10n.t('Next'), primary: true, disabled: this.optionsProblem() !== undefined });
    return {
      page: 'options',
      title: l10n.t({
        message: '{0} of {1}: options',
        args: [kind ? kindTitle(kind) : l10n.t('Failover'), this.vmName],
        comment: ['The kind of failover (Test failover, Planned failover, Unplanned failover or Failover), then the VM name'],
      }),
      stepLabel: stepLabelOf(this.currentKind(), 'options'),
      blocks,
      buttons,
    };
  }

  /** What the user chose, for the page parts in failoverPages.ts. */
  private choices(): FailoverChoices {
    return {
      vmName: this.vmName,
      point: this.point,
      pointId: this.pointId,
      points: this.points,
      networkId: this.networkId,
      networks: this.networks,
      shutDownSource: this.shutDownSource,
      notes: this.notes,
      item: this.item,
      reach: this.reach,
    };
  }

  private confirmPage(): PageContent {
    const kind = this.currentKind();
    const blocks: BlockView[] = [];
    let startDisabled = kind === undefined || this.optionsProblem() !== undefined;
    if (kind) {
      blocks.push({ kind: 'summary', id: 'summary', label: l10n.t('Failover'), rows: summaryRows(kind, this.choices()) });
      blocks.push({ kind: 'textBlock', id: 'effect', tone: kind === 'test' ? 'info' : 'warning', text: kindEffect(kind, this.vmName) });
      blocks.push(...landingBlocks(kind, this.choices()));
      if (kindNeedsTypedName(kind)) {
        const problem = nameConfirmationProblem(this.confirmName, this.vmName);
        blocks.push({
          kind: 'text',
          id: 'confirmName',
          label: l10n.t("Type the VM's name to confirm"),
          hint: l10n.t('Type {0}; it must match exactly.', this.vmName),
          value: this.confirmName,
          maxLength: maxVmNameLength,
          ...(problem ? { problem } : {}),
        });
        if (problem) startDisabled = true;
      }
    }
    return {
      page: 'confirm',
      title: l10n.t({
        message: '{0} of {1}: confirm',
        args: [kind ? kindTitle(kind) : l10n.t('Failover'), this.vmName],
        comment: ['The kind of failover (Test failover, Planned failover, Unplanned failover or Failover), then the VM name'],
      }),
      stepLabel: stepLabelOf(this.currentKind(), 'confirm'),
      blocks,
      buttons: [
        { id: 'back', label: l10n.t('Back') },
        { id: 'cancel', label: l10n.t('Cancel') },
        {
          id: 'start',
          label: kind
            ? l10n.t({
                message: 'Start {0}',
                args: [kindTitle(kind).toLowerCase()],
                comment: ['The kind of failover in lower case: test failover, planned failover or unplanned failover'],
              })
            : l10n.t('Start failover'),
          primary: true,
          disabled: startDisabled,
        },
      ],
    };
  }

  private runPage(): PageContent {
    const stage = this.stage;
    const blocks = this.runBlocks();
    const buttons = this.runButtons();
    if (stage?.status === 'succeeded') {
      const next = nextStep(stage.action, this.choices());
      blocks.push(...next.blocks);
      buttons.push(...next.buttons);
    }
    buttons.push(this.closeButton());
    return {
      page: 'run',
      title: l10n.t({
        message: '{0} of {1}',
        args: [this.kind ? kindTitle(this.kind) : l10n.t('Failover'), this.vmName],
        comment: ['The kind of failover (Test failover, Planned failover, Unplanned failover or Failover), then the VM name'],
      }),
      stepLabel: stepLabelOf(this.currentKind(), 'run'),
      blocks,
      buttons,
    };
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
      case 'point':
        if ((pointChoices as readonly string[]).includes(value)) this.point = value as PointChoice;
        break;
      case 'pointId':
        this.pointId = value;
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
    switch (this.at) {
      case 'kind':
        if (button === 'cancel') this.requestClose();
        else if (button === 'reload') await this.loadItem();
        else if (button === 'next') {
          this.at = neighbourOf(this.currentKind(), 'kind', 1);
          this.setError(undefined);
          await this.loadLists();
        }
        return;
      case 'options':
        if (button === 'cancel') this.requestClose();
        else if (button === 'back') this.at = 'kind';
        else if (button === 'reload') await this.loadLists();
        else if (button === 'next') this.at = 'confirm';
        return;
      case 'confirm':
        if (button === 'cancel') this.requestClose();
        else if (button === 'back') this.at = neighbourOf(this.currentKind(), 'confirm', -1);
        else if (button === 'start') await this.start();
        return;
      case 'run':
        if (await this.pressRunButton(button)) return;
        if (button === 'cleanup') await this.runAction('testFailoverCleanup');
        else if (button === 'commit' && (await this.deps.confirm(commitConfirmation(this.vmName, 'failover')))) await this.runAction('commit');
        return;
    }
  }

  /** Reads the recovery points and networks the chosen kind needs, and what the landing needs (once). */
  private async loadLists(): Promise<void> {
    const kind = this.currentKind();
    if (!kind) return;
    const needPoints = kindUsesRecoveryPoint(kind) && !this.points;
    const needNetworks = kind === 'test' && !this.networks;
    const needReach = landingNetworkIds(kind, this.item, this.networks).some((id) => !this.reach?.has(id.toLowerCase()));
    if (!needPoints && !needNetworks && !needReach) return;
    await this.work(readingText(needPoints, needNetworks), async () => {
      const vctx = await this.deps.vaultContext();
      const location = this.deps.vaultLocation;
      const [points, networks] = await Promise.all([
        needPoints ? this.services.listRecoveryPoints(vctx, this.ref) : Promise.resolve(this.points),
        needNetworks ? this.services.listVirtualNetworks(vctx, location ? { location } : {}) : Promise.resolve(this.networks),
      ]);
      this.points = points;
      this.networks = networks;
      this.reach = await readLandingReach(this.services.readNetworkReach?.bind(this.services), vctx, landingNetworkIds(kind, this.item, networks), this.reach);
    });
  }

  private async start(): Promise<void> {
    const kind = this.currentKind();
    if (!kind) return;
    const r = kindUsesRecoveryPoint(kind) ? resolveRecoveryPoint(this.point, this.pointId, this.points ?? []) : undefined;
    if (r && !r.ok) {
      this.setError(r.problem);
      return;
    }
    const warning = productionWarning(kind, this.choices());
    if (warning !== undefined && !(await this.deps.confirm(productionConfirmation(this.vmName, warning)))) return;
    this.startedPointId = r?.recoveryPointId;
    await this.runAction(actionOfKind(kind), () => {
      this.at = 'run';
    });
  }
}
