import * as vscode from 'vscode';
import { readDrillSettings, readJobSettings, readRecoverySettings } from '../connection/settings';
import { drillSummary, drillErrorLines, drillTitle, drillVmStep } from '../drills/drillPresentation';
import { checkDrillable, DrillRunner, newDrillRecord, type DrillRunnerOptions } from '../drills/drillRunner';
import { azureDrillServices, systemDrillClock, type DrillServices } from '../drills/drillServices';
import type { DrillHost } from '../drills/drillHost';
import type { DrillRecord } from '../model/drillRecord';
import { sameArmId, vaultId } from '../model/armId';
import { rpoTargetSeconds } from '../model/recoveryFacts';
import { listVirtualNetworks } from '../services/azure/networks';
import type { CommandSpec } from './command';
import { confirm, requireVault, showError, type CommandContext } from './context';
import { candidateOf, pickDrillVms, pickTestNetwork } from './runDrillPicks';

/** How often a drill reads the test VM's power state (Compute reads; the lab's test VM boots in 30 nominal seconds). */
const POWER_POLL_MS = 15_000;
/** How long past the RTO target a test VM may take to read running before its VM fails. */
const RUNNING_GRACE_MS = 30 * 60_000;

function runnerOptions(host: DrillHost, services: DrillServices, log: vscode.LogOutputChannel): DrillRunnerOptions {
  const settings = readDrillSettings();
  return {
    services,
    clock: systemDrillClock,
    store: host,
    concurrency: settings.concurrency,
    jobPollMs: readJobSettings().activePollMs,
    powerPollMs: POWER_POLL_MS,
    runningTimeoutMs: settings.rtoTargetMinutes * 60_000 + RUNNING_GRACE_MS,
    onChange: () => host.changed(),
    log: (line) => log.info(line),
  };
}

function progressMessage(record: DrillRecord): string {
  const running = record.vms.filter((v) => v.state === 'running').map((v) => `${v.name}: ${drillVmStep(v)}`);
  const head = record.cancelled ? vscode.l10n.t('Cancelling: cleaning up what it started') : drillTitle(record);
  return [head, ...running].join(' · ');
}

/** The end: the recorder (history and report) when there is one, else a summary notification; the errors go to the log. */
async function drillEnded(ctx: CommandContext, host: DrillHost, record: DrillRecord): Promise<void> {
  ctx.log.info(drillSummary(record));
  for (const line of drillErrorLines(record)) ctx.log.warn(line);
  void ctx.jobs.refreshNow();
  // The drilled VMs' last test failover is new: the estate, then their readiness (its drill check), are read again.
  void ctx.store
    .refresh()
    .then(() => ctx.readiness?.checkNow())
    .catch((e: unknown) => ctx.log.info(vscode.l10n.t('Readiness after DR drill {0} not checked: {1}', record.id, (e as Error).message)));
  if (host.recorder) {
    await host.recorder.ended(record);
    return;
  }
  const allPassed = record.vms.every((v) => v.state === 'passed');
  const show = allPassed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const log = vscode.l10n.t('Show Log');
  if ((await show(drillSummary(record), log)) === log) ctx.log.show();
}

/** Runs (or resumes) a drill under a notification with Cancel; the status bar and the Jobs view follow it through the host. */
async function followDrill(ctx: CommandContext, host: DrillHost, runner: DrillRunner): Promise<void> {
  if (!host.track(runner)) return;
  let ended = false;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Run DR Drill'), cancellable: true }, async (progress, token) => {
      const cancel = token.onCancellationRequested(() => runner.cancel());
      const sub = host.onDidChange(() => progress.report({ message: progressMessage(runner.record) }));
      progress.report({ message: progressMessage(runner.record) });
      try {
        ended = await runner.run();
      } finally {
        sub.dispose();
        cancel.dispose();
      }
    });
  } catch (e) {
    showError(ctx, e, vscode.l10n.t('Run DR Drill'));
  } finally {
    host.untrack(runner);
  }
  if (ended) await drillEnded(ctx, host, runner.record);
}

