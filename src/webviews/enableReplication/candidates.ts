// The VMs the Enable Replication wizard offers, from the estate snapshot: each VM of a host that
// has no protected item yet, with its disks (for the OS disk choice), its OS and generation where
// known, and its findings against the Azure support matrix and ASR's readiness (an error blocks
// the VM). Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import { findDiskByName, vhdNameOfPath, type NamedDisk } from '../../model/osDisk';
import { preflightVm, type PreflightFinding } from '../../model/preflight';
import { equalsIgnoreCase } from '../../model/wireValues';
import type { OsType } from '../../services/azure/protection';
import type { EstateHost, EstateSnapshot, EstateVm } from '../../estate';

export interface CandidateHost {
  key: string;
  name: string;
  fqdn?: string;
  /** The machine VS Code runs on (scripts run without remoting, no credentials). */
  local: boolean;
  /** Registered with this vault (a provider of one of its Hyper-V sites). */
  registered: boolean;
  connected: boolean;
  /** The site the host is registered in. */
  fabricName?: string;
  /** The user saved credentials for this host (SecretStorage). */
  credentialSaved: boolean;
}

export type FindingTone = 'error' | 'warning';

export interface VmFinding {
  tone: FindingTone;
  /** A sentence that says what is wrong and what to do. */
  text: string;
}

/** A disk of a VM as the wizard offers it for the OS disk choice. */
export interface CandidateDisk {
  /** The name Azure Site Recovery matches (the VHD file name without its extension). */
  name: string;
  sizeGB?: number;
}

export interface CandidateVm {
  key: string;
  /** Hyper-V VMId (lower case): the protectable and protected item name. */
  vmId: string;
  name: string;
  hostKey: string;
  /** From the host's inventory (integration services of a running guest); undefined when it does not say. */
  osType?: OsType;
  /**
   * The disks to choose the OS disk from: as Azure Site Recovery lists them when it does (the
   * names it matches), else as the host's inventory does. Empty when neither is known.
   */
  disks: CandidateDisk[];
  /** The host's boot disk (see osDiskIndex in vmInventory.ts), as a name of `disks`. */
  suggestedOsDisk?: string;
  /** From the inventory, else Azure's protectable item ("1"/"2"; "0" counts as unknown). */
  generation?: 1 | 2;
  findings: VmFinding[];
  /** Azure Site Recovery lists the VM as a protectable item (the run lists the items again before it enables the VM). */
  listedByAsr: boolean;
}

export interface Candidates {
  hosts: CandidateHost[];
  vms: CandidateVm[];
}

function osTypeOf(vm: EstateVm): OsType | undefined {
  // Azure reports `osDetails: null` for Hyper-V protectable items (all 29 recorded); read it in case it ever says.
  return vm.hyperV?.osType ?? vm.protectable?.osType;
}

/** The disks ASR lists for the VM, as services/azure/protection.ts protectableDisks gives them (vhdName '' where ASR names none). */
function protectableDiskList(vm: EstateVm): (NamedDisk & { maxSizeMB?: number })[] {
  const disks = vm.protectable?.disks;
  if (!disks) return [];
  return disks.names.map((name, i) => {
    const maxSizeMB = disks.maxSizesMB[i];
    const named = disks.byId?.includes(i) !== true;
    return { vhdName: named ? name : '', vhdId: named ? '' : name, ...(maxSizeMB !== undefined ? { maxSizeMB } : {}) };
  });
}

/**
 * The disks offered for the OS disk choice and the host's suggestion among them. Azure's names
 * win (they are what the enable request is matched against); the inventory's boot disk is found
 * among them by name as Az PowerShell matches -OSDiskName (see src/model/osDisk.ts).
 */
export function candidateDisks(vm: EstateVm): { disks: CandidateDisk[]; suggestedOsDisk?: string } {
  const inventory = vm.hyperV;
  const bootPath = inventory?.osDiskIndex !== undefined ? inventory.disks[inventory.osDiskIndex]?.path : undefined;
  const bootName = bootPath !== undefined ? vhdNameOfPath(bootPath) : undefined;
  const azure = protectableDiskList(vm);
  if (azure.length > 0) {
    const disks = azure.map((d) => ({ name: d.vhdName || d.vhdId, ...(d.maxSizeMB !== undefined ? { sizeGB: Math.round(d.maxSizeMB / 1024) } : {}) }));
    const match = bootName !== undefined ? findDiskByName(azure, bootName) : undefined;
    return { disks, ...(match ? { suggestedOsDisk: match.vhdName || match.vhdId } : {}) };
  }
  if (!inventory) return { disks: [] };
  const disks = inventory.disks
    .filter((d) => d.isPassThrough !== true)
    .map((d) => ({ name: vhdNameOfPath(d.path), ...(d.sizeBytes !== undefined ? { sizeGB: Math.round(d.sizeBytes / 1024 ** 3) } : {}) }));
  return { disks, ...(bootName !== undefined && disks.some((d) => d.name === bootName) ? { suggestedOsDisk: bootName } : {}) };
}

function generationOf(vm: EstateVm): 1 | 2 | undefined {
  return vm.hyperV ? vm.hyperV.generation : vm.protectable?.generation;
}

function hostTitle(host: EstateHost): string {
  return host.name || host.fqdn || host.key;
}

