// Every action a dashboard row offers runs a command the extension contributes and registers, so
// the dashboard never has to ask VS Code whether it exists.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardActionCommands } from '../../../src/dashboard/dashboardTypes';

const root = join(__dirname, '..', '..', '..');

describe('dashboard actions', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  const sources = readdirSync(join(root, 'src', 'commands'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, 'src', 'commands', f), 'utf8'))
    .join('\n');

  for (const [action, command] of Object.entries(dashboardActionCommands)) {
    it(`${action} runs ${command}, which package.json contributes and src/commands registers`, () => {
      assert.ok(contributed.has(command), `${command} is not in package.json's contributes.commands`);
      assert.ok(sources.includes(`'${command}'`), `no module under src/commands names ${command}`);
    });
  }
});
