/**
 * The recovery dashboard's bundle in a real browser (Debian's Chromium through playwright-core),
 * under the exact HTML and Content Security Policy its panel uses (buildWizardHtml, no
 * 'unsafe-inline'), following a real WizardChannel with the dashboard's protocol: acquireVsCodeApi
 * is the only stand-in. 5,000 VMs: the table draws only the rows in view; sorting, filtering and
 * the keyboard work; one VM's change arrives as a small patch; a screenshot goes to test-results/.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_PACKAGES, CHROMIUM_PATH, ensureDebianPackages } from '../../scripts/codeServer';
import { buildDashboardState, dashboardLabels } from '../../src/dashboard/dashboardModel';
import type { DashboardState } from '../../src/dashboard/dashboardTypes';
import type { EstateSnapshot } from '../../src/estate/types';
import { defaultRecoveryTargets } from '../../src/tree/presentRecovery';
import { WizardChannel } from '../../src/webviews/channel';
import { dashboardProtocol, type DashboardInbound } from '../../src/webviews/dashboard/dashboardProtocol';
import type { WebviewMessage } from '../../src/webviews/protocol';
import { eventually } from '../support/wait';
import { serveWebview, standInForVsCode, type WebviewServer } from './webviewServer';
import { host, now, scaleSnapshot, snapshot, vm } from '../unit/dashboard/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

function stateOf(estate: EstateSnapshot): DashboardState {
  const samples = Array.from({ length: 12 }, (_, i) => ({ t: now.getTime() - (11 - i) * 2 * 3600_000, worst: 600 + i * 200, median: 120 + i * 10, above: i % 3 }));
  const drills = [
    { id: 'd1', startedAt: new Date(now.getTime() - 20 * 86_400_000), passed: 4, failed: 1 },
    { id: 'd2', startedAt: new Date(now.getTime() - 3 * 86_400_000), passed: 2, failed: 0 },
  ].map((d) => ({
    id: d.id,
    vaultId: '/v',
    startedAt: d.startedAt,
    testNetworkId: '/n',
    productionNetworkConfirmed: false,
    rpoTargetSeconds: 900,
    rtoTargetSeconds: 3600,
    readiness: {},
    vms: [...Array.from({ length: d.passed }, () => 'passed' as const), ...Array.from({ length: d.failed }, () => 'failed' as const)].map((state, i) => ({
      vmKey: `k${i}`,
      name: 'x',
      itemId: '/i',
      state,
      errors: [],
    })),
  }));
  return buildDashboardState({
    now,
    targets: defaultRecoveryTargets,
    copyFrequencyOf: () => 300,
    snapshot: estate,
    jobsRunning: 1,
    rpoSamples: samples,
    drills: [...drills].reverse(),
    labels: dashboardLabels(),
  });
}

/** 5,000 protected VMs (scaleSnapshot) and one host of unprotected ones. */
function estate(): EstateSnapshot {
  const big = scaleSnapshot(5000);
  const extra = host('hv-new', [vm('new-1', { kind: 'NotProtected', host: 'hv-new' }), vm('new-2', { kind: 'NotProtected', host: 'hv-new' })]);
  return snapshot([...big.hosts, extra]);
}

/** As VS Code does: the theme's colours as variables on <html>, set through the CSSOM (a Dark Modern excerpt, for the screenshot). */
const darkTheme = `
  const theme = { foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
    'input-background': '#313131', 'input-foreground': '#cccccc', 'widget-border': '#313131', 'editorWidget-background': '#202020', focusBorder: '#0078d4',
    'list-hoverBackground': '#2a2d2e', 'editorWarning-foreground': '#cca700', 'editorError-foreground': '#f85149', 'font-family': 'sans-serif', 'font-size': '13px' };
  document.addEventListener('readystatechange', () => { for (const [k, v] of Object.entries(theme)) document.documentElement.style.setProperty('--vscode-' + k, v); }, { once: true });
`;

