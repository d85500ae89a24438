// Get-VmInventory: a host's VMs with disks, network adapters and Hyper-V replication state, and
// how a VM becomes the model's preflight facts.

import type { HostFacts, VmDiskFacts, VmFacts } from '../../model/preflight';
import { ControllerType, PayloadReader, VhdFormat, VhdType, VMReplicationHealthState, VMReplicationState, VMState, type PayloadContext } from './envelope';
import type { HostInfo } from './hostInfo';
import type { RunOptions, ScriptRunner } from './powershellRunner';
import { getVmInventoryScript } from './scripts';
import { hostScriptInput, targetHost, type HyperVTarget } from './target';

export interface HyperVVmDisk {
  /** The VHD(X) path, or Hyper-V's description of a pass-through disk. */
  path: string;
  /** 'IDE' | 'SCSI' | 'PMEM' (or `Unknown(<n>)`). */
  controllerType: string;
  controllerNumber: number;
  controllerLocation: number;
  /** Set for a pass-through (physical) disk. */
  diskNumber?: number;
  /** 'VHD' | 'VHDX' | 'VHDSet' | 'Unknown'. */
  vhdFormat?: string;
  /** 'Fixed' | 'Dynamic' | 'Differencing' | 'Unknown'. */
  vhdType?: string;
  sizeBytes?: number;
  logicalSectorSize?: number;
  physicalSectorSize?: number;
  /** Shared VHDX (persistent reservations). */
  shared: boolean;
}

export interface HyperVNetworkAdapter {
  name: string;
  switchName: string;
  macAddress: string;
}

export interface HyperVVm {
  name: string;
  /** Lower-case GUID. */
  vmId: string;
  /** A VMState name ('Running', 'Off', ...). */
  state: string;
  generation: 1 | 2;
  processorCount: number;
  memoryStartupBytes: number;
  /** A VMReplicationState name. */
  replicationState: string;
  /** A VMReplicationHealthState name. */
  replicationHealth: string;
  isClustered: boolean;
  hasFibreChannelAdapter: boolean;
  /** The guest OS, when its integration services publish it (running VMs); else undefined. */
  osName?: string;
  osType?: 'Windows' | 'Linux';
  disks: HyperVVmDisk[];
  /** Generation 2: the first hard disk of the firmware boot order, as Get-VMFirmware reports it. */
  firmwareBootDisk?: { controllerNumber: number; controllerLocation: number; path: string };
  /**
   * Index in `disks` of the boot (OS) disk: generation 1 the IDE 0:0 disk (else the first disk of
   * the IDE chain), generation 2 the first hard disk of the firmware boot order. Undefined when
   * the host does not say: then the user chooses.
   */
  osDiskIndex?: number;
  networkAdapters: HyperVNetworkAdapter[];
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

function readVmId(r: PayloadReader, o: Record<string, unknown>, path: string): string {
  let v = o.vmId;
  // A [guid] serialized by ConvertTo-Json without the projection's "$()" may arrive as { Guid }.
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'Guid' in v) {
    v = v.Guid;
  }
  const text = r.string({ vmId: v }, 'vmId', path).trim();
  const match = GUID.exec(text);
  if (!match) {
    throw r.fail(`${path}.vmId`, 'is not a GUID');
  }
  return match[1].toLowerCase();
}

function normalizeDisk(r: PayloadReader, v: unknown, path: string): HyperVVmDisk {
  const o = r.object(v, path);
  const diskNumber = r.optionalNumber(o, 'diskNumber', path);
  const vhdFormat = r.optionalEnumName(VhdFormat, o, 'vhdFormat', path);
  const vhdType = r.optionalEnumName(VhdType, o, 'vhdType', path);
  const sizeBytes = r.optionalNumber(o, 'sizeBytes', path);
  const logicalSectorSize = r.optionalNumber(o, 'logicalSectorSize', path);
  const physicalSectorSize = r.optionalNumber(o, 'physicalSectorSize', path);
  return {
    path: r.string(o, 'path', path),
    controllerType: r.enumName(ControllerType, o, 'controllerType', path),
    controllerNumber: r.integer(o, 'controllerNumber', path),
    controllerLocation: r.integer(o, 'controllerLocation', path),
    ...(diskNumber !== undefined ? { diskNumber } : {}),
    ...(vhdFormat !== undefined ? { vhdFormat } : {}),
    ...(vhdType !== undefined ? { vhdType } : {}),
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
    ...(logicalSectorSize !== undefined ? { logicalSectorSize } : {}),
    ...(physicalSectorSize !== undefined ? { physicalSectorSize } : {}),
    shared: r.boolean(o, 'shared', path),
  };
}

