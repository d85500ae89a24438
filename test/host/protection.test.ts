/**
 * Inside the real extension host (code-server), against the ASR lab started by the test: the
 * extension signed in as the lab's service principal shows the essentials estate in the
 * Protection tree with the right badges; Test Failover from the VM's node runs a job the status
 * bar shows and that ends with the VM waiting for cleanup; cleanup from the command palette.
 * Quick picks are answered the way a person does, by accepting the selected item.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startLab, type RunningLab } from '../../lab/index';
import type { ExtensionApi } from '../../src/extensionApi';
import type { ProtectionNode } from '../../src/tree/protectionTree';
import { statusBarModel } from '../../src/jobs/statusBarModel';
import { eventually, sleep } from '../support/wait';
import { activateOnLab, useLabHyperV } from './labSession';

const v01 = '193ca098-991d-4a6f-be78-da2c6e7bd290';

/** Runs a command while accepting whatever quick pick or input box it opens, like pressing Enter. */
async function runAnswering(command: string, ...args: unknown[]): Promise<void> {
  let done = false;
  const answering = (async () => {
    while (!done) {
      await sleep(400);
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
  })();
  try {
    await vscode.commands.executeCommand(command, ...args);
  } finally {
    done = true;
    await answering;
  }
}

describe('the Protection tree against the ASR lab', function () {
  this.timeout(120000);
  let lab: RunningLab;
  let api: ExtensionApi;

  const children = (node?: ProtectionNode): Promise<ProtectionNode[]> => Promise.resolve(api.protectionTree.getChildren(node));
  const label = (node: ProtectionNode): string => {
    const l = api.protectionTree.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  const vmNode = async (): Promise<ProtectionNode> => {
    const [vault] = await children();
    for (const site of await children(vault)) {
      for (const host of await children(site)) {
        for (const vm of await children(host)) if (vm.kind === 'vm' && vm.vmKey === v01) return vm;
      }
    }
    throw new Error('ramh157v01 is not in the tree');
  };
  const vmStatus = (): string | undefined => api.store.snapshot?.hosts.flatMap((h) => h.vms).find((v) => v.key === v01)?.status.kind;

  before(async () => {
    lab = await startLab({ scenario: 'essentials', speed: 50 });
    api = await activateOnLab(lab);
    await useLabHyperV(lab);
    await api.connection.signIn({ kind: 'servicePrincipal', tenantId: lab.tenantId, clientId: lab.clientId }, lab.clientSecret);
    await api.connection.choose(lab.subscriptionId, { subscriptionId: lab.subscriptionId, resourceGroup: lab.resourceGroup, vaultName: lab.vault, location: 'westeurope' });
    await api.store.refresh();
  });

  after(async () => {
    // Left signed in so the closing screenshot shows the tree; the user-data folder is thrown away.
    await lab?.stop();
  });

  it('shows vault → site → hosts → VMs of the essentials estate, and the vault’s Recovery Plans after its sites', async () => {
    const roots = await children();
    assert.equal(roots.length, 1);
    assert.equal(label(roots[0]), 'RAM-Vault');
    const sites = await children(roots[0]);
    assert.deepEqual(sites.map(label), ['RAM-Site', 'Unregistered hosts', 'Recovery Plans']);
    const hosts = await children(sites[0]);
    assert.deepEqual(hosts.map(label), ['RAM-ESS', 'RAM-H1-7']);
    const vms = await children(hosts[1]);
    assert.deepEqual(vms.map(label), ['ramh157v01', 'ramh157v02', 'ramh157v03', 'ramh157v04', 'ramh157v05']);
  });

  it('gives each VM its status, icon, badge and menu tokens', async () => {
    const node = await vmNode();
    const item = api.protectionTree.getTreeItem(node);
    assert.equal(item.description, 'Protected');
    assert.match(String(item.contextValue), /(^|;)testFailover(;|$)/);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'pass-filled');
    const badge = api.decorations.provideFileDecoration(item.resourceUri!);
    assert.equal(badge?.badge, 'P');
    const linux = api.store.snapshot!.hosts.flatMap((h) => h.vms).find((v) => v.name === 'ramh157v04')!;
    assert.equal(linux.status.summary, 'Not protected');
  });

  it("a VM's tooltip judges its last recovery point against its policy's copy frequency (RAM-Policy: 5 minutes)", async () => {
    const item = api.protectionTree.getTreeItem(await vmNode());
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
    // Without the policies wired to the tree, the line names no policy at all.
    // (Markdown-escaped in the tooltip: "\(policy\: every 5 min\)".)
    assert.match(tooltip.replace(/\\/g, ''), /\(policy: every 5 min\)/, tooltip);
  });

  it('runs Test Failover from the VM node: the job shows in the status bar, then the VM waits for cleanup', async () => {
    await runAnswering('azureSiteRecovery.testFailover', await vmNode());
    await api.tracker.refreshNow();
    const running = await eventually('a running test failover job', () => api.tracker.snapshot?.active.find((j) => j.title === 'Test failover'), 30000, 100);
    assert.equal(running.targetName, 'ramh157v01');
    assert.match(statusBarModel(api.tracker.snapshot).text, /^\$\(sync~spin\) ASR: 1 job$/);
    await eventually(
      'cleanup pending',
      async () => {
        await api.store.refreshProtection(await api.connection.vaultContext());
        return vmStatus() === 'TestFailoverCleanupPending' ? true : undefined;
      },
      30000,
      100,
    );
    assert.equal(api.protectionTree.getTreeItem(await vmNode()).description, 'Cleanup pending');
  });

  it('cleans up the test failover from the command palette', async () => {
    await runAnswering('azureSiteRecovery.cleanupTestFailover');
    await eventually(
      'protected again',
      async () => {
        await api.store.refreshProtection(await api.connection.vaultContext());
        return vmStatus() === 'Protected' ? true : undefined;
      },
      30000,
      100,
    );
    assert.equal(api.protectionTree.getTreeItem(await vmNode()).description, 'Protected');
  });

  it('Enable Replication from an unprotected VM node opens the wizard with that VM chosen', async () => {
    const v03 = api.store.snapshot?.hosts.flatMap((h) => h.vms).find((v) => v.name === 'ramh157v03');
    assert.ok(v03, 'ramh157v03 is in the estate');
    await vscode.commands.executeCommand('azureSiteRecovery.enableReplication', { kind: 'vm', vmKey: v03.key, hostKey: v03.hostKey, siteName: 'RAM-Site' });
    const panel = await eventually(
      'the Enable Replication wizard to be ready',
      () => api.wizardPanels().find((p) => p.viewType === 'azureSiteRecovery.enableReplicationWizard' && p.isReady),
      30000,
      100,
    );
    assert.equal(panel.page, 'vms');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Forget Host Credentials on a host node deletes what was saved for it', async () => {
    const h12 = api.store.snapshot?.hosts.find((h) => h.name === 'RAM-H1-2');
    assert.ok(h12, 'RAM-H1-2 is in the estate');
    await api.credentials.set(h12.fqdn ?? h12.name, { userName: 'CONTOSO\\asradmin', password: 'lab-only-not-a-real-password' });
    assert.ok(await api.credentials.get(h12.fqdn ?? h12.name));
    await vscode.commands.executeCommand('azureSiteRecovery.forgetHostCredentials', { kind: 'host', hostKey: h12.key, siteName: '' });
    assert.equal(await api.credentials.get(h12.fqdn ?? h12.name), undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('Planned Failover from the palette opens the Failover wizard on Planned, and sends nothing to Azure yet', async () => {
    // The palette offers only VMs that allow it (the quick pick is accepted like pressing Enter);
    // the wizard asks for the VM's name before anything is sent (typed in the end-to-end suite).
    const before = lab.log.count('replicationProtectedItems.plannedFailover');
    await runAnswering('azureSiteRecovery.plannedFailover');
    const panel = await eventually(
      'the Failover wizard to be ready',
      () => api.wizardPanels().find((p) => p.viewType === 'azureSiteRecovery.failoverWizard' && p.isReady),
      30000,
      100,
    );
    assert.match(panel.title, /ramh157v01/);
    assert.ok(['kind', 'options'].includes(panel.page), panel.page);
    await api.store.refreshProtection(await api.connection.vaultContext());
    assert.equal(lab.log.count('replicationProtectedItems.plannedFailover'), before);
    assert.equal(vmStatus(), 'Protected');
    assert.equal(lab.engine.findVm(v01)?.vm.state, 'Running');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
    await api.protectionView.reveal(await vmNode(), { select: true, focus: true, expand: true });
  });
});
