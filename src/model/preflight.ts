// Support-matrix preflight for Hyper-V to Azure replication (asr-api-facts.md section 4,
// hyper-v-azure-support-matrix). Plain facts in, findings out; unknown facts never block
// (they give warnings at most).

import * as l10n from '@vscode/l10n';
import { messages } from './messages';
import { buildFromCaption, isServerCaption, windowsServerBuilds, windowsServerName } from './windowsVersions';

export interface HostFacts {
  name: string;
  osCaption?: string;
  /** e.g. 9600 = 2012 R2, 14393 = 2016, 17763 = 2019, 20348 = 2022, 26100 = 2025. */
  osBuild?: number;
  isServerCore?: boolean;
  /** Win32_ComputerSystem.DomainRole (0-3 workstation or server, 4 backup and 5 primary domain controller). */
  domainRole?: number;
  /** The .NET Framework 4.5+ Release DWORD (0: no 4.5 or later). Unknown when absent. */
  dotNetRelease?: number;
}

export interface VmDiskFacts {
  path: string;
  /** 'VHD' | 'VHDX' | 'VHDSet' or another value Hyper-V reports; when absent, taken from the file extension. */
  format?: string;
  sizeBytes?: number;
  isOsDisk?: boolean;
  isShared?: boolean;
  isPassThrough?: boolean;
  logicalSectorSize?: number;
  physicalSectorSize?: number;
}

export interface VmFacts {
  name: string;
  generation?: number;
  /** 'Windows' | 'Linux' (or another value; compared case-insensitively). */
  osType?: string;
  disks: VmDiskFacts[];
  hasFibreChannelAdapter?: boolean;
}

export type ReadinessPresence = 'Present' | 'NotPresent' | 'Unknown';

/** The readiness fields of an ASR protectable item (HyperVVirtualMachineDetails). */
export interface ProtectableItemReadiness {
  protectionReadinessErrors?: readonly string[];
  /** ReadinessPresence values; a plain string so the SDK's fields fit. */
  hasPhysicalDisk?: string;
  hasFibreChannelAdapter?: string;
  hasSharedVhd?: string;
}

export type PreflightSeverity = 'error' | 'warning';
export type PreflightTarget = 'host' | 'vm' | 'disk';

export interface PreflightFinding {
  ruleId: PreflightRuleId;
  severity: PreflightSeverity;
  target: PreflightTarget;
  /** Host name, VM name or disk path. */
  subject: string;
  message: string;
}

export interface PreflightResult {
  /** No error-severity findings. */
  ok: boolean;
  findings: PreflightFinding[];
}

export const preflightRules = {
  hostOsUnknown: 'host.os.unknown',
  hostOsClient: 'host.os.client',
  hostOsUnsupported: 'host.os.unsupported',
  hostServerCore2019: 'host.os.serverCore2019',
  hostDomainController: 'host.domainController',
  hostDotNet: 'host.dotNetFramework',
  vmName: 'vm.name',
  vmGeneration: 'vm.generation',
  vmLinuxGen2: 'vm.generation.linuxGen2',
  vmGen2OsUnknown: 'vm.generation.gen2OsUnknown',
  vmOsDiskCount: 'vm.osDisk.count',
  vmOsDiskSize: 'vm.osDisk.size',
  vmDataDiskCount: 'vm.dataDisks.count',
  vmFibreChannel: 'vm.fibreChannel',
  diskDataSize: 'disk.dataDisk.size',
  diskFormat: 'disk.format',
  diskShared: 'disk.shared',
  diskPassThrough: 'disk.passThrough',
  diskSector4k: 'disk.sector4k',
  asrReadiness: 'asr.readinessErrors',
  asrPhysicalDisk: 'asr.physicalDisk',
  asrFibreChannel: 'asr.fibreChannel',
  asrSharedVhd: 'asr.sharedVhd',
} as const;

export type PreflightRuleId = (typeof preflightRules)[keyof typeof preflightRules];

const GIB = 1024 ** 3;

