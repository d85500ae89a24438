/**
 * The commands the extension registers (the `allCommands` list of src/commands/all.ts, one file
 * per command) are exactly the ones package.json contributes, each once, by id. Read as text: the
 * command modules import vscode. Each entry of the list is resolved to the id of the spec it names
 * through the module all.ts imports it from, so a missing, doubled or wrongly imported entry fails.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const dir = path.join(root, 'src', 'commands');

/** `export const xCommand: CommandSpec = {\n  id: 'azureSiteRecovery.x',` → { xCommand: 'azureSiteRecovery.x' } */
function specsIn(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^export const ([a-zA-Z]+Command): CommandSpec = \{\n\s+id: '(azureSiteRecovery\.[A-Za-z]+)',$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

/** The command id behind each entry of the `allCommands` array, in order. */
function registeredIds(allText: string): string[] {
  const from = new Map<string, string>();
  for (const m of allText.matchAll(/^import \{([^}]+)\} from '\.\/([A-Za-z]+)';$/gm)) {
    for (const name of (m[1] ?? '').split(',').map((n) => n.trim())) from.set(name, m[2] ?? '');
  }
  const list = /export const allCommands: readonly CommandSpec\[\] = \[\n((?:\s+[a-zA-Z]+,\n)*)\];/.exec(allText);
  assert.ok(list, 'all.ts has no allCommands list in the expected shape');
  return (list[1] ?? '')
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((n) => n.length > 0)
    .map((name) => {
      const file = from.get(name);
      assert.ok(file, `all.ts lists ${name} but does not import it`);
      const id = specsIn(readFileSync(path.join(dir, `${file}.ts`), 'utf8')).get(name);
      assert.ok(id, `${name} is not a CommandSpec with an id in src/commands/${file}.ts`);
      return id;
    });
}

describe('command registry', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('every command spec in src/commands is one package.json contributes, and every contributed command has one', () => {
    const ids = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...specsIn(readFileSync(path.join(dir, f), 'utf8')).values()]);
    assert.deepEqual([...ids].sort(), [...new Set(contributed)].sort());
  });

  it('all.ts registers each contributed command exactly once', () => {
    const ids = registeredIds(readFileSync(path.join(dir, 'all.ts'), 'utf8'));
    assert.deepEqual([...ids].sort(), [...contributed].sort());
    assert.equal(new Set(ids).size, ids.length, `an id is listed twice: ${ids.join(', ')}`);
  });

  it('can fail: a list missing a command, or naming one twice, is caught', () => {
    const all = readFileSync(path.join(dir, 'all.ts'), 'utf8');
    const missing = registeredIds(all.replace(/^ {2}showLogCommand,\n/m, ''));
    assert.ok(!missing.includes('azureSiteRecovery.showLog'));
    assert.notDeepEqual([...missing].sort(), [...contributed].sort());
    const doubled = registeredIds(all.replace(/^ {2}showLogCommand,\n/m, '  showLogCommand,\n  showLogCommand,\n'));
    assert.notEqual(new Set(doubled).size, doubled.length);
  });
});
