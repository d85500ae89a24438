// Recovery points of a protected item, newest first.

import type { RecoveryPoint } from '@azure/arm-recoveryservices-siterecovery';
import type { ProtectedItemRef } from '../../model/armId';
import type { VaultContext } from './clients';
import { siteRecoveryClient } from './clients';
import { collectAll } from './paging';

export type RecoveryPointType = 'CrashConsistent' | 'ApplicationConsistent' | (string & {});

export interface RecoveryPointSummary {
  id: string;
  name: string;
  time: Date;
  type: RecoveryPointType;
}

function toSummary(rp: RecoveryPoint): RecoveryPointSummary {
  const time = rp.properties?.recoveryPointTime;
  return {
    id: rp.id ?? '',
    name: rp.name ?? '',
    time: time instanceof Date && !Number.isNaN(time.getTime()) ? time : new Date(0),
    type: rp.properties?.recoveryPointType ?? 'Unknown',
  };
}

/** Newest first (a point without a time sorts last). */
export function sortRecoveryPoints(points: readonly RecoveryPointSummary[]): RecoveryPointSummary[] {
  return [...points].sort((a, b) => b.time.getTime() - a.time.getTime());
}

export async function listRecoveryPoints(vctx: VaultContext, ref: ProtectedItemRef): Promise<RecoveryPointSummary[]> {
  const { vaultName, resourceGroup } = vctx.vault;
  const points = await collectAll(
    siteRecoveryClient(vctx).recoveryPoints.listByReplicationProtectedItems(vaultName, resourceGroup, ref.fabricName, ref.containerName, ref.protectedItemName),
  );
  return sortRecoveryPoints(points.map(toSummary).filter((p) => p.id.length > 0));
}
