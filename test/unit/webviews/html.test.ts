import assert from 'node:assert/strict';
import { buildCsp, buildWizardHtml, createNonce, EMPTY_STYLE_HASH, escapeHtml } from '../../../src/webviews/html';

const base = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webviews/wizard.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/webview.css'],
  title: 'Enable replication',
  wizard: 'shell',
  initialState: { a: 1 },
};

/** Parses a CSP into directive name -> source list; a repeated directive fails the test. */
function parseCsp(csp: string): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!(name in directives), `directive ${name} appears twice`);
    directives[name] = sources;
  }
  return directives;
}

describe('webviews/html', () => {
  it('builds the exact CSP', () => {
    const n = 'A'.repeat(32);
    assert.equal(
      buildCsp(base.cspSource, n),
      `default-src 'none'; script-src 'nonce-${n}'; style-src ${base.cspSource} ${EMPTY_STYLE_HASH}; img-src ${base.cspSource}; font-src ${base.cspSource}; base-uri 'none'; form-action 'none'`,
    );
  });
  it('parsed, the CSP has exactly the expected directives, base-uri and form-action included', () => {
    const n = 'A'.repeat(32);
    for (const source of [base.cspSource, "'self' https://*.vscode-cdn.net"]) {
      assert.deepEqual(parseCsp(buildCsp(source, n)), {
        'default-src': ["'none'"],
        'script-src': [`'nonce-${n}'`],
        'style-src': [...source.split(' '), EMPTY_STYLE_HASH],
        'img-src': source.split(' '),
        'font-src': source.split(' '),
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
      });
    }
  });
  it('the document carries the same parsed CSP (no <base> or form target can be set)', () => {
    const { html, nonce } = buildWizardHtml(base);
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(m);
    const csp = parseCsp(m[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
    assert.deepEqual(csp['base-uri'], ["'none'"]);
    assert.deepEqual(csp['form-action'], ["'none'"]);
    assert.deepEqual(csp['default-src'], ["'none'"]);
    assert.deepEqual(csp['script-src'], [`'nonce-${nonce}'`]);
  });
  it('puts the CSP in the document and nothing unsafe', () => {
    const { html, nonce } = buildWizardHtml(base);
    assert.ok(html.includes(`content="default-src &#39;none&#39;; script-src &#39;nonce-${nonce}&#39;; style-src ${base.cspSource} ${EMPTY_STYLE_HASH.replace(/'/g, '&#39;')};`));
    assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
  });
  it('nonce is 32 base64url characters and differs on each load', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const n = createNonce();
      assert.match(n, /^[A-Za-z0-9_-]{32}$/);
      seen.add(n);
    }
    assert.equal(seen.size, 50);
    assert.notEqual(buildWizardHtml(base).nonce, buildWizardHtml(base).nonce);
  });
  it('the only script is the nonce-tagged bundle, and there is no inline script, style or handler', () => {
    const { html, nonce } = buildWizardHtml(base);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="${base.scriptUri}">`]);
    assert.ok(html.includes('<script nonce') && html.includes('></script>'));
    assert.ok(!/<script[^>]*>[^<]/.test(html));
    assert.ok(!/<style/i.test(html));
    assert.ok(!/\son[a-z]+=/i.test(html));
    assert.ok(!/\sstyle=/i.test(html));
    assert.ok(html.includes(`<link rel="stylesheet" href="${base.styleUris[0]}">`));
  });
  it('escapes the title everywhere', () => {
    const { html } = buildWizardHtml({ ...base, title: '<script>alert("x")</script>&\'' });
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</title>'));
  });
  it('passes the state as an escaped JSON data attribute', () => {
    const state = { title: '"><script>alert(1)</script>', n: "a&b'c" };
    const { html } = buildWizardHtml({ ...base, initialState: state });
    const m = /data-state="([^"]*)"/.exec(html);
    assert.ok(m);
    assert.ok(!m[1].includes('<') && !m[1].includes('>'));
    const decoded = m[1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#96;/g, '`')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), state);
  });
  it('escapes URIs, the wizard name and lang', () => {
    const { html } = buildWizardHtml({ ...base, scriptUri: 'x" onload="evil()', wizard: '"><b>', lang: 'en"><i>', styleUris: ['a"b'] });
    assert.ok(!html.includes('" onload="'));
    assert.ok(!html.includes('<b>') && !html.includes('<i>'));
    assert.ok(html.includes('href="a&quot;b"'));
  });
  it('refuses a cspSource that could inject a directive', () => {
    assert.throws(() => buildCsp("https://x; script-src 'unsafe-inline'", 'A'.repeat(32)));
    assert.throws(() => buildCsp('https://x\n', 'A'.repeat(32)));
    assert.throws(() => buildCsp("'unsafe-inline'", 'A'.repeat(32)));
    assert.throws(() => buildCsp("'self' 'unsafe-eval'", 'A'.repeat(32)));
    assert.throws(() => buildCsp('', 'A'.repeat(32)));
  });
  it("accepts the web workbench's cspSource, which includes 'self' (code-server)", () => {
    const csp = buildCsp("'self' https://*.vscode-cdn.net", 'A'.repeat(32));
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${'A'.repeat(32)}'; style-src 'self' https://*.vscode-cdn.net ${EMPTY_STYLE_HASH}; img-src 'self' https://*.vscode-cdn.net; font-src 'self' https://*.vscode-cdn.net; base-uri 'none'; form-action 'none'`,
    );
  });
  it('refuses a malformed nonce', () => {
    assert.throws(() => buildWizardHtml({ ...base, nonce: "abc' 'unsafe-inline" }));
  });
  it('escapeHtml', () => {
    assert.equal(escapeHtml(`<a href="x">'&\``), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#96;');
  });
});

describe('the empty-style hash', () => {
  it('is the SHA-256 of the empty string, so it allows no inline CSS at all', async () => {
    const { createHash } = await import('node:crypto');
    assert.equal(EMPTY_STYLE_HASH, `'sha256-${createHash('sha256').update('').digest('base64')}'`);
  });
});