function normalizeAdapter(r: PayloadReader, v: unknown, path: string): HyperVNetworkAdapter {
  const o = r.object(v, path);
  return {
    name: r.string(o, 'name', path),
    // Not connected to a switch: PowerShell writes null or ''.
    switchName: r.optionalString(o, 'switchName', path) ?? '',
    macAddress: r.string(o, 'macAddress', path),
  };
}

function normalizeVm(r: PayloadReader, v: unknown, path: string): HyperVVm {
  const o = r.object(v, path);
  const generation = r.integer(o, 'generation', path);
  if (generation !== 1 && generation !== 2) {
    throw r.fail(`${path}.generation`, 'is not 1 or 2');
  }
  const osName = r.optionalString(o, 'osName', path);
  const osType = r.optionalString(o, 'osType', path);
  if (osType !== undefined && osType !== 'Windows' && osType !== 'Linux') {
    throw r.fail(`${path}.osType`, 'is not Windows or Linux');
  }
  const disks = r.array(o, 'disks', path).map((d, i) => normalizeDisk(r, d, `${path}.disks[${i}]`));
  const boot = o.firmwareBootDisk === undefined || o.firmwareBootDisk === null ? undefined : r.object(o.firmwareBootDisk, `${path}.firmwareBootDisk`);
  const firmwareBootDisk = boot
    ? {
        controllerNumber: r.integer(boot, 'controllerNumber', `${path}.firmwareBootDisk`),
        controllerLocation: r.integer(boot, 'controllerLocation', `${path}.firmwareBootDisk`),
        path: r.optionalString(boot, 'path', `${path}.firmwareBootDisk`) ?? '',
      }
    : undefined;
  const osDisk = osDiskIndex({ generation, disks, ...(firmwareBootDisk ? { firmwareBootDisk } : {}) });
  return {
    name: r.string(o, 'name', path),
    vmId: readVmId(r, o, path),
    state: r.enumName(VMState, o, 'state', path),
    generation,
    processorCount: r.integer(o, 'processorCount', path),
    memoryStartupBytes: r.number(o, 'memoryStartupBytes', path),
    replicationState: r.enumName(VMReplicationState, o, 'replicationState', path),
    replicationHealth: r.enumName(VMReplicationHealthState, o, 'replicationHealth', path),
    isClustered: r.boolean(o, 'isClustered', path),
    hasFibreChannelAdapter: r.boolean(o, 'hasFibreChannelAdapter', path),
    ...(osName !== undefined && osName !== '' ? { osName } : {}),
    ...(osType !== undefined ? { osType } : {}),
    disks,
    ...(firmwareBootDisk ? { firmwareBootDisk } : {}),
    ...(osDisk !== undefined ? { osDiskIndex: osDisk } : {}),
    networkAdapters: r.array(o, 'networkAdapters', path).map((n, i) => normalizeAdapter(r, n, `${path}.networkAdapters[${i}]`)),
  };
}

/** Validates and normalizes Get-VmInventory's envelope data `{ vms }` (5.1 or 7 JSON). */
export function normalizeVmInventory(data: unknown, ctx: PayloadContext = { script: getVmInventoryScript.name }): HyperVVm[] {
  const r = new PayloadReader(ctx);
  const one = Array.isArray(data) && data.length === 1 ? (data[0] as unknown) : data;
  const d = r.object(one, 'data');
  if (!('vms' in d)) {
    throw r.fail('data.vms', 'is missing');
  }
  return r.array(d, 'vms', 'data').map((vm, i) => normalizeVm(r, vm, `data.vms[${i}]`));
}

