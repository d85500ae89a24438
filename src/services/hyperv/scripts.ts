// The PowerShell scripts the extension runs, as text (esbuild's `.ps1` text loader; under mocha,
// test/ps1Loader.js). Each starts with `# asr-script: <Name> <version>`; a script without that
// header fails here, at load, not on a host.

import getHostInfoText from './scripts/Get-HostInfo.ps1';
import getVmInventoryText from './scripts/Get-VmInventory.ps1';
import installAsrProviderText from './scripts/Install-AsrProvider.ps1';
import registerAsrProviderText from './scripts/Register-AsrProvider.ps1';
import findHyperVHostsText from './scripts/Find-HyperVHosts.ps1';

export interface HyperVScript {
  readonly name: string;
  readonly version: number;
  /** The exact file text, sent base64-encoded (see command.ts). */
  readonly text: string;
}

const HEADER = /^\uFEFF?# asr-script: ([A-Za-z][A-Za-z0-9-]*) ([1-9][0-9]*)[ \t]*\r?$/;

/** Reads a script's header; throws when the text is missing or has no valid header. */
export function parseScript(text: unknown, file: string): HyperVScript {
  if (typeof text !== 'string') {
    throw new Error(
      `${file} was not loaded as text (got ${typeof text}): bundle .ps1 files with esbuild's text loader, or register test/ps1Loader.js under mocha.`,
    );
  }
  const firstLine = text.split('\n', 1)[0] ?? '';
  const match = HEADER.exec(firstLine);
  if (!match) {
    throw new Error(`${file} does not start with the header line "# asr-script: <Name> <version>".`);
  }
  return Object.freeze({ name: match[1], version: Number(match[2]), text });
}

export const getHostInfoScript: HyperVScript = parseScript(getHostInfoText, 'Get-HostInfo.ps1');
export const getVmInventoryScript: HyperVScript = parseScript(getVmInventoryText, 'Get-VmInventory.ps1');
export const installAsrProviderScript: HyperVScript = parseScript(installAsrProviderText, 'Install-AsrProvider.ps1');
export const registerAsrProviderScript: HyperVScript = parseScript(registerAsrProviderText, 'Register-AsrProvider.ps1');
export const findHyperVHostsScript: HyperVScript = parseScript(findHyperVHostsText, 'Find-HyperVHosts.ps1');

/** Every script, by name. */
export const hyperVScripts: Readonly<Record<string, HyperVScript>> = Object.freeze({
  [getHostInfoScript.name]: getHostInfoScript,
  [getVmInventoryScript.name]: getVmInventoryScript,
  [installAsrProviderScript.name]: installAsrProviderScript,
  [registerAsrProviderScript.name]: registerAsrProviderScript,
  [findHyperVHostsScript.name]: findHyperVHostsScript,
});
