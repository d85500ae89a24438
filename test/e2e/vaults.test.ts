/**
 * Several vaults side by side (issue 16 §3), end to end on the essentials scenario in the real
 * workbench: connect to RAM-Vault through the Connect wizard; a second vault is made in the lab as a
 * user makes one (vault, Hyper-V site, vault credentials, RAM-H1-2 registered with it); Add Vault
 * from the palette shows it beside the first, with its own site, host and Recovery Plans row, and
 * RAM-H1-2 (named in the hyperV.hosts setting) no longer among the first vault's unregistered
 * hosts; Remove Vault removes it after a confirmation. Screenshots go to test-results/e2e-vaults/ (with ASR_E2E_UPDATE_DOCS=1, the
 * README's picture too).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { labInfo, type RunningLab } from '../../lab/index';
import { listRegisteredHosts } from '../../src/services/azure/providers';
import { createHyperVSite } from '../../src/services/azure/sites';
import { createVaultCredentials } from '../../src/services/azure/vaultCredentials';
import { createVault } from '../../src/services/azure/vaults';
import { labControl, servicesOf } from '../lab/servicesSupport';
import { eventually } from '../support/wait';
import type { Workbench } from './workbench';
import { connectThroughWizard, essentialsVault, useEssentialsWorld } from './world';

const SECOND_RG = 'RAM-Recovery-RG';
const SECOND_VAULT = 'RAM-Branch-Vault';
const SECOND_SITE = 'Branch-Site';

describe('Several vaults, end to end: Add Vault, both vaults side by side, Remove Vault', function () {
  this.timeout(300_000);
  let lab: RunningLab;
  let page: Page;
  let wb: Workbench;

  useEssentialsWorld('e2e-vaults', {}, (w) => ({ lab, page, wb } = w));

  it('1. connects to RAM-Vault; a second vault, with RAM-H1-2 registered in its site, is made in the lab', async () => {
    await wb.openView();
    await wb.treeItem('Connect to a vault…').click();
    await connectThroughWizard(wb, labInfo(lab), essentialsVault);
    await wb.treeItem('RAM-Vault').waitFor({ timeout: 60_000 });
    const s = servicesOf(lab);
    await createVault(s.ctx, SECOND_RG, SECOND_VAULT, 'westeurope');
    const second = s.vctx(SECOND_VAULT, SECOND_RG);
    const fabric = await (await createHyperVSite(second, SECOND_SITE)).result();
    const creds = await createVaultCredentials(second, { fabricName: SECOND_SITE, siteIdentifier: fabric.properties?.internalIdentifier ?? '', siteName: SECOND_SITE });
    const registered = await labControl(lab, 'POST', '/_lab/hosts/RAM-H1-2/register', { vaultCredentials: creds.xml });
    assert.equal(registered.status, 202, JSON.stringify(registered.body));
    await eventually('RAM-H1-2 registered', async () => ((await listRegisteredHosts(second, SECOND_SITE)).length === 1 ? true : undefined), 60_000, 500);
  });

  it('2. Add Vault: the same sign-in, the second vault; both vault rows side by side, the second with its own site and host', async () => {
    await wb.command('Azure Site Recovery: Add Vault');
    await wb.quickPickRow('Same sign-in as the first vault').click();
    // One subscription: no subscription pick; the vaults of it, the connected one marked.
    await wb.quickPickRow(SECOND_VAULT).click();
    await wb.notification(/Added the vault RAM-Branch-Vault/).waitFor({ timeout: 60_000 });
    const first = wb.treeItem('RAM-Vault');
    const added = wb.treeItem(SECOND_VAULT);
    await added.waitFor({ timeout: 60_000 });
    // The first vault first, then the added one.
    const rows = (await page.locator('.monaco-list-row[role="treeitem"][aria-level="1"] .label-name').allTextContents()).map((r) => r.trim());
    assert.deepEqual(rows.slice(0, 2), ['RAM-Vault', SECOND_VAULT]);
    // The first vault's rows are folded so the second's host is the one RAM-H1-2 row on screen.
    if ((await first.getAttribute('aria-expanded')) === 'true') await first.click();
    const host = await wb.revealTreeItem('RAM-H1-2', [SECOND_VAULT, SECOND_SITE]);
    assert.equal(await host.getAttribute('aria-level'), '3', 'RAM-H1-2 is under the second vault’s site');
    // The second vault's own Recovery Plans row, after its site (the first vault's rows are folded).
    const secondVaultChildren = (await page.locator('.monaco-list-row[role="treeitem"][aria-level="2"] .label-name').allTextContents()).map((r) => r.trim());
    assert.deepEqual(secondVaultChildren, [SECOND_SITE, 'Recovery Plans']);
    await wb.moveMouseAway();
    await page.keyboard.press('Escape');
    if ((await first.getAttribute('aria-expanded')) === 'false') await first.click();
    // RAM-H1-2 is the setting's host, registered in the second vault now: not the first vault's
    // "Unregistered hosts" any more (it was their only one), once the first vault is read again.
    await eventually('RAM-H1-2 to leave the first vault', async () => ((await wb.treeItem('Unregistered hosts').count()) === 0 ? true : undefined), 60_000, 500);
    assert.ok((await wb.treeItem('RAM-H1-2').count()) <= 1, 'RAM-H1-2 shows once at most (under the second vault; the tree draws only the rows on screen)');
    // The vault row's hover (from the click that unfolded it) would cover its rows in the picture.
    await wb.moveMouseAway();
    await page.keyboard.press('Escape');
    await wb.clearNotifications();
    await wb.shot('several-vaults', 'several-vaults', 'window');
  });

  it('3. a VM of the second vault acts on its vault: Enable Replication reads the second vault’s policies and networks', async () => {
    const first = wb.treeItem('RAM-Vault');
    if ((await first.getAttribute('aria-expanded')) === 'true') await first.click();
    const vm = await wb.revealTreeItem('ramh12v01', [SECOND_VAULT, SECOND_SITE, 'RAM-H1-2']);
    const from = lab.log.entries.length;
    await wb.contextMenu(vm, 'Enable Replication');
    const wiz = wb.wizard();
    await wiz.waitForHeading('Choose the virtual machines to protect');
    await wiz.press('Next');
    await wiz.waitForHeading('Check against the Azure support matrix');
    await wiz.press('Next');
    // The host does not report the guest OS of this VM: the user says it.
    await wiz.waitForHeading('Operating system and disks');
    await wiz.radio('Windows');
    await wiz.press('Next');
    await wiz.waitForHeading('Where the VMs run in Azure');
    // The target page's choices come from the vault the VM's node belongs to, never the first vault.
    const policyReads = (): string[] =>
      lab.log.entries
        .slice(from)
        .filter((e) => e.operation === 'replicationPolicies.list')
        .map((e) => e.path.split('/vaults/')[1]?.split('/')[0] ?? '');
    await eventually('the wizard to read the policies', () => Promise.resolve(policyReads().length > 0 ? true : undefined), 30_000, 250);
    assert.deepEqual([...new Set(policyReads())], [SECOND_VAULT]);
    await wb.shot('second-vault-enable-replication');
    await wb.closeEditors();
    if ((await first.getAttribute('aria-expanded')) === 'false') await first.click();
  });

  it('4. Remove Vault on the second vault’s row, after a confirmation: only the first vault is left', async () => {
    await wb.contextMenu(wb.treeItem(SECOND_VAULT), 'Remove Vault');
    await wb.answerDialog('Remove');
    await eventually('the second vault row to go', async () => ((await wb.treeItem(SECOND_VAULT).count()) === 0 ? true : undefined), 30_000, 250);
    await wb.treeItem('RAM-Vault').waitFor({ timeout: 10_000 });
    await wb.shot('vault-removed');
  });
});
