// The Jobs view: running and recent ASR jobs from the job tracker; a job's tasks are read when it
// is expanded (one GET of that job).

import * as vscode from 'vscode';
import type { Job } from '@azure/arm-recoveryservices-siterecovery';
import { plainJob, type JobLike, type JobSummary } from '../model/jobSummary';
import type { JobsSnapshot } from '../jobs/types';
import { presentJob, presentJobTask, presentMessage } from './presentation';
import { toTreeItem } from './treeItem';

export type JobNode = { kind: 'job'; jobName: string } | { kind: 'task'; jobName: string; index: number } | { kind: 'message'; text: string };

export interface JobsTreeDeps {
  snapshot: () => JobsSnapshot | undefined;
  onDidChange: (listener: () => void) => { dispose(): void };
  getJob: (jobName: string) => Promise<Job>;
}

export class JobsTree implements vscode.TreeDataProvider<JobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Jobs read when expanded, as plain copies (fields read through guards). */
  private readonly tasks = new Map<string, JobLike>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: JobsTreeDeps) {
    this.subscription = deps.onDidChange(() => {
      this.tasks.clear();
      this.changed.fire(undefined);
    });
  }

  private summaries(): JobSummary[] {
    const s = this.deps.snapshot();
    return s ? [...s.active, ...s.recent] : [];
  }

  async getChildren(element?: JobNode): Promise<JobNode[]> {
    if (!element) return this.summaries().map((j) => ({ kind: 'job' as const, jobName: j.jobName }));
    if (element.kind !== 'job') return [];
    try {
      const job = this.tasks.get(element.jobName) ?? plainJob(await this.deps.getJob(element.jobName));
      this.tasks.set(element.jobName, job);
      return (job.properties?.tasks ?? []).map((_, index) => ({ kind: 'task' as const, jobName: element.jobName, index }));
    } catch (e) {
      return [{ kind: 'message', text: e instanceof Error ? e.message : String(e) }];
    }
  }

  getTreeItem(element: JobNode): vscode.TreeItem {
    if (element.kind === 'message') return toTreeItem(presentMessage(element.text, 'error'));
    if (element.kind === 'task') {
      const task = this.tasks.get(element.jobName)?.properties?.tasks?.[element.index];
      return task ? toTreeItem(presentJobTask(task, element.jobName, element.index)) : new vscode.TreeItem('');
    }
    const summary = this.summaries().find((j) => j.jobName === element.jobName);
    return summary ? toTreeItem(presentJob(summary)) : new vscode.TreeItem(element.jobName);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
