// Get-HostProbe: a host's facts and its VM inventory in one script (one remoting round trip),
// read as Get-HostInfo and Get-VmInventory would have been.

import { PayloadReader } from './envelope';
import type { HyperVError } from './errors';
import { hyperVErrorFromEnvelope } from './errors';
import { normalizeHostInfo, type HostInfo } from './hostInfo';
import type { RunOptions, ScriptRunner } from './powershellRunner';
import { getHostProbeScript } from './scripts';
import { hostScriptInput, targetHost, type HyperVTarget } from './target';
import { normalizeVmInventory, type HyperVVm } from './vmInventory';

export interface HostProbeAnswer {
  info: HostInfo;
  /** The host's VMs; empty on a host without the Hyper-V module; absent when `inventoryError` is set. */
  vms?: HyperVVm[];
  /** The inventory failed after the host's facts were read (what Get-VmInventory would have thrown). */
  inventoryError?: HyperVError;
}

/** Validates and normalizes Get-HostProbe's envelope data `{ host, inventory, inventoryError }`. */
export function normalizeHostProbe(data: unknown, host?: string): HostProbeAnswer {
  const ctx = { script: getHostProbeScript.name, ...(host !== undefined ? { host } : {}) };
  const r = new PayloadReader(ctx);
  // Invoke-Command may hand back a one-element array.
  const one = Array.isArray(data) && data.length === 1 ? (data[0] as unknown) : data;
  const d = r.object(one, 'data');
  const info = normalizeHostInfo(d.host, ctx);
  if (d.inventoryError !== undefined && d.inventoryError !== null) {
    const e = r.object(d.inventoryError, 'data.inventoryError');
    const error = { code: r.string(e, 'code', 'data.inventoryError'), message: r.optionalString(e, 'message', 'data.inventoryError') ?? '' };
    return { info, inventoryError: hyperVErrorFromEnvelope(error, host, { script: getHostProbeScript.name }) };
  }
  return { info, vms: normalizeVmInventory(d.inventory, ctx) };
}

/** Runs Get-HostProbe on the target (or the local computer). Throws HyperVError when the host's facts cannot be read. */
export async function probeHyperVHost(runner: ScriptRunner, target: HyperVTarget, options: Omit<RunOptions, 'host'> = {}): Promise<HostProbeAnswer> {
  const host = targetHost(target);
  const data = await runner.run(getHostProbeScript, hostScriptInput(target), {
    ...options,
    ...(host !== undefined ? { host } : {}),
  });
  return normalizeHostProbe(data, host);
}
