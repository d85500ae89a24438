/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of their
 * exact text. A script that changes without the stand-in learning about it (a new output field,
 * a new input) is refused with a PowerShell-like error, so its tests fail instead of passing
 * silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 2, sha256: 'ce8cb5d2dadf0376b038584dd54f9b11eac019ca8b4ac67ce806e9b4754a860a' },
  'Get-VmInventory': { version: 3, sha256: '902b785e6ef98635c15050478a05140d9ac289f9ffd0dcd9677b107cde40c034' },
  'Install-AsrProvider': { version: 2, sha256: '548e8db3fd0d23a5225931ac8f79ccd32f06d77129032591b42172340bac49a0' },
  'Register-AsrProvider': { version: 2, sha256: '3fa0b25daa0a4cb34583bc9306196ffe6db07dd67013e9c9e258f31ca1deebad' },
  'Find-HyperVHosts': { version: 1, sha256: '59aca67e7495cb36661aeb53fb254d292b6956be632de689c82d2642d6c3a7c9' },
};
