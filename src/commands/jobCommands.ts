import * as vscode from 'vscode';
import type { JobSummary } from '../model/jobSummary';
import type { VaultContext } from '../services/azure/clients';
import { cancelJob, restartJob, resumeJob } from '../services/azure/jobs';
import type { CommandSpec } from './command';
import { contextForJob, requireVault, showError, type CommandContext } from './context';

/** The job a command acts on: the Jobs view node, or one the user picks among those that allow it. */
async function resolveJob(ctx: CommandContext, arg: unknown, can: (j: JobSummary) => boolean, title: string, none: string): Promise<JobSummary | undefined> {
  const snapshot = ctx.jobsSnapshot();
  const all = snapshot ? [...snapshot.active, ...snapshot.recent] : [];
  const name = typeof arg === 'object' && arg !== null && typeof (arg as { jobName?: unknown }).jobName === 'string' ? (arg as { jobName: string }).jobName : undefined;
  if (name) return all.find((j) => j.jobName === name);
  const eligible = all.filter(can);
  if (eligible.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  return (
    await vscode.window.showQuickPick(
      eligible.map((j) => ({ label: j.title, description: `${j.targetName} · ${j.state}`, j })),
      { title },
    )
  )?.j;
}

/** The job's own vault (several vaults, issue 16 §3): its command context and vault context; undefined when not connected. */
async function jobVault(ctx: CommandContext, job: JobSummary): Promise<{ jobCtx: CommandContext; vctx: VaultContext } | undefined> {
  const jobCtx = contextForJob(ctx, job.jobName);
  const vctx = await requireVault(jobCtx);
  return vctx ? { jobCtx, vctx } : undefined;
}

export const cancelJobCommand: CommandSpec = {
  id: 'azureSiteRecovery.cancelJob',
  async run(ctx, arg) {
    const job = await resolveJob(ctx, arg, (j) => j.canCancel, vscode.l10n.t('Cancel job'), vscode.l10n.t('No running job can be cancelled.'));
    const on = job ? await jobVault(ctx, job) : undefined;
    if (!job || !on) return;
    const { jobCtx, vctx } = on;
    try {
      await (await cancelJob(vctx, job.jobName)).result();
      await ctx.jobs.refreshNow();
      await jobCtx.store.refreshProtection(vctx);
    } catch (e) {
      showError(ctx, e, 'Cancel job');
    }
  },
};

export const restartJobCommand: CommandSpec = {
  id: 'azureSiteRecovery.restartJob',
  async run(ctx, arg) {
    const job = await resolveJob(ctx, arg, (j) => j.canRestart, vscode.l10n.t('Restart job'), vscode.l10n.t('No failed or cancelled job can be restarted.'));
    const on = job ? await jobVault(ctx, job) : undefined;
    if (!job || !on) return;
    const { vctx } = on;
    try {
      const op = await restartJob(vctx, job.jobName);
      ctx.jobs.watch(op.jobName, { vmName: job.targetName });
      await ctx.jobs.refreshNow();
    } catch (e) {
      showError(ctx, e, 'Restart job');
    }
  },
};

/**
 * Resume a suspended job (offered where ASR lists Resume in the job's allowedActions, except a
 * test failover: see JobSummary.canResume). A failback with data sync "for downtime" waits so
 * after its first copy (Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize help). The job
 * goes on in Azure; the tracker follows it and says when it ends.
 */
export const resumeJobCommand: CommandSpec = {
  id: 'azureSiteRecovery.resumeJob',
  async run(ctx, arg) {
    const job = await resolveJob(ctx, arg, (j) => j.canResume, vscode.l10n.t('Resume job'), vscode.l10n.t('No job is waiting to be resumed.'));
    const on = job ? await jobVault(ctx, job) : undefined;
    if (!job || !on) return;
    const { jobCtx, vctx } = on;
    if (!job.canResume) {
      void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" is not waiting to be resumed (it is {1}).', job.title, job.state));
      return;
    }
    try {
      await (await resumeJob(vctx, job.jobName)).result();
      ctx.jobs.watch(job.jobName, { vmName: job.targetName });
      await ctx.jobs.refreshNow();
      await jobCtx.store.refreshProtection(vctx);
    } catch (e) {
      showError(ctx, e, 'Resume job');
    }
  },
};
