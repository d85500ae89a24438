// Builds the extension as one CommonJS bundle for Node (vscode external).
// A second, browser bundle for webview code will be added beside it (see `webviewBuilds`).
import * as esbuild from 'esbuild';
import { statSync } from 'node:fs';

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
  // Not 'info': esbuild marks this bundle's size with a warning sign, but its size is expected (the
  // Azure SDKs it carries, @azure/arm-network first: docs/dependencies.md, "What ships"). Its size
  // is printed below with that explanation instead; esbuild's warnings and errors still show.
  logLevel: 'warning',
  loader: { '.ps1': 'text' },
};

/** The extension bundle's size, and why it is that big. */
function reportExtensionSize() {
  const mb = (statSync(extensionBuild.outfile).size / 1024 ** 2).toFixed(1);
  const why = production ? 'minified' : 'not minified; the .vsix carries it minified, about 3.4 MB';
  console.log(`\n  ${extensionBuild.outfile}  ${mb} MB (${why}): mostly the Azure SDKs, see docs/dependencies.md "What ships"\n`);
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
];

const builds = [extensionBuild, ...webviewBuilds];
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  reportExtensionSize();
}
