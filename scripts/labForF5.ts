/**
 * The lab behind the launch configuration "Run Extension (lab)" (F5 in desktop VS Code): the
 * background task "ASR lab (F5)" in .vscode/tasks.json runs `npx tsx scripts/labForF5.ts`, which
 *
 *   - starts the ASR lab in this process: `essentials` scenario, every duration ASR_LAB_SPEED
 *     times shorter (default 20), on the fixed port ASR_LAB_PORT (default 47443), so a development
 *     host started again while the task runs finds the same endpoint;
 *   - writes, under .vscode-lab/ (git-ignored), the development host's own user-data folder,
 *     .vscode-lab/user-data/, whose User/settings.json points the extension at the lab
 *     (scripts/labSettings.ts; those settings are machine-scoped, so user settings are where they
 *     apply from: a workspace's .vscode/settings.json cannot set them), and the folder the host
 *     opens, .vscode-lab/workspace/, with a README.md that says how to sign in. The CA certificate
 *     and the stand-in PowerShell that those settings name live in the lab's temporary folder,
 *     which exists as long as this runs; each start writes the settings again (other settings
 *     of that user-data folder are kept);
 *   - prints "ASR lab ready at <endpoint>" (the task's endsPattern: VS Code starts the debug
 *     session then) and the lab's service principal for the Connect wizard;
 *   - stops the lab and removes its temporary folder on SIGINT, SIGTERM or SIGHUP (Terminate
 *     Task, or closing the task's terminal), or when npx/npm above it is gone.
 *
 * The task keeps running between debug sessions (stop it with "Tasks: Terminate Task"). Outside
 * VS Code: `npx tsx scripts/labForF5.ts`, then
 * `code --user-data-dir .vscode-lab/user-data .vscode-lab/workspace` with the extension installed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { labInfo, startLab } from '../lab/index';
import type { RunningLab } from '../lab/index';
import { labSettings } from './labSettings';
import { numberFromEnv, onLauncherExit } from './processes';

const ROOT = path.resolve(__dirname, '..');
/** The development host's folders (git-ignored; .vscodeignore keeps them out of the .vsix). */
const LAB_ROOT = path.join(ROOT, '.vscode-lab');
/** The folder the development host opens (launch.json). */
const LAB_WORKSPACE = path.join(LAB_ROOT, 'workspace');
/** The development host's user-data folder (launch.json's --user-data-dir). */
const LAB_USER_DATA = path.join(LAB_ROOT, 'user-data');
const DEFAULT_F5_LAB_PORT = 47443;

/** The settings already in the development host's user settings (JSON only; anything else is replaced). */
function existingSettings(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function writeWorkspace(lab: RunningLab, speed: number): string {
  const info = labInfo(lab);
  const settingsFile = path.join(LAB_USER_DATA, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.mkdirSync(LAB_WORKSPACE, { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...existingSettings(settingsFile), ...labSettings(info) }, null, 2) + '\n');
  const hostCredentials = lab.state.hosts
    .filter((h) => h.credentials)
    .map((h) => `- ${h.name}: user \`${h.credentials?.userName ?? ''}\`, password \`${h.credentials?.password ?? ''}\``);
  const readme = [
    '# ASR lab workspace (Run Extension (lab))',
    '',
    'Written by `scripts/labForF5.ts` each time the task "ASR lab (F5)" starts; git-ignored.',
    `The development host's user settings (\`.vscode-lab/user-data/User/settings.json\`) point the extension at the lab at ${info.endpoint}`,
    `(essentials scenario, ${speed}x faster than Azure), which runs while that task runs.`,
    '',
    'Connect: the Azure Site Recovery view, Connect, "Service principal" (lab-only values):',
    '',
    `- Tenant ID: \`${info.tenantId}\``,
    `- Client ID: \`${info.clientId}\``,
    `- Client secret: \`${info.clientSecret}\``,
    '',
    `Subscription ${info.subscriptionId}, vault ${info.vault} in resource group ${info.resourceGroup}.`,
    ...(hostCredentials.length > 0 ? ['', 'Hyper-V hosts that ask for credentials:', '', ...hostCredentials] : []),
    '',
  ];
  fs.writeFileSync(path.join(LAB_WORKSPACE, 'README.md'), readme.join('\n'));
  return settingsFile;
}

async function main(): Promise<void> {
  const speed = numberFromEnv('ASR_LAB_SPEED', 20, (n) => n > 0);
  const port = numberFromEnv('ASR_LAB_PORT', DEFAULT_F5_LAB_PORT, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  // The task's beginsPattern.
  process.stdout.write(`ASR lab: starting on port ${port} (essentials, ${speed}x faster than Azure)\n`);
  let lab: RunningLab;
  try {
    lab = await startLab({ scenario: 'essentials', speed, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} is already in use: is the task "ASR lab (F5)" already running elsewhere (Tasks: Terminate Task), or another program? Set ASR_LAB_PORT to use another port.`,
      );
    }
    throw err;
  }
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`ASR lab: ${why}; stopping\n`);
    void lab.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => stop(sig));
  onLauncherExit((pid) => stop(`the process that started it (pid ${pid}) has exited`));

  const settingsFile = writeWorkspace(lab, speed);
  const info = labInfo(lab);
  process.stdout.write(
    [
      `ASR lab ready at ${info.endpoint}`,
      `  development host workspace: ${path.relative(ROOT, LAB_WORKSPACE)}/ (settings: ${path.relative(ROOT, settingsFile)})`,
      '  Connect with "Service principal" (lab-only values):',
      `    Tenant ID      ${info.tenantId}`,
      `    Client ID      ${info.clientId}`,
      `    Client secret  ${info.clientSecret}`,
      '  Runs until this task is terminated (Tasks: Terminate Task) or Ctrl+C.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`ASR lab: failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
