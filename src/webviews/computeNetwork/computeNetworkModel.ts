// The Compute and Network page's form (pure): the values the user edits, read from the protected
// item; the fields the edit page shows; the local checks (src/model/computeNetworkRules.ts); the
// change to send (only what differs from the item). No vscode, no Azure calls.
import * as l10n from '@vscode/l10n';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { prefixContains, staticIpProblem, targetSizeProblem, targetVmNameProblem, type OfferedSize, type StaticIpClaim } from '../../model/computeNetworkRules';
import { hyperVAzureDetails, type ComputeNetworkChange, type NicChange } from '../../services/azure/computeAndNetwork';
import type { VirtualNetworkSummary } from '../../services/azure/networks';
import type { BlockView, OptionView } from '../form/view';

export type IpMode = 'dynamic' | 'static' | 'onPremises';

export interface NicForm {
  nicId: string;
  /** The adapter as the host names it (its virtual switch). */
  label: string;
  subnet: string;
  mode: IpMode;
  /** The static IP typed (mode static). */
  ip: string;
  /** The guest's on-premises address on this adapter, when the item reports one. */
  onPremIp?: string | undefined;
}

export interface FormValues {
  vmName: string;
  vmSize: string;
  networkId: string;
  nics: NicForm[];
}

/** What the page read when it opened. */
export interface LoadedFacts {
  item: ReplicationProtectedItem;
  networks: readonly VirtualNetworkSummary[];
  /** The region's sizes, or why they could not be read. */
  sizes: ReadonlyMap<string, OfferedSize> | { error: string };
  claims: readonly StaticIpClaim[];
  region: string;
}

/** The form as the item has it now. */
export function valuesOfItem(item: ReplicationProtectedItem): FormValues {
  const d = hyperVAzureDetails(item);
  return {
    vmName: d?.recoveryAzureVmName ?? '',
    vmSize: d?.recoveryAzureVMSize ?? '',
    networkId: d?.selectedRecoveryAzureNetworkId ?? '',
    nics: (d?.vmNics ?? []).map((n, i) => {
      const c = n.ipConfigs?.[0];
      const ip = c?.recoveryStaticIPAddress ?? '';
      const onPrem = c?.staticIPAddress ?? undefined;
      return {
        nicId: n.nicId ?? '',
        label: n.vMNetworkName ? l10n.t('Adapter {0} ({1})', i + 1, n.vMNetworkName) : l10n.t('Adapter {0}', i + 1),
        subnet: c?.recoverySubnetName ?? '',
        mode: ip === '' ? 'dynamic' : onPrem !== undefined && onPrem === ip ? 'onPremises' : 'static',
        ip,
        ...(onPrem ? { onPremIp: onPrem } : {}),
      };
    }),
  };
}

export function networkOf(facts: LoadedFacts, networkId: string): VirtualNetworkSummary | undefined {
  return facts.networks.find((n) => n.id.toLowerCase() === networkId.toLowerCase());
}

/** The address a NIC asks for ('' when dynamic). */
export function addressOf(nic: NicForm): string {
  return nic.mode === 'dynamic' ? '' : nic.mode === 'onPremises' ? (nic.onPremIp ?? '') : nic.ip.trim();
}

function sizeOptions(facts: LoadedFacts, current: string): OptionView[] {
  const offered = 'error' in facts.sizes ? [] : [...facts.sizes.values()].filter((s) => s.restriction === undefined).map((s) => s.name);
  const names = [...new Set([...(current ? [current] : []), ...offered])].sort((a, b) => a.localeCompare(b));
  return names.map((n) => ({ value: n, label: n }));
}

/** The field's problem, as a view property (absent when there is none). */
function problemOf(problems: ReadonlyMap<string, string>, id: string): { problem?: string } {
  const p = problems.get(id);
  return p !== undefined ? { problem: p } : {};
}

function nicBlocks(facts: LoadedFacts, values: FormValues, problems: ReadonlyMap<string, string>, i: number): BlockView[] {
  const nic = values.nics[i];
  if (!nic) return [];
  const subnets = networkOf(facts, values.networkId)?.subnets ?? [];
  const subnet = subnets.find((s) => s.name === nic.subnet);
  const modes: OptionView[] = [
    { value: 'dynamic', label: l10n.t('Dynamic (the next free address of the subnet)') },
    { value: 'static', label: l10n.t('Static IP') },
  ];
  if (nic.onPremIp) {
    const fits = prefixContains(subnet?.addressPrefix, nic.onPremIp);
    modes.push({
      value: 'onPremises',
      label: l10n.t('Keep the on-premises address {0}', nic.onPremIp),
      ...(fits ? {} : { disabled: true, detail: l10n.t('Not in the subnet {0}.', nic.subnet || '-') }),
    });
  }
  const p = `nic${i}`;
  const blocks: BlockView[] = [
    { kind: 'textBlock', id: `${p}.title`, text: nic.label },
    {
      kind: 'select',
      id: `${p}.subnet`,
      label: l10n.t('Subnet'),
      value: nic.subnet,
      options: subnets.map((s) => ({ value: s.name, label: s.name, ...(s.addressPrefix ? { detail: s.addressPrefix } : {}) })),
      ...problemOf(problems, `${p}.subnet`),
    },
    { kind: 'radio', id: `${p}.mode`, label: l10n.t('Private IP address'), value: nic.mode, options: modes },
  ];
  if (nic.mode === 'static') {
    blocks.push({
      kind: 'text',
      id: `${p}.ip`,
      label: l10n.t('Static IP address'),
      value: nic.ip,
      maxLength: 15,
      placeholder: subnet?.addressPrefix ?? '',
      hint: l10n.t('Inside the subnet, not one of the five addresses Azure reserves in it.'),
      ...problemOf(problems, `${p}.ip`),
    });
  } else if (nic.mode === 'onPremises' && problems.has(`${p}.ip`)) {
    blocks.push({ kind: 'textBlock', id: `${p}.ipProblem`, tone: 'error', text: problems.get(`${p}.ip`) ?? '' });
  }
  return blocks;
}

