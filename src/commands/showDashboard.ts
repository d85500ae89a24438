import { showDashboard } from '../webviews/dashboard/dashboardPanel';
import type { CommandSpec } from './command';

/** Shows the recovery dashboard (issue 15 §5): tiles, every VM's RPO, drills and readiness, and what to do next. */
export const showDashboardCommand: CommandSpec = {
  id: 'azureSiteRecovery.showDashboard',
  run() {
    showDashboard();
    return Promise.resolve();
  },
};
