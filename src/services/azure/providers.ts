// Hyper-V hosts registered in the vault (ASR "recovery services providers" of HyperVSite fabrics).

import type { HealthError, RecoveryServicesProvider } from '@azure/arm-recoveryservices-siterecovery';
import { tryParseArmId } from '../../model/armId';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { collectAll } from './paging';

/** ASR health error code of a provider whose heartbeat stopped. */
export const HEARTBEAT_MISSING_ERROR_CODE = '708';

export interface HostHealthError {
  code?: string;
  severity?: string;
  message?: string;
  possibleCauses?: string;
  recommendedAction?: string;
  createdOn?: Date;
}

export interface RegisteredHost {
  id: string;
  /** Provider name (a GUID). */
  name: string;
  /** Host FQDN as the provider registered it. */
  friendlyName: string;
  fabricName: string;
  /** "Connected" | "NotConnected" */
  connectionStatus: string;
  lastHeartbeat?: Date;
  providerVersion?: string;
  heartbeatMissing: boolean;
  healthErrors: HostHealthError[];
}

function toHealthError(h: HealthError): HostHealthError {
  const e: HostHealthError = {};
  if (h.errorCode !== undefined) {
    e.code = h.errorCode;
  }
  if (h.errorLevel !== undefined) {
    e.severity = h.errorLevel;
  }
  const message = h.errorMessage ?? h.summaryMessage;
  if (message !== undefined) {
    e.message = message;
  }
  if (h.possibleCauses !== undefined) {
    e.possibleCauses = h.possibleCauses;
  }
  if (h.recommendedAction !== undefined) {
    e.recommendedAction = h.recommendedAction;
  }
  if (h.creationTimeUtc instanceof Date && !Number.isNaN(h.creationTimeUtc.getTime())) {
    e.createdOn = h.creationTimeUtc;
  }
  return e;
}

function fabricNameOf(id: string | undefined): string {
  const segments = tryParseArmId(id)?.segments ?? [];
  return segments.find((s) => s.type.toLowerCase() === 'replicationfabrics')?.name ?? '';
}

/** Plain view of one provider. */
export function toRegisteredHost(p: RecoveryServicesProvider): RegisteredHost {
  const props = p.properties ?? {};
  const healthErrors = (props.healthErrorDetails ?? []).map(toHealthError);
  const host: RegisteredHost = {
    id: p.id ?? '',
    name: p.name ?? '',
    friendlyName: props.friendlyName ?? props.machineName ?? p.name ?? '',
    fabricName: fabricNameOf(p.id),
    connectionStatus: props.connectionStatus ?? 'Unknown',
    heartbeatMissing: healthErrors.some((e) => e.code === HEARTBEAT_MISSING_ERROR_CODE),
    healthErrors,
  };
  const hb = props.lastHeartBeat;
  if (hb instanceof Date && !Number.isNaN(hb.getTime()) && hb.getUTCFullYear() > 1900) {
    host.lastHeartbeat = hb;
  }
  if (props.providerVersion !== undefined) {
    host.providerVersion = props.providerVersion;
  }
  return host;
}

/**
 * Hyper-V hosts registered in the vault (one site, or all sites in one call). Providers of other
 * fabric types (VMM, VMware) are left out.
 */
export async function listRegisteredHosts(vctx: VaultContext, fabricName?: string): Promise<RegisteredHost[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  const ops = siteRecoveryClient(vctx).replicationRecoveryServicesProviders;
  const providers = await collectAll(
    fabricName !== undefined ? ops.listByReplicationFabrics(vaultName, resourceGroup, fabricName) : ops.list(vaultName, resourceGroup),
  );
  return providers
    .filter((p) => {
      const type = p.properties?.fabricType;
      return type === undefined || type.toLowerCase() === 'hypervsite';
    })
    .map(toRegisteredHost);
}