/** The edit page's blocks. */
export function editBlocks(facts: LoadedFacts, values: FormValues, problems: ReadonlyMap<string, string>): BlockView[] {
  const problem = (id: string): { problem?: string } => problemOf(problems, id);
  const networks = facts.networks.map((n) => ({ value: n.id, label: n.name, detail: `${n.resourceGroup} · ${n.location}` }));
  if (values.networkId && !networkOf(facts, values.networkId))
    networks.unshift({ value: values.networkId, label: values.networkId.split('/').pop() ?? values.networkId, detail: l10n.t('not in {0}', facts.region) });
  const blocks: BlockView[] = [
    { kind: 'textBlock', id: 'intro', text: l10n.t('Where and how the VM runs in Azure after a failover or a test failover ({0}).', facts.region) },
    { kind: 'text', id: 'vmName', label: l10n.t('Azure VM name'), value: values.vmName, maxLength: 63, ...problem('vmName') },
    { kind: 'select', id: 'vmSize', label: l10n.t('Size'), value: values.vmSize, options: sizeOptions(facts, values.vmSize), ...problem('vmSize') },
    {
      kind: 'select',
      id: 'network',
      label: l10n.t('Virtual network'),
      value: values.networkId,
      options: networks,
      hint: l10n.t('Changing the network changes it for every adapter.'),
      ...problem('network'),
    },
  ];
  if ('error' in facts.sizes)
    blocks.push({
      kind: 'textBlock',
      id: 'sizesUnread',
      tone: 'warning',
      text: l10n.t('The sizes offered in {0} could not be read ({1}); the size is kept.', facts.region, facts.sizes.error),
    });
  values.nics.forEach((_, i) => blocks.push(...nicBlocks(facts, values, problems, i)));
  return blocks;
}

/** The local checks (no Azure read): field id → what is wrong and what to do. */
export function localProblems(facts: LoadedFacts, values: FormValues): Map<string, string> {
  const out = new Map<string, string>();
  const name = targetVmNameProblem(values.vmName.trim());
  if (name) out.set('vmName', name);
  const current = valuesOfItem(facts.item);
  if (!('error' in facts.sizes) && values.vmSize.toLowerCase() !== current.vmSize.toLowerCase()) {
    const size = targetSizeProblem(values.vmSize, facts.sizes, facts.region);
    if (size) out.set('vmSize', size);
  }
  const network = networkOf(facts, values.networkId);
  if (!values.networkId) out.set('network', l10n.t('Choose the virtual network the VM joins in Azure.'));
  const taken = new Set<string>();
  values.nics.forEach((nic, i) => {
    const subnet = network?.subnets.find((s) => s.name === nic.subnet);
    if (network && !subnet) out.set(`nic${i}.subnet`, l10n.t('Choose a subnet of {0}.', network.name));
    const address = addressOf(nic);
    if (address === '') return;
    const claims = [...facts.claims, ...[...taken].map((a) => ({ vmName: l10n.t('another adapter of this VM'), networkId: values.networkId, address: a }))];
    const ip = staticIpProblem(address, { subnetName: nic.subnet, subnetPrefix: subnet?.addressPrefix, networkId: values.networkId, claims });
    if (ip) out.set(`nic${i}.ip`, ip);
    taken.add(address);
  });
  return out;
}

/** What differs from the item: the change to send (empty nics when no adapter changed). */
export function changeOf(item: ReplicationProtectedItem, values: FormValues): ComputeNetworkChange {
  const now = valuesOfItem(item);
  const networkChanged = values.networkId.toLowerCase() !== now.networkId.toLowerCase();
  const nics: NicChange[] = [];
  values.nics.forEach((nic, i) => {
    const before = now.nics[i];
    const address = addressOf(nic);
    if (!networkChanged && before && before.subnet === nic.subnet && addressOf(before) === address) return;
    nics.push({ nicId: nic.nicId, subnetName: nic.subnet, staticIp: address === '' ? null : address });
  });
  return {
    ...(values.vmName.trim() !== now.vmName ? { vmName: values.vmName.trim() } : {}),
    ...(values.vmSize !== now.vmSize ? { vmSize: values.vmSize } : {}),
    ...(networkChanged ? { networkId: values.networkId } : {}),
    ...(nics.length > 0 ? { nics } : {}),
  };
}

/** The review page's rows. */
export function reviewRows(facts: LoadedFacts, values: FormValues): { label: string; value: string }[] {
  const rows = [
    { label: l10n.t('Azure VM name'), value: values.vmName.trim() },
    { label: l10n.t('Size'), value: values.vmSize },
    { label: l10n.t('Virtual network'), value: networkOf(facts, values.networkId)?.name ?? values.networkId },
  ];
  for (const nic of values.nics) {
    const address = addressOf(nic);
    rows.push({ label: nic.label, value: l10n.t('subnet {0}, {1}', nic.subnet, address === '' ? l10n.t('dynamic IP') : l10n.t('static IP {0}', address)) });
  }
  return rows;
}
