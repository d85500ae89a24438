// Builds the extension as one CommonJS bundle for Node (vscode external), and beside it one file per
// Azure SDK family (dist/sdks/), each required on first use (issue 14).
// A second, browser bundle for webview code will be added beside it (see `webviewBuilds`).
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const extensionBuild = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  // Not 'info': esbuild marks big outputs with a warning sign, but these sizes are expected (the
  // Azure SDKs, @azure/arm-network first: docs/dependencies.md, "What ships"). The sizes are printed
  // below with that explanation instead; esbuild's warnings and errors still show.
  logLevel: 'warning',
  loader: { '.ps1': 'text' },
  plugins: [lazySdks()],
};

/**
 * Each Azure SDK family and node-forge (src/services/azure/sdks/*.ts) is a file of its own in dist/sdks/,
 * required by src/services/azure/ (clients.ts, credentials.ts, vaultCredentials.ts) on first use: not
 * read at activation (issue 14).
 */
const sdkBuild = {
  entryPoints: ['src/services/azure/sdks/*.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'dist/sdks',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning', // as the extension bundle's
};

/** Leaves `require('./sdks/<name>')` as it is: dist/extension.js finds dist/sdks/<name>.js. */
function lazySdks() {
  return {
    name: 'lazy-sdks',
    setup(build) {
      build.onResolve({ filter: /^\.\/sdks\/\w+$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** The sizes of the extension bundle and of its SDK files (each loaded on first use), and why. */
function reportExtensionSize() {
  const mb = (bytes) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  const sdks = readdirSync(sdkBuild.outdir).filter((f) => f.endsWith('.js'));
  const sdkBytes = sdks.reduce((n, f) => n + statSync(join(sdkBuild.outdir, f)).size, 0);
  const how = production ? 'minified' : 'not minified; the .vsix carries them minified, about 0.5 MB and 3.4 MB';
  const sizes = `${extensionBuild.outfile} ${mb(statSync(extensionBuild.outfile).size)}, ${sdkBuild.outdir}/ (${sdks.length} files) ${mb(sdkBytes)}`;
  console.log(`\n  ${sizes} (${how}): mostly the Azure SDKs, see docs/dependencies.md "What ships"\n`);
}

/** Webview bundles (browser) go here when the wizards land. */
const webviewBuilds = [
  {
    entryPoints: ['src/webviews/ui/main.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    outfile: 'dist/webviews/wizard.js',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
  },
  // The recovery dashboard (issue 15 §5): its own small bundle, no UI toolkit (plain HTML and SVG).
  {
    entryPoints: ['src/webviews/ui/dashboard/main.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    outfile: 'dist/webviews/dashboard.js',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
  },
];

const builds = [extensionBuild, sdkBuild, ...webviewBuilds];
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  // What each bundle holds, for scripts/thirdPartyNotices.ts (dist/ThirdPartyNotices.txt).
  mkdirSync('dist/meta', { recursive: true });
  results.forEach((r, i) => writeFileSync(join('dist/meta', `${['extension', 'sdks', 'webview', 'dashboard'][i] ?? `build${i}`}.json`), JSON.stringify(r.metafile)));
  reportExtensionSize();
}
