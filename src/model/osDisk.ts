// Which disk of a Hyper-V VM is its operating system disk, by name, the way Azure Site Recovery's
// clients name it. Azure does not know: in every Hyper-V protectable item of the recordings
// (shared/reference/asr-recordings, 29 of 29, and Az PowerShell's CreateRPIWithMangedDisksForReplication.json
// session record) every disk is `"vhdType": "Data"` and `"osDetails": null`. So the client names
// the OS disk: `New-AzRecoveryServicesAsrReplicationProtectedItem -OSDiskName` is mandatory
// (Azure/azure-powershell NewAzureRmRecoveryServicesAsrReplicationProtectedItem.cs:
// `[Parameter(ParameterSetName = ASRParameterSets.HyperVSiteToAzure, Mandatory = true)] … public string OSDiskName`)
// and matched to a disk by name:
//   `if (0 == string.Compare(disk.Name, this.OSDiskName, true)) { providerSettings.VhdId = disk.Id; break; }`
// where `disk.Name` is the protectable item's `vhdName` (Models/PSObjects.cs: `hd.Name = disk.VhdName;`),
// i.e. an exact, case-insensitive comparison. `vhdName` is the VHD file's name without its
// extension: the recorded disk of VM "PowershellVm1" is `"vhdName": "PowershellVm1"` and the test
// passes `-OSDiskName $VMName` for it (AsrB2ATests.ps1, Test-CreateRPIWithMangedDisksForReplication).
// Pure: no vscode, no SDK.

/** A disk as the protectable item lists it (customDetails.diskDetails[]). */
export interface NamedDisk {
  vhdId: string;
  vhdName: string;
}

const EXTENSION = /\.(vhdx|vhd|avhdx|avhd|vhds)$/i;
const CHECKPOINT_SUFFIX = /_[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/**
 * The name Azure Site Recovery shows for a VHD file: its file name without the folder and the
 * extension (`C:\VMs\web01-os.vhdx` → `web01-os`).
 */
export function vhdNameOfPath(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(EXTENSION, '');
}

/**
 * The name without a checkpoint's suffix: Hyper-V names the differencing disk of a checkpoint
 * `<disk>_<GUID>.avhdx`, and a VM with checkpoints runs on it (the recorded OS disk name
 * "HyperVVm5960_078F16BE-769B-4535-9177-454EFDFC4595" in AsrB2ATests.ps1 has that shape).
 */
export function withoutCheckpointSuffix(name: string): string {
  return name.replace(CHECKPOINT_SUFFIX, '');
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The disk whose `vhdName` is `name`: first as the cmdlet matches (exact, case-insensitive); when
 * none does, the one disk that matches once a checkpoint suffix is taken off both names (a VM
 * whose checkpoint disk is named differently on the host than in Azure). Undefined when no disk,
 * or more than one, matches: the caller then asks the user rather than guess.
 */
export function findDiskByName<T extends NamedDisk>(disks: readonly T[], name: string): T | undefined {
  const wanted = name.trim();
  if (wanted === '') return undefined;
  const exact = disks.filter((d) => same(d.vhdName, wanted));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const base = withoutCheckpointSuffix(wanted);
  const loose = disks.filter((d) => same(withoutCheckpointSuffix(d.vhdName), base));
  return loose.length === 1 ? loose[0] : undefined;
}
