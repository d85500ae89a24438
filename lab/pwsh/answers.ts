/**
 * What each of the project's scripts returns, computed from the lab's simulated Hyper-V estate
 * instead of a real host. Shapes are exactly what the .ps1 scripts write (their envelope data).
 */
import type { HostState, VmState } from '../state';

export type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

export interface ScriptInput {
  computerName?: string | null;
  userName?: string | null;
  password?: string | null;
  installerUrl?: string | null;
  installerPath?: string | null;
  friendlyName?: string | null;
  vaultCredentials?: string | null;
  proxy?: { address?: string; port?: number | string; userName?: string; password?: string } | null;
}

export type HostFault = 'timeout' | 'unreachable' | 'winrmDisabled' | 'accessDenied' | 'noHyperVModule';

export interface StandInHost extends HostState {
  /** The machine the stand-in runs "on" (answers calls without a computerName). */
  local?: boolean;
  fault?: HostFault;
  /** When set, remote calls must present these credentials (else access is denied). */
  credentials?: { userName: string; password: string };
}

export type Resolution = { kind: 'host'; host: StandInHost } | { kind: 'envelope'; envelope: Envelope } | { kind: 'hang' };

/** Which host a call is for, or the error the real remoting stack would give. */
export function resolveTarget(hosts: StandInHost[], input: ScriptInput): Resolution {
  const name = input.computerName ?? '';
  const host =
    name === '' ? (hosts.find((h) => h.local) ?? hosts[0]) : hosts.find((h) => h.name.toLowerCase() === name.toLowerCase() || h.fqdn.toLowerCase() === name.toLowerCase());
  const remote = name !== '';
  if (!host) {
    return failure(
      'HostUnreachable',
      `Connecting to remote server ${name} failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer.`,
    );
  }
  switch (host.fault) {
    case 'timeout':
      return { kind: 'hang' };
    case 'unreachable':
      return failure(
        'HostUnreachable',
        `Connecting to remote server ${name || host.name} failed with the following error message : The client cannot connect to the destination specified in the request.`,
      );
    case 'winrmDisabled':
      if (remote)
        return failure(
          'WinRMNotEnabled',
          `Connecting to remote server ${name} failed with the following error message : WinRM cannot complete the operation. The WinRM service is not running on the destination computer.`,
        );
      break;
    case 'accessDenied':
      return failure('AccessDenied', `Connecting to remote server ${name || host.name} failed with the following error message : Access is denied.`);
    default:
      break;
  }
  if (remote && host.credentials) {
    const given = input.userName ?? '';
    if (given.toLowerCase() !== host.credentials.userName.toLowerCase() || input.password !== host.credentials.password) {
      return failure('AccessDenied', `Connecting to remote server ${name} failed with the following error message : Access is denied.`);
    }
  }
  return { kind: 'host', host };
}

function failure(code: string, message: string): Resolution {
  return { kind: 'envelope', envelope: { ok: false, error: { code, message } } };
}

export function hostInfo(host: StandInHost): Envelope {
  return {
    ok: true,
    data: {
      name: host.name,
      fqdn: host.fqdn,
      osCaption: host.osCaption,
      osBuild: host.osBuild,
      isServerCore: host.isServerCore ?? false,
      cluster: host.cluster ?? null,
      hyperVModule: host.fault !== 'noHyperVModule',
      // Only the documented signs (DRConfigurator.exe, the provider's service): registration is
      // the vault's to say, so the script reports none.
      provider: {
        installed: host.registered === true || host.providerVersion !== undefined,
        version: host.providerVersion ?? null,
        serviceStatus: host.registered === true || host.providerVersion !== undefined ? 'Running' : null,
      },
      domainRole: host.domainRole ?? 3,
      dotNetRelease: host.dotNetRelease ?? 528049,
    },
  };
}

export function vmInventory(host: StandInHost): Envelope {
  if (host.fault === 'noHyperVModule') {
    return { ok: false, error: { code: 'HyperVModuleMissing', message: 'The Hyper-V PowerShell module is not installed on this host.' } };
  }
  return { ok: true, data: { vms: host.vms.map((vm) => vmJson(host, vm)) } };
}

/**
 * What Get-HostProbe.ps1 writes: Get-HostInfo's data as `host`, and Get-VmInventory's as
 * `inventory` ({ vms: [] } on a host without the Hyper-V module, where the script reads none).
 */
export function hostProbe(host: StandInHost): Envelope {
  const facts = hostInfo(host);
  const inventory = host.fault === 'noHyperVModule' ? { ok: true as const, data: { vms: [] } } : vmInventory(host);
  if (!facts.ok) return facts;
  if (!inventory.ok) return { ok: true, data: { host: facts.data, inventory: null, inventoryError: inventory.error } };
  return { ok: true, data: { host: facts.data, inventory: inventory.data, inventoryError: null } };
}

