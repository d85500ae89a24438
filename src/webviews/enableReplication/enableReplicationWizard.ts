// The Enable Replication wizard (issue 5 §3) as a form wizard: choose VMs, preflight, host access
// (only when a chosen VM's host needs the provider installed over remoting), target in Azure,
// replication policy, review, then the run page with every step. Pure: no vscode; the services
// come in through EnableReplicationDeps. The run is not tied to the panel: closing it does not
// stop the work (the status bar follows the jobs the run reports through `watchJob`).

import type { ProgressStep } from '../protocol';
import type { VaultContext } from '../../services/azure/clients';
import { REPLICATION_INTERVALS_SECONDS, type ReplicationIntervalSeconds } from '../../services/azure/policies';
import type { OsType } from '../../services/azure/protection';
import { providerSetupSteps } from '../../flows/hostSetup';
import type { ScriptRunner } from '../../services/hyperv/powershellRunner';
import type { HyperVCredential, HyperVTarget } from '../../services/hyperv/target';
import { FormWizard, type PageContent } from '../form/formWizard';
import type { BlockView, ButtonView, InputFieldView, OptionView } from '../form/view';
import { viewIdPattern } from '../form/view';
import { s, type Infer } from '../validate';
import {
  AUTOMATIC_VM_SIZE,
  buildRunPlan,
  frequencyLabel,
  hasError,
  hostAccessOf,
  hostAccessProblem,
  hostOf,
  hostsNeedingAccess,
  initialForm,
  licenseChoices,
  needsProviderSetup,
  needsVmSettings,
  nextPage,
  osDiskFor,
  osTypeFor,
  osTypes,
  pageProblem,
  pageSequence,
  policyDecision,
  policyDecisionText,
  policySettings,
  previousPage,
  selectedHosts,
  selectedVms,
  subnetsOf,
  targetProblems,
  vmSizes,
  withHostAccess,
  withNetwork,
  withOsDisk,
  withOsType,
  withTargetDefaults,
  vmSettingsProblems,
  withVm,
  type AzureChoices,
  type Candidates,
  type CandidateHost,
  type EnableReplicationForm,
  type EnableReplicationPage,
  type LicenseChoice,
  type ModelContext,
  type RunPlan,
} from './enableReplicationModel';
import { azureServices, EnableReplicationRun, siteSummary, type EnableReplicationServices, type ProviderInstallOptions } from '../../flows/enableReplication';

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
  /** A job was started: the status bar and the tree follow it. */
  watchJob(jobName: string, vmName?: string): void;
  /** Called when the run has finished, so the tree shows the VMs as replicating. */
  refreshEstate(): Promise<void>;
  /** Poll interval for jobs (default 5 s) and how long to wait for a host to connect (default 30 min). */
  timing?: { pollIntervalMs?: number; connectTimeoutMs?: number };
  /** The Azure and Hyper-V operations; default: the real services. */
  services?: EnableReplicationServices;
}

