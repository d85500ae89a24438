// The recovery dashboard's browser bundle (dist/webviews/dashboard.js, issue 15 §5). It follows the
// extension's init and patch messages (followedState.ts: each patch validated, a patch that does
// not fit asks for the whole state again), draws the page (view.ts), and posts only `ready` and
// the actions the dashboard declares (src/webviews/dashboard/dashboardProtocol.ts). What it saves
// with setState is only the user's sort and filter: the rows come again from the extension.
import { readQuery, type DashboardQuery } from '../../../dashboard/dashboardQuery';
import type { DashboardState } from '../../../dashboard/dashboardTypes';
import { FollowedState } from '../followedState';
import { loadSavedState, postToHost, saveState } from '../vscodeApi';
import { DashboardView } from './view';

function isDashboardState(v: unknown): v is DashboardState {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.labels === 'object' && o.labels !== null && typeof o.tiles === 'object' && o.tiles !== null && Array.isArray(o.rows) && Array.isArray(o.rpo) && Array.isArray(o.drills)
  );
}

function start(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const saved = loadSavedState();
  const query: DashboardQuery = readQuery(typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>).query : undefined);
  const view = new DashboardView(root, query, {
    run: (row) => {
      if (row.action) postToHost({ type: 'action', name: 'run', payload: { vmKey: row.id, action: row.action } });
    },
    refresh: () => postToHost({ type: 'action', name: 'refresh', payload: {} }),
    queryChanged: (q) => saveState({ query: q }),
  });
  const followed = new FollowedState<DashboardState>(undefined, () => postToHost({ type: 'ready' }), isDashboardState);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const change = followed.receive(event.data);
    if (change?.kind === 'state') view.render(change.state);
    else if (change?.kind === 'error') view.showError(change.message);
  });
  postToHost({ type: 'ready' });
}

start();
