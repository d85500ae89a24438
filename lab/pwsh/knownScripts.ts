/**
 * The project's PowerShell scripts the stand-in knows, by name, version and the SHA-256 of the
 * exact text the runner sends: src/services/hyperv/scripts/prelude.ps1 followed by the script. A
 * script (or the prelude) that changes without the stand-in learning about it (a new output
 * field, a new input) is refused with a PowerShell-like error, so its tests fail instead of
 * passing silently. Update the hash here together with the handler in answers.ts.
 */
export const knownScripts: Record<string, { version: number; sha256: string }> = {
  'Get-HostInfo': { version: 4, sha256: 'cf2dac85de1dd1c3780252beff9abd12f663d679e76c3db583cd8ac695de102d' },
  'Get-VmInventory': { version: 5, sha256: '29f9382709734c171332334d5e9a5453dea6193876422144bc919445975fa339' },
  'Get-HostProbe': { version: 1, sha256: 'b693d54e7ab5ca40b1160ed21e4c97a730599a41a0d2c57dff8c727e0299c064' },
  'Install-AsrProvider': { version: 3, sha256: 'e752d60d123453255a8dac4589bd4aeb90d3472acaa8c80b5f83bf6faf46c71d' },
  'Register-AsrProvider': { version: 3, sha256: '77db303647bbdbb2dec3f1ef4afdad204c08522c3f6b9045c59ab065d9e42c98' },
  'Find-HyperVHosts': { version: 2, sha256: '454a8d92614093c7090aa739d090ba65e9f6efdeba4f7977290f09f21f2fd335' },
};
