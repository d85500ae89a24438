/**
 * Recovery plans end to end (issue 16 §2's "Done when"), on the essentials scenario in the real
 * workbench: connect, wait for ramh157v02 to be protected, create a plan of two groups
 * (ramh157v01 in Group 1, ramh157v02 in Group 2) in the plan editor, test-fail the plan over on
 * ram-test-vnet from its node (the isolated network first), see the plan wait for cleanup and its
 * job's VMs in the Jobs view, clean up, fail the plan over (planned) and commit. Screenshots go to
 * test-results/e2e-plans/ (with ASR_E2E_UPDATE_DOCS=1, the README's pictures too).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { labInfo, type RunningLab } from '../../lab/index';
import { eventually } from '../support/wait';
import type { Workbench } from './workbench';
import { connectThroughWizard, essentialsVault, useEssentialsWorld } from './world';
import { labControl } from '../lab/servicesSupport';
import { vmPrivateAddress, type VmAddress } from '../lab/labArm';

const VAULT_PATH = ['RAM-Vault', 'RAM-Site', 'RAM-H1-7'];
const PLAN = 'essentials-plan';

describe('Recovery plans, end to end: create, test failover in order, cleanup, planned failover, commit', function () {
  this.timeout(300_000);
  let lab: RunningLab;
  let page: Page;
  let wb: Workbench;

  useEssentialsWorld('e2e-plans', { 'azureSiteRecovery.jobs.activePollSeconds': 2 }, (w) => ({ lab, page, wb } = w));

  /** A VM in Azure (a test VM, a failover VM): when it was created and its private address (its NIC's). */
  function azureVm(name: string): Promise<VmAddress> {
    return vmPrivateAddress(lab, `/subscriptions/${lab.subscriptionId}/resourceGroups/RAM-Recovery-RG/providers/Microsoft.Compute/virtualMachines/${name}`);
  }

  /** The plan's row, its description once it matches. */
  async function planState(state: RegExp, timeoutMs = 180_000): Promise<void> {
    const row = await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']);
    await eventually(`${PLAN} to read ${state}`, async () => (state.test(await wb.treeDescription(row)) ? true : undefined), timeoutMs, 500);
  }

  it('1. connects; ramh157v02 finishes its initial replication', async () => {
    await wb.openView();
    await wb.treeItem('Connect to a vault…').click();
    await connectThroughWizard(wb, labInfo(lab), essentialsVault);
    const v02 = await wb.revealTreeItem('ramh157v02', VAULT_PATH);
    await eventually('ramh157v02 to be protected', async () => ((await wb.treeDescription(v02)) === 'Protected' ? true : undefined), 120_000, 500);
    // Their failover addresses, as Compute and Network sets them (test/e2e/networking.test.ts drives that page).
    for (const [vm, address] of [
      ['ramh157v01', '10.20.0.10'],
      ['ramh157v02', '10.20.0.11'],
    ] as const) {
      assert.equal((await labControl(lab, 'POST', '/_lab/items/staticIp', { vm, address })).status, 200);
    }
    await wb.command('Azure Site Recovery: Refresh');
  });

  it('2. creates a plan of two groups in the plan editor', async () => {
    await wb.clearNotifications();
    await wb.command('Azure Site Recovery: Create Recovery Plan…');
    const editor = wb.wizard();
    await editor.waitForHeading('Create Recovery Plan');
    await editor.type('Plan name', PLAN);
    if (!(await editor.frame.locator('vscode-checkbox').filter({ hasText: 'ramh157v01' }).count())) await editor.select('Hyper-V site', 'RAM-Site');
    await editor.check('ramh157v01');
    await editor.press('Add to group');
    await editor.press('Add group');
    await editor.select('Add them to', 'Group 2');
    await editor.check('ramh157v02');
    await editor.press('Add to group');
    await wb.shot('plan-editor', 'recovery-plan-editor', 'wizard');
    await editor.press('Save');
    await planState(/No failover yet/);
  });

  it('3. test-fails the plan over on ram-test-vnet from its node: the plan waits for cleanup; both test VMs are up with their addresses, group 1 first', async () => {
    const row = await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']);
    await wb.contextMenu(row, 'Test Failover of Recovery Plan…');
    await page.locator('.quick-input-title', { hasText: 'network for the test VMs' }).waitFor({ timeout: 60_000 });
    await wb.quickPickRow('ram-test-vnet').click();
    await planState(/Test failover — waiting for cleanup/);
    await wb.expandTreeRow(row);
    const first = await wb.revealTreeItem('1. ramh157v01', ['RAM-Vault', 'Recovery Plans', PLAN, 'Group 1']);
    const second = await wb.revealTreeItem('1. ramh157v02', ['RAM-Vault', 'Recovery Plans', PLAN, 'Group 2']);
    assert.match(await wb.treeDescription(first), /fails over to 10\.20\.0\.10/);
    assert.match(await wb.treeDescription(second), /fails over to 10\.20\.0\.11/);
    // In Azure: each test VM in the isolated network, which has no subnet of the VMs' subnet's name,
    // so each gets the next free address of its first subnet (docs: "If same IP address isn't
    // available in the subnet, then the VM receives another available IP address"); group 1's first.
    const v01 = await azureVm('ramh157v01-test');
    const v02 = await azureVm('ramh157v02-test');
    assert.match(v01.address, /^10\.30\./, `ramh157v01-test's address ${v01.address} is in ram-test-vnet`);
    assert.match(v02.address, /^10\.30\./, `ramh157v02-test's address ${v02.address} is in ram-test-vnet`);
    assert.notEqual(v01.address, v02.address);
    assert.ok(v01.created < v02.created, `group 1's test VM (${new Date(v01.created).toISOString()}) was created before group 2's (${new Date(v02.created).toISOString()})`);
    await wb.clearNotifications();
    // Wide enough for the rows' states and addresses (the README's picture); back to the default after.
    await wb.setSidebarWidth(620);
    await wb.moveMouseAway();
    await wb.shot('plan-tree', 'recovery-plan-tree', 'window');
    await wb.setSidebarWidth(300);
  });

  it('4. cleans up; Failover… from the palette offers the plan beside the VMs; its wizard fails the plan over (planned), group by group: both failover VMs are up with their addresses; commits', async () => {
    const row = await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']);
    await wb.contextMenu(row, 'Clean Up Test Failover of Recovery Plan…');
    await page.locator('.quick-input-widget input').fill('Both servers answered.');
    await page.keyboard.press('Enter');
    await planState(/Test failover cleanup — completed/);
    await wb.clearNotifications();
    // The Failover wizard takes a plan as its target (issue 16 §2): the palette's pick lists it after the VMs.
    await wb.command('Azure Site Recovery: Failover…');
    await page.locator('.quick-input-list', { hasText: 'Recovery plans' }).waitFor({ timeout: 30_000 });
    await wb.quickPickRow(PLAN).click();
    const wiz = wb.wizard();
    await wiz.waitForHeading(`Fail over the recovery plan ${PLAN}`);
    assert.equal(await wiz.frame.getByText('ramh157v01 (fails over to 10.20.0.10)').count(), 1, "the first page lists group 1's VM and its address");
    await wiz.radio(/^Planned failover/);
    await wiz.press('Next');
    await wiz.waitForHeading(`Planned failover of the recovery plan ${PLAN}: confirm`);
    await wiz.type("Type the recovery plan's name to confirm", PLAN);
    await wiz.press('Start planned failover');
    await wiz.waitForHeading(`Planned failover of the recovery plan ${PLAN}`);
    await wiz.button('Commit').waitFor({ timeout: 180_000 });
    // The run page: the plan job's group tasks, and under each group its VM's task.
    await wiz.step('ramh157v01').waitFor();
    await wiz.step('ramh157v02').waitFor();
    await wb.shot('plan-wizard-run', 'recovery-plan-failover', 'wizard');
    // In Azure: each VM's failover VM in its recovery network (ram-dr-vnet) with the address Compute
    // and Network set (step 1), group 1's first.
    const v01 = await azureVm('ramh157v01');
    const v02 = await azureVm('ramh157v02');
    assert.deepEqual([v01.address, v01.allocation], ['10.20.0.10', 'Static']);
    assert.deepEqual([v02.address, v02.allocation], ['10.20.0.11', 'Static']);
    assert.ok(v01.created <= v02.created, `group 1's failover VM (${new Date(v01.created).toISOString()}) was created before group 2's (${new Date(v02.created).toISOString()})`);
    await wiz.press('Commit');
    await wb.answerDialog('Commit');
    await wiz.frame.getByText(`The failover of ${PLAN} is committed`, { exact: false }).waitFor({ timeout: 180_000 });
    await planState(/Commit — completed/);
    await wb.shot('plan-committed');
  });

  it('5. after a window reload, the plan’s Failover page is restored: the plan and its job read again from Azure; the committed plan’s menu offers a failback, no failover; its failback asks how to synchronise and about VMs missing on their hosts', async () => {
    await page.reload({ waitUntil: 'domcontentloaded', timeout: 120_000 });
    await wb.waitForWorkbench();
    const wiz = wb.wizard();
    await wiz.waitForHeading(`Planned failover of the recovery plan ${PLAN}`, 120_000);
    await wiz.frame.getByText(`The failover of ${PLAN} is committed`, { exact: false }).waitFor({ timeout: 120_000 });
    await wiz.step('ramh157v01').waitFor();
    await wiz.press('Close');
    // The committed plan lists the three failovers again (RPFailoverCommit) while its VMs run in
    // Azure: its menu offers Failback, not a failover Azure would refuse.
    const entries = await wb.contextMenuEntries(await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']));
    assert.ok(
      entries.some((e) => e.startsWith('Failback of Recovery Plan')),
      entries.join(' | '),
    );
    assert.ok(!entries.some((e) => /^(Test|Planned|Unplanned) Failover of Recovery Plan|^Failover…/.test(e)), entries.join(' | '));
    // Failback of the plan: how to synchronise, then whether to create VMs missing on their hosts.
    await wb.contextMenu(await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']), 'Failback of Recovery Plan…');
    await wb.quickPickRow(/^Short downtime/).click();
    await page.locator('.quick-input-title', { hasText: 'the VMs on premises' }).waitFor({ timeout: 30_000 });
    await wb.quickPickRow('The VMs are still on their hosts').click();
    await planState(/Planned failover — completed/);
  });
});
