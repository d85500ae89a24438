/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of the
 * exact text the runner sends: src/services/hyperv/scripts/prelude.ps1 followed by the script. A
 * script (or the prelude) that changes without the stand-in learning about it (a new output
 * field, a new input) is refused with a PowerShell-like error, so its tests fail instead of
 * passing silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 3, sha256: 'b9a1e0af77ef6f6d11eeb731cebdadac90ac7393c1017a6612f920b27d74e819' },
  'Get-VmInventory': { version: 4, sha256: '9fc7d73aa586867c16861eeea6b11ec65239a2719371040db0fbe57c2c63f6ef' },
  'Install-AsrProvider': { version: 3, sha256: '4bdb5fc7288dd75cdf79d9f5b8cb9a95f1aa5bb2f81a6b953effd682c016c80f' },
  'Register-AsrProvider': { version: 3, sha256: '9ab2735aeba31c7d19fdf7f799fd734e3c510c5a83f4482506753d6a1aa59663' },
  'Find-HyperVHosts': { version: 2, sha256: '01fa5c683df6c7736f35c4817270813f59c6870cff7577cc7c33b54c8d94e1c5' },
};
