// The steps of a recovery plan job, group by group and VM by VM (issue 16 §2: "The status bar and
// Jobs view follow plan jobs with each VM's tasks"). A plan job (targetInstanceType "RecoveryPlan")
// lists in `tasks` one task per group; a group task carries `groupTaskCustomDetails` with
// `childTasks`, one per VM. Source: the recording RPFailoverCommit.json (azure-sdk-for-net
// SessionRecords/ASRTests), its job read:
//   "friendlyName": "Group 1: Commit (1)", "taskType": "RecoveryPlanGroupTaskDetails",
//   "groupTaskCustomDetails": {"name": "Group1", "groupId": "Group1", "rpGroupType": "CommitGroup",
//   "instanceType": "RecoveryPlanGroupTaskDetails", "childTasks": [{"friendlyName": "vm1",
//   "state": "Succeeded", "stateDescription": "Completed", "taskType": "VirtualMachineTaskDetails",
//   "customDetails": {"jobTask": {"jobId": "…/replicationJobs/d9ee…", "targetObjectName": "vm1", …}}}]}
// and the spec's ASRTask / GroupTaskDetails / RecoveryPlanGroupTaskDetails definitions.
//
// Pure module: no vscode, no SDK.

import type { JobLike, JobState } from './jobSummary';
import { normalizeJobState } from './jobSummary';
import { asObjects, readProp, readString } from './wireValues';

export interface PlanJobVmTask {
  /** The VM's name (the child task's friendlyName, else its job task's targetObjectName). */
  name: string;
  state: JobState;
  stateDescription?: string;
  /** The VM's own job, when ASR names it (customDetails.jobTask.jobId). */
  jobId?: string;
}

export interface PlanJobGroupTask {
  /** The task's friendlyName, e.g. "Group 1: Commit (1)". */
  title: string;
  /** groupTaskCustomDetails.rpGroupType, e.g. "CommitGroup"; absent for a task that is not a group's. */
  groupType?: string;
  /** groupTaskCustomDetails.groupId, e.g. "Group1". */
  groupId?: string;
  state: JobState;
  stateDescription?: string;
  vms: PlanJobVmTask[];
}

/** Whether the job is a recovery plan's (targetInstanceType "RecoveryPlan": RPFailoverCommit.json). */
export function isPlanJob(job: JobLike): boolean {
  return (job.properties?.targetInstanceType ?? '').toLowerCase() === 'recoveryplan';
}

function vmTask(child: object): PlanJobVmTask {
  const jobTask = readProp(readProp(child, 'customDetails'), 'jobTask');
  const name = readString(child, 'friendlyName') ?? readString(jobTask, 'targetObjectName') ?? readString(child, 'name') ?? '';
  const task: PlanJobVmTask = { name, state: normalizeJobState(readString(child, 'state')) };
  const description = readString(child, 'stateDescription');
  if (description) task.stateDescription = description;
  const jobId = readString(jobTask, 'jobId');
  if (jobId) task.jobId = jobId;
  return task;
}

/** The job's tasks in order: each group with its VMs and their states (empty for a job without tasks). */
export function planJobTasks(job: JobLike): PlanJobGroupTask[] {
  const tasks = asObjects(readProp(job.properties, 'tasks')) ?? [];
  return tasks.map((task) => {
    const details = readProp(task, 'groupTaskCustomDetails');
    const group: PlanJobGroupTask = {
      title: readString(task, 'friendlyName') ?? readString(task, 'name') ?? '',
      state: normalizeJobState(readString(task, 'state')),
      vms: (asObjects(readProp(details, 'childTasks')) ?? []).map(vmTask),
    };
    const description = readString(task, 'stateDescription');
    if (description) group.stateDescription = description;
    const groupType = readString(details, 'rpGroupType');
    if (groupType) group.groupType = groupType;
    const groupId = readString(details, 'groupId');
    if (groupId) group.groupId = groupId;
    return group;
  });
}
