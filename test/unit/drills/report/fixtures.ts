// Drill records for the report and history tests (issue 15 §4): a drill that passed, one that
// failed with ASR's recommended action, one cancelled, a VM whose cleanup failed, 200 VMs.
// ASR's texts in them are as ASR writes them (error 28031 and its recommended action are
// Microsoft's, docs/evidence/recovery-confidence.md).

import type { DrillRecord, DrillVm } from '../../../../src/model/drillRecord';
import type { ReadinessCheck } from '../../../../src/model/readiness';

export const vaultId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/contoso-vault';
export const testNetworkId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-drill';

const itemBase = `${vaultId}/replicationFabrics/site1/replicationProtectionContainers/cloud_1/replicationProtectedItems`;

/** A VM that passed: started at `start`, running `rto` s later, point `rpo` s before the start. */
export function passedVm(name: string, start: Date, rto: number, rpo: number, extra: Partial<DrillVm> = {}): DrillVm {
  const key = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-key`;
  return {
    vmKey: key,
    name,
    host: 'HV01',
    itemId: `${itemBase}/${key}`,
    state: 'passed',
    startedAt: start,
    runningAt: new Date(start.getTime() + rto * 1000),
    rtoSeconds: rto,
    recoveryPoint: { id: `rp-${key}`, time: new Date(start.getTime() - rpo * 1000) },
    rpoSeconds: rpo,
    testVm: { name: `${name}-test`, id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dr/providers/Microsoft.Compute/virtualMachines/${key}-test` },
    testFailoverJobId: `${vaultId}/replicationJobs/tfo-${key}`,
    cleanupJobId: `${vaultId}/replicationJobs/cleanup-${key}`,
    cleanedUp: true,
    errors: [],
    ...extra,
  };
}

export const asrError = {
  code: '28031',
  message: 'Test failover failed because the recovery point could not be applied.',
  recommendedAction: 'Retry the operation with a different recovery point. If the issue persists, contact support.',
};

/** A VM without some of its fields (absent, not undefined: as a record read back from the history). */
export function without(vm: DrillVm, ...keys: (keyof DrillVm)[]): DrillVm {
  const copy = { ...vm };
  for (const key of keys) delete copy[key];
  return copy;
}

export function failedVm(name: string, start: Date): DrillVm {
  return { ...without(passedVm(name, start, 0, 180), 'runningAt', 'rtoSeconds', 'testVm'), state: 'failed', errors: [asrError] };
}

export function checks(vmOutcome: 'passed' | 'failed'): ReadinessCheck[] {
  return [
    { id: 'replicationHealth', outcome: 'passed', summary: 'Replication health is Normal', evidence: 'Protected item replicationHealth: Normal' },
    {
      id: 'subnet',
      outcome: vmOutcome,
      summary: vmOutcome === 'passed' ? 'Subnet default exists' : 'Subnet default was deleted',
      evidence: 'Network subnets of vnet-prod',
      ...(vmOutcome === 'failed' ? { action: 'Choose another subnet in the VM’s Compute and Network settings.' } : {}),
    },
    {
      id: 'vcpuQuota',
      outcome: 'unknown',
      summary: 'The vCPU quota could not be read',
      evidence: 'Compute usages, westeurope: not read',
      action: 'Check the Compute usages permission.',
    },
  ];
}

export const t0 = new Date('2026-12-05T09:00:00Z');

/** A drill that ended: VMs as given, readiness for each, targets RTO 30 min and RPO 15 min. */
export function drill(id: string, startedAt: Date, vms: DrillVm[], extra: Partial<DrillRecord> = {}): DrillRecord {
  return {
    id,
    vaultId,
    startedAt,
    endedAt: new Date(startedAt.getTime() + 3600_000),
    testNetworkId,
    productionNetworkConfirmed: false,
    rpoTargetSeconds: 900,
    rtoTargetSeconds: 1800,
    vms,
    readiness: Object.fromEntries(vms.map((vm) => [vm.vmKey, checks(vm.state === 'failed' ? 'failed' : 'passed')])),
    ...extra,
  };
}

/** A drill mixing every case: web01 passed (4 min 12 s), db01 failed with ASR's action, app01 passed slow with its cleanup failed, file01 cancelled. */
export function mixedDrill(): DrillRecord {
  return drill('20261205T090000Z-mixed', t0, [
    passedVm('web01', t0, 252, 40),
    failedVm('db01', t0),
    passedVm('app01', t0, 2460, 1200, { cleanedUp: false, errors: [{ message: 'The cleanup of the test failover failed.' }] }),
    { ...without(passedVm('file01', t0, 0, 60), 'rtoSeconds', 'runningAt'), state: 'cancelled' },
  ]);
}

export function bigDrill(n = 200): DrillRecord {
  const vms = Array.from({ length: n }, (_, i) => passedVm(`vm${String(i).padStart(3, '0')}`, t0, 200 + i * 7, 30 + i));
  return drill('20261205T090000Z-big', t0, vms);
}
