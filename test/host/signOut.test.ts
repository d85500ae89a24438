/**
 * Sign Out and Connect in the real extension host, against the ASR lab: as soon as the Sign Out
 * command returns, the Jobs view is empty (its welcome shows), the status bar item is hidden, the
 * job tracker follows no job, and the Protection view shows the hosts with their Hyper-V facts
 * and no protection read from the vault; nothing of the old vault lands afterwards. Connecting
 * again brings the vault's jobs and protection back. (Before issue 13, the Jobs view kept the old
 * vault's jobs and the hosts disappeared until a manual refresh.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLab, type RunningLab } from '../../lab/index';
import type { ExtensionApi } from '../../src/extensionApi';
import { statusBarModel } from '../../src/jobs/statusBarModel';
import { listProtectedItems } from '../../src/services/azure/protection';
import { testFailover } from '../../src/services/azure/failover';
import { eventually, sleep } from '../support/wait';
import { activateOnLab, useLabHyperV } from './labSession';

describe('Sign Out and Connect leave every view consistent at once', function () {
  this.timeout(120000);
  let lab: RunningLab;
  let api: ExtensionApi;

  const connect = async (): Promise<void> => {
    await api.connection.signIn({ kind: 'servicePrincipal', tenantId: lab.tenantId, clientId: lab.clientId }, lab.clientSecret);
    await api.connection.choose(lab.subscriptionId, { subscriptionId: lab.subscriptionId, resourceGroup: lab.resourceGroup, vaultName: lab.vault, location: 'westeurope' });
  };
  const jobCount = (): number => (api.tracker.snapshot?.active.length ?? 0) + (api.tracker.snapshot?.recent.length ?? 0);

  before(async () => {
    lab = await startLab({ scenario: 'essentials', speed: 50 });
    api = await activateOnLab(lab);
    await useLabHyperV(lab);
    await connect();
    await api.store.refresh();
    // A job of this vault, so that the Jobs view and the status bar have something to forget.
    const vctx = await api.connection.vaultContext();
    assert.ok(vctx);
    const item = (await listProtectedItems(vctx)).find((i) => i.properties?.friendlyName === 'ramh157v01');
    assert.ok(item);
    await testFailover(vctx, item, {});
    await api.tracker.refreshNow();
    await eventually('the vault’s jobs', () => (jobCount() > 0 ? true : undefined), 30000, 100);
  });

  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await lab?.stop();
  });

  it('Sign Out: Jobs view empty, status bar hidden, hosts kept without protection, at once', async () => {
    const hostsBefore = api.store.snapshot?.hosts.filter((h) => !(h.sources.length === 1 && h.sources[0] === 'vault')).map((h) => h.name);
    assert.ok((api.store.snapshot?.counts.protected ?? 0) > 0);
    assert.equal(statusBarModel(api.tracker.snapshot).visible, true);

    await vscode.commands.executeCommand('azureSiteRecovery.signOut');

    assert.equal(api.connection.signedIn, false);
    assert.equal(api.tracker.snapshot, undefined);
    assert.deepEqual(await api.jobsTree.getChildren(), [], 'the Jobs view shows its welcome');
    assert.equal(statusBarModel(api.tracker.snapshot).visible, false, 'the status bar item is hidden');
    assert.deepEqual(
      api.store.snapshot?.hosts.map((h) => h.name),
      hostsBefore,
      'the hosts stay, with their Hyper-V facts',
    );
    assert.equal(api.store.snapshot?.counts.protected, 0, 'no protection read from the vault is left');
    const roots = await Promise.resolve(api.protectionTree.getChildren());
    assert.ok(
      roots.some((n) => n.kind === 'host'),
      'the Protection view lists the hosts',
    );

    // Two poll intervals later: nothing of the old vault came back.
    await sleep(4500);
    assert.equal(api.tracker.snapshot, undefined);
    assert.equal(api.store.snapshot?.counts.protected, 0);
  });

  it('Connect: the vault’s jobs and protection come back, with no leftover of the sign-out', async () => {
    await connect();
    await eventually('the vault’s jobs', () => (jobCount() > 0 ? true : undefined), 30000, 100);
    await eventually('the vault’s protection', () => ((api.store.snapshot?.counts.protected ?? 0) > 0 ? true : undefined), 30000, 100);
  });
});
