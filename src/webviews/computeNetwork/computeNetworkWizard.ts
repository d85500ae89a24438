// The Compute and Network page of one protected VM (issue 16 §1): edit (target VM name, size,
// network, per adapter its subnet and a static or dynamic IP) → Review → Save, which sends ASR's
// update of the item and follows its job to the end. Every value is checked before anything is
// sent (computeNetworkModel.ts localProblems, then Azure networking's CheckIPAddressAvailability
// for each static IP). Pure: no vscode.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import type { JobLike } from '../../model/jobSummary';
import type { Infer } from '../validate';
import { s } from '../validate';
import { computeNetworkBlocker, staticIpClaims } from '../../services/azure/computeAndNetwork';
import { followJob } from '../../flows/followJob';
import { jobEnd, jobFailureText, stepsOfJob, defaultPollIntervalMs, protectedItemIdPattern } from '../failover/jobProgress';
import { FormWizard, type PageContent } from '../form/formWizard';
import type { InputFieldView } from '../form/view';
import type { ProgressStep } from '../protocol';
import { addressOf, changeOf, editBlocks, localProblems, networkOf, reviewRows, valuesOfItem, type FormValues, type IpMode, type LoadedFacts } from './computeNetworkModel';
import { azureComputeNetworkServices, type ComputeNetworkDeps, type ComputeNetworkServices } from './computeNetworkServices';

export const computeNetworkSnapshotSchema = s.object({ itemId: s.string({ maxLength: 1000, pattern: protectedItemIdPattern }) });
export type ComputeNetworkSnapshot = Infer<typeof computeNetworkSnapshotSchema>;

type Page = 'loading' | 'blocked' | 'edit' | 'review' | 'run' | 'done' | 'failed';

export class ComputeNetworkWizard extends FormWizard<ComputeNetworkSnapshot> {
  private pageId: Page = 'loading';
  private facts: LoadedFacts | undefined;
  private values: FormValues = { vmName: '', vmSize: '', networkId: '', nics: [] };
  private problems = new Map<string, string>();
  private notice = '';
  private steps: ProgressStep[] = [];
  private readonly ready: Promise<void>;

  constructor(
    private readonly deps: ComputeNetworkDeps,
    readonly vmName: string,
    private readonly ref: ProtectedItemRef & { id: string },
    private readonly services: ComputeNetworkServices = azureComputeNetworkServices,
  ) {
    super();
    this.ready = this.load();
  }

  /** Resolves once the page has read what it shows (tests wait for it). */
  whenLoaded(): Promise<void> {
    return this.ready;
  }

  snapshot(): ComputeNetworkSnapshot {
    return { itemId: this.ref.id };
  }

  private async load(): Promise<void> {
    await this.work(l10n.t('Reading the settings of {0}…', this.vmName), async () => {
      const vctx = await this.deps.vaultContext();
      const item = await this.services.getProtectedItem(vctx, this.ref);
      const blocker = computeNetworkBlocker(item);
      if (blocker !== undefined) {
        this.notice = blocker;
        this.pageId = 'blocked';
        return;
      }
      const region = this.deps.vaultLocation ?? '';
      const [networks, sizes, items] = await Promise.all([
        this.services.listVirtualNetworks(vctx, region ? { location: region } : {}),
        region ? this.services.offeredSizes(vctx, region) : Promise.resolve({ error: l10n.t('the vault region is not known') }),
        this.services.listProtectedItems(vctx),
      ]);
      this.facts = { item, networks, sizes, claims: staticIpClaims(items, item.name), region: region || '?' };
      this.values = valuesOfItem(item);
      this.pageId = 'edit';
    });
    if (this.pageId === 'loading') this.pageId = 'failed';
  }

  protected page(): PageContent {
    const title = l10n.t('Compute and Network: {0}', this.vmName);
    const close = { id: 'close', label: l10n.t('Close') };
    switch (this.pageId) {
      case 'loading':
        return { page: 'loading', title, blocks: [], buttons: [{ id: 'cancel', label: l10n.t('Cancel') }] };
      case 'blocked':
      case 'failed':
        return {
          page: this.pageId,
          title,
          blocks: this.notice ? [{ kind: 'textBlock', id: 'notice', tone: 'warning', text: this.notice }] : [],
          buttons: [{ ...close, primary: true }],
        };
      case 'edit':
        return {
          page: 'edit',
          title,
          blocks: this.facts ? editBlocks(this.facts, this.values, this.problems) : [],
          buttons: [
            { id: 'next', label: l10n.t('Review'), primary: true },
            { id: 'cancel', label: l10n.t('Cancel') },
          ],
        };
      case 'review':
        return {
          page: 'review',
          title,
          blocks: [{ kind: 'summary', id: 'review', label: l10n.t('Save these settings?'), rows: this.facts ? reviewRows(this.facts, this.values) : [] }],
          buttons: [
            { id: 'back', label: l10n.t('Back') },
            { id: 'save', label: l10n.t('Save'), primary: true },
            { id: 'cancel', label: l10n.t('Cancel') },
          ],
        };
      case 'run':
      case 'done':
        return {
          page: this.pageId,
          title,
          blocks: [
            { kind: 'steps', id: 'steps', label: l10n.t('Updating the settings in Azure Site Recovery'), steps: this.steps },
            ...(this.notice ? [{ kind: 'textBlock' as const, id: 'result', tone: this.pageId === 'done' ? ('success' as const) : ('info' as const), text: this.notice }] : []),
          ],
          buttons: this.pageId === 'done' ? [{ ...close, primary: true }] : [close],
        };
    }
  }

