/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of their
 * exact text. A script that changes without the stand-in learning about it (a new output field,
 * a new input) is refused with a PowerShell-like error, so its tests fail instead of passing
 * silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 2, sha256: 'ce8cb5d2dadf0376b038584dd54f9b11eac019ca8b4ac67ce806e9b4754a860a' },
  'Get-VmInventory': { version: 2, sha256: 'a672c9f1a40e0378f960dd08d4a35e6954ac4686905b898ac5b07e056b9920bd' },
  'Install-AsrProvider': { version: 2, sha256: '49f2e4444d9c4f2790138ef296cdfeaa934487abeb7c49fe2262aa0cd2873876' },
  'Register-AsrProvider': { version: 2, sha256: 'e300fffa6fcdefd725f8778970a4c1c1a66ccd7a2ecde4b6bc77a822ae43a637' },
  'Find-HyperVHosts': { version: 1, sha256: '59aca67e7495cb36661aeb53fb254d292b6956be632de689c82d2642d6c3a7c9' },
};
