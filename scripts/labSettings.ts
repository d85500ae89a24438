/**
 * The VS Code settings that point the extension at a running ASR lab: the lab's ARM endpoint as a
 * custom cloud trusted through its CA, its stand-in PowerShell, and the lab's unregistered
 * Hyper-V host. Used by `npm run demo`, the end-to-end suite and the F5 launch configuration.
 * All of these are machine-scoped (src/connection/trustedSettings.ts): they apply from user
 * settings, or in a remote window (code-server's always is) from the remote machine's settings,
 * never from a workspace's .vscode/settings.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabInfo } from '../lab/index';
import { isMachineScoped } from '../src/connection/trustedSettings';

export function labSettings(info: Pick<LabInfo, 'endpoint' | 'caCertPath' | 'pwsh'>): Record<string, unknown> {
  return {
    'azureSiteRecovery.cloud': 'Custom',
    'azureSiteRecovery.customCloud.resourceManagerEndpoint': info.endpoint,
    'azureSiteRecovery.customCloud.caCertificatePath': info.caCertPath,
    'azureSiteRecovery.hyperV.powershellPath': info.pwsh,
    'azureSiteRecovery.hyperV.hosts': ['RAM-H1-2'],
  };
}

/** Workbench settings for a quiet, offline code-server (no tips, no telemetry, no updates). */
export const quietWorkbenchSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

const SECTION_PREFIX = 'azureSiteRecovery.';

/**
 * Writes settings into a code-server user-data folder. code-server's window is a remote one, so a
 * machine-scoped setting applies only from the remote machine's settings
 * (`<user-data>/Machine/settings.json`) and would be ignored in `User/settings.json`: each setting
 * goes to the file it applies from. Returns the two files' paths.
 */
export function writeCodeServerSettings(userDataDir: string, settings: Readonly<Record<string, unknown>>): { user: string; machine: string } {
  const user: Record<string, unknown> = {};
  const machine: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const machineScoped = key.startsWith(SECTION_PREFIX) && isMachineScoped(key.slice(SECTION_PREFIX.length));
    (machineScoped ? machine : user)[key] = value;
  }
  const files = { user: path.join(userDataDir, 'User', 'settings.json'), machine: path.join(userDataDir, 'Machine', 'settings.json') };
  for (const [file, values] of [
    [files.user, user],
    [files.machine, machine],
  ] as const) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(values, null, 2) + '\n');
  }
  return files;
}
