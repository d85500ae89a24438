/**
 * Recovery confidence end to end (issue 15's "Done when"), on the essentials scenario in the real
 * workbench: the recovery dashboard shows a VM with a drill due and a VM not ready (its failover
 * subnet deleted in the lab), Run DR Drill of two VMs from the palette, the report opens with both
 * VMs' RTO and RPO, and the dashboard and the tree show the drill done. Screenshots go to
 * test-results/e2e-recovery/ (with ASR_E2E_UPDATE_DOCS=1, the README's pictures too).
 */
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { labInfo, type RunningLab } from '../../lab/index';
import { labControl } from '../lab/servicesSupport';
import { eventually } from '../support/wait';
import { textNow, type Workbench } from './workbench';
import { connectThroughWizard, essentialsVault, useEssentialsWorld } from './world';

const VAULT_PATH = ['RAM-Vault', 'RAM-Site', 'RAM-H1-7'];

describe('Recovery confidence, end to end: dashboard, readiness, DR drill and its report', function () {
  this.timeout(300_000);
  let lab: RunningLab;
  let page: Page;
  let wb: Workbench;

  useEssentialsWorld('e2e-recovery', { 'azureSiteRecovery.jobs.activePollSeconds': 2 }, (w) => ({ lab, page, wb } = w));

  /** The active webview's document (the dashboard, or the Markdown preview). */
  const webview = (): FrameLocator => wb.wizard().frame;
  /** The dashboard's table row of a VM. */
  const dashboardRow = (vm: string) => webview().locator('.body [role="row"]').filter({ hasText: vm }).first();

  it('1. connects; ramh157v02 finishes its initial replication; a deleted subnet makes the VMs that fail over into it not ready', async () => {
    await wb.openView();
    await wb.treeItem('Connect to a vault…').click();
    await connectThroughWizard(wb, labInfo(lab), essentialsVault);
    const v02 = await wb.revealTreeItem('ramh157v02', VAULT_PATH);
    await eventually('ramh157v02 to be protected', async () => ((await wb.treeDescription(v02)) === 'Protected' ? true : undefined), 120_000, 500);
    // The lab's protected VMs fail over into ram-dr-vnet/default (lab/seed.ts): it is deleted.
    const deleted = await labControl(lab, 'POST', '/_lab/subnets', { resourceGroup: 'RAM-Network-RG', virtualNetwork: 'ram-dr-vnet', subnet: 'default', deleted: true });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    await wb.command('Azure Site Recovery: Check Failover Readiness');
    await wb.notification(/not ready/i).waitFor({ timeout: 60_000 });
    await wb.shot('readiness-checked');
  });

  it('2. the recovery dashboard shows a drill due and a VM not ready, with the subnet named', async () => {
    await wb.clearNotifications();
    await wb.closeEditors();
    await wb.command('Azure Site Recovery: Show Recovery Dashboard');
    await webview().getByRole('heading', { name: 'Recovery Dashboard' }).waitFor({ timeout: 60_000 });
    const v01 = dashboardRow('ramh157v01');
    await eventually('ramh157v01 to read Not ready', async () => (/Not ready/.test((await v01.textContent()) ?? '') ? true : undefined), 60_000, 500);
    // Never drilled: the drill is due (its next action is to see to its readiness first).
    assert.match((await v01.textContent()) ?? '', /never — due/);
    assert.match((await v01.textContent()) ?? '', /Check readiness/);
    assert.notEqual(Number((await webview().locator('.tile').filter({ hasText: 'Drills due' }).locator('.value').textContent()) ?? '0'), 0, 'drills are due');
    assert.notEqual(Number((await webview().locator('.tile').filter({ hasText: 'Not ready' }).locator('.value').textContent()) ?? '0'), 0, 'a VM is not ready');
    await wb.shot('recovery-dashboard-before');
  });

  it('3. runs a DR drill of two VMs from the palette; its report opens with both VMs, their RTO and RPO', async () => {
    await wb.command('Azure Site Recovery: Run DR Drill…');
    // Each VM's box is ticked as a person does, until the quick pick counts it (a click can land while the list redraws).
    for (const [i, vm] of ['ramh157v01', 'ramh157v02'].entries()) {
      await eventually(
        `${vm} to be ticked`,
        async () => {
          const count = await textNow(page.locator('.quick-input-widget .quick-input-count'));
          if (count.includes(`${i + 1} Selected`)) return true;
          await wb.quickPickRow(vm).locator('.monaco-checkbox, input[type="checkbox"]').first().click({ timeout: 5_000 });
          await page.waitForTimeout(300);
          return undefined;
        },
        30_000,
        100,
      );
    }
    await page.keyboard.press('Enter');
    // The isolated network comes first; the production one would ask again. (The VMs are checked first, under a progress notification.)
    await page.locator('.quick-input-title', { hasText: 'network for the test VMs' }).waitFor({ timeout: 60_000 });
    await wb.quickPickRow('ram-test-vnet').click();
    await wb.answerDialog('Run DR Drill');
    const report = webview();
    await eventually(
      'the drill report to open',
      async () => {
        const text = await textNow(report.locator('body'));
        return /ramh157v01/.test(text) && /ramh157v02/.test(text) && /RTO/.test(text) ? text : undefined;
      },
      240_000,
      1_000,
    );
    const text = (await report.locator('body').textContent()) ?? '';
    assert.match(text, /Passed: every VM was recovered/, text.slice(0, 400));
    assert.match(text, /Worst RTO[^]*within the target/, 'the worst RTO against its target');
    assert.match(text, /Worst RPO[^]*within the target/, 'the worst RPO against its target');
    await wb.notification(/The DR drill report is in/).waitFor({ timeout: 30_000 });
    await wb.clearNotifications();
    await wb.shot('drill-report', 'drill-report', 'window');
  });

  it('4. the dashboard and the tree show the drill done', async () => {
    await wb.clearNotifications();
    await wb.closeEditors();
    await wb.command('Azure Site Recovery: Show Recovery Dashboard');
    const v01 = dashboardRow('ramh157v01');
    await eventually('ramh157v01 to show a drill today', async () => (/\(0 d ago\)|today/i.test((await v01.textContent()) ?? '') ? true : undefined), 120_000, 1_000);
    assert.doesNotMatch((await v01.textContent()) ?? '', /due/);
    // The README's picture: the drill in the drills chart, a VM still due and the VMs not ready.
    await webview().locator('svg.chart rect.bar').first().waitFor({ timeout: 30_000 });
    await wb.shot('recovery-dashboard', 'recovery-dashboard', 'window');
    const row = await wb.revealTreeItem('ramh157v01', VAULT_PATH);
    await row.hover();
    await eventually(
      'the tooltip to name the last drill, and readiness rechecked after it (the subnet left)',
      async () => {
        const hover = await textNow(page.locator('.monaco-hover').first());
        return /Last drill \(successful test failover\): \d{4}-\d\d-\d\d/.test(hover) && /Not ready \(1 issue\)/.test(hover) && !/Never drilled/.test(hover) ? hover : undefined;
      },
      60_000,
      1_000,
    );
    await wb.moveMouseAway();
    await wb.shot('drill-done');
  });
});
