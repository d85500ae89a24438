/**
 * The commands the extension registers (src/commands/all.ts, one file per command) are exactly
 * the ones package.json contributes. Read as text: the command modules import vscode.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');

describe('command registry', () => {
  const dir = path.join(root, 'src', 'commands');
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/^\s+id: '(azureSiteRecovery\.[A-Za-z]+)',$/gm)].map((m) => m[1]));
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('implements every contributed command', () => {
    assert.deepEqual([...new Set(ids)].sort(), [...contributed].sort());
  });
  it('registers every implemented command in all.ts', () => {
    const all = readFileSync(path.join(dir, 'all.ts'), 'utf8');
    const listed = [...all.matchAll(/^  ([a-zA-Z]+Command),$/gm)].map((m) => m[1]);
    assert.equal(listed.length, ids.length, 'one entry per command');
  });
});