export interface EnableReplicationInput {
  /** From the estate snapshot: candidatesFromEstate(snapshot, { savedCredentialHosts }). */
  candidates: Candidates;
  /** VM keys chosen when the wizard opens (see preselection()). */
  preselected: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Snapshot (no password, ever)

const key = s.string({ maxLength: 300 });
const text = s.string({ maxLength: 1000 });
const osType = s.enumOf(['Windows', 'Linux'] as const);
const settingsSchema = s.object({
  replicationIntervalSeconds: s.number({ integer: true, min: 0, max: 86400 }),
  recoveryPointHistoryHours: s.number({ integer: true, min: 0, max: 1000 }),
  appConsistentFrequencyHours: s.number({ integer: true, min: 0, max: 1000 }),
  storageAccountId: s.optional(text),
});
const planSchema = s.object({
  sites: s.array(s.object({ name: key, create: s.boolean() }), { maxItems: 20 }),
  hosts: s.array(s.object({ key, name: key, fqdn: key, local: s.boolean(), setup: s.boolean(), site: key }), { maxItems: 50 }),
  vms: s.array(s.object({ key, vmId: key, name: key, hostKey: key, osType, osDiskName: s.string({ maxLength: 260 }) }), { maxItems: 200 }),
  policy: s.object({ kind: s.enumOf(['reuse', 'create'] as const), name: key, settings: settingsSchema }),
  target: s.object({
    resourceGroupId: text,
    storageAccountId: text,
    networkId: s.optional(text),
    subnetName: s.optional(key),
    vmSize: s.optional(key),
    licenseType: s.enumOf(licenseChoices),
  }),
});
const stepSchema = s.object({
  id: key,
  state: s.enumOf(['pending', 'running', 'succeeded', 'failed', 'skipped'] as const),
  detail: s.optional(s.string({ maxLength: 4000 })),
  percent: s.optional(s.number({ min: 0, max: 100 })),
});
const runSchema = s.object({
  steps: s.array(stepSchema, { maxItems: 200 }),
  results: s.object({
    sites: s.array(s.object({ name: key, identifier: key, containerName: key }), { maxItems: 20 }),
    providers: s.array(s.object({ hostKey: key, completed: s.array(s.enumOf(providerSetupSteps), { maxItems: 3 }), providerVersion: s.optional(key) }), { maxItems: 50 }),
    policy: s.optional(s.object({ id: text, name: key, created: s.boolean() })),
    jobs: s.array(s.object({ stepId: key, jobName: key }), { maxItems: 200 }),
  }),
});

export const enableReplicationSnapshot = s.object({
  form: s.object({
    page: s.enumOf(['vms', 'preflight', 'vmSettings', 'hostAccess', 'target', 'policy', 'review', 'run'] as const),
    selected: s.array(key, { maxItems: 200 }),
    hostAccess: s.array(s.object({ hostKey: key, userName: s.string({ maxLength: 256 }), save: s.boolean() }), { maxItems: 50 }),
    resourceGroupId: text,
    storageAccountId: text,
    networkId: text,
    subnetName: key,
    vmSize: key,
    licenseType: s.enumOf(licenseChoices),
    osTypes: s.array(s.object({ vmKey: key, osType }), { maxItems: 200 }),
    osDisks: s.array(s.object({ vmKey: key, diskName: s.string({ maxLength: 260 }) }), { maxItems: 200 }),
    frequency: s.number({ integer: true, min: 0, max: 86400 }),
    retentionHours: s.string({ maxLength: 10 }),
    appConsistentHours: s.string({ maxLength: 10 }),
  }),
  plan: s.optional(planSchema),
  run: s.optional(runSchema),
});
export type EnableReplicationSnapshot = Infer<typeof enableReplicationSnapshot>;

// ---------------------------------------------------------------------------------------------
// Field ids

const F = {
  vms: 'vms',
  resourceGroup: 'resourceGroup',
  storageAccount: 'storageAccount',
  network: 'network',
  subnet: 'subnet',
  vmSize: 'vmSize',
  license: 'license',
  frequency: 'frequency',
  retention: 'retention',
  appConsistent: 'appConsistent',
} as const;

/** A view id for a host or VM key (keys are DNS names and GUIDs; anything else is made safe). */
function idPart(k: string): string {
  const safe = k.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 180);
  return viewIdPattern.test(`x:${safe}`) ? safe : 'x';
}


const licenseLabels: Record<LicenseChoice, string> = {
  NoLicenseType: 'No: pay for Windows Server in Azure while a VM runs there',
  WindowsServer: 'Yes: use my Windows Server licences with Software Assurance (Azure Hybrid Benefit)',
};

const pageTitles: Record<EnableReplicationPage, string> = {
  vms: 'Choose the virtual machines to protect',
  preflight: 'Check against the Azure support matrix',
  vmSettings: 'Operating system and disks',
  hostAccess: 'Access to the Hyper-V hosts',
  target: 'Where the VMs run in Azure',
  policy: 'Replication policy',
  review: 'Review',
  run: 'Enabling replication',
};

function button(id: string, label: string, extra: { primary?: boolean; disabled?: boolean } = {}): ButtonView {
  return { id, label, ...(extra.primary ? { primary: true } : {}), ...(extra.disabled ? { disabled: true } : {}) };
}

