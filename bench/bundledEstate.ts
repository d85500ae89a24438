/**
 * The snapshot build as the extension ships it: src/estate/snapshot.ts and what it imports bundled
 * by esbuild into one scope (the options of esbuild.mjs for dist/extension.js), for
 * bench/snapshotBuild.ts to time beside the modules tsx loads. Under tsx each file is a CommonJS
 * module of its own and every call of an imported function goes through a getter of the module
 * that exports it (esbuild's per-file `__export`); in the bundle it is a direct call.
 * The bundle is written to a temporary folder, loaded, and the folder removed.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { buildEstateSnapshot } from '../src/estate';

export type BuildEstateSnapshot = typeof buildEstateSnapshot;

/** buildEstateSnapshot from the bundle of src/estate/snapshot.ts. */
export async function bundledBuildEstateSnapshot(): Promise<BuildEstateSnapshot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-snapshot-'));
  try {
    const outfile = path.join(dir, 'snapshot.js');
    await esbuild.build({
      entryPoints: [path.join(__dirname, '..', 'src', 'estate', 'snapshot.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      external: ['vscode'],
      loader: { '.ps1': 'text' },
      logLevel: 'warning',
    });
    const bundle = (await import(pathToFileURL(outfile).href)) as { buildEstateSnapshot?: BuildEstateSnapshot; default?: { buildEstateSnapshot?: BuildEstateSnapshot } };
    const build = bundle.buildEstateSnapshot ?? bundle.default?.buildEstateSnapshot;
    if (!build) throw new Error('The bundle has no buildEstateSnapshot.');
    return build;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
