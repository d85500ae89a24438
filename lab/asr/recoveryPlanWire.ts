import type { RecoveryPlanState, TaskState, VaultState } from '../state';
import type { AsrEngine } from './engine';
import { jobTaskBody } from './jobTaskWire';
import { currentJob, memberOf, planAllowedOperations } from './recoveryPlanJobs';
import type { AsrWire } from './wire';

/** currentScenarioStatus / …Description from the plan's job (RPTestFailover: Suspended / WaitingForStopTestFailover; the others: Succeeded / Completed). UNVERIFIED while it runs: InProgress / InProgress. */
function scenarioStatus(v: VaultState, plan: RecoveryPlanState): { status: string; description: string } | undefined {
  const job = currentJob(v, plan);
  if (!job) return undefined;
  if (job.state === 'Suspended') return { status: 'Suspended', description: job.stateDescription };
  if (job.state === 'Succeeded') return { status: 'Succeeded', description: 'Completed' };
  return { status: job.state, description: job.state };
}

/** A plan as GET answers it: the shape of RPTestFailover.json entry 6 and the spec example Create's 200. */
export function planBody(wire: AsrWire, engine: AsrEngine, v: VaultState, plan: RecoveryPlanState): object {
  const status = scenarioStatus(v, plan);
  const vaultBase = wire.vaultBase(v);
  const scenario = plan.currentScenario;
  return {
    id: `${vaultBase}/replicationRecoveryPlans/${plan.name}`,
    name: plan.name,
    type: 'Microsoft.RecoveryServices/vaults/replicationRecoveryPlans',
    properties: {
      friendlyName: plan.name,
      primaryFabricId: `${vaultBase}/replicationFabrics/${plan.primaryFabricName}`,
      primaryFabricFriendlyName: plan.primaryFabricName,
      recoveryFabricId: 'Microsoft Azure',
      recoveryFabricFriendlyName: 'Microsoft Azure',
      failoverDeploymentModel: 'ResourceManager',
      replicationProviders: ['HyperVReplicaAzure'],
      allowedOperations: planAllowedOperations(engine, v, plan),
      ...(plan.lastPlannedFailoverTime ? { lastPlannedFailoverTime: plan.lastPlannedFailoverTime.toISOString() } : {}),
      ...(plan.lastUnplannedFailoverTime ? { lastUnplannedFailoverTime: plan.lastUnplannedFailoverTime.toISOString() } : {}),
      ...(plan.lastTestFailoverTime ? { lastTestFailoverTime: plan.lastTestFailoverTime.toISOString() } : {}),
      ...(scenario ? { currentScenario: { scenarioName: scenario.scenarioName, jobId: wire.jobId(v, scenario.jobName), startTime: scenario.startTime.toISOString() } } : {}),
      ...(status ? { currentScenarioStatus: status.status, currentScenarioStatusDescription: status.description } : {}),
      groups: plan.groups.map((g) => ({
        groupType: g.groupType,
        // "virtualMachineId": the VM's id (RPFailoverCommit: item "vm1" with "virtualMachineId": "f8491e4f-…", its vmId).
        replicationProtectedItems: g.itemIds.map((id) => ({ id, virtualMachineId: memberOf(v, id)?.item.vmId ?? id.split('/').pop() ?? id })),
        startGroupActions: [],
        endGroupActions: [],
      })),
      providerSpecificDetails: [],
    },
  };
}

/**
 * The group part of a plan job's task (RPFailoverCommit.json's job read): `"taskType":
 * "RecoveryPlanGroupTaskDetails"`, `"groupTaskCustomDetails": {"name": "Group1", "groupId":
 * "Group1", "rpGroupType": "CommitGroup", "instanceType": "RecoveryPlanGroupTaskDetails",
 * "childTasks": [{"friendlyName": "vm1", "taskType": "VirtualMachineTaskDetails", …}]}`. Each VM's
 * child task has its group's state ("Machines in a single group fail over in parallel."). The lab
 * has no job per VM: jobTask names the VM without a jobId (UNVERIFIED: ASR names the VM's job).
 */
export function planGroupTask(task: TaskState): object | undefined {
  const group = task.group;
  if (!group) return undefined;
  return {
    taskType: 'RecoveryPlanGroupTaskDetails',
    customDetails: null,
    groupTaskCustomDetails: {
      name: group.groupId,
      groupId: group.groupId,
      rpGroupType: group.rpGroupType,
      instanceType: 'RecoveryPlanGroupTaskDetails',
      childTasks: group.vms.map((vm, i) =>
        jobTaskBody(
          { taskId: `${task.taskId}.${i + 1}`, name: 'Unknown', friendlyName: vm.vmName, state: task.state, startTime: task.startTime, endTime: task.endTime },
          'VirtualMachineTaskDetails',
          {
            skippedReason: 'None',
            skippedReasonString: null,
            jobTask: { jobFriendlyName: null, targetObjectId: vm.itemName, targetObjectName: vm.vmName, targetInstanceType: 'Vm', jobScenarioName: null },
            instanceType: 'VirtualMachineTaskDetails',
          },
        ),
      ),
    },
  };
}
