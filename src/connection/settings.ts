// Reads the extension's settings (VS Code configuration) into typed values: the one place that
// reads them. Every value goes through its rule in settingRules.ts (type, default, limits), so a
// wrong-typed or out-of-range setting becomes a valid value and a warning naming the setting,
// never a failure. What the values mean lives in services/.

import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { resolveCloud, type AzureCloud } from '../services/azure/cloud';
import {
  SECTION,
  SettingWarningGate,
  checkAllSettings,
  cloudSettingsFrom,
  hyperVSettingsFrom,
  jobSettingsFrom,
  readSetting,
  readinessIntervalFrom,
  recoverySettingsFrom,
  drillSettingsFrom,
  type HyperVSettings,
  type JobSettings,
  type Read,
  type RecoverySettings,
  type DrillSettings,
  type SettingSource,
  type SettingWarning,
} from './settingRules';
import { trustedConfiguration } from './trustedSettings';

export { SECTION, type HyperVSettings, type JobSettings, type RecoverySettings, type DrillSettings };

/** The settings; those that decide where credentials go or what runs are never a workspace's (trustedSettings.ts). */
function config(): vscode.WorkspaceConfiguration {
  return trustedConfiguration(vscode.workspace.getConfiguration(SECTION));
}

const source =
  (c: vscode.WorkspaceConfiguration): SettingSource =>
  (key) =>
    c.get<unknown>(key);

/** Where warnings about settings go; watchSettingWarnings sets it for the life of the activation. */
let report: (warnings: readonly SettingWarning[]) => void = () => undefined;

function valueOf<T>(read: Read<T>): T {
  if (read.warnings.length > 0) report(read.warnings);
  return read.value;
}

/**
 * Shows what is wrong with the settings: a line in the Output channel, and once per setting a
 * warning notification. Checks every setting now and whenever the settings change.
 */
export function watchSettingWarnings(log: vscode.LogOutputChannel): vscode.Disposable {
  const gate = new SettingWarningGate();
  const show = (warnings: readonly SettingWarning[]): void => {
    for (const w of warnings) {
      const { log: logIt, notify } = gate.admit(w);
      if (logIt) log.warn(w.message);
      if (notify) void vscode.window.showWarningMessage(w.message);
    }
  };
  report = show;
  show(checkAllSettings(source(config())));
  const listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) show(checkAllSettings(source(config())));
  });
  return {
    dispose: () => {
      listener.dispose();
      if (report === show) report = () => undefined;
    },
  };
}

/** The configured cloud; a custom cloud's CA certificate is read from its file. */
export async function readCloud(): Promise<AzureCloud> {
  const s = valueOf(cloudSettingsFrom(source(config())));
  if (s.name !== 'Custom') return resolveCloud(s.name);
  let caCertificatePem: string | undefined;
  if (s.caCertificatePath !== undefined) {
    try {
      caCertificatePem = await readFile(s.caCertificatePath, 'utf8');
    } catch {
      throw new Error(vscode.l10n.t('The CA certificate file "{0}" (azureSiteRecovery.customCloud.caCertificatePath) cannot be read.', s.caCertificatePath));
    }
  }
  return resolveCloud('Custom', {
    resourceManagerEndpoint: s.resourceManagerEndpoint,
    ...(s.authorityHost !== undefined ? { authorityHost: s.authorityHost } : {}),
    ...(caCertificatePem !== undefined ? { caCertificatePem } : {}),
  });
}

export function readHyperVSettings(): HyperVSettings {
  return valueOf(hyperVSettingsFrom(source(config())));
}

export function readJobSettings(): JobSettings {
  return valueOf(jobSettingsFrom(source(config())));
}

export function readRecoverySettings(): RecoverySettings {
  return valueOf(recoverySettingsFrom(source(config())));
}

export function readDrillSettings(): DrillSettings {
  return valueOf(drillSettingsFrom(source(config())));
}

/** azureSiteRecovery.drills.reportFolder as set ('' when not: the extension's storage; src/drills/reportFolder.ts resolves it). */
export function readDrillReportFolder(): string {
  const warnings: SettingWarning[] = [];
  const folder = readSetting(source(config()), 'drills.reportFolder', warnings);
  report(warnings);
  return folder;
}

/** azureSiteRecovery.readiness.intervalMinutes (0: readiness is checked only on demand). */
export function readReadinessInterval(): number {
  return valueOf(readinessIntervalFrom(source(config())));
}

/** Adds a host to azureSiteRecovery.hyperV.hosts (global settings), once. */
export async function addHostToSettings(host: string): Promise<boolean> {
  const c = config();
  const warnings: SettingWarning[] = [];
  const hosts = readSetting(source(c), 'hyperV.hosts', warnings);
  report(warnings);
  if (hosts.some((h) => h.toLowerCase() === host.toLowerCase())) return false;
  await c.update('hyperV.hosts', [...hosts, host], vscode.ConfigurationTarget.Global);
  return true;
}
