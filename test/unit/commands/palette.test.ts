// The command palette offers only what can work now (issue 13): a command that needs the vault is
// hidden until one is connected, Sign Out until signed in; the others are always there. Read from
// package.json; every `when` clause names only context keys the extension sets (or VS Code's).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextKeys } from '../../../src/tree/presentation';
import { evaluateWhen, parseWhen } from '../tree/whenClause';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    viewsWelcome: { view: string; when?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const palette = manifest.contributes.menus.commandPalette ?? [];
const id = (name: string): string => `azureSiteRecovery.${name}`;

/** Commands that work with no sign-in and no vault: each says what it needs, or needs nothing of Azure. */
// The recovery dashboard shows the hosts' VMs before a vault is connected, as the tree does.
const alwaysAvailable = ['connect', 'refresh', 'addHost', 'forgetHostCredentials', 'showLog', 'showDrills', 'openWalkthrough', 'showDashboard'].map(id);
/** Commands that act on the signed-in session. */
const needSignIn = ['signOut'].map(id);
/** Commands that act on the vault (its VMs, its jobs, its portal page): from the palette they ask for a VM or a job. */
const needVault = [
  'enableReplication',
  'failover',
  'testFailover',
  'cleanupTestFailover',
  'runDrill',
  'plannedFailover',
  'unplannedFailover',
  'commitFailover',
  'failback',
  'reverseReplication',
  'disableReplication',
  'showJobs',
  'cancelJob',
  'restartJob',
  'resumeJob',
  'openInPortal',
  'checkReadiness',
  'checkClientReconnection',
  'computeAndNetwork',
  // Several vaults (issue 16 §3): beside a connected first vault.
  'addVault',
  'removeVault',
  'createRecoveryPlan',
  'editRecoveryPlan',
  'deleteRecoveryPlan',
  'testFailoverRecoveryPlan',
  'cleanupTestFailoverRecoveryPlan',
  'plannedFailoverRecoveryPlan',
  'unplannedFailoverRecoveryPlan',
  'commitRecoveryPlan',
  'failbackRecoveryPlan',
  'reverseReplicationRecoveryPlan',
].map(id);

/** The keys a clause may name: the extension's own and VS Code's view keys. */
const knownKeys = new Set<string>([...Object.values(contextKeys), 'view', 'viewItem']);

function shownInPalette(context: Record<string, boolean>): string[] {
  return manifest.contributes.commands
    .map((c) => c.command)
    .filter((command) => palette.filter((e) => e.command === command).every((e) => evaluateWhen(e.when, context)))
    .sort();
}

describe('the command palette shows what can work now', () => {
  it('every contributed command is on exactly one list: always available, needs a sign-in, needs a vault', () => {
    const listed = [...alwaysAvailable, ...needSignIn, ...needVault];
    assert.equal(new Set(listed).size, listed.length, 'a command is on two lists');
    assert.deepEqual([...listed].sort(), manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('each command has a palette rule, or none because it is always available', () => {
    for (const command of manifest.contributes.commands.map((c) => c.command)) {
      const rules = palette.filter((e) => e.command === command);
      if (alwaysAvailable.includes(command)) assert.deepEqual(rules, [], `${command} is always available: no rule`);
      else assert.equal(rules.length, 1, `${command} has one palette rule`);
    }
    for (const e of palette) {
      assert.ok(e.when !== undefined && e.when !== 'false' && e.when !== 'never', `${e.command}: it works from the palette once signed in or connected`);
    }
  });

  it('signed out: only the commands that need nothing; signed in: Sign Out too; connected: every command', () => {
    assert.deepEqual(shownInPalette({}), [...alwaysAvailable].sort());
    assert.deepEqual(shownInPalette({ [contextKeys.signedIn]: true }), [...alwaysAvailable, ...needSignIn].sort());
    assert.deepEqual(shownInPalette({ [contextKeys.signedIn]: true, [contextKeys.connected]: true }), manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('every when clause (menus and welcome views) names only known context keys', () => {
    const clauses = [
      ...Object.entries(manifest.contributes.menus).flatMap(([menu, entries]) => entries.map((e) => [`${menu} ${e.command}`, e.when] as const)),
      ...manifest.contributes.viewsWelcome.map((w) => [`viewsWelcome ${w.view}`, w.when] as const),
    ];
    for (const [where, when] of clauses) {
      if (when === undefined) continue;
      for (const term of parseWhen(when)) assert.ok(knownKeys.has(term.key), `${where}: unknown context key ${term.key} in "${when}"`);
    }
  });

  it('can fail: a misspelt context key is caught', () => {
    const keys = parseWhen('azureSiteRecovery.conected').map((t) => t.key);
    assert.ok(keys.some((k) => !knownKeys.has(k)));
  });
});
