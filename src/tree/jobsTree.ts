// The Jobs view: running and recent ASR jobs from the job tracker; a job's tasks are read when it
// is expanded (one GET of that job).

import * as vscode from 'vscode';
import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import { plainJob, type JobLike, type JobSummary } from '../model/jobSummary';
import type { JobsSnapshot } from '../jobs/types';
import type { DrillSource } from '../jobs/statusBarModel';
import { drillErrorLines, drillTitle, drillVmLine } from '../drills/drillPresentation';
import { presentJob, presentJobTask, presentMessage } from './presentation';
import { isPlanJob, planJobTasks, type PlanJobGroupTask } from '../model/planJobTasks';
import { presentPlanVmTask } from './presentPlans';
import { toTreeItem } from './treeItem';

export type JobNode =
  | { kind: 'job'; jobName: string }
  | { kind: 'task'; jobName: string; index: number }
  // A VM's task under its group's task, in a recovery plan's job (model/planJobTasks.ts).
  | { kind: 'planVm'; jobName: string; index: number; vmIndex: number }
  | { kind: 'message'; text: string }
  | { kind: 'drill' }
  | { kind: 'drillVm'; index: number };

export interface JobsTreeDeps {
  snapshot: () => JobsSnapshot | undefined;
  onDidChange: (listener: () => void) => { dispose(): void };
  getJob: (jobName: string) => Promise<Job>;
  /** The DR drill in flight: one entry with its VMs, its own jobs not listed again. */
  drill?: DrillSource;
}

export class JobsTree implements vscode.TreeDataProvider<JobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Jobs read when expanded, as plain copies (fields read through guards). */
  private readonly tasks = new Map<string, JobLike>();
  /** A plan job's group and VM tasks, read with it (model/planJobTasks.ts). */
  private readonly planTasks = new Map<string, PlanJobGroupTask[]>();
  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly deps: JobsTreeDeps) {
    this.subscriptions = [
      deps.onDidChange(() => {
        this.tasks.clear();
        this.planTasks.clear();
        this.changed.fire(undefined);
      }),
      ...(deps.drill ? [deps.drill.onDidChange(() => this.changed.fire(undefined))] : []),
    ];
  }

  private summaries(): JobSummary[] {
    const s = this.deps.snapshot();
    const drillJobs = this.deps.drill?.drillInFlight()?.jobNames;
    const all = s ? [...s.active, ...s.recent] : [];
    return drillJobs ? all.filter((j) => !drillJobs.has(j.jobName.toLowerCase())) : all;
  }

  async getChildren(element?: JobNode): Promise<JobNode[]> {
    const drill = this.deps.drill?.drillInFlight();
    if (!element) return [...(drill ? [{ kind: 'drill' as const }] : []), ...this.summaries().map((j) => ({ kind: 'job' as const, jobName: j.jobName }))];
    if (element.kind === 'drill') return (drill?.record.vms ?? []).map((_, index) => ({ kind: 'drillVm' as const, index }));
    if (element.kind === 'task') return this.planVms(element);
    if (element.kind !== 'job') return [];
    try {
      const job = this.tasks.get(element.jobName) ?? (await this.readJob(element.jobName));
      return (job.properties?.tasks ?? []).map((_, index) => ({ kind: 'task' as const, jobName: element.jobName, index }));
    } catch (e) {
      return [{ kind: 'message', text: e instanceof Error ? e.message : String(e) }];
    }
  }

  getTreeItem(element: JobNode): vscode.TreeItem {
    if (element.kind === 'drill' || element.kind === 'drillVm') return this.drillItem(element);
    if (element.kind === 'message') return toTreeItem(presentMessage(element.text, 'error'));
    if (element.kind === 'task') {
      const job = this.tasks.get(element.jobName);
      const task = job?.properties?.tasks?.[element.index];
      if (!job || !task) return new vscode.TreeItem('');
      const model = presentJobTask(task, element.jobName, element.index);
      // A plan's group task opens on its VMs' tasks.
      const vms = this.planTasks.get(element.jobName)?.[element.index]?.vms.length ?? 0;
      return toTreeItem(vms > 0 ? { ...model, collapsible: 'expanded' } : model);
    }
    if (element.kind === 'planVm') {
      const vm = this.planTasks.get(element.jobName)?.[element.index]?.vms[element.vmIndex];
      return vm ? toTreeItem(presentPlanVmTask(vm, element.jobName, element.index, element.vmIndex)) : new vscode.TreeItem('');
    }
    const summary = this.summaries().find((j) => j.jobName === element.jobName);
    return summary ? toTreeItem(presentJob(summary)) : new vscode.TreeItem(element.jobName);
  }

  /** Reads a job (one GET) as a plain copy, and a plan job's group and VM tasks from it (which the copy does not keep). */
  private async readJob(jobName: string): Promise<JobLike> {
    const raw = await this.deps.getJob(jobName);
    const job = plainJob(raw);
    this.tasks.set(jobName, job);
    if (isPlanJob(job)) this.planTasks.set(jobName, planJobTasks(raw));
    return job;
  }

  /** The VMs' tasks of a group's task, when the job is a recovery plan's. */
  private planVms(element: { jobName: string; index: number }): JobNode[] {
    const vms = this.planTasks.get(element.jobName)?.[element.index]?.vms ?? [];
    return vms.map((_, vmIndex) => ({ kind: 'planVm' as const, jobName: element.jobName, index: element.index, vmIndex }));
  }

  /** The drill's entry (expanded: its VMs) and each VM's line; the text escapes nothing (a TreeItem label is plain text). */
  private drillItem(element: { kind: 'drill' } | { kind: 'drillVm'; index: number }): vscode.TreeItem {
    const record = this.deps.drill?.drillInFlight()?.record;
    if (!record) return new vscode.TreeItem('');
    if (element.kind === 'drill') {
      const item = new vscode.TreeItem(drillTitle(record), vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.id = `drill:${record.id}`;
      return item;
    }
    const vm = record.vms[element.index];
    const item = new vscode.TreeItem(vm ? drillVmLine(vm) : '');
    // Plain text: the errors with ASR's recommended actions.
    if (vm && vm.errors.length > 0) item.tooltip = drillErrorLines({ ...record, vms: [vm] }).join('\n');
    item.iconPath = new vscode.ThemeIcon(vm?.state === 'passed' ? 'pass' : vm?.state === 'failed' ? 'error' : vm?.state === 'running' ? 'sync~spin' : 'circle-outline');
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
