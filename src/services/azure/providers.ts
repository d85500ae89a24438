// Hyper-V hosts registered in the vault (ASR "recovery services providers" of HyperVSite fabrics).

import type { RecoveryServicesProvider } from '@azure/arm-recoveryservices-siterecovery';
import { tryParseArmId } from '../../model/armId';
import { healthErrorShape } from '../../model/protectedItem';
import { describeWireProblems, fields, listOf, required, wireProblems } from '../../model/wireShape';
import { asDate, asObjects, compact, dateCopy, equalsIgnoreCase, readProp, readString } from '../../model/wireValues';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { collectAll, listCallOptions, type CallOptions } from './paging';

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
  /** Set when Azure answered with fields of another type than the REST spec's: which ones. */
  unreadable?: string;
}

/** One health error of a provider, read through guards (healthErrorShape in model/protectedItem.ts). */
function toHealthError(h: object): HostHealthError {
  const created = dateCopy(readProp(h, 'creationTimeUtc'));
  return compact<HostHealthError>({
    code: readString(h, 'errorCode'),
    severity: readString(h, 'errorLevel'),
    message: readString(h, 'errorMessage') ?? readString(h, 'summaryMessage'),
    possibleCauses: readString(h, 'possibleCauses'),
    recommendedAction: readString(h, 'recommendedAction'),
    createdOn: created,
  });
}

function fabricNameOf(id: string | undefined): string {
  const segments = tryParseArmId(id)?.segments ?? [];
  return segments.find((s) => s.type.toLowerCase() === 'replicationfabrics')?.name ?? '';
}

/** The fields of a provider the extension reads, with their types in the REST spec (RecoveryServicesProvider). */
const providerShape = fields({
  id: required('text'),
  name: 'text',
  properties: required(
    fields({
      fabricType: 'text',
      friendlyName: 'text',
      machineName: 'text',
      connectionStatus: 'text',
      lastHeartBeat: 'date',
      providerVersion: 'text',
      healthErrorDetails: listOf(healthErrorShape),
    }),
  ),
});

/** Plain view of one provider, every field read through a guard; `unreadable` names the fields of another type. */
export function toRegisteredHost(p: RecoveryServicesProvider): RegisteredHost {
  const props = readProp(p, 'properties');
  const healthErrors = (asObjects(readProp(props, 'healthErrorDetails')) ?? []).map(toHealthError);
  const id = readString(p, 'id');
  const name = readString(p, 'name') ?? '';
  const host: RegisteredHost = {
    id: id ?? '',
    name,
    friendlyName: readString(props, 'friendlyName') ?? readString(props, 'machineName') ?? name,
    fabricName: fabricNameOf(id),
    connectionStatus: readString(props, 'connectionStatus') ?? 'Unknown',
    heartbeatMissing: healthErrors.some((e) => e.code === HEARTBEAT_MISSING_ERROR_CODE),
    healthErrors,
  };
  const hb = asDate(readProp(props, 'lastHeartBeat'));
  if (hb !== undefined) {
    host.lastHeartbeat = hb;
  }
  const version = readString(props, 'providerVersion');
  if (version !== undefined) {
    host.providerVersion = version;
  }
  const problems = wireProblems(p, providerShape);
  if (problems.length > 0) {
    host.unreadable = describeWireProblems(problems);
  }
  return host;
}

/**
 * Hyper-V hosts registered in the vault (one site, or all sites in one call). Providers of other
 * fabric types (VMM, VMware) are left out.
 */
export async function listRegisteredHosts(vctx: VaultContext, fabricName?: string, options?: CallOptions): Promise<RegisteredHost[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  const ops = siteRecoveryClient(vctx).replicationRecoveryServicesProviders;
  const sdk = listCallOptions(options);
  const providers = await collectAll(fabricName !== undefined ? ops.listByReplicationFabrics(vaultName, resourceGroup, fabricName, sdk) : ops.list(vaultName, resourceGroup, sdk));
  return providers
    .filter((p) => {
      const type = readString(readProp(p, 'properties'), 'fabricType');
      return type === undefined || equalsIgnoreCase(type, 'HyperVSite');
    })
    .map(toRegisteredHost);
}