/** Runs Get-VmInventory on the target (or the local computer). Throws HyperVError. */
export async function getVmInventory(runner: ScriptRunner, target: HyperVTarget, options: Omit<RunOptions, 'host'> = {}): Promise<HyperVVm[]> {
  const host = targetHost(target);
  const data = await runner.run(getVmInventoryScript, hostScriptInput(target), {
    ...options,
    ...(host !== undefined ? { host } : {}),
  });
  return normalizeVmInventory(data, { script: getVmInventoryScript.name, ...(host !== undefined ? { host } : {}) });
}

function isAt(disk: HyperVVmDisk, controllerType: string, controllerNumber: number, controllerLocation: number): boolean {
  return disk.controllerType.toUpperCase() === controllerType && disk.controllerNumber === controllerNumber && disk.controllerLocation === controllerLocation;
}

/**
 * The VM's boot disk, from the host's own facts:
 * - generation 1 (BIOS) boots its IDE chain: the IDE 0:0 disk, else the first IDE disk in
 *   controller/location order (a generation 1 VM cannot boot from SCSI);
 * - generation 2 (UEFI) boots the first hard disk of its firmware boot order (Get-VMFirmware).
 * Undefined when the host does not say (a generation 2 VM without a hard disk in its boot order,
 * or an inventory without it): the caller must then ask, not guess.
 */
export function osDiskIndex(vm: Pick<HyperVVm, 'generation' | 'disks' | 'firmwareBootDisk'>): number | undefined {
  if (vm.disks.length === 0) {
    return undefined;
  }
  if (vm.generation === 1) {
    const ide = vm.disks
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => d.controllerType.toUpperCase() === 'IDE')
      .sort((a, b) => a.d.controllerNumber - b.d.controllerNumber || a.d.controllerLocation - b.d.controllerLocation);
    return ide[0]?.i;
  }
  const boot = vm.firmwareBootDisk;
  if (!boot) return undefined;
  const byPath = boot.path !== '' ? vm.disks.findIndex((d) => d.path.toLowerCase() === boot.path.toLowerCase()) : -1;
  if (byPath >= 0) return byPath;
  const index = vm.disks.findIndex((d) => isAt(d, 'SCSI', boot.controllerNumber, boot.controllerLocation));
  return index >= 0 ? index : undefined;
}

const KNOWN_FORMATS = new Set(['VHD', 'VHDX', 'VHDSET']);

/** The support-matrix facts of a VM (model/preflight.ts) from its inventory. */
export function preflightVmFacts(vm: HyperVVm): VmFacts {
  const os = osDiskIndex(vm);
  const disks = vm.disks.map((d, i): VmDiskFacts => {
    // 'Unknown' or 'Unknown(<n>)' says nothing: let preflight fall back to the file extension.
    const format = d.vhdFormat !== undefined && KNOWN_FORMATS.has(d.vhdFormat.toUpperCase()) ? d.vhdFormat : undefined;
    return {
      path: d.path,
      ...(format !== undefined ? { format } : {}),
      ...(d.sizeBytes !== undefined ? { sizeBytes: d.sizeBytes } : {}),
      // Unknown boot disk: no flag, so preflight judges sizes on the first disk (the usual boot disk).
      ...(os !== undefined ? { isOsDisk: i === os } : {}),
      isShared: d.shared,
      isPassThrough: d.diskNumber !== undefined,
      ...(d.logicalSectorSize !== undefined ? { logicalSectorSize: d.logicalSectorSize } : {}),
      ...(d.physicalSectorSize !== undefined ? { physicalSectorSize: d.physicalSectorSize } : {}),
    };
  });
  return { name: vm.name, generation: vm.generation, ...(vm.osType !== undefined ? { osType: vm.osType } : {}), disks, hasFibreChannelAdapter: vm.hasFibreChannelAdapter };
}

/** The model's preflight inputs for a VM on a host. */
export function toPreflightFacts(host: HostInfo, vm: HyperVVm): { host: HostFacts; vm: VmFacts } {
  return {
    host: { name: host.name, osCaption: host.osCaption, osBuild: host.osBuild, isServerCore: host.isServerCore },
    vm: preflightVmFacts(vm),
  };
}
