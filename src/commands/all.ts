// Every command the extension contributes (package.json lists the same ids; a unit test checks).
import type { CommandSpec } from './command';
import { addHostCommand } from './addHost';
import { checkClientReconnectionCommand } from './checkClientReconnection';
import { checkReadinessCommand } from './checkReadiness';
import { cleanupTestFailoverCommand } from './cleanupTestFailover';
import { commitFailoverCommand } from './commitFailover';
import { computeAndNetworkCommand } from './computeAndNetwork';
import { connectCommand } from './connect';
import { createRecoveryPlanCommand, editRecoveryPlanCommand } from './createRecoveryPlan';
import { deleteRecoveryPlanCommand } from './deleteRecoveryPlan';
import { disableReplicationCommand } from './disableReplication';
import { enableReplicationCommand } from './enableReplication';
import { failbackCommand } from './failback';
import { failoverCommand } from './failover';
import { forgetHostCredentialsCommand } from './forgetHostCredentials';
import { cancelJobCommand, restartJobCommand, resumeJobCommand } from './jobCommands';
import { openInPortalCommand } from './openInPortal';
import { openWalkthroughCommand } from './openWalkthrough';
import { plannedFailoverCommand } from './plannedFailover';
import { refreshCommand } from './refresh';
import { reverseReplicationCommand } from './reverseReplication';
import { runDrillCommand } from './runDrill';
import {
  cleanupTestFailoverRecoveryPlanCommand,
  commitRecoveryPlanCommand,
  failbackRecoveryPlanCommand,
  plannedFailoverRecoveryPlanCommand,
  reverseReplicationRecoveryPlanCommand,
  testFailoverRecoveryPlanCommand,
  unplannedFailoverRecoveryPlanCommand,
} from './runRecoveryPlanAction';
import { showDrillsCommand } from './showDrills';
import { showDashboardCommand } from './showDashboard';
import { showJobsCommand } from './showJobs';
import { showLogCommand } from './showLog';
import { signOutCommand } from './signOut';
import { testFailoverCommand } from './testFailover';
import { unplannedFailoverCommand } from './unplannedFailover';
import { addVaultCommand, removeVaultCommand } from './vaults';

export const allCommands: readonly CommandSpec[] = [
  connectCommand,
  signOutCommand,
  refreshCommand,
  addHostCommand,
  forgetHostCredentialsCommand,
  enableReplicationCommand,
  failoverCommand,
  testFailoverCommand,
  cleanupTestFailoverCommand,
  runDrillCommand,
  plannedFailoverCommand,
  unplannedFailoverCommand,
  commitFailoverCommand,
  failbackCommand,
  reverseReplicationCommand,
  disableReplicationCommand,
  showJobsCommand,
  cancelJobCommand,
  restartJobCommand,
  resumeJobCommand,
  openInPortalCommand,
  showLogCommand,
  showDrillsCommand,
  openWalkthroughCommand,
  showDashboardCommand,
  checkReadinessCommand,
  checkClientReconnectionCommand,
  computeAndNetworkCommand,
  addVaultCommand,
  removeVaultCommand,
  createRecoveryPlanCommand,
  editRecoveryPlanCommand,
  deleteRecoveryPlanCommand,
  testFailoverRecoveryPlanCommand,
  cleanupTestFailoverRecoveryPlanCommand,
  plannedFailoverRecoveryPlanCommand,
  unplannedFailoverRecoveryPlanCommand,
  commitRecoveryPlanCommand,
  failbackRecoveryPlanCommand,
  reverseReplicationRecoveryPlanCommand,
];
