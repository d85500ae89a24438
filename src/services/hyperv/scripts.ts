// The PowerShell scripts the extension runs, as text (esbuild's `.ps1` text loader; under mocha,
// test/ps1Loader.js). Each starts with `# asr-script: <Name> <version>`; a script without that
// header fails here, at load, not on a host. The runner sends each after the prelude
// (scripts/prelude.ps1: the parameter, preferences, envelope, remoting and error-code functions
// they share), as one script block: see withPrelude.

import getHostInfoText from './scripts/Get-HostInfo.ps1';
import getVmInventoryText from './scripts/Get-VmInventory.ps1';
import getHostProbeText from './scripts/Get-HostProbe.ps1';
import installAsrProviderText from './scripts/Install-AsrProvider.ps1';
import registerAsrProviderText from './scripts/Register-AsrProvider.ps1';
import findHyperVHostsText from './scripts/Find-HyperVHosts.ps1';
import preludeText from './scripts/prelude.ps1';

export interface HyperVScript {
  readonly name: string;
  readonly version: number;
  /** The exact file text, sent base64-encoded after the prelude (see withPrelude, command.ts). */
  readonly text: string;
}

const HEADER = /^\uFEFF?# asr-script: ([A-Za-z][A-Za-z0-9-]*) ([1-9][0-9]*)[ \t]*\r?$/;

function requireText(text: unknown, file: string): string {
  if (typeof text !== 'string') {
    throw new Error(`${file} was not loaded as text (got ${typeof text}): bundle .ps1 files with esbuild's text loader, or register test/ps1Loader.js under mocha.`);
  }
  return text;
}

/** Reads a script's header; throws when the text is missing or has no valid header. */
export function parseScript(loaded: unknown, file: string): HyperVScript {
  const text = requireText(loaded, file);
  const firstLine = text.split('\n', 1)[0] ?? '';
  const match = HEADER.exec(firstLine);
  if (!match) {
    throw new Error(`${file} does not start with the header line "# asr-script: <Name> <version>".`);
  }
  return Object.freeze({ name: match[1], version: Number(match[2]), text });
}

/** Checks the prelude's text: loaded as text, ending with a line break, with no script header of its own. */
export function parsePrelude(loaded: unknown, file: string): string {
  const text = requireText(loaded, file);
  if (!text.endsWith('\n') || /^# asr-script:/m.test(text)) {
    throw new Error(`${file} must end with a line break and hold no "# asr-script:" line (the script's header follows it).`);
  }
  return text;
}

/** What every script runs after: declares param([string]$InputBase64) and the shared functions. */
export const hostScriptPrelude: string = parsePrelude(preludeText, 'prelude.ps1');

/** The text the runner sends for a script: the prelude, then the script's own text. */
export function withPrelude(script: Pick<HyperVScript, 'text'>): string {
  return hostScriptPrelude + script.text;
}

export const getHostInfoScript: HyperVScript = parseScript(getHostInfoText, 'Get-HostInfo.ps1');
export const getVmInventoryScript: HyperVScript = parseScript(getVmInventoryText, 'Get-VmInventory.ps1');
export const getHostProbeScript: HyperVScript = parseScript(getHostProbeText, 'Get-HostProbe.ps1');
export const installAsrProviderScript: HyperVScript = parseScript(installAsrProviderText, 'Install-AsrProvider.ps1');
export const registerAsrProviderScript: HyperVScript = parseScript(registerAsrProviderText, 'Register-AsrProvider.ps1');
export const findHyperVHostsScript: HyperVScript = parseScript(findHyperVHostsText, 'Find-HyperVHosts.ps1');

/** Every script, by name. */
export const hyperVScripts: Readonly<Record<string, HyperVScript>> = Object.freeze({
  [getHostInfoScript.name]: getHostInfoScript,
  [getVmInventoryScript.name]: getVmInventoryScript,
  [getHostProbeScript.name]: getHostProbeScript,
  [installAsrProviderScript.name]: installAsrProviderScript,
  [registerAsrProviderScript.name]: registerAsrProviderScript,
  [findHyperVHostsScript.name]: findHyperVHostsScript,
});
