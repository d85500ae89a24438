/**
 * End to end, as a person meets it: the packaged extension (.vsix) installed in a real VS Code
 * workbench (code-server), used in a real browser (Debian's Chromium), against the ASR lab.
 * Each journey asserts what the screen shows and leaves a screenshot in test-results/e2e/.
 * Run with `npm run test:e2e` (it packages the extension first).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { labInfo, type RunningLab } from '../../lab/index';
import { eventually } from '../support/wait';
import type { Workbench } from './workbench';
import { connectThroughWizard, essentialsVault, useEssentialsWorld } from './world';

describe('Azure Site Recovery for Hyper-V, end to end in the browser', function () {
  this.timeout(300_000);
  let lab: RunningLab;
  let page: Page;
  let wb: Workbench;

  // Jobs and changing VMs re-read every 2 s (the fastest the settings allow) so the journeys see each step.
  // The Welcome page opens at start, as VS Code's default does: it loads the walkthroughs before the
  // extension sets its context keys. (VS Code 1.100's getting-started service, when it first loads
  // after a step's key is already true, records the event as seen without ticking the step, so
  // that step would stay unticked until the next start.)
  useEssentialsWorld('e2e', { 'azureSiteRecovery.jobs.activePollSeconds': 2, 'workbench.startupEditor': 'welcomePage' }, (w) => ({ lab, page, wb } = w));

  /** Before connecting (and after Sign Out): RAM-H1-7's VMs show no protection state, the host counts its VMs. */
  async function expectProtectionUnknown(): Promise<void> {
    const v01 = await wb.revealTreeItem('ramh157v01', ['RAM-H1-7']);
    await eventually('ramh157v01 to read Protection unknown', async () => ((await wb.treeDescription(v01)) === 'Protection unknown' ? true : undefined), 60_000, 250);
    for (const vm of ['ramh157v01', 'ramh157v02', 'ramh157v03', 'ramh157v05']) {
      assert.equal(await wb.treeDescription(wb.treeItem(vm)), 'Protection unknown', vm);
    }
    assert.equal(await wb.treeDescription(wb.treeItem('RAM-H1-7')), '5 VMs');
  }

  it('1. opens the Azure Site Recovery view, shows the welcome, and connects through the Connect wizard', async () => {
    await page.locator('.gettingStartedContainer').first().waitFor({ timeout: 60_000 });
    // The sidebar takes the focus from the Welcome page (which keeps the keyboard), then the page closes.
    await wb.openView();
    await wb.closeEditors();
    // The Jobs view's welcome asks to connect; the Protection view lists the Hyper-V hosts it
    // found, under a first row that says how to see their protection.
    const welcome = page
      .locator('.welcome-view-content')
      .filter({ hasText: /Connect to a vault to see its Site Recovery jobs/ })
      .first();
    await welcome.waitFor({ timeout: 60_000 });
    await welcome
      .locator('.monaco-button', { hasText: /^\s*Connect to a vault\s*$/ })
      .first()
      .waitFor();
    const connectRow = wb.treeItem('Connect to a vault…');
    await connectRow.waitFor({ timeout: 60_000 });
    // Before Azure has been read, a VM's protection is unknown and says so: ramh157v01, which the
    // vault protects, never reads "Not protected"; the host counts its VMs, not protected ones.
    await expectProtectionUnknown();
    await wb.shot('welcome');
    // Commands that cannot work before connecting are not in the palette.
    assert.deepEqual(
      (await wb.paletteRows('Azure Site Recovery: Commit')).filter((r) => /Commit/.test(r)),
      [],
      'no Commit Failover before connecting',
    );
    assert.ok(
      (await wb.paletteRows('Azure Site Recovery: Connect')).some((r) => /Connect to a Vault/.test(r)),
      'Connect to a Vault is in the palette',
    );
    await connectRow.click();
    await connectThroughWizard(wb, labInfo(lab), essentialsVault, true);
    await wb.treeItem('RAM-Vault').waitFor({ timeout: 60_000 });
  });

  it('2. shows the hosts and VMs of the essentials scenario with the right badges', async () => {
    const v01 = await wb.revealTreeItem('ramh157v01', ['RAM-Vault', 'RAM-Site', 'RAM-H1-7']);
    await eventually('ramh157v01 to show Protected', async () => ((await wb.treeDescription(v01)) === 'Protected' ? true : undefined), 60_000, 250);
    // ramh157v02 starts at 35% of its initial replication; the lab may have finished it by now.
    assert.match(await wb.treeDescription(wb.treeItem('ramh157v02')), /^(Replicating \d+%|Protected)$/);
    assert.equal(await wb.treeDescription(wb.treeItem('ramh157v03')), 'Not protected');
    // ramh157v04 is a Generation 2 Linux VM, outside the support matrix: it says so.
    assert.equal(await wb.treeDescription(wb.treeItem('ramh157v04')), 'Not supported');
    // ramh157v05 replicates with critical health: its icon is not the green check of a healthy VM.
    const iconOf = async (name: string): Promise<string> => (await wb.treeItem(name).locator('.custom-view-tree-node-item-icon').first().getAttribute('class')) ?? '';
    assert.notEqual(await iconOf('ramh157v05'), await iconOf('ramh157v01'));
    assert.match((await wb.treeItem('RAM-H1-7').textContent()) ?? '', /\d\/5 protected/);
    // The trouble is the host's icon (and its tooltip's first line), not a cut description.
    assert.match(await iconOf('RAM-H1-2'), /debug-disconnect/);
    // Critical health reads as such, in words ("Protected · critical: …" on hover).
    assert.equal(await wb.treeDescription(wb.treeItem('ramh157v05')), 'Critical health');
    // The vault row names its region as Azure's display name.
    assert.equal(await wb.treeDescription(wb.treeItem('RAM-Vault')), 'West Europe');
    // Nothing is cut at the sidebar's default width (300 px), every row of the essentials estate shown.
    await wb.revealTreeItem('RAM-ESS', ['RAM-Site']);
    await wb.revealTreeItem('RAM-H1-2', ['Unregistered hosts']);
    for (const host of ['RAM-ESS', 'RAM-H1-2']) {
      const row = wb.treeItem(host);
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    }
    await wb.treeItem('Could not reach this host').waitFor({ timeout: 10_000 });
    if (Math.abs((await wb.sidebarWidth()) - 300) > 2) await wb.setSidebarWidth(300);
    assert.ok(Math.abs((await wb.sidebarWidth()) - 300) <= 4, `the sidebar is 300 px wide (${await wb.sidebarWidth()} px)`);
    assert.deepEqual(await wb.truncatedTreeRows(), [], 'no tree row cut short at 300 px');
    // A host that never answered says so instead of counting no VMs.
    assert.equal(await wb.treeDescription(wb.treeItem('RAM-H1-2')), 'unreachable');
    // Leave no row's hover open over the next journey's wizard.
    await wb.moveMouseAway();
    await page.keyboard.press('Escape');
    await wb.shot('tree-badges');
  });

  it('3. enables replication for an unprotected VM through the wizard; the job in the status bar; Replicating with a rising percentage, then Protected', async () => {
    await wb.clearNotifications();
    const v03 = wb.treeItem('ramh157v03');
    await wb.contextMenu(v03, 'Enable Replication');
    const wiz = wb.wizard();
    await wiz.waitForHeading('Choose the virtual machines to protect');
    assert.equal(
      await wiz.frame
        .locator('vscode-checkbox')
        .filter({ hasText: 'ramh157v03' })
        .evaluate((e) => (e as unknown as { checked: boolean }).checked),
      true,
      'the VM it was opened from is chosen',
    );
    await wb.shot('enable-vms');
    await wiz.press('Next');
    await wiz.waitForHeading('Check against the Azure support matrix');
    await wb.shot('enable-preflight');
    await wiz.press('Next');
    // Two disks, both "Data" to Azure: the page names the OS disk, the host's boot disk preselected.
    await wiz.waitForHeading('Operating system and disks');
    const osDisk = wiz.frame
      .locator('vscode-radio')
      .filter({ has: wiz.frame.locator('.asr-choice-label', { hasText: 'ramh157v03-os' }) })
      .first();
    assert.equal(await osDisk.evaluate((e) => (e as unknown as { checked: boolean }).checked), true, 'the boot disk the host reports is chosen');
    await wb.shot('enable-os-disk');
    await wiz.press('Next');
    await wiz.waitForHeading('Where the VMs run in Azure');
    await wiz.select('Resource group', /RAM-Recovery-RG/);
    await wiz.select('Virtual network', /ram-dr-vnet/);
    await wiz.select('Subnet', /servers/);
    await wb.shot('enable-target');
    await wiz.press('Next');
    await wiz.waitForHeading('Replication policy');
    await wb.shot('enable-policy');
    await wiz.press('Next');
    await wiz.waitForHeading('Review');
    await wb.shot('enable-review');
    await wiz.press('Start');
    await wiz.waitForHeading('Enabling replication');
    await wb.statusItem(/ASR: \d+ job/).waitFor({ timeout: 60_000 });
    await wb.shot('enable-run-status-bar');
    // The run page follows initial replication to the end: the last step runs with a progress bar
    // (the tree's percentage), the status bar says "Replicating 1 VM · n%", then the heading says
    // the VM is protected; one notification for the whole enable, with [Test Failover].
    await wiz.frame.locator('li[data-step-id="replication"].asr-step-running progress.asr-step-bar').waitFor({ timeout: 120_000 });
    await wb.statusItem(/Replicating 1 VM · \d+%/).waitFor({ timeout: 60_000 });
    await wb.shot('enable-run-following');
    const seen: string[] = [];
    await eventually(
      'ramh157v03 to be Protected',
      async () => {
        const d = await wb.treeDescription(v03);
        if (seen.at(-1) !== d) seen.push(d);
        if (/^Replicating \d+%$/.test(d) && !seen.some((s) => s === 'shot')) {
          seen.push('shot');
          await wb.shot('enable-replicating');
        }
        return d === 'Protected' ? true : undefined;
      },
      240_000,
      250,
    );
    const percents = seen
      .map((s) => /^Replicating (\d+)%$/.exec(s)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number);
    assert.ok(percents.length >= 1, `the tree showed a replicating percentage on the way (saw: ${seen.join(' → ')})`);
    assert.ok(
      percents.every((p, i) => i === 0 || p >= percents[i - 1]),
      `the percentage only rose (${percents.join(', ')})`,
    );
    await wiz.waitForHeading('ramh157v03 is protected', 60_000);
    assert.equal(await wiz.frame.locator('li.asr-step-running, li.asr-step-pending, li.asr-step-failed').count(), 0, 'every step finished, none failed');
    await wb.notification('ramh157v03 is protected. Run a test failover to prove it can recover.').waitFor({ timeout: 60_000 });
    // One notification for the whole enable (the centre keeps the toasts that hid too).
    assert.deepEqual(await wb.notificationCenterMessages(), ['ramh157v03 is protected. Run a test failover to prove it can recover.'], 'one notification per enable');
    await wb.shot('enable-run-done', 'enable-replication-wizard');
    await wiz.press('Close');
    await wb.shot('enable-protected');
  });

  it('4. runs Test Failover inline from the VM node; the job in the status bar; the VM waits for cleanup; cleanup from the context menu', async () => {
    await wb.clearNotifications();
    const v01 = wb.treeItem('ramh157v01');
    await wb.inlineAction(v01, 'Test Failover');
    await wb.quickPickRow('ram-test-vnet').click();
    await wb.quickPickRow('Latest processed').click();
    await wb.statusItem(/ASR: \d+ job/).waitFor({ timeout: 60_000 });
    await wb.shot('test-failover-status-bar', 'protection-tree');
    await eventually('ramh157v01 to wait for cleanup', async () => (/cleanup pending/i.test(await wb.treeDescription(v01)) ? true : undefined), 120_000, 250);
    await wb.shot('test-failover-cleanup-pending');
    await wb.contextMenu(v01, 'Clean Up Test Failover');
    const note = page.locator('.quick-input-widget input.input');
    await note.waitFor();
    await note.fill('Test VM booted; the app answered on port 443.');
    await page.keyboard.press('Enter');
    await eventually('ramh157v01 to be Protected again', async () => ((await wb.treeDescription(v01)) === 'Protected' ? true : undefined), 120_000, 250);
    await wb.shot('test-failover-cleaned-up');
  });

  it('5. Planned Failover from the command palette, confirmed by typing the name; commit; the VM runs in Azure', async () => {
    await wb.clearNotifications();
    await wb.command('Azure Site Recovery: Planned Failover');
    await wb.quickPickRow('ramh157v01').click();
    const wiz = wb.wizard();
    await wiz.waitForHeading(/ramh157v01/);
    if (await wiz.frame.locator('h1', { hasText: 'Fail over ramh157v01' }).count()) await wiz.press('Next');
    // A planned failover has no options to choose: the wizard goes on to the confirmation (step 2 of 3).
    await wiz.waitForHeading(/Planned failover of ramh157v01: confirm/);
    assert.equal(await wiz.frame.getByText('Step 2 of 3').count(), 1, 'the skipped options page is not counted');
    await wiz.type("Type the VM's name to confirm", 'ramh157v0');
    assert.equal(await wiz.isEnabled('Start planned failover'), false, 'a wrong name keeps Start disabled');
    await wb.shot('planned-confirm-wrong-name', 'failover-wizard');
    await wiz.type("Type the VM's name to confirm", 'ramh157v01');
    await wb.shot('planned-confirm');
    await wiz.press('Start planned failover');
    await wiz.waitForHeading('Planned failover of ramh157v01');
    await wb.statusItem(/ASR: \d+ job/).waitFor({ timeout: 60_000 });
    await wiz.press('Commit', 180_000);
    // The open wizard offers Commit: no notification offers it too.
    assert.equal(
      await page
        .locator('.notification-toast')
        .filter({ has: page.locator('.monaco-button', { hasText: /^\s*Commit\s*$/ }) })
        .count(),
      0,
      'no Commit notification beside the wizard',
    );
    // The wizard's Commit asks as the Commit command does (README: a modal that names the VM).
    await wb.answerDialog('Commit');
    await wb.shot('planned-commit');
    await eventually('ramh157v01 to run in Azure', async () => ((await wb.treeDescription(wb.treeItem('ramh157v01'))) === 'In Azure' ? true : undefined), 180_000, 250);
    await wb.shot('planned-running-in-azure');
    await wb.closeEditors();
  });

  it('6. fails back with a short downtime: the job waits after the first copy, the user resumes it from the Jobs view; commit and reverse replication', async () => {
    await wb.clearNotifications();
    const v01 = wb.treeItem('ramh157v01');
    await wb.contextMenu(v01, 'Fail Back');
    const wiz = wb.wizard();
    await wiz.waitForHeading('Fail back ramh157v01');
    // Data sync "for downtime" (ForDownTime): Azure suspends the job after the first copy until
    // it is resumed (Start-AzRecoveryServicesAsrPlannedFailoverJob -Optimize help).
    await wiz.radio(/Short downtime/);
    await wb.shot('failback-options');
    await wiz.press('Next');
    await wiz.waitForHeading('Fail back ramh157v01: review');
    await wiz.press('Start failback');
    await wiz.waitForHeading('Failback of ramh157v01');
    // The wizard says the job waits for the user and offers Continue.
    await wiz.button('Continue').waitFor({ timeout: 180_000 });
    await wiz.frame.getByText(/Press Continue when the downtime suits you/).waitFor({ timeout: 30_000 });
    assert.equal(await wiz.button('Commit').count(), 0, 'no Commit while the job waits');
    // The Jobs view shows the job waiting for the user.
    const job = wb.treeItem('Failback');
    await eventually('the failback job to show as waiting in the Jobs view', async () => (/ · waiting$/.test(await wb.treeDescription(job)) ? true : undefined), 60_000, 250);
    // The open wizard already offers Continue, so no notification repeats it.
    await page.waitForTimeout(2000);
    assert.equal(await wb.notification(/is waiting for you/).count(), 0, 'no notification for a step the open wizard offers');
    await wb.shot('failback-waiting', 'failback-wizard');
    // The user resumes it from the Jobs view (the inline Resume Job button, from the job's allowedActions).
    await wb.inlineAction(job, 'Resume Job');
    await eventually('the job to run again', async () => (/ · waiting$/.test(await wb.treeDescription(job)) ? undefined : true), 60_000, 250);
    // The wizard follows the same job to its end, then offers Commit.
    await wiz.press('Commit', 180_000);
    await wb.answerDialog('Commit');
    await wiz.press('Start reverse replication', 180_000);
    await eventually(
      'reverse replication to finish',
      async () =>
        (await wiz.frame.locator('li.asr-step-running, li.asr-step-pending').count()) === 0 && (await wiz.button('Start reverse replication').count()) === 0 ? true : undefined,
      180_000,
      250,
    );
    await wb.shot('failback-done');
    assert.ok((await wiz.frame.locator('li', { hasText: 'Failback: finished' }).count()) > 0, 'the failback finished');
    // Nor for the commit or the reverse replication the wizard offered next.
    const nextSteps = (await wb.notificationCenterMessages()).filter((m) => /commit|reverse replication|waiting for you/i.test(m));
    assert.deepEqual(nextSteps, [], 'no next-step notification while the wizard offers the step');
    await wb.closeEditors();
    await eventually('ramh157v01 to be protected again', async () => (/^(Protected|Replicating \d+%)$/.test(await wb.treeDescription(v01)) ? true : undefined), 240_000, 250);
    await wb.shot('failback-protected');
  });

  it('7. refuses an action with a clear message, and rides out throttling with only a delay', async () => {
    await wb.clearNotifications();
    await wb.command('Azure Site Recovery: Clean Up Test Failover');
    const refusal = wb.notification(/Clean up test failover: no virtual machine allows it now/);
    await refusal.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800); // the toast slides in
    await wb.shot('refused-cleanup');
    await wb.clearNotifications();
    // A fifth of the lab's requests throttled (429 + Retry-After), as Azure does under load: the
    // SDK's retries absorb it, so the user sees only a delay, never a warning or an error.
    const throttled = (): number => lab.log.entries.filter((x) => x.fault === 'throttle').length;
    const before = throttled();
    lab.faults.update({ ...lab.faults.settings, throttleRate: Number(process.env.ASR_E2E_THROTTLE ?? '0.2') });
    try {
      // A refresh is a handful of requests, and nothing else reads while the estate is idle
      // (issue 14): refresh again until a few were throttled.
      for (let i = 0; i < 10 && throttled() < before + 3; i++) {
        await wb.command('Azure Site Recovery: Refresh');
        await page.waitForTimeout(3000);
      }
      await eventually('the lab to throttle a few requests', () => (throttled() >= before + 3 ? true : undefined), 30_000, 250);
      const v04 = wb.treeItem('ramh157v04');
      await v04.waitFor({ timeout: 120_000 });
      assert.equal(await wb.treeDescription(v04), 'Not supported');
      await page.waitForTimeout(3000);
      const alarms = page.locator('.notification-toast').filter({ has: page.locator('.codicon-warning, .codicon-error') });
      assert.equal(await alarms.count(), 0, `no warning or error shown (saw: ${(await alarms.locator('.notification-list-item-message').allTextContents()).join(' | ')})`);
      await wb.shot('throttled-refresh');
    } finally {
      lab.faults.update({ ...lab.faults.settings, throttleRate: 0 });
    }
  });
  it('8. the Get Started walkthrough: every step done by what the journeys did (connect, a host, a protected VM, a test failover)', async () => {
    await wb.command('Azure Site Recovery: Get Started');
    const steps = page.locator('button.getting-started-step');
    await steps.first().waitFor({ timeout: 30_000 });
    const ids = ['connect', 'addHost', 'enableReplication', 'testFailover'];
    for (const id of ids) {
      const step = page.locator(`button.getting-started-step[data-step-id$="${id}"]`);
      await eventually(`the walkthrough step ${id} to be done`, async () => ((await step.getAttribute('aria-checked')) === 'true' ? true : undefined), 30_000, 250);
    }
    assert.equal(await steps.count(), ids.length, 'four steps');
    await page.waitForTimeout(1500); // the step's picture loads in its own frame
    await wb.shot('walkthrough-done');
    await wb.closeEditors();
  });

  it('9. Sign Out leaves every view and the status bar consistent at once: no jobs, hosts still listed, protection unknown', async () => {
    await wb.clearNotifications();
    await wb.command('Azure Site Recovery: Sign Out');
    // The Jobs view forgets the vault's jobs and asks to connect again.
    await page
      .locator('.welcome-view-content')
      .filter({ hasText: /Connect to a vault to see its Site Recovery jobs/ })
      .first()
      .waitFor({ timeout: 10_000 });
    assert.equal(
      await page
        .locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Jobs/i }) })
        .locator('.monaco-list-row[role="treeitem"]')
        .count(),
      0,
      'no jobs of the old vault',
    );
    // The status bar follows nothing.
    assert.equal(await wb.statusItem(/ASR:|Replicating/).count(), 0, 'no status bar item of the old vault');
    // The hosts found before connecting stay, without a refresh; their VMs' protection is unknown again.
    await wb.treeItem('Connect to a vault…').waitFor({ timeout: 10_000 });
    assert.equal(await wb.treeItem('RAM-Vault').count(), 0, 'the vault row is gone');
    await expectProtectionUnknown();
    assert.deepEqual(
      (await wb.paletteRows('Azure Site Recovery: Commit')).filter((r) => /Commit/.test(r)),
      [],
      'Commit Failover hidden again',
    );
    await wb.shot('signed-out');
  });
});
