// A recovery plan as the extension sees it (issue 16 §2): ASR's replicationRecoveryPlans resource
// reduced to what the tree, the palette, the plan editor and the Failover wizard need. The wire
// shapes (RecoveryPlanProperties, RecoveryPlanGroup, CreateRecoveryPlanInput, UpdateRecoveryPlanInput,
// the plan action inputs) are the REST spec's (SiteRecovery, replicationRecoveryPlans) and the
// recordings RPTestFailover / RPTestFailoverCleanup / RPFailback in
// ../shared/reference/asr-recordings/; src/services/azure/recoveryPlans.ts reads and writes them.
//
// Pure module: no vscode, no SDK import (the service converts the SDK's types to these).

/** ASR's RecoveryPlanGroupType: "Shutdown", "Boot" or "Failover" (spec enum RecoveryPlanGroupType). */
export type PlanGroupType = 'Shutdown' | 'Boot' | 'Failover';

/** One group of a plan, its protected items in the plan's order (RecoveryPlanGroup.replicationProtectedItems). */
export interface PlanGroup {
  groupType: PlanGroupType;
  /** ARM ids of the group's protected items (RecoveryPlanProtectedItem.id), in order. */
  itemIds: string[];
}

/** A plan as read from ASR. */
export interface RecoveryPlanSummary {
  /** ARM id (…/replicationRecoveryPlans/{name}). */
  id: string;
  /** The plan's resource name (what the action URLs use). */
  name: string;
  /** RecoveryPlanProperties.friendlyName (the name shown). */
  friendlyName: string;
  primaryFabricId?: string;
  recoveryFabricId?: string;
  /** failoverDeploymentModel ("ResourceManager" for Azure targets). */
  failoverDeploymentModel?: string;
  groups: PlanGroup[];
  /** currentScenario.scenarioName, e.g. "TestFailover". */
  currentScenario?: string;
  /** currentScenarioStatus, e.g. "Suspended" (RPTestFailover.json). */
  currentScenarioStatus?: string;
  /** currentScenarioStatusDescription, e.g. "WaitingForStopTestFailover". */
  currentScenarioStatusDescription?: string;
  /** The job of the current scenario (currentScenario.jobId), when ASR names one. */
  currentJobId?: string;
  /** allowedOperations, as ASR sends them (e.g. ["TestFailoverCleanup"]). */
  allowedOperations: string[];
  lastTestFailoverTime?: Date;
  lastPlannedFailoverTime?: Date;
  lastUnplannedFailoverTime?: Date;
}

/** What Create Recovery Plan sends: a Hyper-V site to Azure plan (CreateRecoveryPlanInputProperties). */
export interface RecoveryPlanDraft {
  /** The plan's name (resource name and friendly name). */
  name: string;
  /** The Hyper-V site (fabric) ARM id of the plan's items. */
  primaryFabricId: string;
  /** "Microsoft Azure" for a Hyper-V to Azure plan (spec example; the service layer checks it). */
  recoveryFabricId: string;
  groups: PlanGroup[];
}

/** The plan actions the extension offers, in menu order. */
export const recoveryPlanActions = ['testFailover', 'testFailoverCleanup', 'plannedFailover', 'unplannedFailover', 'commit', 'failback', 'reverseReplication'] as const;

export type RecoveryPlanAction = (typeof recoveryPlanActions)[number];

/** Options of a plan action (the ones the action does not take are ignored). */
export interface RecoveryPlanActionOptions {
  /** Test failover: the Azure virtual network the test VMs join (ARM id). */
  networkId?: string;
  /** Test failover cleanup: the notes (at most 1024 characters, as for one VM). */
  comments?: string;
  /** Unplanned failover: shut down the VMs on the host first when it is reachable. */
  shutDownSource?: boolean;
  /** Failback: ASR's data sync option ("ForDownTime" | "ForSynchronization"). */
  dataSyncOption?: 'ForDownTime' | 'ForSynchronization';
  /** Failback: "CreateVmIfNotFound" | "NoAction". */
  recoveryVmCreationOption?: 'CreateVmIfNotFound' | 'NoAction';
}
