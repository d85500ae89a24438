// Builds the extension as one CommonJS bundle for Node (vscode external).
// A second, browser bundle for webview code will be added beside it (see `webviewBuilds`).
import * as esbuild from 'esbuild';

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
  logLevel: 'info',
  loader: { '.ps1': 'text' },
};

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
}
