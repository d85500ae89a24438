// The hosts' side of an Enable Replication run (src/flows/enableReplication.ts): per host, install
// and register the Site Recovery provider (src/flows/hostSetup.ts; progress mapped onto the run's
// steps, resumable), or check that a registered host is connected; then wait until the host's
// chosen VMs are protectable items of its site. Each step's handler takes the run as a RunContext
// (src/flows/enableReplicationSteps.ts).

import * as l10n from '@vscode/l10n';
import type { ProtectableItem } from '@azure/arm-recoveryservices-siterecovery';
import { lastPathSegment } from '../model/wireValues';
import type { VaultContext } from '../services/azure/clients';
import type { PlanHost, PlanVm } from './enableReplicationPlan';
import { hostStepId, isDone, siteOf, sleep, type MutableStep, type RunContext, type RunResults } from './enableReplicationSteps';
import { credentialsFor } from './enableReplicationVaultSteps';
import { providerSetupSteps, ProviderSetupError, type ProviderSetupProgress } from './hostSetup';

function providerRecord(run: RunContext, hostKey: string): RunResults['providers'][number] {
  let p = run.results.providers.find((x) => x.hostKey === hostKey);
  if (!p) {
    p = { hostKey, completed: [] };
    run.results.providers.push(p);
  }
  return p;
}

export async function setupHost(run: RunContext, vctx: VaultContext, host: PlanHost): Promise<void> {
  const site = siteOf(run, host.site);
  const record = providerRecord(run, host.key);
  const target = await run.env.hostTarget(host.key);
  const onProgress = (p: ProviderSetupProgress): void => {
    const s = run.step(hostStepId(p.step, host));
    if (isDone(s)) return;
    switch (p.status) {
      case 'running':
        run.set(s, 'running', p.message);
        break;
      case 'done':
      case 'skipped':
        if (!record.completed.includes(p.step)) record.completed.push(p.step);
        if (p.step === 'connected') run.set(s, 'running', l10n.t('{0} Waiting for its VMs to show in the vault…', p.message));
        else run.set(s, p.status === 'done' ? 'succeeded' : 'skipped', p.message);
        break;
      case 'failed':
        // The error reaches runAll, which marks the step failed with the full sentence.
        break;
    }
  };
  try {
    const state = await run.env.services.setupProvider(run.env.runner, vctx, { fabricName: site.name, siteIdentifier: site.identifier, siteName: site.name }, target, {
      ...(run.env.providerOptions?.() ?? {}),
      resumeFrom: { host: target.hostFqdn, completed: [...record.completed], ...(record.providerVersion !== undefined ? { providerVersion: record.providerVersion } : {}) },
      vaultCredentials: () => credentialsFor(run, vctx, site.name),
      onProgress,
      signal: run.signal,
      pollIntervalMs: run.env.pollIntervalMs,
      waitTimeoutMs: run.env.connectTimeoutMs,
    });
    record.completed = [...state.completed];
    if (state.providerVersion !== undefined) record.providerVersion = state.providerVersion;
  } catch (e) {
    if (e instanceof ProviderSetupError) {
      record.completed = [...e.state.completed];
      if (e.state.providerVersion !== undefined) record.providerVersion = e.state.providerVersion;
      // The step that failed is the one running; make sure it is (a resumed step reports nothing before failing).
      const failed = run.step(hostStepId(e.step, host));
      if (failed.state !== 'running') run.set(failed, 'running');
    }
    throw e;
  }
  for (const step of providerSetupSteps) {
    const s = run.step(hostStepId(step, host));
    if (step !== 'connected' && !isDone(s)) run.set(s, 'succeeded', s.detail);
  }
  await run.env.hostReady?.(host.key).catch(() => undefined);
  const connected = run.step(hostStepId('connected', host));
  if (connected.state !== 'running') run.set(connected, 'running', l10n.t('{0} is connected. Waiting for its VMs to show in the vault…', host.name));
  await waitForProtectable(run, vctx, host, connected);
}

export async function checkHost(run: RunContext, vctx: VaultContext, host: PlanHost, s: MutableStep): Promise<void> {
  run.set(s, 'running', l10n.t('Checking that {0} is connected to the vault…', host.name));
  await run.env.services.waitUntilConnected(vctx, host.site, host.fqdn, { waitTimeoutMs: 0, pollIntervalMs: run.env.pollIntervalMs, signal: run.signal });
  await waitForProtectable(run, vctx, host, s);
}

export async function listProtectable(run: RunContext, vctx: VaultContext, siteName: string): Promise<ProtectableItem[]> {
  const site = siteOf(run, siteName);
  return run.env.services.listProtectableItems(vctx, site.name, site.containerName, { signal: run.signal });
}

export function rememberProtectable(run: RunContext, items: readonly ProtectableItem[]): void {
  for (const vm of run.plan.vms) {
    const item = items.find((p) => matchesVm(p, vm));
    if (item) run.protectable.set(vm.key, item);
  }
}

/** Waits until every chosen VM of the host is a protectable item of its site. */
async function waitForProtectable(run: RunContext, vctx: VaultContext, host: PlanHost, s: MutableStep): Promise<void> {
  const vms = run.plan.vms.filter((v) => v.hostKey === host.key);
  const deadline = Date.now() + run.env.connectTimeoutMs;
  for (;;) {
    rememberProtectable(run, await listProtectable(run, vctx, host.site));
    const missing = vms.filter((v) => !run.protectable.has(v.key));
    if (missing.length === 0) break;
    if (Date.now() > deadline) {
      throw new Error(
        l10n.t(
          "{0} is connected, but the vault does not list {1} yet. The provider reports a host's VMs a few minutes after it registers: press Retry in a few minutes.",
          host.name,
          missing.map((v) => v.name).join(', '),
        ),
      );
    }
    run.set(s, 'running', l10n.t('{0} is connected. Waiting for {1} to show in the vault…', host.name, missing.map((v) => v.name).join(', ')));
    await sleep(run.env.pollIntervalMs, run.signal);
  }
  run.set(
    s,
    'succeeded',
    vms.length !== 1
      ? l10n.t('{0} is connected; its {1} VMs are visible to the vault.', host.name, vms.length)
      : vms[0] !== undefined
        ? l10n.t('{0} is connected; {1} is visible to the vault.', host.name, vms[0].name)
        : l10n.t('{0} is connected; its VM is visible to the vault.', host.name),
  );
}

function matchesVm(item: ProtectableItem, vm: PlanVm): boolean {
  const source = (item.properties?.customDetails as { sourceItemId?: string } | undefined)?.sourceItemId;
  const ids = [item.name, source, item.id ? lastPathSegment(item.id) : undefined];
  return ids.some((id) => id !== undefined && id.replace(/[{}]/g, '').toLowerCase() === vm.vmId);
}
