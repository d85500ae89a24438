/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of their
 * exact text. A script that changes without the stand-in learning about it (a new output field,
 * a new input) is refused with a PowerShell-like error, so its tests fail instead of passing
 * silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 1, sha256: 'edacd7b591ccc39ff8399d1975e3d88938de82e34449ef50c3f1dee207cde1a2' },
  'Get-VmInventory': { version: 3, sha256: '902b785e6ef98635c15050478a05140d9ac289f9ffd0dcd9677b107cde40c034' },
  'Install-AsrProvider': { version: 1, sha256: 'd75ea01f3cbbb7314d9743dd7b04ef1b5b953096f4270004c35a9f2d73007e5c' },
  'Register-AsrProvider': { version: 1, sha256: '097488c906713d408138357b4cbfcff42519dd6cd706b6c400b6da93aebc34f2' },
  'Find-HyperVHosts': { version: 1, sha256: '59aca67e7495cb36661aeb53fb254d292b6956be632de689c82d2642d6c3a7c9' },
};
