/**
 * Serves a webview bundle to Chromium as its panel would load it: the bundle built from source, its
 * stylesheets, and the page buildWizardHtml makes (the panels' exact HTML and Content Security
 * Policy, with 'self' as the cspSource), on a free local port. Shared by the browser tests.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { buildWizardHtml } from '../../src/webviews/html';

const ROOT = path.resolve(__dirname, '..', '..');

export interface WebviewServer {
  /** The page's URL. */
  base: string;
  close(): void;
}

/** `entry` (under src/webviews/ui/) built as the panels' bundle, with `styles` (under media/). */
export async function serveWebview(options: { entry: string; styles: readonly string[]; title: string; wizard: string }): Promise<WebviewServer> {
  const bundle = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/webviews/ui', options.entry)],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'warning',
  });
  const script = bundle.outputFiles[0].contents;
  const css = new Map(options.styles.map((name) => [`/${name}`, fs.readFileSync(path.join(ROOT, 'media', name))]));
  const server = http.createServer((req, res) => {
    const style = css.get(req.url ?? '');
    if (req.url === '/bundle.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (style) return void res.writeHead(200, { 'content-type': 'text/css' }).end(style);
    if (req.url === '/') {
      const styleUris = options.styles.map((name) => `/${name}`);
      const html = buildWizardHtml({ cspSource: "'self'", scriptUri: '/bundle.js', styleUris, title: options.title, wizard: options.wizard, initialState: null }).html;
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/**
 * Before the page loads: CSP violations and page errors go to `violations`, acquireVsCodeApi posts
 * to `toHost` and keeps the state it is given (starting from `savedState`), and `extraScript` runs.
 */
export async function standInForVsCode(page: Page, violations: string[], toHost: (m: unknown) => void, savedState: unknown = null, extraScript = ''): Promise<void> {
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  await page.exposeFunction('__toHost', toHost);
  // A string, not a function: tsx would add helpers to a function's source that the page lacks.
  await page.addInitScript(`
    let state = ${JSON.stringify(savedState)};
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => state, setState: (s) => { state = s; } });
    document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation: ' + e.violatedDirective));
    ${extraScript}
  `);
}
