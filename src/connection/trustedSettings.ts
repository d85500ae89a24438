// The settings that decide where credentials go or what runs, and how they are read: from user
// (or remote machine) settings and the defaults only, never from a workspace. A repository's
// .vscode/settings.json must not be able to point the saved service principal secret or the
// Hyper-V credentials at a server of its own, or choose the program that runs scripts as the
// user or the installer that runs elevated on the hosts (issue 12, finding 1).
//
// package.json gives each of them `"scope": "machine"`, so VS Code itself drops their workspace
// and folder values (they are never in the configuration the extension host receives), and lists
// them in `capabilities.untrustedWorkspaces.restrictedConfigurations`. Reading them here through
// inspect() and ignoring any workspace value is the defence in depth should that ever change.
// `machine-overridable` would let a workspace override them again, so none of them uses it.
//
// No `vscode` value import: the configuration is passed in (the shape of vscode's), so the rule
// is unit-tested in plain Node.

import type * as vscode from 'vscode';

/**
 * The keys (under `azureSiteRecovery.`) that only apply from user or remote machine settings, and
 * why. package.json's scopes and restricted configurations are checked against this list.
 */
export const machineScopedSettings = {
  cloud: 'where the saved service principal secret and every sign-in go',
  'customCloud.resourceManagerEndpoint': 'where every Azure token is sent',
  'customCloud.authorityHost': 'where the saved service principal secret is sent',
  'customCloud.caCertificatePath': 'which certificate authority is trusted for those two',
  'hyperV.powershellPath': 'which program runs every host script, with the host credentials',
  'hyperV.hosts': 'which computers receive the Windows sign-in and saved host credentials',
  'hyperV.providerInstallerPath': 'which program runs elevated on the hosts',
  'hyperV.providerInstallerUrl': 'which program runs elevated on the hosts',
  'hyperV.providerProxy': "where the hosts' provider registration traffic goes",
} as const satisfies Record<string, string>;

export type MachineScopedSetting = keyof typeof machineScopedSettings;

export function isMachineScoped(key: string): key is MachineScopedSetting {
  return Object.prototype.hasOwnProperty.call(machineScopedSettings, key);
}

/** The part of `WorkspaceConfiguration.inspect()`'s answer read here. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The value from user (or remote machine) settings, else the default, else `fallback`; never a workspace's. */
export function userOrDefault<T>(inspected: InspectedSetting<T> | undefined, fallback: T): T {
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/**
 * The configuration as given, except that `get` of a machine-scoped key answers from user or
 * remote machine settings and the default only. Everything else (other keys, `has`, `inspect`,
 * `update`) is the configuration's own.
 */
export function trustedConfiguration(c: vscode.WorkspaceConfiguration): vscode.WorkspaceConfiguration {
  function get<T>(key: string): T | undefined;
  function get<T>(key: string, fallback: T): T;
  function get<T>(key: string, fallback?: T): T | undefined {
    if (!isMachineScoped(key)) return fallback === undefined ? c.get<T>(key) : c.get<T>(key, fallback);
    return userOrDefault<T | undefined>(c.inspect<T>(key), fallback);
  }
  const trusted = Object.create(c) as vscode.WorkspaceConfiguration;
  Object.defineProperty(trusted, 'get', { value: get });
  return trusted;
}
