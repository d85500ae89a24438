/** How ASR names what it finds on a Hyper-V host: a VHD file, the host's machine, a VM's network adapter. */
import { stableGuid } from './ids';

/** The name ASR shows for a VHD file: the file name without its extension. */
export function vhdNameOf(fileName: string): string {
  return fileName.replace(/\.(vhdx|vhd|avhdx|avhd|vhds)$/i, '');
}

/** What ASR calls the host's machine (recordings: ListRsp.json): the FQDN with dots as underscores. */
export function machineName(fqdn: string): string {
  return fqdn.toLowerCase().replace(/\./g, '_');
}

/** ASR's NIC id: base64 of `Microsoft:<VMID>\\<adapter GUID>`, upper case (TestFailover.json). */
export function nicId(vmId: string, adapterName: string): string {
  return Buffer.from(`Microsoft:${vmId.toUpperCase()}\\${stableGuid(vmId, 'nic', adapterName).toUpperCase()}`).toString('base64');
}
