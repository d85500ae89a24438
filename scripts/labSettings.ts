/**
 * The VS Code settings that point the extension at a running ASR lab: the lab's ARM endpoint as a
 * custom cloud trusted through its CA, its stand-in PowerShell, and the lab's unregistered
 * Hyper-V host. Used by `npm run demo`, the end-to-end suite and the F5 launch configuration.
 */
import type { LabInfo } from '../lab/index';

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