/** The drill an earlier window kept (a reload): resumed from ASR's jobs and items when its vault is connected. */
export async function resumeKeptDrill(ctx: CommandContext): Promise<void> {
  const host = ctx.drills;
  const kept = host?.kept();
  if (!host || !kept || host.active) return;
  const vctx = await ctx.connection.vaultContext();
  if (!vctx || !sameArmId(vaultId(vctx.vault), kept.vaultId)) {
    ctx.log.info(vscode.l10n.t('DR drill {0} did not end in an earlier window; it resumes when its vault is connected.', kept.id));
    return;
  }
  ctx.log.info(vscode.l10n.t("DR drill {0}: resuming after a reload, from ASR's jobs and items.", kept.id));
  await followDrill(ctx, host, new DrillRunner(kept, runnerOptions(host, azureDrillServices(vctx), ctx.log)));
}

function skippedText(skipped: readonly { candidate: { name: string }; reason: string }[]): string {
  return skipped.map((s) => `${s.candidate.name}: ${s.reason}`).join('\n');
}

/** Run DR Drill: test failovers of the chosen VMs, each test VM read running, RTO and RPO recorded, each cleaned up. */
export const runDrillCommand: CommandSpec = {
  id: 'azureSiteRecovery.runDrill',
  async run(ctx, arg) {
    const host = ctx.drills;
    if (!host) return;
    if (host.active) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('A DR drill is running already ({0}). Wait for it to end, or cancel it from its notification.', drillTitle(host.active)),
      );
      return;
    }
    const vms = await pickDrillVms(ctx, arg);
    const vctx = vms ? await requireVault(ctx) : undefined;
    if (!vms || !vctx) return;
    try {
      const services = azureDrillServices(vctx);
      const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Run DR Drill: checking the VMs…') }, () =>
        checkDrillable(services, vms.map(candidateOf)),
      );
      if (checked.drillable.length === 0) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Run DR Drill: no chosen VM can be drilled now.'), { modal: true, detail: skippedText(checked.skipped) });
        return;
      }
      const location = ctx.connection.saved?.vault?.location;
      const network = await pickTestNetwork(await listVirtualNetworks(vctx, location ? { location } : {}), checked.failoverNetworkIds);
      if (!network) return;
      const names = checked.drillable.map((c) => c.name).join(', ');
      const detail = [
        vscode.l10n.t(
          'Each VM keeps running on premises. Its test failover starts a test VM in Azure in {0} (billed while it runs, usually minutes); the drill waits until it runs, records RTO and RPO, then cleans it up.',
          network.name,
        ),
        checked.skipped.length > 0 ? vscode.l10n.t('Skipped:\n{0}', skippedText(checked.skipped)) : undefined,
      ]
        .filter((t): t is string => t !== undefined)
        .join('\n\n');
      if (!(await confirm(vscode.l10n.t('Run a DR drill of {0}?', names), detail, vscode.l10n.t('Run DR Drill')))) return;
      const recovery = readRecoverySettings();
      const chosen = vms.filter((v) => checked.drillable.some((c) => c.vmKey === v.key));
      // The strictest VM's target: one figure judges the drill.
      const rpoTarget = Math.min(...chosen.map((v) => rpoTargetSeconds(ctx.store.policyIntervalSeconds(v), recovery.rpoTargetMinutes)));
      const readiness = Object.fromEntries(chosen.flatMap((v) => (host.readiness?.get(v.key) ? [[v.key, host.readiness.get(v.key)?.checks ?? []]] : [])));
      const record = newDrillRecord(
        {
          vaultId: vaultId(vctx.vault),
          testNetworkId: network.id,
          productionNetworkConfirmed: network.productionNetworkConfirmed,
          rpoTargetSeconds: rpoTarget,
          rtoTargetSeconds: readDrillSettings().rtoTargetMinutes * 60,
          vms: checked.drillable,
          readiness,
        },
        new Date(),
      );
      await followDrill(ctx, host, new DrillRunner(record, runnerOptions(host, services, ctx.log)));
    } catch (e) {
      showError(ctx, e, vscode.l10n.t('Run DR Drill'));
    }
  },
};
