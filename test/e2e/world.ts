/**
 * What every end-to-end suite stands on: the ASR lab, code-server with the packaged extension
 * (.vsix) installed and the lab's settings, Chromium on the workbench, and the Connect wizard
 * driven as a person does. Each suite (journeys.test.ts, scale.test.ts) opens its own.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { labInfo, startLab, type LabInfo, type RunningLab } from '../../lab/index';
import { BROWSER_PACKAGES, CHROMIUM_PATH, ensureCodeServer, ensureDebianPackages, installVsix, startCodeServer, type RunningCodeServer } from '../../scripts/codeServer';
import { labSettings, quietWorkbenchSettings, writeCodeServerSettings } from '../../scripts/labSettings';
import { Workbench } from './workbench';

export const ROOT = path.resolve(__dirname, '..', '..');
const VSIX = path.join(ROOT, 'dist', 'azure-site-recovery-hyperv.vsix');

export interface WorldOptions {
  /** The lab's scenario (`essentials`, `scale`, or a scenario object). */
  scenario: NonNullable<Parameters<typeof startLab>[0]>['scenario'];
  speed: number;
  faults?: string;
  /** Where screenshots and logs go (emptied first). */
  results: string;
  /** Settings beside the lab's and the quiet workbench's. */
  settings: Record<string, unknown>;
  log: (line: string) => void;
}

export interface World {
  lab: RunningLab;
  cs: RunningCodeServer;
  browser: Browser;
  page: Page;
  wb: Workbench;
  /** The folder of the user data (settings, global storage). */
  userDataDir: string;
  workspace: string;
  consoleLines: string[];
  close(): Promise<void>;
}

/**
 * A suite's two closing hooks: a screenshot of the workbench after each failed step (FAILED-<step>.png
 * in the suite's results) and the world closed after the last step.
 */
export function closeWorldAfterSuite(current: () => World | undefined): void {
  afterEach(async function () {
    const world = current();
    if (this.currentTest?.state === 'failed' && world) {
      await world.wb.shot(`FAILED-${(this.currentTest.title ?? 'step').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`).catch(() => undefined);
    }
  });
  after(async () => {
    await current()?.close();
  });
}

/**
 * An end-to-end suite on the essentials scenario at the journeys' speed (ASR_E2E_SPEED, default 30):
 * the world opened before its first step with `settings`, its screenshots and logs in
 * test-results/<name>, its log lines marked [<name>], and the closing hooks of closeWorldAfterSuite.
 * `opened` hands the world to the suite (its own variables); the result reads it later.
 */
export function useEssentialsWorld(name: string, settings: Record<string, unknown>, opened: (world: World) => void = () => undefined): () => World {
  let world: World | undefined;
  before(async () => {
    world = await openWorld({
      scenario: 'essentials',
      speed: Number(process.env.ASR_E2E_SPEED ?? '30'),
      results: path.join(ROOT, 'test-results', name),
      settings,
      log: (line) => void process.stderr.write(`[${name}] ${line}\n`),
    });
    opened(world);
  });
  closeWorldAfterSuite(() => world);
  return () => {
    if (!world) throw new Error(`the world of ${name} is not open`);
    return world;
  };
}

