import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

/** standin.ts beside this file, or (when the lab is bundled elsewhere) in the repo's lab/pwsh/. */
function standInSource(): string {
  const candidates = [path.join(__dirname, 'standin.ts'), path.resolve(__dirname, '..', '..', 'lab', 'pwsh', 'standin.ts'), path.join(process.cwd(), 'lab', 'pwsh', 'standin.ts')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`The stand-in PowerShell source was not found (looked in ${candidates.join(', ')}).`);
  return found;
}

/**
 * Builds the stand-in PowerShell into the lab's temporary folder: one bundled script and two
 * executables that node-powershell can be pointed at, `pwsh` (PowerShell 7) and `powershell`
 * (Windows PowerShell 5.1's JSON). The control file they read holds a token: owner-only.
 */
export async function buildStandInPowerShell(dir: string, control: { endpoint: string; token: string; caCertPem: string }): Promise<{ pwsh: string; powershell51: string }> {
  const bundle = path.join(dir, 'standin.js');
  await build({
    entryPoints: [standInSource()],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
  });
  const controlFile = path.join(dir, 'standin-control.json');
  writeFileSync(controlFile, JSON.stringify(control), { mode: 0o600 });
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const wrapper = (flavor: string): string =>
    `#!/bin/sh\n# The ASR lab's stand-in PowerShell (${flavor}).\nASR_LAB_CONTROL=${quote(controlFile)} ASR_LAB_PWSH_FLAVOR=${flavor} exec ${quote(process.execPath)} ${quote(bundle)} "$@"\n`;
  const pwsh = path.join(dir, 'pwsh');
  const powershell51 = path.join(dir, 'powershell');
  writeFileSync(pwsh, wrapper('7'));
  writeFileSync(powershell51, wrapper('5.1'));
  chmodSync(pwsh, 0o755);
  chmodSync(powershell51, 0o755);
  return { pwsh, powershell51 };
}
