// Estates and fakes for the recovery dashboard's tests.
import type { EstateHost, EstateSnapshot, EstateVm } from '../../../src/estate/types';
import type { ProtectionKind } from '../../../src/model/protectionStatus';
import type { ReadinessCheck, ReadinessSource, VmReadiness } from '../../../src/model/readiness';
import { readinessCheckIds } from '../../../src/model/readiness';

export const now = new Date('2026-12-05T07:00:00Z');
export const readAt = new Date('2026-12-05T06:50:00Z');
export const day = 24 * 3600_000;

export interface VmSpec {
  kind?: ProtectionKind;
  rpo?: number;
  drilledDaysAgo?: number;
  health?: 'Normal' | 'Warning' | 'Critical';
  healthErrors?: number;
  host?: string;
}

export function vm(key: string, spec: VmSpec = {}): EstateVm {
  const kind = spec.kind ?? 'Protected';
  const isProtected = kind !== 'NotProtected';
  const lastTestFailover = spec.drilledDaysAgo !== undefined ? new Date(now.getTime() - spec.drilledDaysAgo * day) : undefined;
  return {
    key,
    vmId: key,
    name: key.toUpperCase(),
    hostKey: spec.host ?? 'h1',
    stale: false,
    contextValue: 'vm',
    status: {
      kind,
      health: spec.health ?? 'Normal',
      summary: kind,
      healthErrors: Array.from({ length: spec.healthErrors ?? 0 }, (_, i) => ({ errorCode: `E${i}` })),
      activeLocation: 'Primary',
    },
    actions: isProtected ? [] : ['enableProtection'],
    ...(isProtected ? { protection: { itemId: `/items/${key}`, ...(lastTestFailover ? { lastTestFailover } : {}) } } : {}),
    ...(spec.rpo !== undefined ? { recovery: { readAt, lastRecoveryPoint: new Date(readAt.getTime() - spec.rpo * 1000), rpoSeconds: spec.rpo } } : {}),
  };
}

export function host(key: string, vms: EstateVm[]): EstateHost {
  return {
    key,
    name: key.toUpperCase(),
    sources: ['setting'],
    reachable: true,
    probed: true,
    supported: true,
    provider: { registered: true },
    vms,
    protectedCount: vms.filter((v) => v.protection).length,
  };
}

export function snapshot(hosts: EstateHost[], unassignedVms: EstateVm[] = []): EstateSnapshot {
  const vms = hosts.reduce((n, h) => n + h.vms.length, 0) + unassignedVms.length;
  return { takenAt: readAt, hosts, unassignedVms, counts: { hosts: hosts.length, vms, protected: 0 } };
}

/** A VM's readiness with `failed` checks failing. */
export function readiness(vmKey: string, failed: number): VmReadiness {
  const checks: ReadinessCheck[] = readinessCheckIds.map((id, i) => ({ id, outcome: i < failed ? 'failed' : 'passed', summary: id, evidence: id }));
  return { vmKey, checkedAt: now, checks };
}

/** A readiness source over a map, whose listeners can be fired. */
export class FakeReadiness implements ReadinessSource {
  readonly map = new Map<string, VmReadiness>();
  private readonly listeners = new Set<(keys: readonly string[]) => void>();
  get(vmKey: string): VmReadiness | undefined {
    return this.map.get(vmKey);
  }
  onDidChange(listener: (keys: readonly string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  set(r: VmReadiness): void {
    this.map.set(r.vmKey, r);
    for (const l of this.listeners) l([r.vmKey]);
  }
}

/** `n` protected VMs on hosts of 25 (a scale estate); every 7th above its RPO target, every 11th drill due. */
export function scaleSnapshot(n: number): EstateSnapshot {
  const hosts: EstateHost[] = [];
  for (let h = 0; h * 25 < n; h++) {
    const vms: EstateVm[] = [];
    for (let i = h * 25; i < Math.min(n, (h + 1) * 25); i++) {
      vms.push(vm(`vm-${String(i).padStart(5, '0')}`, { host: `h${h}`, rpo: i % 7 === 0 ? 3600 : 120 + (i % 300), drilledDaysAgo: i % 11 === 0 ? 120 : 10 + (i % 50) }));
    }
    hosts.push(host(`h${h}`, vms));
  }
  return snapshot(hosts);
}