describe('the recovery dashboard bundle in Chromium', function () {
  this.timeout(120_000);
  let server: WebviewServer;
  let browser: Browser;
  let page: Page;
  let channel: WizardChannel<DashboardState, DashboardInbound>;
  const violations: string[] = [];
  const inbound: unknown[] = [];
  const outbound: string[] = [];

  before(async () => {
    await ensureDebianPackages(BROWSER_PACKAGES, 'the browser tests (Chromium)', () => undefined);
    server = await serveWebview({ entry: 'dashboard/main.ts', styles: ['webview.css', 'dashboard.css'], title: 'Recovery Dashboard', wizard: 'dashboard' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await standInForVsCode(
      page,
      violations,
      (m: unknown) => {
        inbound.push(m);
        channel.receive(m);
      },
      null,
      darkTheme,
    );
    channel = new WizardChannel<DashboardState, DashboardInbound>({
      viewType: 'test.dashboard',
      inbound: dashboardProtocol.inbound,
      initialState: stateOf(estate()),
      send: (m: WebviewMessage<DashboardState>) => {
        outbound.push(JSON.stringify(m));
        void page.evaluate((msg) => window.postMessage(msg, '*'), m).catch(() => undefined);
        return true;
      },
      log: { warn: () => undefined },
    });
    await page.goto(server.base);
    await eventually('the ready handshake', () => (channel.isReady ? true : undefined));
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  const rowsInDom = (): Promise<number> => page.locator('.body [role="row"]').count();

  it('shows the tiles, the charts and only the rows in view of 5,002', async () => {
    await page.getByRole('heading', { name: 'Recovery Dashboard' }).waitFor();
    await page.getByText('5000 of 5002').waitFor();
    assert.equal(await page.getByRole('table').getAttribute('aria-rowcount'), '5003');
    const drawn = await rowsInDom();
    assert.ok(drawn > 10 && drawn < 60, `${drawn} rows in the DOM`);
    assert.equal(await page.locator('svg.chart polyline').count(), 2);
    assert.equal(await page.locator('svg.chart rect.bar').count(), 4);
    assert.equal(await page.locator('body [style]').count(), 0, 'no style attribute in the page');
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'dashboard.png'), fullPage: false });
  });

  it('sorts by a header button (aria-sort) and filters by text and "needs attention"', async () => {
    const rpoHeader = page.getByRole('columnheader', { name: /RPO now/ });
    await rpoHeader.getByRole('button').click();
    assert.equal(await rpoHeader.getAttribute('aria-sort'), 'descending');
    assert.match((await page.locator('.body [role="row"]').first().textContent()) ?? '', /1 h/);
    await page.getByRole('searchbox').fill('new-');
    await page.getByText('2 of 5002 VMs').waitFor();
    await page.getByRole('searchbox').fill('');
    await page.getByLabel('Needs attention').check();
    const shown = await page.locator('.count').textContent();
    assert.match(shown ?? '', /^\d+ of 5002 VMs$/);
    assert.notEqual(shown, '5002 of 5002 VMs');
    await page.getByLabel('Needs attention').uncheck();
  });

  it('moves between rows with the keyboard, scrolls as it goes, and Enter runs the row’s action', async () => {
    const vmHeader = page.getByRole('columnheader', { name: /^VM/ });
    await vmHeader.getByRole('button').click();
    if ((await vmHeader.getAttribute('aria-sort')) !== 'ascending') await vmHeader.getByRole('button').click();
    await page.locator('.body [role="row"][tabindex="0"]').focus();
    await page.keyboard.press('End');
    const focused = page.locator('.body [role="row"]:focus');
    assert.match((await focused.textContent()) ?? '', /VM-04999/);
    assert.ok((await rowsInDom()) < 60);
    await page.keyboard.press('Home');
    assert.match((await page.locator('.body [role="row"]:focus').textContent()) ?? '', /NEW-1/);
    const before = inbound.length;
    await page.keyboard.press('Enter');
    await eventually('the run message', () => (inbound.length > before ? true : undefined));
    assert.deepEqual(inbound[inbound.length - 1], { type: 'action', name: 'run', payload: { vmKey: 'new-1', action: 'enableReplication' } });
  });

  it('takes one VM’s change as a small patch, and draws it', async () => {
    const big = estate();
    const hosts = big.hosts.map((h, i) => (i === 0 ? { ...h, vms: h.vms.map((v, j) => (j === 1 ? { ...v, recovery: { ...v.recovery!, rpoSeconds: 5400 } } : v)) } : h));
    const sent = outbound.length;
    channel.post({ type: 'update', patch: stateOf({ ...big, hosts }) });
    const patch = outbound[sent];
    assert.match(patch, /^\{"type":"patch"/);
    assert.ok(patch.length < 2048, `${patch.length} bytes`);
    await page.getByRole('searchbox').fill('vm-00001');
    await page.getByText('1 h 30 min / 15 min').waitFor();
    assert.deepEqual(violations, []);
  });
});
