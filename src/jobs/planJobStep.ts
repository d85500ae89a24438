// The step a recovery plan's job is at, for the status bar and the Jobs view (issue 16 §2: "The
// status bar and Jobs view follow plan jobs with each VM's tasks"): the group and the VMs whose tasks
// run now ("Group 2: Test failover (1) · ramh157v02"), read from the job's group tasks and their
// VMs' tasks (model/planJobTasks.ts). Pure: no vscode.

import type { JobSummary } from '../model/jobSummary';
import { planJobTasks } from '../model/planJobTasks';
import { readProp, readString } from '../model/wireValues';

/**
 * The summary of a job, its current step naming the VM of a plan's group whose task runs now. The
 * job is as Azure answered (its fields read through guards: any of them may be of another type).
 */
export function withPlanJobStep(summary: JobSummary, job: object): JobSummary {
  // targetInstanceType "RecoveryPlan": RPFailoverCommit.json (model/planJobTasks.ts isPlanJob, on a guarded read).
  if (readString(readProp(job, 'properties'), 'targetInstanceType')?.toLowerCase() !== 'recoveryplan') return summary;
  // A group's VMs fail over in parallel (Microsoft docs recovery-plan-overview.md: "Machines in
  // different groups fail over in group order"; within a group no order): every one running now.
  for (const group of planJobTasks(job)) {
    const running = group.vms.filter((v) => v.state === 'InProgress').map((v) => v.name);
    if (running.length > 0) return { ...summary, currentStep: `${group.title} · ${running.join(', ')}` };
  }
  return summary;
}
