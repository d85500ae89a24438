import { ArmError, notFound } from '../core/armError';
import { acceptedAsrJob } from '../core/arm';
import type { LabClock } from '../core/clock';
import type { Handler, LabRequest, LabResponse, Router } from '../core/router';
import { splitPath } from '../core/router';
import type { FabricState, JobState, LabState, ProtectedItemState, VaultState } from '../state';
import { key } from '../state';
import type { AsrEngine } from './engine';
import type { AsrWire } from './wire';

export const V = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.RecoveryServices/vaults/{vault}';
export const F = `${V}/replicationFabrics/{fabric}`;
export const C = `${F}/replicationProtectionContainers/{container}`;
export const PI = `${C}/replicationProtectedItems/{item}`;

export interface AsrRouteOptions {
  pageSize: number;
}

/**
 * What every family of the lab's Site Recovery routes shares: the lab's state and engine, the
 * lookups of what a URL names (ARM's 404s), the 202 answer to a write and its operation results.
 */
export abstract class AsrRouteBase {
  constructor(
    protected readonly state: LabState,
    protected readonly engine: AsrEngine,
    protected readonly wire: AsrWire,
    protected readonly clock: LabClock,
    protected readonly router: Router,
    protected readonly options: AsrRouteOptions,
  ) {}

  /** Adds this family's routes to the router. */
  abstract register(): void;

  /** Adds one route (api-version family `siteRecovery`). */
  protected add(method: string, pattern: string, op: string, h: Handler): void {
    this.router.add(method, pattern, op, 'siteRecovery', h);
  }

  // ---------- lookups ----------

  vault(q: LabRequest): VaultState {
    if (q.params.sub.toLowerCase() !== this.state.subscriptionId.toLowerCase()) {
      throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${q.params.sub}' could not be found.`);
    }
    if (!this.state.resourceGroups.has(key(q.params.rg))) {
      throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${q.params.rg}' could not be found.`);
    }
    const v = this.state.vaults.get(key(q.params.rg, q.params.vault));
    if (!v) throw notFound('Microsoft.RecoveryServices/vaults', q.params.vault, q.params.rg);
    return v;
  }

  protected fabric(v: VaultState, name: string): FabricState {
    const f = v.fabrics.get(key(name));
    if (!f) throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics', name, v.resourceGroup);
    return f;
  }

  protected container(q: LabRequest): { v: VaultState; f: FabricState } {
    const v = this.vault(q);
    const f = this.fabric(v, q.params.fabric);
    if (f.container.name.toLowerCase() !== q.params.container.toLowerCase()) {
      throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers', q.params.container, q.params.rg);
    }
    return { v, f };
  }

  protected item(q: LabRequest): { v: VaultState; f: FabricState; item: ProtectedItemState } {
    const { v, f } = this.container(q);
    const item = f.container.protectedItems.get(key(q.params.item));
    if (!item) throw notFound('Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems', q.params.item, q.params.rg);
    return { v, f, item };
  }

  protected job(v: VaultState, name: string): JobState {
    // A recovery plan action's operation id names another job (recordings RPTestFailover, RPFailback).
    const j = v.jobs.get(key(name)) ?? v.jobs.get(key(v.operationJobs?.get(key(name)) ?? ''));
    if (!j) throw notFound('Microsoft.RecoveryServices/vaults/replicationJobs', name, v.resourceGroup);
    return j;
  }

  protected itemPath(v: VaultState, f: FabricState, item: ProtectedItemState): string {
    return this.wire.protectedItemId(v, f, item);
  }

  // ---------- operation results ----------

  /** GET …/operationresults/{job}: 202 while the job runs, then the resource (or 204 if it is gone). */
  protected async operationResult(q: LabRequest): Promise<LabResponse> {
    const v = this.vault(q);
    const job = this.job(v, q.params.job);
    if (job.state === 'InProgress' || job.state === 'NotStarted') {
      const resourcePath = q.path.replace(/\/operationresults\/[^/]+$/i, '');
      return acceptedAsrJob(q, this.clock, this.wire.vaultBase(v), resourcePath, job.name);
    }
    if (job.state === 'Failed' || job.state === 'Cancelled') {
      const e = job.errors[0];
      throw new ArmError(409, e?.code ?? 'OperationCancelled', e?.message ?? `The job '${job.friendlyName}' was cancelled.`, {
        possibleCauses: e?.possibleCauses ?? '',
        recommendedAction: e?.recommendedAction ?? 'Restart the job.',
      });
    }
    const target = job.resultPath ?? q.path.replace(/\/operationresults\/[^/]+$/i, '');
    const segments = splitPath(target);
    const matched = this.router.match('GET', segments);
    if (!matched || matched === 'methodNotAllowed') return { status: 204 };
    try {
      return await matched.route.handler({ ...q, segments, path: target, params: matched.params, body: undefined });
    } catch (e) {
      if (e instanceof ArmError && e.status === 404) return { status: 204 };
      throw e;
    }
  }

  protected accepted(q: LabRequest, v: VaultState, resourcePath: string, job: JobState): LabResponse {
    return acceptedAsrJob(q, this.clock, this.wire.vaultBase(v), resourcePath, job.name);
  }
}
