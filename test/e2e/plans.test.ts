/**
 * Recovery plans end to end (issue 16 §2's "Done when"), on the essentials scenario in the real
 * workbench: connect, wait for ramh157v02 to be protected, create a plan of two groups
 * (ramh157v01 in Group 1, ramh157v02 in Group 2) in the plan editor, test-fail the plan over on
 * ram-test-vnet from its node (the isolated network first), see the plan wait for cleanup and its
 * job's VMs in the Jobs view, clean up, fail the plan over (planned) and commit. Screenshots go to
 * test-results/e2e-plans/ (with ASR_E2E_UPDATE_DOCS=1, the README's pictures too).
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { labInfo, type RunningLab } from '../../lab/index';
import { eventually } from '../support/wait';
import type { Workbench } from './workbench';
import { connectThroughWizard, openWorld, ROOT, type World } from './world';

const RESULTS = path.join(ROOT, 'test-results', 'e2e-plans');
const SPEED = Number(process.env.ASR_E2E_SPEED ?? '30');
const log = (line: string): void => void process.stderr.write(`[e2e-plans] ${line}\n`);
const VAULT_PATH = ['RAM-Vault', 'RAM-Site', 'RAM-H1-7'];
const PLAN = 'essentials-plan';

describe('Recovery plans, end to end: create, test failover in order, cleanup, planned failover, commit', function () {
  this.timeout(300_000);
  let world: World;
  let lab: RunningLab;
  let page: Page;
  let wb: Workbench;

  before(async () => {
    world = await openWorld({ scenario: 'essentials', speed: SPEED, results: RESULTS, settings: { 'azureSiteRecovery.jobs.activePollSeconds': 2 }, log });
    ({ lab, page, wb } = world);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await wb.shot(`FAILED-${(this.currentTest.title ?? 'step').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`).catch(() => undefined);
    }
  });

  after(async () => {
    await world?.close();
  });

  /** The plan's row, its description once it matches. */
  async function planState(state: RegExp, timeoutMs = 180_000): Promise<void> {
    const row = await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']);
    await eventually(`${PLAN} to read ${state}`, async () => (state.test(await wb.treeDescription(row)) ? true : undefined), timeoutMs, 500);
  }

  it('1. connects; ramh157v02 finishes its initial replication', async () => {
    await wb.openView();
    await wb.treeItem('Connect to a vault…').click();
    await connectThroughWizard(wb, labInfo(lab), {
      subscription: /Contoso DR/,
      region: /West Europe/,
      resourceGroup: 'RAM-DR-RG',
      storageAccount: 'ramdrstorage01',
      vault: 'RAM-Vault',
    });
    const v02 = await wb.revealTreeItem('ramh157v02', VAULT_PATH);
    await eventually('ramh157v02 to be protected', async () => ((await wb.treeDescription(v02)) === 'Protected' ? true : undefined), 120_000, 500);
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

  it('3. test-fails the plan over on ram-test-vnet from its node; the plan waits for cleanup, its job lists both VMs', async () => {
    const row = await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']);
    await wb.contextMenu(row, 'Test Failover of Recovery Plan…');
    await page.locator('.quick-input-title', { hasText: 'network for the test VMs' }).waitFor({ timeout: 60_000 });
    await wb.quickPickRow('ram-test-vnet').click();
    await planState(/Test failover — waiting for cleanup/);
    await wb.expandTreeRow(row);
    await wb.revealTreeItem('1. ramh157v01', ['RAM-Vault', 'Recovery Plans', PLAN, 'Group 1']);
    await wb.revealTreeItem('1. ramh157v02', ['RAM-Vault', 'Recovery Plans', PLAN, 'Group 2']);
    await wb.clearNotifications();
    await wb.moveMouseAway();
    await wb.shot('plan-tree', 'recovery-plan-tree', 'window');
  });

  it('4. cleans up, fails the plan over (planned) and commits', async () => {
    const row = await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']);
    await wb.contextMenu(row, 'Clean Up Test Failover of Recovery Plan…');
    await page.locator('.quick-input-widget input').fill('Both servers answered.');
    await page.keyboard.press('Enter');
    await planState(/Test failover cleanup — completed/);
    await wb.contextMenu(await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']), 'Planned Failover of Recovery Plan…');
    await wb.answerDialog('Fail over');
    await planState(/Planned failover — completed/);
    await wb.contextMenu(await wb.revealTreeItem(PLAN, ['RAM-Vault', 'Recovery Plans']), 'Commit Recovery Plan…');
    await wb.answerDialog('Commit');
    await planState(/Commit — completed/);
    await wb.shot('plan-committed');
  });
});
