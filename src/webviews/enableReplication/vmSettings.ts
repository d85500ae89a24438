// Each chosen VM's operating system and OS disk (the "Operating system and disks" page): which VMs
// need a choice, what the form holds (the choice, else what the host said), and what is missing.
// Pure: no vscode and no SDK client.

import * as l10n from '@vscode/l10n';
import { messages } from '../../model/messages';
import type { OsType } from '../../services/azure/protection';
import type { CandidateVm } from './candidates';
import type { EnableReplicationForm } from './form';

export const osTypes: readonly OsType[] = ['Windows', 'Linux'];

/**
 * A chosen VM needs the "Operating system and disks" page when the host does not say its OS, or
 * it has more than one disk (one disk is its OS disk: chosen silently), or no disk is known.
 */
export function needsVmSettings(vm: CandidateVm): boolean {
  return vm.osType === undefined || vm.disks.length !== 1;
}

/** The OS type the form holds for a VM: the one chosen, else the host's. Never a default: undefined until someone says. */
export function osTypeFor(form: EnableReplicationForm, vm: CandidateVm): OsType | undefined {
  return form.osTypes.find((o) => o.vmKey === vm.key)?.osType ?? vm.osType;
}

export function withOsType(form: EnableReplicationForm, vmKey: string, osType: OsType): EnableReplicationForm {
  return { ...form, osTypes: [...form.osTypes.filter((o) => o.vmKey !== vmKey), { vmKey, osType }] };
}

/** The OS disk the form holds for a VM: the one chosen, else its only disk, else the host's boot disk; undefined when none. */
export function osDiskFor(form: EnableReplicationForm, vm: CandidateVm): string | undefined {
  const chosen = form.osDisks.find((o) => o.vmKey === vm.key)?.diskName;
  if (chosen !== undefined && vm.disks.some((d) => d.name === chosen)) return chosen;
  if (vm.disks.length === 1) return vm.disks[0]?.name;
  return vm.suggestedOsDisk;
}

export function withOsDisk(form: EnableReplicationForm, vmKey: string, diskName: string): EnableReplicationForm {
  return { ...form, osDisks: [...form.osDisks.filter((o) => o.vmKey !== vmKey), { vmKey, diskName }] };
}

/** What is missing for a VM on the "Operating system and disks" page. */
export function vmSettingsProblems(form: EnableReplicationForm, vm: CandidateVm): { osType?: string; osDisk?: string } {
  const out: { osType?: string; osDisk?: string } = {};
  const os = osTypeFor(form, vm);
  if (os === undefined) out.osType = l10n.t('Choose the operating system of {0}: Hyper-V does not report it (the VM is off, or its integration services do not say).', vm.name);
  // The support matrix: no generation 2 VM running Linux (the preflight could not tell before the OS was known).
  else if (os === 'Linux' && vm.generation === 2) out.osType = messages.preflight.linuxGen2(vm.name);
  if (vm.disks.length === 0) out.osDisk = l10n.t('The disks of {0} are not known: make sure its host is reachable, refresh the view, then open this wizard again.', vm.name);
  else if (osDiskFor(form, vm) === undefined) out.osDisk = l10n.t('Choose the operating system disk of {0}: the host does not say which disk it boots from.', vm.name);
  return out;
}
