// Samples the estate's RPO for the dashboard's 24-hour chart (issue 15 §5) whether the dashboard
// is open or not: at each new snapshot of the connected vault, when the last sample is 5 minutes
// old or more (RpoHistory keeps at most one per 5 minutes), the rows' worst and median RPO and how
// many VMs are above their target. The rows are built only when a sample is wanted. No vscode.
import { dashboardRows } from '../../dashboard/dashboardModel';
import { rpoAggregate, type RpoHistory } from '../../dashboard/rpoHistory';
import type { EstateSnapshot } from '../../estate/types';
import { rowContextOf, type DashboardDeps } from './dashboardController';

export type RpoSamplerDeps = Pick<DashboardDeps, 'store' | 'targets' | 'readiness' | 'vaultKey'> & { rpoHistory: RpoHistory; now?: () => Date };

/** Starts sampling; dispose to stop. */
export function sampleRpo(deps: RpoSamplerDeps): { dispose(): void } {
  let last: EstateSnapshot | undefined;
  const sample = (): void => {
    const snapshot = deps.store.snapshot;
    const vault = deps.vaultKey();
    if (!snapshot || snapshot === last || vault === '') return;
    last = snapshot;
    const t = snapshot.takenAt.getTime();
    if (!deps.rpoHistory.wants(vault, t)) return;
    const aggregate = rpoAggregate(dashboardRows(snapshot, rowContextOf(deps, deps.now?.() ?? new Date())));
    if (aggregate) deps.rpoHistory.record(vault, { t, ...aggregate });
  };
  sample();
  return deps.store.onDidChange(sample);
}