/** Support-matrix limits. GB here are 1024^3 bytes. */
export const supportLimits = {
  minHostBuild: windowsServerBuilds.ws2012R2,
  vmNameMaxLength: 63,
  osDiskMaxBytesGen1: 2048 * GIB,
  osDiskMaxBytesGen2: 300 * GIB,
  maxDataDisks: 16,
  dataDiskMaxBytes: 4095 * GIB,
} as const;

const R = preflightRules;
const M = messages.preflight;

/**
 * The .NET Framework the provider needs and its Release value. Hyper-V support matrix
 * (azure-docs articles/site-recovery/hyper-v-azure-support-matrix.md @fff18200): ".NET Framework
 * 4.6.2 or higher". Microsoft's "How to: Determine which .NET Framework versions are installed"
 * (learn.microsoft.com/dotnet/framework/migration-guide/how-to-determine-which-versions-are-installed):
 * ".NET Framework 4.6.2 | On Windows 10 Anniversary Update and Windows Server 2016: 394802 On all
 * other Windows operating systems (including other Windows 10 operating systems): 394806", so any
 * Release of 394802 or more is 4.6.2 or later.
 */
export const minDotNetRelease = 394802;

// Host messages added for the provider preflight (kept here, beside their rules).
const hostMessages = {
  domainController: (host: string): string =>
    l10n.t(
      '{0} is a domain controller. Installing the Site Recovery provider on a domain controller is not recommended (no Microsoft source found either way): prefer a Hyper-V host that is not a domain controller, or go ahead knowing the installer may refuse.',
      host,
    ),
  dotNetTooOld: (host: string, release: number): string =>
    release === 0
      ? l10n.t(
          '{0} has no .NET Framework 4.5 or later; the Site Recovery provider needs .NET Framework 4.6.2 or later (Hyper-V support matrix). Install .NET Framework 4.8 on {0} (from https://dotnet.microsoft.com/download/dotnet-framework), restart it, then retry.',
          host,
        )
      : l10n.t(
          '{0} has .NET Framework release {1}, older than 4.6.2; the Site Recovery provider needs .NET Framework 4.6.2 or later (Hyper-V support matrix). Install .NET Framework 4.8 on {0} (from https://dotnet.microsoft.com/download/dotnet-framework), restart it, then retry.',
          host,
          release,
        ),
};

function result(findings: PreflightFinding[]): PreflightResult {
  return { ok: !findings.some((f) => f.severity === 'error'), findings };
}

function hostFindings(host: HostFacts): PreflightFinding[] {
  const at = (ruleId: PreflightRuleId, severity: PreflightSeverity, message: string): PreflightFinding => ({
    ruleId,
    severity,
    target: 'host',
    subject: host.name,
    message,
  });
  const caption = host.osCaption?.trim();
  if (caption && !isServerCaption(caption)) {
    return [at(R.hostOsClient, 'error', M.hostOsClient(host.name, caption))];
  }
  const build = host.osBuild ?? buildFromCaption(caption);
  if (build === undefined || !Number.isFinite(build) || build <= 0) {
    return [at(R.hostOsUnknown, 'warning', M.hostOsUnknown(host.name))];
  }
  if (build < supportLimits.minHostBuild) {
    return [at(R.hostOsUnsupported, 'error', M.hostOsTooOld(host.name, caption || windowsServerName(build)))];
  }
  // "Hyper-V Server" is the Server Core-only edition.
  const isCore = host.isServerCore ?? (caption !== undefined && /hyper-v server/i.test(caption));
  if (isCore && build >= windowsServerBuilds.ws2019 && build < windowsServerBuilds.ws2022) {
    return [at(R.hostServerCore2019, 'error', M.hostServerCore2019(host.name))];
  }
  return providerFindings(host, at);
}

/** What the provider itself needs of a supported host (.NET Framework) and what is advised against (a domain controller). */
function providerFindings(host: HostFacts, at: (ruleId: PreflightRuleId, severity: PreflightSeverity, message: string) => PreflightFinding): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  if (host.dotNetRelease !== undefined && Number.isFinite(host.dotNetRelease) && host.dotNetRelease < minDotNetRelease) {
    findings.push(at(R.hostDotNet, 'error', hostMessages.dotNetTooOld(host.name, host.dotNetRelease)));
  }
  // Unverified: no Microsoft source found that the provider refuses a domain controller
  // (asr-evidence-h2a.md section 6: "Domain controller: no source found"), so a warning, not a refusal.
  if (host.domainRole === 4 || host.domainRole === 5) {
    findings.push(at(R.hostDomainController, 'warning', hostMessages.domainController(host.name)));
  }
  return findings;
}

