/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of their
 * exact text. A script that changes without the stand-in learning about it (a new output field,
 * a new input) is refused with a PowerShell-like error, so its tests fail instead of passing
 * silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 1, sha256: 'fd7f3a8764cc8f87b445ea8ed9c30685f277ac8ec82db7e8ac3710dd32875829' },
  'Get-VmInventory': { version: 1, sha256: 'b5042cf5f0332624a83d583dd67fc668b730510aa7373c741e153968cdac58ad' },
  'Install-AsrProvider': { version: 1, sha256: 'caecc37ab5dac57e8469e4738e84f60232ad288ebdb950d3f2f26a945a9919c2' },
  'Register-AsrProvider': { version: 1, sha256: '366557e10ffdf99cc7fefa0483e91ba9bb98642fc88197c58c1f7ec6b4b22924' },
};
