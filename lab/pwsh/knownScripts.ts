/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of the
 * exact text the runner sends: src/services/hyperv/scripts/prelude.ps1 followed by the script. A
 * script (or the prelude) that changes without the stand-in learning about it (a new output
 * field, a new input) is refused with a PowerShell-like error, so its tests fail instead of
 * passing silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 4, sha256: '31c3330308d7824b050fe13032463909e6191e894a2f04bb55e7b502f3c1f175' },
  'Get-VmInventory': { version: 5, sha256: 'f8056d70abf83dc93b8c7e28a7db2bf10883fe34ff3897f604292e9f076f8597' },
  'Get-HostProbe': { version: 1, sha256: '09004f159729c3c6cc5c9cd16eb6469de0051b1830bd2f23696aaea48b2a2013' },
  'Install-AsrProvider': { version: 3, sha256: 'f1f4a686940b36a249c25b1259f917fb0f1936f25006e8f621ebce031bd3ac6f' },
  'Register-AsrProvider': { version: 3, sha256: '360974cb9e106fd0aa5aa7b8441c16d4a615131d991c520d4f9cde526e461d99' },
  'Find-HyperVHosts': { version: 2, sha256: '595a1131257fce4f2f859447e4094cd78f0b570bd07780564ab91d8b4192ac7f' },
};