/** Starts the lab and code-server, installs the .vsix, and opens the workbench in Chromium. */
export async function openWorld(o: WorldOptions): Promise<World> {
  assert.ok(fs.existsSync(VSIX), `${path.relative(ROOT, VSIX)} is missing: run \`npm run package\` (npm run test:e2e does)`);
  fs.rmSync(o.results, { recursive: true, force: true });
  fs.mkdirSync(o.results, { recursive: true });
  await ensureDebianPackages(BROWSER_PACKAGES, 'the end-to-end tests (Chromium)', o.log);
  const { bin } = await ensureCodeServer({ log: (l) => o.log(`code-server: ${l}`) });
  const lab = await startLab({ scenario: o.scenario, speed: o.speed, ...(o.faults ? { faults: o.faults } : {}) });
  const info = labInfo(lab);
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'asr-e2e-'));
  const extensionsDir = path.join(state, 'extensions');
  const userDataDir = path.join(state, 'user-data');
  const workspace = path.join(state, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(workspace);
  // The lab's settings are machine-scoped: they go to the remote machine's settings (Machine/settings.json).
  writeCodeServerSettings(userDataDir, { ...quietWorkbenchSettings, ...labSettings(info), ...o.settings });
  await installVsix({ bin, vsix: VSIX, extensionsDir, userDataDir, logFile: path.join(o.results, 'install-extension.log') });
  o.log(`installed ${path.basename(VSIX)} into ${extensionsDir}`);
  const cs = await startCodeServer({ bin, folder: workspace, extensionsDir, userDataDir, logFile: path.join(o.results, 'code-server.log') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  const wb = new Workbench(page, o.results);
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await wb.waitForWorkbench();
  o.log(`workbench open at ${cs.url}`);
  const close = async (): Promise<void> => {
    fs.writeFileSync(path.join(o.results, 'browser-console.log'), consoleLines.join('\n') + '\n');
    await browser.close().catch(() => undefined);
    await cs.stop().catch(() => undefined);
    await lab.stop().catch(() => undefined);
    fs.rmSync(state, { recursive: true, force: true });
  };
  return { lab, cs, browser, page, wb, userDataDir, workspace, consoleLines, close };
}

/** What the Connect wizard is told to choose (the scenario's subscription, region, resource group, storage account and vault). */
export interface ConnectChoices {
  subscription: RegExp;
  region: RegExp;
  resourceGroup: string;
  storageAccount: string;
  vault: string;
}

/** The essentials scenario's vault, as the journeys connect to it. */
export const essentialsVault: ConnectChoices = {
  subscription: /Contoso DR/,
  region: /West Europe/,
  resourceGroup: 'RAM-DR-RG',
  storageAccount: 'ramdrstorage01',
  vault: 'RAM-Vault',
};

/**
 * Signs in with the lab's service principal and connects to an existing vault, page by page,
 * once the wizard is open; closes it when the run's every step succeeded. With `shots`, the
 * screenshots of the sign-in, the review (the README's picture) and the finished run.
 */
export async function connectThroughWizard(wb: Workbench, info: LabInfo, choices: ConnectChoices, shots = false): Promise<void> {
  const wiz = wb.wizard();
  await wiz.waitForHeading('Sign in to Microsoft Azure');
  await wiz.radio('Service principal');
  await wiz.type('Tenant ID', info.tenantId);
  await wiz.type('Client ID (application ID)', info.clientId);
  await wiz.type('Client secret', info.clientSecret);
  if (shots) await wb.shot('connect-sign-in');
  await wiz.press('Sign in');
  await wiz.waitForHeading('Choose a subscription');
  await wiz.select('Subscription', choices.subscription);
  await wiz.press('Next');
  await wiz.waitForHeading('Choose the region to recover to');
  await wiz.select('Region', choices.region);
  await wiz.press('Next');
  for (const [heading, existing, label, value] of [
    ['Choose a resource group', 'Use an existing resource group', 'Existing resource group', choices.resourceGroup],
    ['Choose a storage account', 'Use an existing storage account', 'Existing storage account', choices.storageAccount],
    ['Choose a Recovery Services vault', 'Use an existing vault', 'Existing vault', choices.vault],
  ] as const) {
    await wiz.waitForHeading(heading);
    await wiz.radio(existing);
    await wiz.select(label, new RegExp(`^\\s*${value}`));
    await wiz.press('Next');
  }
  await wiz.waitForHeading('Review and connect');
  if (shots) await wb.shot('connect-review', 'connect-wizard');
  await wiz.press('Connect');
  await wiz.waitForHeading('Connecting to Azure');
  // The run's own last step, by its label, ends succeeded (no fallback to any other step), and
  // no step of the run is left anything but succeeded.
  await wiz.frame.locator('li.asr-step.asr-step-succeeded').filter({ hasText: 'Save the connection' }).waitFor({ timeout: 60_000 });
  assert.equal(await wiz.frame.locator('li.asr-step:not(.asr-step-succeeded)').count(), 0, 'every step of the run succeeded');
  if (shots) await wb.shot('connect-done');
  await wiz.press('Close');
}