/** Checks a Hyper-V host against the support matrix. */
export function preflightHost(host: HostFacts): PreflightResult {
  return result(hostFindings(host));
}

function nameFindings(vm: VmFacts): string | undefined {
  const name = vm.name;
  if (name.length === 0) {
    return M.vmNameEmpty();
  }
  if (name.length > supportLimits.vmNameMaxLength) {
    return M.vmNameTooLong(name);
  }
  const invalid = [...new Set(name.replace(/[A-Za-z0-9-]/g, ''))];
  if (invalid.length > 0) {
    return M.vmNameInvalidChars(name, invalid.map((c) => `"${c}"`).join(', '));
  }
  if (!/^[A-Za-z0-9](?:.*[A-Za-z0-9])?$/.test(name)) {
    return M.vmNameEdges(name);
  }
  return undefined;
}

/** The disk format from the facts, or else from the file extension; upper case. */
function effectiveFormat(disk: VmDiskFacts): string | undefined {
  if (disk.format !== undefined && disk.format.trim().length > 0) {
    return disk.format.trim().toUpperCase();
  }
  const ext = /\.([A-Za-z]+)$/.exec(disk.path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'vhd':
    case 'avhd':
      return 'VHD';
    case 'vhdx':
    case 'avhdx':
      return 'VHDX';
    case 'vhds':
      return 'VHDSET';
    default:
      return undefined;
  }
}

/** The OS disk(s): the disks flagged isOsDisk; when no disk carries the flag, the first disk (the boot disk). */
function osDisks(vm: VmFacts): VmDiskFacts[] {
  if (vm.disks.every((d) => d.isOsDisk === undefined)) {
    return vm.disks.slice(0, 1);
  }
  return vm.disks.filter((d) => d.isOsDisk === true);
}

function vmOnlyFindings(vm: VmFacts): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  const add = (ruleId: PreflightRuleId, severity: PreflightSeverity, message: string): void => {
    findings.push({ ruleId, severity, target: 'vm', subject: vm.name, message });
  };
  const nameProblem = nameFindings(vm);
  if (nameProblem !== undefined) {
    add(R.vmName, 'error', nameProblem);
  }

  const gen = vm.generation;
  if (gen === undefined) {
    add(R.vmGeneration, 'warning', M.generationUnknown(vm.name));
  } else if (gen !== 1 && gen !== 2) {
    add(R.vmGeneration, 'error', M.generationUnsupported(vm.name, gen));
  } else if (gen === 2) {
    const os = vm.osType?.trim().toLowerCase();
    if (os === 'linux') {
      add(R.vmLinuxGen2, 'error', M.linuxGen2(vm.name));
    } else if (os !== 'windows') {
      add(R.vmGen2OsUnknown, 'warning', M.gen2OsUnknown(vm.name));
    }
  }

  const os = osDisks(vm);
  if (vm.disks.length === 0) {
    add(R.vmOsDiskCount, 'error', M.noDisks(vm.name));
  } else if (os.length === 0) {
    add(R.vmOsDiskCount, 'error', M.noOsDisk(vm.name));
  } else if (os.length > 1) {
    add(R.vmOsDiskCount, 'error', M.manyOsDisks(vm.name, os.length));
  }
  const osDisk = os.length === 1 ? os[0] : undefined;
  if (osDisk?.sizeBytes !== undefined) {
    const gen2 = gen === 2;
    const limit = gen2 ? supportLimits.osDiskMaxBytesGen2 : supportLimits.osDiskMaxBytesGen1;
    if (osDisk.sizeBytes > limit) {
      add(R.vmOsDiskSize, 'error', M.osDiskTooLarge(vm.name, osDisk.path, osDisk.sizeBytes, limit, gen2 ? 2 : 1));
    }
  }
  const dataDiskCount = vm.disks.filter((d) => !os.includes(d)).length;
  if (dataDiskCount > supportLimits.maxDataDisks) {
    add(R.vmDataDiskCount, 'error', M.tooManyDataDisks(vm.name, dataDiskCount, supportLimits.maxDataDisks));
  }
  if (vm.hasFibreChannelAdapter === true) {
    add(R.vmFibreChannel, 'error', M.fibreChannel(vm.name));
  }
  return findings;
}

