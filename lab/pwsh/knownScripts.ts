/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of the
 * exact text the runner sends: src/services/hyperv/scripts/prelude.ps1 followed by the script. A
 * script (or the prelude) that changes without the stand-in learning about it (a new output
 * field, a new input) is refused with a PowerShell-like error, so its tests fail instead of
 * passing silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 2, sha256: '12438f4562dcfaaa214baefeac289fc50bcfeda0c1497bb9602b1c03a44cf44a' },
  'Get-VmInventory': { version: 3, sha256: '9a9a9fb28665571daff74df6698c47dc973191a7cb9e54b3813927de47192864' },
  'Install-AsrProvider': { version: 2, sha256: '002f26c10c7874b4bd36a39ba5b5168f689fac77178b93bebfd95c4d47dca6f0' },
  'Register-AsrProvider': { version: 2, sha256: '89217b6d85d5458e8a504fe519da1f75aff4aa3bdb36c84b74f32e6aa0d75b39' },
  'Find-HyperVHosts': { version: 1, sha256: '9fd71c4f8e41b07b5b1513cf5e9f5a3344dafa827b5523d30f950c40f0b59da2' },
};
