/**
 * Writes dist/ThirdPartyNotices.txt: the name, version, licence and licence text (with its copyright
 * lines) of every npm package esbuild put into the shipped bundles. MIT, BSD, ISC and Apache-2.0 ask
 * that the notice go with every copy, and the minified bundles keep almost none of them
 * (docs/dependencies.md, "What ships"). Run after `node esbuild.mjs`, which leaves one metafile per
 * build in dist/meta/:
 *
 *   npx tsx scripts/thirdPartyNotices.ts
 *
 * It fails (exit 1) when a bundled package has neither a licence file nor a licence in its
 * package.json, so a new dependency cannot ship without its notice.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface BundledPackage {
  name: string;
  version: string;
  /** The SPDX expression of package.json's "license". */
  licence: string;
  /** The licence file's text, or undefined when the package has none. */
  text?: string;
  source?: string;
  /** package.json's "author", said when the package has no licence file to carry its copyright line. */
  author?: string;
}

/** Dual-licensed packages and the licence we take (docs/dependencies.md). */
const CHOSEN: Readonly<Record<string, string>> = { 'node-forge': 'BSD-3-Clause' };

/** The MIT licence's permission notice (opensource.org/license/mit), for MIT packages that ship no licence file. */
const MIT_TEXT = [
  'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated',
  'documentation files (the "Software"), to deal in the Software without restriction, including without limitation',
  'the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and',
  'to permit persons to whom the Software is furnished to do so, subject to the following conditions:',
  '',
  'The above copyright notice and this permission notice shall be included in all copies or substantial portions',
  'of the Software.',
  '',
  'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO',
  'THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE',
  'AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF',
  'CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS',
  'IN THE SOFTWARE.',
].join('\n');

/** What stands for a missing licence file: the declared licence, and for MIT its notice with the author. */
function declaredLicence(p: BundledPackage): string {
  const said = `The package ships no licence file; its package.json declares the licence ${p.licence}${p.author ? ` and the author ${p.author}` : ''}.`;
  return p.licence === 'MIT' ? `${said}\n\nCopyright (c) ${p.author ?? `the ${p.name} authors`}\n\n${MIT_TEXT}` : said;
}

/** A package's licence and notice files (Apache-2.0 asks that a NOTICE file go with it too). */
const LICENCE_FILE = /^(licen[cs]e|copying|notices?|third[-_]?party[-_]?notices?)(\.(md|txt))?$/i;

/** The input files a metafile's outputs really carry (esbuild also lists files it read and left out entirely). */
export function shippedInputs(metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }): string[] {
  return Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs).flatMap(([file, { bytesInOutput }]) => (bytesInOutput > 0 ? [file] : [])));
}

/**
 * The package folders of esbuild's input paths ("node_modules/@azure/x/dist/a.js" →
 * "node_modules/@azure/x"; a nested node_modules wins), sorted, each once. Our own sources are left out.
 */
export function packageDirs(inputs: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0 || at + 1 >= parts.length) continue;
    const scoped = parts[at + 1].startsWith('@');
    if (scoped && at + 2 >= parts.length) continue;
    dirs.add(parts.slice(0, at + (scoped ? 3 : 2)).join('/'));
  }
  return [...dirs].sort();
}

function repositoryOf(manifest: { repository?: string | { url?: string }; homepage?: string }): string | undefined {
  const repo = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return (repo ?? manifest.homepage)?.replace(/^git\+/, '');
}

/** Reads one package folder: its package.json and its licence file. */
export function readPackage(dir: string): BundledPackage {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string | { type?: string };
    repository?: string | { url?: string };
    homepage?: string;
    author?: string | { name?: string };
  };
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const licence = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? '');
  // The licence first, then any notice file, each whole.
  const files = readdirSync(dir)
    .filter((f) => LICENCE_FILE.test(f))
    .sort((a, b) => Number(/^notice|^third/i.test(a)) - Number(/^notice|^third/i.test(b)) || a.localeCompare(b));
  const text = files.length > 0 ? files.map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/\r\n/g, '\n').trim()).join('\n\n') : undefined;
  const source = repositoryOf(manifest);
  return { name: manifest.name, version: manifest.version, licence, ...(text !== undefined ? { text } : {}), ...(source ? { source } : {}), ...(author ? { author } : {}) };
}

/** The packages that can ship: each has a licence file or at least a declared licence. */
export function missingLicences(packages: readonly BundledPackage[]): string[] {
  return packages.filter((p) => p.text === undefined && p.licence === '').map((p) => `${p.name}@${p.version}`);
}

/** The notices file: a header, a list of the packages, then each package's licence text. */
export function renderNotices(packages: readonly BundledPackage[]): string {
  const unique = [...new Map(packages.map((p) => [`${p.name}@${p.version}`, p])).values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const licenceOf = (p: BundledPackage): string => (CHOSEN[p.name] ? `${CHOSEN[p.name]}, chosen from ${p.licence}` : p.licence);
  const rule = '-'.repeat(78);
  const head = [
    'Azure Site Recovery for Hyper-V: third-party notices',
    '',
    'This extension bundles the npm packages below. Each is listed with its version and licence,',
    'followed by the licence text and copyright notices the package ships with.',
    '',
    ...unique.map((p) => `- ${p.name} ${p.version} (${licenceOf(p)})`),
  ];
  const bodies = unique.map((p) =>
    [rule, `${p.name} ${p.version}`, `Licence: ${licenceOf(p)}`, ...(p.source ? [`Source: ${p.source}`] : []), '', p.text ?? declaredLicence(p)].join('\n'),
  );
  return `${[head.join('\n'), ...bodies].join('\n\n')}\n`;
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const metaDir = path.join(root, 'dist', 'meta');
  if (!existsSync(metaDir)) throw new Error(`${metaDir} is missing: run "node esbuild.mjs" first`);
  const inputs = readdirSync(metaDir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => shippedInputs(JSON.parse(readFileSync(path.join(metaDir, f), 'utf8')) as Parameters<typeof shippedInputs>[0]));
  const packages = packageDirs(inputs).map((d) => readPackage(path.join(root, d)));
  const missing = missingLicences(packages);
  if (missing.length > 0) {
    process.stderr.write(`No licence found for ${missing.join(', ')}: add its notice by hand before it ships.\n`);
    process.exit(1);
  }
  const out = path.join(root, 'dist', 'ThirdPartyNotices.txt');
  writeFileSync(out, renderNotices(packages));
  process.stdout.write(`  ${path.relative(root, out)}: ${new Set(packages.map((p) => p.name)).size} packages\n`);
}

if (require.main === module) main();