function diskFindings(vm: VmFacts): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  const os = osDisks(vm);
  for (const disk of vm.disks) {
    const add = (ruleId: PreflightRuleId, message: string): void => {
      findings.push({ ruleId, severity: 'error', target: 'disk', subject: disk.path, message });
    };
    if (!os.includes(disk) && disk.sizeBytes !== undefined && disk.sizeBytes > supportLimits.dataDiskMaxBytes) {
      add(R.diskDataSize, M.dataDiskTooLarge(vm.name, disk.path, disk.sizeBytes, supportLimits.dataDiskMaxBytes));
    }
    if (disk.isPassThrough === true) {
      add(R.diskPassThrough, M.passThrough(vm.name, disk.path));
    } else {
      const format = effectiveFormat(disk);
      if (format === 'VHDSET' || format === 'VHDS') {
        add(R.diskFormat, M.vhdSet(vm.name, disk.path));
      } else if (format !== undefined && format !== 'VHD' && format !== 'VHDX') {
        add(R.diskFormat, M.diskFormat(vm.name, disk.path, disk.format ?? format));
      }
    }
    if (disk.isShared === true) {
      add(R.diskShared, M.sharedVhd(vm.name, disk.path));
    }
    if (disk.logicalSectorSize === 4096 && disk.physicalSectorSize === 4096) {
      add(R.diskSector4k, M.sector4k(vm.name, disk.path));
    }
  }
  return findings;
}

function isPresent(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'present';
}

function readinessFindings(vm: VmFacts, readiness: ProtectableItemReadiness | undefined): PreflightFinding[] {
  if (readiness === undefined) {
    return [];
  }
  const findings: PreflightFinding[] = [];
  const add = (ruleId: PreflightRuleId, message: string): void => {
    findings.push({ ruleId, severity: 'error', target: 'vm', subject: vm.name, message });
  };
  for (const text of readiness.protectionReadinessErrors ?? []) {
    if (text.trim().length > 0) {
      add(R.asrReadiness, M.readinessError(vm.name, text));
    }
  }
  // Skip what the VM's own facts already reported, so one problem gives one finding.
  if (isPresent(readiness.hasPhysicalDisk) && !vm.disks.some((d) => d.isPassThrough === true)) {
    add(R.asrPhysicalDisk, M.readinessPhysicalDisk(vm.name));
  }
  if (isPresent(readiness.hasFibreChannelAdapter) && vm.hasFibreChannelAdapter !== true) {
    add(R.asrFibreChannel, M.readinessFibreChannel(vm.name));
  }
  if (isPresent(readiness.hasSharedVhd) && !vm.disks.some((d) => d.isShared === true)) {
    add(R.asrSharedVhd, M.readinessSharedVhd(vm.name));
  }
  return findings;
}

/**
 * Checks a VM (and its host) against the support matrix, plus ASR's own readiness verdict for
 * the VM's protectable item when given.
 */
export function preflightVm(host: HostFacts, vm: VmFacts, readiness?: ProtectableItemReadiness): PreflightResult {
  return result([...hostFindings(host), ...preflightVmOnly(vm, readiness)]);
}

/**
 * The findings of preflightVm on the VM and its disks alone, without its host's: what the estate
 * judges each VM by (the host's own support is said on its row), with no host message made and
 * dropped per VM (issue 14).
 */
export function preflightVmOnly(vm: VmFacts, readiness?: ProtectableItemReadiness): PreflightFinding[] {
  return [...vmOnlyFindings(vm), ...diskFindings(vm), ...readinessFindings(vm, readiness)];
}
