// Reads the extension's settings (VS Code configuration) into typed values. Only the narrow
// reading happens here; what the values mean lives in services/.

import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isCloudName, resolveCloud, type AzureCloud } from '../services/azure/cloud';
import { resolvePowerShellExecutable } from '../services/hyperv/executable';
import { trustedConfiguration } from './trustedSettings';

export const SECTION = 'azureSiteRecovery';

export interface HyperVSettings {
  powershellPath: string;
  hosts: string[];
  includeLocalMachine: boolean;
  useActiveDirectory: boolean;
  scriptTimeoutMs: number;
  providerInstallerPath?: string;
  providerInstallerUrl?: string;
  providerProxy?: string;
}

export interface JobSettings {
  activePollMs: number;
  idlePollMs: number;
}

/** The settings; those that decide where credentials go or what runs are never a workspace's (trustedSettings.ts). */
function config(): vscode.WorkspaceConfiguration {
  return trustedConfiguration(vscode.workspace.getConfiguration(SECTION));
}

/** The configured cloud; a custom cloud's CA certificate is read from its file. */
export async function readCloud(): Promise<AzureCloud> {
  const c = config();
  const name = c.get<string>('cloud', 'AzureCloud');
  if (!isCloudName(name)) {
    throw new Error(vscode.l10n.t('The setting azureSiteRecovery.cloud has an unknown value "{0}": use AzureCloud, AzureUSGovernment, AzureChinaCloud or Custom.', String(name)));
  }
  if (name !== 'Custom') return resolveCloud(name);
  const caPath = c.get<string>('customCloud.caCertificatePath', '').trim();
  let caCertificatePem: string | undefined;
  if (caPath !== '') {
    try {
      caCertificatePem = await readFile(caPath, 'utf8');
    } catch {
      throw new Error(vscode.l10n.t('The CA certificate file "{0}" (azureSiteRecovery.customCloud.caCertificatePath) cannot be read.', caPath));
    }
  }
  const authorityHost = c.get<string>('customCloud.authorityHost', '').trim();
  return resolveCloud('Custom', {
    resourceManagerEndpoint: c.get<string>('customCloud.resourceManagerEndpoint', ''),
    ...(authorityHost !== '' ? { authorityHost } : {}),
    ...(caCertificatePem !== undefined ? { caCertificatePem } : {}),
  });
}

export function readHyperVSettings(): HyperVSettings {
  const c = config();
  const optional = (key: string): string | undefined => {
    const v = c.get<string>(key, '').trim();
    return v === '' ? undefined : v;
  };
  const installerPath = optional('hyperV.providerInstallerPath');
  const installerUrl = optional('hyperV.providerInstallerUrl');
  const proxy = optional('hyperV.providerProxy');
  return {
    powershellPath: resolvePowerShellExecutable(c.get<string>('hyperV.powershellPath', '')),
    hosts: c.get<string[]>('hyperV.hosts', []).filter((h) => typeof h === 'string'),
    includeLocalMachine: c.get<boolean>('hyperV.includeLocalMachine', true),
    useActiveDirectory: c.get<boolean>('hyperV.useActiveDirectory', true),
    scriptTimeoutMs: Math.max(5, c.get<number>('hyperV.scriptTimeoutSeconds', 60)) * 1000,
    ...(installerPath !== undefined ? { providerInstallerPath: installerPath } : {}),
    ...(installerUrl !== undefined ? { providerInstallerUrl: installerUrl } : {}),
    ...(proxy !== undefined ? { providerProxy: proxy } : {}),
  };
}

export function readJobSettings(): JobSettings {
  const c = config();
  return {
    activePollMs: Math.max(2, c.get<number>('jobs.activePollSeconds', 10)) * 1000,
    idlePollMs: Math.max(10, c.get<number>('jobs.idlePollSeconds', 120)) * 1000,
  };
}

/** Adds a host to azureSiteRecovery.hyperV.hosts (global settings), once. */
export async function addHostToSettings(host: string): Promise<boolean> {
  const c = config();
  const hosts = c.get<string[]>('hyperV.hosts', []);
  if (hosts.some((h) => h.toLowerCase() === host.toLowerCase())) return false;
  await c.update('hyperV.hosts', [...hosts, host], vscode.ConfigurationTarget.Global);
  return true;
}
