// Builds a wizard panel's HTML. Pure (no vscode): the panel host passes in the webview's
// cspSource and the asWebviewUri'd script and style URIs. Strict CSP with a fresh nonce per
// load; no inline script or style, no inline handlers; the initial state travels as an escaped
// JSON data attribute that the bundle reads.
import { randomBytes } from 'node:crypto';

/** A fresh 32-character nonce (24 random bytes, base64url). */
export function createNonce(): string {
  return randomBytes(24).toString('base64url');
}

/** Escapes text for HTML element content and (double- or single-quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&#39;';
      default:
        return '&#96;';
    }
  });
}

const noncePattern = /^[A-Za-z0-9_-]{32}$/;
// What VS Code gives as cspSource: scheme/host source expressions, space-separated, and in the
// web workbench (code-server) also the keyword 'self'. Nothing that could end a directive.
const cspSourceToken = /^(?:'self'|[A-Za-z0-9+.\-:/*_]+)$/;

function isPlainCspSource(value: string): boolean {
  const tokens = value.split(' ');
  return value.length > 0 && value.length <= 500 && tokens.every((t) => cspSourceToken.test(t));
}

/**
 * The SHA-256 of the empty string. The UI toolkit (FAST) probes `:focus-visible` support by adding
 * an EMPTY <style> element and inserting a rule through the CSSOM; allowing exactly this hash lets
 * that probe work without allowing a single byte of inline CSS (no 'unsafe-inline').
 */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * The panel's Content-Security-Policy. `default-src` does not cover `base-uri` or `form-action`,
 * so they are 'none' explicitly: no injected <base> can redirect the bundle's relative URLs and
 * no form can post anywhere (the wizards have no <form>; they talk through postMessage).
 */
export function buildCsp(cspSource: string, nonce: string): string {
  if (!isPlainCspSource(cspSource)) throw new Error('cspSource is not a plain source expression');
  if (!noncePattern.test(nonce)) throw new Error('nonce must be 32 base64url characters');
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} ${EMPTY_STYLE_HASH}; img-src ${cspSource}; font-src ${cspSource}; base-uri 'none'; form-action 'none'`;
}

export interface WizardHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(dist/webviews/wizard.js)` as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(media/....css)` as strings. */
  readonly styleUris: readonly string[];
  /** Panel title (text, escaped here). */
  readonly title: string;
  /** Identifies the wizard to the bundle (`data-wizard`). */
  readonly wizard: string;
  /** Initial state, JSON-serialisable. */
  readonly initialState: unknown;
  /** Defaults to a fresh `createNonce()`. */
  readonly nonce?: string;
  /** `lang` attribute; defaults to "en". */
  readonly lang?: string;
}

export interface WizardHtml {
  readonly html: string;
  readonly nonce: string;
}

/** The full document for one load of a wizard panel. */
export function buildWizardHtml(options: WizardHtmlOptions): WizardHtml {
  const nonce = options.nonce ?? createNonce();
  const csp = buildCsp(options.cspSource, nonce);
  const state = JSON.stringify(options.initialState ?? null) ?? 'null';
  const styles = options.styleUris.map((uri) => `    <link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(options.lang ?? 'en')}">`,
    '  <head>',
    '    <meta charset="UTF-8">',
    `    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '    <meta name="viewport" content="width=device-width, initial-scale=1.0">',
    styles,
    `    <title>${escapeHtml(options.title)}</title>`,
    '  </head>',
    `  <body data-wizard="${escapeHtml(options.wizard)}" data-state="${escapeHtml(state)}">`,
    `    <main id="root" aria-live="polite" aria-label="${escapeHtml(options.title)}"></main>`,
    `    <script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>`,
    '  </body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { html: `${html}\n`, nonce };
}