/** Support-matrix findings and ASR's readiness for one VM on its host (errors block it). */
export function vmFindings(vm: EstateVm, host: EstateHost): VmFinding[] {
  const out: VmFinding[] = [];
  const add = (tone: FindingTone, text: string): void => {
    if (!out.some((f) => f.text === text)) out.push({ tone, text });
  };
  const hostName = hostTitle(host);
  if (vm.stale || !host.reachable) {
    const why = host.unreachableReason?.replace(/\.$/, '');
    if (host.provider.registered && host.provider.connected === true && vm.protectable !== undefined) {
      // Nothing has to run on a registered, connected host: Azure lists the VM and its disks, so
      // it can be protected; only what the host would have told (OS, boot disk) must be chosen.
      add(
        'warning',
        why
          ? l10n.t(
              '{0} could not be reached at the last refresh ({1}), so its OS and boot disk are not known: choose them on the next pages. Azure Site Recovery lists the VM, so it can be protected.',
              hostName,
              why,
            )
          : l10n.t(
              '{0} could not be reached at the last refresh, so its OS and boot disk are not known: choose them on the next pages. Azure Site Recovery lists the VM, so it can be protected.',
              hostName,
            ),
      );
    } else {
      add(
        'error',
        why
          ? l10n.t('{0} could not be reached at the last refresh ({1}). Make sure the host is on and reachable, refresh it, then try again.', hostName, why)
          : l10n.t('{0} could not be reached at the last refresh. Make sure the host is on and reachable, refresh it, then try again.', hostName),
      );
    }
  }
  if (host.supported === false) {
    add('error', host.supportReason ?? l10n.t('{0} does not run a Windows Server version Azure Site Recovery supports (2012 R2 or later). Upgrade the host first.', hostName));
  }
  if (host.provider.registered && host.provider.connected === false) {
    add(
      'error',
      l10n.t(
        '{0} is registered with the vault but not connected (its Site Recovery provider heartbeat is missing). Make sure the host is running and reaches Azure over HTTPS (port 443), restart the "Microsoft Azure Site Recovery Provider" service if needed, then refresh.',
        hostName,
      ),
    );
  }
  if (vm.protectionUnknown !== undefined) {
    // ASR's items were not read: the VM may be protected already, and Azure would refuse a second enable.
    add(
      'error',
      l10n.t('Azure Site Recovery could not be read at the last refresh, so whether "{0}" is already protected is not known. Refresh the estate, then try again.', vm.name),
    );
  }
  const status = vm.protectable?.protectionStatus;
  if (status !== undefined && !equalsIgnoreCase(status, 'Unprotected')) {
    add('error', l10n.t('Azure Site Recovery reports the protection status of "{0}" as {1}. Refresh the estate; if it stays so, look at the VM in the vault.', vm.name, status));
  }
  // The preflight facts of the host's inventory (its own support is judged above); without one, only the name.
  const facts = vm.hyperV ?? { name: vm.name, disks: [] };
  const result = preflightVm({ name: hostName }, facts, vm.protectable?.readiness ?? {});
  const relevant = (f: PreflightFinding): boolean =>
    // Host rules are judged above from the host's own facts; without an inventory the disks are
    // unknown, not missing, and the generation is unknown, not wrong.
    f.target !== 'host' && (vm.hyperV !== undefined || (f.ruleId !== 'vm.osDisk.count' && f.ruleId !== 'vm.generation'));
  for (const f of result.findings.filter(relevant)) add(f.severity, f.message);
  return out.sort((a, b) => (a.tone === b.tone ? 0 : a.tone === 'error' ? -1 : 1));
}

/**
 * The VMs the wizard can offer (every VM on a host without a protected item) and their hosts.
 * `savedCredentialHosts`: host keys, names or FQDNs that have saved credentials.
 */
export function candidatesFromEstate(snapshot: EstateSnapshot, options: { savedCredentialHosts?: readonly string[] } = {}): Candidates {
  const saved = new Set((options.savedCredentialHosts ?? []).map((h) => h.toLowerCase()));
  const hosts: CandidateHost[] = [];
  const vms: CandidateVm[] = [];
  for (const h of snapshot.hosts) {
    const offered = h.vms.filter((v) => v.protection === undefined);
    if (offered.length === 0) continue;
    hosts.push({
      key: h.key,
      name: hostTitle(h),
      ...(h.fqdn !== undefined ? { fqdn: h.fqdn } : {}),
      local: h.sources.includes('local'),
      registered: h.provider.registered,
      connected: h.provider.connected === true,
      ...(h.provider.fabricName !== undefined ? { fabricName: h.provider.fabricName } : {}),
      credentialSaved: [h.key, h.name, h.fqdn].some((n) => n !== undefined && saved.has(n.toLowerCase())),
    });
    for (const v of offered) {
      const os = osTypeOf(v);
      const { disks, suggestedOsDisk } = candidateDisks(v);
      const generation = generationOf(v);
      vms.push({
        key: v.key,
        vmId: v.vmId,
        name: v.name,
        hostKey: h.key,
        ...(os !== undefined ? { osType: os } : {}),
        disks,
        ...(suggestedOsDisk !== undefined ? { suggestedOsDisk } : {}),
        ...(generation !== undefined ? { generation } : {}),
        findings: vmFindings(v, h),
        listedByAsr: v.protectable !== undefined,
      });
    }
  }
  return { hosts, vms };
}

export function hasError(vm: CandidateVm): boolean {
  return vm.findings.some((f) => f.tone === 'error');
}

/** The VM keys to pre-select: from a VM node that VM, from a host node its unprotected VMs. */
export function preselection(candidates: Candidates, from: { vmKey?: string; hostKey?: string }): string[] {
  if (from.vmKey !== undefined) {
    const key = from.vmKey.toLowerCase();
    return candidates.vms.filter((v) => v.key === key).map((v) => v.key);
  }
  if (from.hostKey !== undefined) {
    const key = from.hostKey.toLowerCase();
    return candidates.vms.filter((v) => v.hostKey === key && !hasError(v)).map((v) => v.key);
  }
  return [];
}