function vmJson(host: StandInHost, vm: VmState): object {
  const folder = `C:\\Hyper-V\\Virtual Hard Disks\\${vm.name}`;
  let scsi = 0;
  let ide = 0;
  const disks = vm.disks.map((d) => {
    const controllerType = d.controller ?? (vm.generation === 2 ? 'SCSI' : 'IDE');
    const location = controllerType === 'SCSI' ? scsi++ : ide++;
    const passThrough = d.passThrough === true;
    return {
      path: passThrough ? `Disk ${location + 2} 100.00 GB Bus 0 Lun 0 Target ${location}` : `${folder}\\${d.name}`,
      controllerType,
      controllerNumber: 0,
      controllerLocation: location,
      diskNumber: passThrough ? location + 2 : null,
      vhdFormat: passThrough ? null : (d.format ?? (d.name.toLowerCase().endsWith('.vhd') ? 'VHD' : 'VHDX')),
      vhdType: passThrough ? null : 'Dynamic',
      sizeBytes: passThrough ? null : d.sizeGB * 1024 * 1024 * 1024,
      logicalSectorSize: passThrough ? null : (d.logicalSectorSize ?? 512),
      physicalSectorSize: passThrough ? null : (d.physicalSectorSize ?? 4096),
      shared: d.shared === true,
    };
  });
  const osDisk = disks[vm.disks.findIndex((d) => d.os === true)];
  // Hyper-V knows the guest OS only from a running guest's integration services (KVP).
  const running = vm.state === 'Running';
  return {
    name: vm.name,
    osName: running ? (vm.osName ?? null) : null,
    osType: running && vm.osName ? vm.osType : null,
    vmId: vm.vmId,
    state: vm.state,
    generation: vm.generation,
    processorCount: vm.processorCount ?? 1,
    memoryStartupBytes: (vm.memoryMB ?? 1024) * 1024 * 1024,
    replicationState: vm.protection && vm.protection !== 'none' && host.registered ? 'Replicating' : 'Disabled',
    replicationHealth: vm.protection === 'critical' ? 'Critical' : vm.protection && vm.protection !== 'none' && host.registered ? 'Normal' : 'NotApplicable',
    isClustered: host.cluster !== undefined,
    hasFibreChannelAdapter: vm.hasFibreChannelAdapter ?? false,
    disks,
    // Generation 2: the first hard disk of the firmware boot order is the scenario's OS disk
    // (Get-VMFirmware's BootOrder; see Get-VmInventory.ps1). Generation 1 has none (BIOS).
    firmwareBootDisk:
      vm.generation === 2 && osDisk && osDisk.controllerType === 'SCSI' ? { controllerNumber: 0, controllerLocation: osDisk.controllerLocation, path: osDisk.path } : null,
    networkAdapters: (vm.networkAdapters ?? []).map((n, i) => ({
      name: n.name,
      switchName: n.switchName,
      macAddress: n.macAddress ?? `00155D${vm.vmId.replace(/-/g, '').slice(0, 4).toUpperCase()}${String(i).padStart(2, '0')}`,
    })),
  };
}

/** What Install-AsrProvider.ps1 would do on the host; `markInstalled` records it in the lab. */
export async function installProvider(host: StandInHost, input: ScriptInput, markInstalled: (version: string) => Promise<void>): Promise<Envelope> {
  const path = input.installerPath ?? '';
  const url = input.installerUrl ?? 'https://aka.ms/downloaddra';
  if (path !== '') {
    if (!/\.exe$/i.test(path)) {
      return { ok: false, error: { code: 'InstallerNotFound', message: `The installer was not found at ${path}.` } };
    }
  } else if (!/^https:\/\//i.test(url)) {
    return { ok: false, error: { code: 'InstallerUrlNotHttps', message: `The installer URL ${url} is not an https:// URL.` } };
  } else if (host.internet === false) {
    return { ok: false, error: { code: 'InstallerDownloadFailed', message: `Downloading the installer from ${url} failed: Unable to connect to the remote server` } };
  }
  // Get-AuthenticodeSignature's Status (a SignatureStatus name) and the signer's subject.
  const signature = host.installerSignature ?? 'valid';
  if (signature !== 'valid') {
    const [status, signer] = signature === 'notSigned' ? ['NotSigned', 'none'] : ['Valid', 'CN=Contoso Tools, O=Contoso Ltd, C=US'];
    return {
      ok: false,
      error: {
        code: 'InstallerSignatureInvalid',
        message: `The installer from ${path || url} is not validly signed by Microsoft (signature status: ${status}; signer: ${signer}).`,
      },
    };
  }
  const version = host.providerVersion ?? '5.1.8095.0';
  await markInstalled(version);
  return { ok: true, data: { version, rebootRequired: false, logPath: 'C:\\ProgramData\\ASRLogs\\DRASetupWizard.log' } };
}

/**
 * What Register-AsrProvider.ps1 would do: DRConfigurator.exe /r with the credentials file. The
 * lab checks the file as the provider's service would (`register` answers the lab's verdict).
 */
export async function registerProvider(
  host: StandInHost,
  input: ScriptInput,
  register: (xml: string, friendlyName: string) => Promise<{ status: number; message?: string | undefined }>,
): Promise<Envelope> {
  if (host.providerVersion === undefined) {
    return { ok: false, error: { code: 'ProviderNotInstalled', message: 'The Site Recovery provider is not installed on this host (DRConfigurator.exe not found).' } };
  }
  const verdict = await register(input.vaultCredentials ?? '', input.friendlyName ?? host.fqdn);
  if (verdict.status >= 200 && verdict.status < 300) return { ok: true, data: { exitCode: 0 } };
  // DRConfigurator reports a failure by its exit code; the details are in its log.
  const exitCode = verdict.status === 401 ? 2 : verdict.status === 409 ? 3 : 1;
  return {
    ok: false,
    error: { code: 'RegistrationFailed', message: `DRConfigurator.exe /r failed with exit code ${exitCode}; see C:\\ProgramData\\ASRLogs. ${verdict.message ?? ''}`.trim() },
  };
}

/** What Find-HyperVHosts.ps1 finds: the hosts that publish a Hyper-V service connection point. */
export function activeDirectoryHosts(hosts: StandInHost[]): Envelope {
  return { ok: true, data: { hosts: hosts.filter((h) => h.inActiveDirectory !== false).map((h) => ({ name: h.name, fqdn: h.fqdn })) } };
}
