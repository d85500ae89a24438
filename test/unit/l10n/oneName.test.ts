// One name for one thing (issue 13): the action that signs in and chooses a vault is "Connect to a
// Vault" as a command title and "Connect to a vault" in links, buttons, titles and sentences;
// never "Sign in to Azure", "Connect to Azure" or "Connect to a Recovery Services vault". (The
// Connect wizard's first page, "Sign in to Microsoft Azure", names a step, not this action.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
// The bundle's keys are the English texts (a value may be an object with a comment).
const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
const bundleTexts = Object.fromEntries(Object.keys(bundle).map((text) => [text, text]));

/** Other names this action had: wrong as a link, a button or a title. */
const otherNames = /^(sign in to azure|connect to azure|connect to a recovery services vault)\b/i;
/** The old command name in a sentence ("Run 'Azure Site Recovery: Connect' first"). */
const oldCommandName = /Azure Site Recovery: Connect(?! to a Vault)/;

/** Every [text](target) of a Markdown text. */
function links(text: string): { text: string; target: string }[] {
  return [...text.matchAll(/\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => ({ text: m[1] ?? '', target: m[2] ?? '' }));
}

/** What is wrong with the texts: links or whole strings with no full stop (buttons, titles) named otherwise, and old phrasings in sentences. */
function misnamed(texts: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [key, text] of Object.entries(texts)) {
    for (const link of links(text)) {
      if (otherNames.test(link.text)) found.push(`${key}: link [${link.text}]`);
      if (link.target === 'command:azureSiteRecovery.connect' && link.text !== 'Connect to a vault') found.push(`${key}: link [${link.text}] to Connect`);
    }
    if (otherNames.test(text.trim()) && /^[^.!?]*…?$/.test(text.trim())) found.push(`${key}: button or title "${text}"`);
    if (/connect to a recovery services vault/i.test(text)) found.push(`${key}: "${text}"`);
    if (oldCommandName.test(text)) found.push(`${key}: the old command name in "${text}"`);
  }
  return found;
}

/** The source files below a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|ps1)$/.test(name) ? [path] : [];
  });
}

describe('one name for Connect to a vault', () => {
  it('the command title is "Connect to a Vault" (Title Case, as every command title)', () => {
    assert.equal(nls['command.connect'], 'Connect to a Vault');
  });

  it('package.nls.json: every welcome link to Connect reads "Connect to a vault", no other name', () => {
    assert.deepEqual(misnamed(nls), []);
    const connectLinks = Object.values(nls).flatMap((t) => links(t).filter((l) => l.target === 'command:azureSiteRecovery.connect'));
    assert.ok(connectLinks.length >= 3, 'the welcome views link to Connect');
  });

  it('the l10n bundle: no button, title or link named "Sign in to Azure" or "Connect to Azure", no old phrasing', () => {
    assert.deepEqual(misnamed(bundleTexts), []);
  });

  it('src/, README.md and docs/: the command is named "Azure Site Recovery: Connect to a Vault"', () => {
    const files = [...sources(join(root, 'src')), join(root, 'README.md'), ...readdirSync(join(root, 'docs')).map((f) => join(root, 'docs', f))].filter((f) => statSync(f).isFile());
    const found = files.filter((f) => oldCommandName.test(readFileSync(f, 'utf8'))).map((f) => f.slice(root.length + 1));
    assert.deepEqual(found, []);
  });

  it('can fail: each old name is caught, a sentence naming the wizard step is not', () => {
    const caught = misnamed({
      a: 'Welcome.\n[Sign in to Azure](command:azureSiteRecovery.connect)',
      b: '[Connect to a Vault](command:azureSiteRecovery.connect)',
      c: 'Connect to Azure',
      d: 'Connect to a Recovery Services vault first.',
      e: "Run 'Azure Site Recovery: Connect' first.",
      f: 'Sign in to Azure…',
    });
    assert.deepEqual(
      caught.map((c) => c.split(':')[0]),
      ['a', 'a', 'b', 'c', 'd', 'e', 'f'],
    );
    assert.deepEqual(misnamed({ step: 'Sign in to Microsoft Azure', sentence: 'Sign in to Azure first.' }), []);
  });
});