/** A restored interval: one ASR accepts, else the default (the schema only says it is a number). */
function asInterval(n: number): ReplicationIntervalSeconds {
  return REPLICATION_INTERVALS_SECONDS.find((x) => x === n) ?? 300;
}

function withProblem<T extends InputFieldView>(field: T, problem: string | undefined): T {
  return problem !== undefined ? { ...field, problem } : field;
}

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

  constructor(
    private readonly deps: EnableReplicationDeps,
    private readonly input: EnableReplicationInput,
    restore?: EnableReplicationSnapshot,
  ) {
    super();
    this.services = deps.services ?? azureServices;
    if (restore) {
      this.form = { ...restore.form, frequency: asInterval(restore.form.frequency) };
      if (restore.plan && restore.run) {
        const settings = restore.plan.policy.settings;
        this.plan = { ...restore.plan, policy: { ...restore.plan.policy, settings: { ...settings, replicationIntervalSeconds: asInterval(settings.replicationIntervalSeconds) } } };
        this.attachRun(new EnableReplicationRun(this.plan, this.runEnv(), restore.run));
        this.form = { ...this.form, page: 'run' };
      } else if (this.form.page === 'run') {
        this.form = { ...this.form, page: 'review' };
      }
      // Keep only VMs that are still candidates.
      this.form = { ...this.form, selected: this.form.selected.filter((k) => input.candidates.vms.some((v) => v.key === k)) };
      if (this.form.page !== 'run' && this.needsChoices(this.form.page)) void this.work('Reading your Azure resources…', () => this.loadChoices());
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
      ...(this.plan ? { plan: structuredClone(this.plan) } : {}),
      ...(this.run ? { run: this.run.saved() } : {}),
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
    const location = this.deps.vaultLocation;
    const [resourceGroups, storageAccounts, networks, fabrics, policies] = await Promise.all([
      this.services.listResourceGroups(vctx),
      this.services.listStorageAccounts(vctx, { location }),
      this.services.listVirtualNetworks(vctx, { location }),
      this.services.listHyperVSites(vctx),
      this.services.listPolicies(vctx),
    ]);
    this.choices = {
      resourceGroups: [...resourceGroups].sort((a, b) => a.name.localeCompare(b.name)),
      storageAccounts,
      networks,
      sites: fabrics.map(siteSummary).filter((x) => x !== undefined),
      policies,
    };
    this.form = withTargetDefaults(this.form, this.choices, this.deps.storageAccountId);
  }

  // ---- pages ----

  protected page(): PageContent {
    const pages = pageSequence(this.form, this.input.candidates);
    const index = pages.indexOf(this.form.page);
    const head = {
      page: this.form.page,
      title: pageTitles[this.form.page],
      ...(index >= 0 ? { stepLabel: `Step ${index + 1} of ${pages.length}` } : {}),
    };
    switch (this.form.page) {
      case 'vms':
        return { ...head, ...this.vmsPage() };
      case 'preflight':
        return { ...head, ...this.preflightPage() };
      case 'vmSettings':
        return { ...head, ...this.vmSettingsPage() };
      case 'hostAccess':
        return { ...head, ...this.hostAccessPage() };
      case 'target':
        return { ...head, ...this.targetPage() };
      case 'policy':
        return { ...head, ...this.policyPage() };
      case 'review':
        return { ...head, ...this.reviewPage() };
      case 'run':
        return { ...head, ...this.runPage() };
    }
  }

  private navButtons(problem: string | undefined, first = false): ButtonView[] {
    return [...(first ? [] : [button('back', 'Back')]), button('cancel', 'Cancel'), button('next', 'Next', { primary: true, disabled: problem !== undefined || this.busy })];
  }

  private vmsPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const c = this.input.candidates;
    const problem = pageProblem(this.form, this.ctx());
    if (c.vms.length === 0) {
      return {
        blocks: [{ kind: 'textBlock', id: 'noVms', tone: 'info', text: 'Every VM the extension knows of is protected already, or no Hyper-V host is known. Add a host (Azure Site Recovery: Add Hyper-V Host) or refresh the view, then open this wizard again.' }],
        buttons: [button('cancel', 'Close'), button('next', 'Next', { primary: true, disabled: true })],
      };
    }
    const options: OptionView[] = c.vms.map((vm) => {
      const host = hostOf(c, vm.hostKey);
      const error = vm.findings.find((f) => f.tone === 'error');
      const where = `on ${host?.name ?? vm.hostKey}`;
      const detail = error
        ? `${where}. Cannot be protected: ${error.text}`
        : host && needsProviderSetup(host)
          ? `${where}. The Site Recovery provider is installed on the host first.`
          : where;
      // A VM that fails cannot be ticked; one ticked already (opened on it) stays clearable.
      return { value: vm.key, label: vm.name, detail, ...(error && !this.form.selected.includes(vm.key) ? { disabled: true } : {}) };
    });
    const list: InputFieldView = withProblem(
      { kind: 'checklist', id: F.vms, label: 'Virtual machines', hint: 'Unprotected VMs of the Hyper-V hosts. A VM that fails the Azure support matrix cannot be chosen; its reason is shown.', values: [...this.form.selected], options },
      problem,
    );
    return {
      blocks: [
        { kind: 'textBlock', id: 'intro', text: 'Replication copies each VM\u2019s disks to Azure, so that you can fail over to Azure when the site is down. Choose one or more VMs.' },
        list,
      ],
      buttons: this.navButtons(problem, true),
    };
  }

  private preflightPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const c = this.input.candidates;
    const blocks: BlockView[] = [];
    for (const vm of selectedVms(this.form, c)) {
      const host = hostOf(c, vm.hostKey);
      const items: { text: string; detail?: string; tone: 'info' | 'success' | 'warning' | 'error' }[] = vm.findings.map((f) => ({ text: f.text, tone: f.tone }));
      if (!hasError(vm)) {
        if (host && needsProviderSetup(host)) {
          items.push({ text: `${host.name} is not registered with the vault yet: the run installs the Site Recovery provider on it and registers it, then Azure Site Recovery checks the VM too.`, tone: 'info' });
        } else if (!vm.protectableItem) {
          items.push({ text: 'Azure Site Recovery has not listed this VM yet; it checks it again when replication is enabled.', tone: 'info' });
        }
        if (!vm.findings.some((f) => f.tone === 'warning')) items.unshift({ text: 'Meets the Azure support matrix.', tone: 'success' });
      }
      blocks.push({ kind: 'list', id: `preflight:${idPart(vm.key)}`, label: `${vm.name} (on ${host?.name ?? vm.hostKey})`, items });
    }
    const problem = pageProblem(this.form, this.ctx());
    if (problem !== undefined) blocks.push({ kind: 'textBlock', id: 'blocked', tone: 'error', text: problem });
    return { blocks, buttons: this.navButtons(problem) };
  }

  private vmSettingsPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const c = this.input.candidates;
    const blocks: BlockView[] = [
      {
        kind: 'textBlock',
        id: 'intro',
        text: 'Azure Site Recovery needs to know each VM\u2019s operating system and which disk it boots from: Azure does not detect them for Hyper-V VMs. The host\u2019s answer is selected where it gave one; check it.',
      },
    ];
    for (const vm of selectedVms(this.form, c).filter(needsVmSettings)) {
      const p = vmSettingsProblems(this.form, vm);
      const os = osTypeFor(this.form, vm);
      blocks.push(
        withProblem(
          {
            kind: 'radio',
            id: `os:${idPart(vm.key)}`,
            label: `Operating system of ${vm.name}`,
            hint: vm.osType ? `Hyper-V reports ${vm.osType}.` : 'Hyper-V does not report the guest OS (the VM is off, or its integration services do not say): choose it.',
            value: os ?? '',
            options: osTypes.map((o) => ({ value: o, label: o })),
          },
          p.osType,
        ),
      );
      if (vm.disks.length > 0) {
        const disk = osDiskFor(this.form, vm);
        blocks.push(
          withProblem(
            {
              kind: 'radio',
              id: `osDisk:${idPart(vm.key)}`,
              label: `Operating system disk of ${vm.name}`,
              hint: vm.suggestedOsDisk !== undefined ? `${vm.suggestedOsDisk} is the disk the VM boots from, as its host reports.` : 'The host does not say which disk the VM boots from: choose its operating system disk.',
              value: disk ?? '',
              options: vm.disks.map((d) => ({
                value: d.name,
                label: d.name,
                ...(d.sizeGB !== undefined || d.name === vm.suggestedOsDisk
                  ? { detail: [d.sizeGB !== undefined ? `${d.sizeGB} GB` : '', d.name === vm.suggestedOsDisk ? 'boot disk' : ''].filter((x) => x !== '').join(' \u00b7 ') }
                  : {}),
              })),
            },
            p.osDisk,
          ),
        );
      } else if (p.osDisk !== undefined) {
        blocks.push({ kind: 'textBlock', id: `noDisks:${idPart(vm.key)}`, tone: 'error', text: p.osDisk });
      }
    }
    const problem = pageProblem(this.form, this.ctx());
    return { blocks, buttons: this.navButtons(problem) };
  }

  private hostFields(host: CandidateHost): InputFieldView[] {
    const access = hostAccessOf(this.form, host.key);
    const hasPassword = this.passwords.has(host.key);
    const p = hostAccessProblem(host, access, hasPassword);
    const empty = host.credentialSaved ? 'the credentials saved for this host' : 'the account VS Code runs as';
    const fields: InputFieldView[] = [
      withProblem(
        { kind: 'text', id: `user:${idPart(host.key)}`, label: `User name for ${host.name}`, value: access.userName, maxLength: 256, placeholder: 'CONTOSO\\admin', hint: `An administrator of ${host.name}. Leave the user name and the password empty to use ${empty}.` },
        p.userName,
      ),
      withProblem(
        {
          kind: 'text',
          id: `password:${idPart(host.key)}`,
          label: `Password for ${host.name}`,
          // The password never goes back to the webview (nor into its saved state).
          value: '',
          secret: true,
          held: hasPassword,
          maxLength: 256,
          ...(hasPassword ? { placeholder: 'Entered (type again to change it)' } : {}),
          hint: 'Kept in memory for this run only.',
        },
        p.password,
      ),
    ];
    if (this.deps.saveHostCredential) {
      fields.push({ kind: 'checkbox', id: `save:${idPart(host.key)}`, label: `Save these credentials for ${host.name} once they work`, checked: access.save, hint: 'Stored in VS Code\u2019s secret storage (the operating system\u2019s keychain), never in settings.' });
    }
    return fields;
  }

  private hostAccessPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const blocks: BlockView[] = [
      { kind: 'textBlock', id: 'intro', text: 'To install the Site Recovery provider, the wizard runs PowerShell on these hosts over WinRM (PowerShell remoting) with an administrator account.' },
    ];
    for (const h of hostsNeedingAccess(this.form, this.input.candidates)) blocks.push(...this.hostFields(h));
    const problem = pageProblem(this.form, this.ctx());
    return { blocks, buttons: this.navButtons(problem) };
  }

  private targetPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const ch = this.choices;
    if (!ch) {
      return {
        blocks: [{ kind: 'textBlock', id: 'loading', text: 'Reading your Azure resources…' }],
        buttons: [button('back', 'Back'), button('cancel', 'Cancel'), button('reload', 'Read again'), button('next', 'Next', { primary: true, disabled: true })],
      };
    }
    const p = targetProblems(this.form, ch, this.deps.vaultLocation);
    const subnets = subnetsOf(ch, this.form.networkId);
    const blocks: BlockView[] = [
      { kind: 'textBlock', id: 'intro', text: `The VMs are created in Azure (${this.deps.vaultLocation}, the vault\u2019s region) only when they fail over; until then their disks replicate.` },
      withProblem(
        { kind: 'select', id: F.resourceGroup, label: 'Resource group', hint: 'Where the VMs, their disks and network interfaces are created at failover.', value: this.form.resourceGroupId, options: ch.resourceGroups.map((g) => ({ value: g.id, label: g.name, detail: g.location })) },
        p.resourceGroupId,
      ),
      withProblem(
        {
          kind: 'select',
          id: F.storageAccount,
          label: 'Storage account for replication logs',
          hint: `The disks replicate to managed disks that Azure Site Recovery creates in the resource group; this account keeps the replication logs. It must be in the vault\u2019s region (${this.deps.vaultLocation}).`,
          value: this.form.storageAccountId,
          options: ch.storageAccounts.map((a) => ({ value: a.id, label: a.name, detail: `${a.resourceGroup} \u00b7 ${a.location}` })),
        },
        p.storageAccountId,
      ),
      withProblem(
        {
          kind: 'select',
          id: F.network,
          label: 'Virtual network',
          hint: `The network the VMs join in Azure (networks in ${this.deps.vaultLocation}). You can also choose it at failover.`,
          value: this.form.networkId,
          options: [{ value: '', label: 'None now: choose the network at failover' }, ...ch.networks.map((n) => ({ value: n.id, label: n.name, detail: `${n.resourceGroup} \u00b7 ${n.addressPrefixes.join(', ')}` }))],
        },
        p.networkId,
      ),
      withProblem(
        this.form.networkId === ''
          ? { kind: 'select', id: F.subnet, label: 'Subnet', hint: 'Choose a virtual network first.', value: '', options: [{ value: '', label: 'No network chosen' }], disabled: true }
          : { kind: 'select', id: F.subnet, label: 'Subnet', hint: 'The subnet of the chosen network the VMs attach to.', value: this.form.subnetName, options: subnets.map((sn) => ({ value: sn.name, label: sn.name, ...(sn.addressPrefix ? { detail: sn.addressPrefix } : {}) })) },
        p.subnetName,
      ),
      withProblem(
        {
          kind: 'select',
          id: F.vmSize,
          label: 'VM size',
          hint: 'Automatic: Azure Site Recovery picks a size that matches each VM\u2019s processors and memory.',
          value: this.form.vmSize,
          options: [{ value: AUTOMATIC_VM_SIZE, label: 'Automatic' }, ...vmSizes.map((v) => ({ value: v.name, label: v.name, detail: v.detail }))],
        },
        p.vmSize,
      ),
    ];
    blocks.push({
      kind: 'select',
      id: F.license,
      label: 'Windows Server licence',
      hint: 'Applies to the Windows VMs only. Azure Hybrid Benefit lowers the cost of a VM running in Azure when you own licences with Software Assurance.',
      value: this.form.licenseType,
      options: licenseChoices.map((l) => ({ value: l, label: licenseLabels[l] })),
    });
    const problem = pageProblem(this.form, this.ctx());
    return { blocks, buttons: this.navButtons(problem) };
  }

  private policyPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const { settings, problems } = policySettings(this.form);
    const blocks: BlockView[] = [
      withProblem(
        {
          kind: 'select',
          id: F.frequency,
          label: 'Copy frequency',
          hint: 'How often changes on the VMs are copied to Azure.',
          value: String(this.form.frequency),
          options: REPLICATION_INTERVALS_SECONDS.map((sec) => ({ value: String(sec), label: frequencyLabel(sec) })),
        },
        problems.frequency,
      ),
      withProblem(
        { kind: 'text', id: F.retention, label: 'Recovery point retention (hours)', hint: 'How far back you can fail over: 0 to 24 hours of recovery points are kept.', value: this.form.retentionHours, maxLength: 3 },
        problems.retentionHours,
      ),
      withProblem(
        {
          kind: 'text',
          id: F.appConsistent,
          label: 'App-consistent snapshot frequency (hours)',
          hint: 'How often an application-consistent snapshot (VSS) is taken: 0 (off) to 12 hours, and not longer than the retention.',
          value: this.form.appConsistentHours,
          maxLength: 3,
        },
        problems.appConsistentHours,
      ),
    ];
    if (settings && this.choices) blocks.push({ kind: 'textBlock', id: 'policyPlan', tone: 'info', text: policyDecisionText(policyDecision(settings, this.choices.policies)) });
    return { blocks, buttons: this.navButtons(pageProblem(this.form, this.ctx())) };
  }

  private reviewPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    let plan: RunPlan;
    try {
      plan = buildRunPlan(this.form, this.ctx());
    } catch (e) {
      return {
        blocks: [{ kind: 'textBlock', id: 'incomplete', tone: 'error', text: e instanceof Error ? e.message : 'A page is incomplete: go back and complete it.' }],
        buttons: [button('back', 'Back'), button('cancel', 'Cancel'), button('start', 'Start', { primary: true, disabled: true })],
      };
    }
    const ch = this.choices;
    const nameOf = (list: readonly { id: string; name: string }[] | undefined, id: string | undefined): string => list?.find((x) => x.id.toLowerCase() === (id ?? '').toLowerCase())?.name ?? id ?? '';
    const t = plan.target;
    const policy = plan.policy;
    const blocks: BlockView[] = [
      {
        kind: 'summary',
        id: 'reviewVms',
        label: 'Virtual machines',
        rows: plan.vms.map((v) => ({ label: v.name, value: `on ${plan.hosts.find((h) => h.key === v.hostKey)?.name ?? v.hostKey}, ${v.osType}, operating system disk ${v.osDiskName}` })),
      },
      {
        kind: 'summary',
        id: 'reviewHosts',
        label: 'Hyper-V hosts',
        rows: plan.hosts.map((h) => ({ label: h.name, value: h.setup ? `Install the Site Recovery provider and register the host in ${h.site}` : `Registered in ${h.site}` })),
      },
      {
        kind: 'summary',
        id: 'reviewTarget',
        label: 'In Azure',
        rows: [
          { label: 'Region', value: this.deps.vaultLocation },
          { label: 'Resource group', value: nameOf(ch?.resourceGroups, t.resourceGroupId) },
          { label: 'Storage account for replication logs', value: nameOf(ch?.storageAccounts, t.storageAccountId) },
          { label: 'Disks in Azure', value: 'Managed disks (Standard HDD), created by Azure Site Recovery in the resource group' },
          { label: 'Virtual network', value: t.networkId ? nameOf(ch?.networks, t.networkId) : 'Chosen at failover' },
          ...(t.networkId ? [{ label: 'Subnet', value: t.subnetName ?? '' }] : []),
          { label: 'VM size', value: t.vmSize ?? 'Automatic' },
          { label: 'Windows Server licence', value: t.licenseType === 'WindowsServer' ? 'Azure Hybrid Benefit' : 'Pay in Azure' },
        ],
      },
      {
        kind: 'summary',
        id: 'reviewPolicy',
        label: 'Replication',
        rows: [
          { label: 'Hyper-V site', value: plan.sites.map((x) => (x.create ? `${x.name} (new)` : x.name)).join(', ') },
          { label: 'Policy', value: policy.kind === 'reuse' ? `${policy.name} (existing, reused)` : `${policy.name} (new)` },
          { label: 'Copy frequency', value: frequencyLabel(policy.settings.replicationIntervalSeconds) },
          { label: 'Recovery point retention', value: `${policy.settings.recoveryPointHistoryHours} hours` },
          { label: 'App-consistent snapshots', value: policy.settings.appConsistentFrequencyHours === 0 ? 'Off' : `Every ${policy.settings.appConsistentFrequencyHours} hours` },
        ],
      },
      { kind: 'textBlock', id: 'next', text: 'Start runs each step on the next page. You can close the page while it runs: the work goes on, and the status bar follows the replication jobs.' },
    ];
    return { blocks, buttons: [button('back', 'Back'), button('cancel', 'Cancel'), button('start', 'Start', { primary: true, disabled: this.busy })] };
  }

  private runPage(): Pick<PageContent, 'blocks' | 'buttons'> {
    const run = this.run;
    if (!run) return { blocks: [], buttons: [button('close', 'Close', { primary: true })] };
    const blocks: BlockView[] = [{ kind: 'steps', id: 'steps', label: 'Progress', steps: run.view() }];
    const failed = run.failedStep;
    if (run.finished) {
      const n = run.plan.vms.length;
      blocks.push({
        kind: 'textBlock',
        id: 'done',
        tone: 'success',
        text: `Replication is enabled for ${n === 1 ? run.plan.vms[0]?.name ?? 'the VM' : `${n} VMs`}. Initial replication continues in Azure: the tree shows its progress and the status bar follows it. You can close this page.`,
      });
    } else if (failed) {
      blocks.push({ kind: 'textBlock', id: 'failed', tone: 'error', text: `"${failed.label}" failed (the step above says why). Fix it, then press Retry: the run resumes from this step, and the steps already done are not repeated.` });
      const host = this.failedRemoteHost(failed.id);
      if (host) {
        blocks.push({ kind: 'textBlock', id: 'fixAccess', text: `If the failure is about access to ${host.name}, correct the credentials below before you press Retry.` });
        blocks.push(...this.hostFields(host).filter((f) => f.kind === 'text'));
      }
    } else if (run.running) {
      blocks.push({ kind: 'textBlock', id: 'running', text: 'You can close this page: the work goes on, and the status bar follows the replication jobs.' });
    }
    const buttons: ButtonView[] = [];
    if (failed) {
      const host = this.failedRemoteHost(failed.id);
      const p = host ? hostAccessProblem(host, hostAccessOf(this.form, host.key), this.passwords.has(host.key)) : {};
      buttons.push(button('retry', 'Retry', { primary: true, disabled: p.userName !== undefined || p.password !== undefined }));
    }
    buttons.push(button('close', 'Close', { primary: !failed }));
    return { blocks, buttons };
  }

  /** The remote host whose provider setup step failed (its credentials may be corrected on the run page). */
  private failedRemoteHost(stepId: string): CandidateHost | undefined {
    const [kind, hostKey] = [stepId.slice(0, stepId.indexOf(':')), stepId.slice(stepId.indexOf(':') + 1)];
    if (kind !== 'install' && kind !== 'register' && kind !== 'connected') return undefined;
    const planned = this.plan?.hosts.find((h) => h.key === hostKey);
    if (!planned?.setup || planned.local) return undefined;
    return hostOf(this.input.candidates, hostKey) ?? { key: planned.key, name: planned.name, fqdn: planned.fqdn, local: false, registered: false, connected: false, credentialSaved: false };
  }

  // ---- actions ----

  private hostByField(fieldId: string): CandidateHost | undefined {
    const part = fieldId.slice(fieldId.indexOf(':') + 1);
    const hosts = this.form.page === 'run' ? this.plan?.hosts.map((h) => this.failedRemoteHost(`install:${h.key}`)).filter((h) => h !== undefined) ?? [] : selectedHosts(this.form, this.input.candidates);
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
        await this.work('Reading your Azure resources…', () => this.loadChoices());
        return;
      case 'next': {
        const moved = nextPage(this.form, this.ctx());
        if (moved.problem !== undefined) {
          this.setError(moved.problem);
          return;
        }
        if (this.needsChoices(moved.form.page) && !this.choices) {
          const ok = await this.work('Reading your Azure resources…', () => this.loadChoices());
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
      default:
        return;
    }
  }

  // ---- the run ----

  private attachRun(run: EnableReplicationRun): void {
    this.run = run;
    run.onChange(() => this.changed());
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
      watchJob: (jobName, vmName) => deps.watchJob(jobName, vmName),
      hostReady: async (hostKey) => {
        const credential = this.credentialFor(hostKey);
        if (credential && hostAccessOf(this.form, hostKey).save && deps.saveHostCredential) await deps.saveHostCredential(hostKey, credential);
      },
      pollIntervalMs: deps.timing?.pollIntervalMs ?? 5000,
      connectTimeoutMs: deps.timing?.connectTimeoutMs ?? 30 * 60_000,
    };
  }
}