  protected onSet(field: InputFieldView, value: string): void {
    this.problems.delete(field.id);
    const nic = /^nic(\d+)\.(subnet|mode|ip)$/.exec(field.id);
    if (nic) {
      const n = this.values.nics[Number(nic[1])];
      if (!n) return;
      if (nic[2] === 'subnet') n.subnet = value;
      else if (nic[2] === 'mode') n.mode = value as IpMode;
      else n.ip = value;
      return;
    }
    if (field.id === 'vmName') this.values.vmName = value;
    else if (field.id === 'vmSize') this.values.vmSize = value;
    else if (field.id === 'network') this.changeNetwork(value);
  }

  /** A new network: each adapter keeps its subnet's name when the network has it, else takes the first subnet. */
  private changeNetwork(networkId: string): void {
    this.values.networkId = networkId;
    const subnets = (this.facts ? networkOf(this.facts, networkId) : undefined)?.subnets ?? [];
    for (const nic of this.values.nics) {
      if (!subnets.some((x) => x.name === nic.subnet)) nic.subnet = subnets[0]?.name ?? '';
    }
  }

  protected async onPress(button: string): Promise<void> {
    switch (button) {
      case 'cancel':
      case 'close':
        this.requestClose();
        return;
      case 'back':
        this.pageId = 'edit';
        return;
      case 'next':
        await this.review();
        return;
      case 'save':
        await this.save();
        return;
    }
  }

  /** Local checks, then Azure's answer for each static IP; the review page only when all pass. */
  private async review(): Promise<void> {
    const facts = this.facts;
    if (!facts) return;
    this.problems = localProblems(facts, this.values);
    if (this.problems.size === 0) {
      await this.work(l10n.t('Checking the addresses…'), async () => {
        const vctx = await this.deps.vaultContext();
        await Promise.all(
          this.values.nics.map(async (nic, i) => {
            const address = addressOf(nic);
            const before = valuesOfItem(facts.item).nics[i];
            if (address === '' || (before && addressOf(before) === address)) return;
            const a = await this.services.checkIp(vctx, this.values.networkId, address);
            if ('error' in a) this.problems.set(`nic${i}.ip`, l10n.t('Azure could not say whether {0} is free ({1}). Try again.', address, a.error));
            else if (!a.available)
              this.problems.set(`nic${i}.ip`, localProblems({ ...facts, claims: [] }, this.values).get(`nic${i}.ip`) ?? this.inUse(address, nic.subnet, a.availableIPAddresses));
          }),
        );
      });
    }
    if (this.problems.size > 0) return;
    if (Object.keys(changeOf(facts.item, this.values)).length === 0) {
      this.setError(l10n.t('Nothing was changed. Change a setting, or Cancel.'));
      return;
    }
    this.pageId = 'review';
  }

  private inUse(address: string, subnet: string, others: readonly string[]): string {
    return others.length > 0
      ? l10n.t('{0} is in use in the subnet {1}. Free addresses include {2}.', address, subnet, others.join(', '))
      : l10n.t('{0} is in use in the subnet {1}. Choose a free address.', address, subnet);
  }

  /** Sends the update (the item read again first: what it allows now) and follows its job. */
  private async save(): Promise<void> {
    const facts = this.facts;
    if (!facts) return;
    let started = false;
    await this.work(l10n.t('Saving…'), async () => {
      const vctx = await this.deps.vaultContext();
      const item: ReplicationProtectedItem = await this.services.getProtectedItem(vctx, this.ref);
      const op = await this.services.update(vctx, item, changeOf(item, this.values));
      started = true;
      this.steps = [{ id: 'job', label: l10n.t('Update the virtual machine'), state: 'running' }];
      this.notice = '';
      this.pageId = 'run';
      if (op.jobName) this.deps.watchJob(op.jobName, this.vmName);
      this.changed();
      const job = op.jobName ? await this.follow(op.jobName) : undefined;
      this.finish(job);
      await this.deps.refresh();
    });
    if (started && this.pageId === 'run') this.pageId = 'done';
  }

  private follow(jobName: string): Promise<JobLike> {
    const title = l10n.t('Update the virtual machine');
    return this.deps.vaultContext().then((vctx) =>
      followJob(vctx, jobName, {
        read: (v, name) => this.services.getJob(v, name),
        intervalMs: this.deps.pollIntervalMs ?? defaultPollIntervalMs,
        onProgress: (job) => {
          this.steps = stepsOfJob(job, title);
          this.changed();
        },
      }),
    );
  }

  private finish(job: JobLike | undefined): void {
    if (job && jobEnd(job) === 'failed') {
      this.notice = jobFailureText(job, l10n.t('Update the virtual machine'));
      this.pageId = 'done';
      return;
    }
    const ips = this.values.nics.map(addressOf).filter((a) => a !== '');
    this.notice =
      ips.length > 0
        ? l10n.t('Saved. After a failover or a test failover the VM {0} gets {1} when the address is free then.', this.values.vmName, ips.join(', '))
        : l10n.t('Saved. The VM {0} gets the next free address of its subnet after a failover.', this.values.vmName);
    this.pageId = 'done';
  }
}
