// Reads package.json and proves that the tree menus follow the model: every menu entry for a VM
// action shows for exactly the states whose allowed actions include it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtectedItemLike } from '../../../src/model/protectedItem';
import { deriveProtectionStatus, protectionKinds } from '../../../src/model/protectionStatus';
import { allowedActions, asrOperations, kindToken, vmActions } from '../../../src/model/vmActions';
import type { TreeItemModel } from '../../../src/tree/presentation';
import {
  actionCommandId,
  actionForCommandId,
  commandIds,
  contextKeys,
  presentHost,
  presentJob,
  presentMessage,
  presentSite,
  presentVault,
  presentVm,
  runningInAzureKinds,
  viewIds,
  withTransient,
} from '../../../src/tree/presentation';
import { summarizeJob } from '../../../src/model/jobSummary';
import { recordedItem, recordedItemNames } from '../model/recordings';
import type { LifecycleName } from './fixtures';
import { NOW, estateHost, estateVm, itemForKind, labItem, lifecycle } from './fixtures';
import { WhenClauseError, evaluateWhen, parseWhen } from './whenClause';

const root = join(__dirname, '..', '..', '..');

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface CommandEntry {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}
interface Manifest {
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    commands: CommandEntry[];
    menus: Record<string, MenuEntry[]>;
    configuration: { title: string; properties: Record<string, Record<string, unknown>> };
  };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}

const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributes = manifest.contributes;
const itemMenus = contributes.menus['view/item/context'] ?? [];
const vmActionCommandIds: ReadonlySet<string> = new Set<string>(vmActions.map(actionCommandId));

function shownInTree(model: TreeItemModel, view: string, inline: boolean): string[] {
  const shown = itemMenus
    .filter((m) => (m.group === 'inline') === inline)
    .filter((m) => evaluateWhen(m.when, { view, viewItem: model.contextValue }))
    .map((m) => m.command);
  return [...new Set(shown)].sort();
}

function shownVmActions(model: TreeItemModel, inline = false): string[] {
  return shownInTree(model, viewIds.protection, inline).filter((c) => vmActionCommandIds.has(c));
}

function expectedCommands(item: ProtectedItemLike | undefined): string[] {
  return allowedActions(item).map(actionCommandId).sort();
}

const ctx = { now: NOW, policyIntervalSeconds: 300 };

const states: [string, ProtectedItemLike | undefined][] = [
  ...(Object.keys(lifecycle) as LifecycleName[]).map((n): [string, ProtectedItemLike | undefined] => [`lab: ${n}`, lifecycle[n]]),
  ...recordedItemNames.map((n): [string, ProtectedItemLike | undefined] => [`recorded ASR: ${n}`, recordedItem(n)]),
  // Each ASR operation alone, so no two menu entries can hide behind operations that always come together.
  ...asrOperations.map((op): [string, ProtectedItemLike | undefined] => [`only ${op} allowed`, labItem({ protectionState: 'Protected', allowedOperations: [op] })]),
];

describe('package.json menus follow the model', () => {
  describe('when-clause evaluator', () => {
    it('understands view ==, viewItem =~ /re/, bare and negated keys joined by &&', () => {
      const c = { view: 'v', viewItem: 'vm;protected;testFailover', signedIn: true };
      assert.equal(evaluateWhen('view == v && viewItem =~ /(^|;)testFailover(;|$)/', c), true);
      assert.equal(evaluateWhen('view == v && viewItem =~ /(^|;)testFailoverCleanup(;|$)/', c), false);
      assert.equal(evaluateWhen('view == w && viewItem =~ /(^|;)testFailover(;|$)/', c), false);
      assert.equal(evaluateWhen('view != w && signedIn', c), true);
      assert.equal(evaluateWhen('!signedIn', c), false);
      assert.equal(evaluateWhen('!connected', c), true);
      assert.equal(evaluateWhen('viewItem =~ /^VM;/i', c), true);
      assert.equal(evaluateWhen('viewItem =~ /a\\/b|[/]x/', { viewItem: 'a/b' }), true);
      assert.equal(evaluateWhen(undefined, c), true);
    });

    it('throws on forms it does not understand', () => {
      for (const clause of ['a || b', '(a && b)', 'a && ', 'view == a || view == b', 'a in b', 'view =~ x', 'a > 2', 'viewItem =~ /unterminated']) {
        assert.throws(() => parseWhen(clause), WhenClauseError, clause);
      }
    });

    it('understands every when clause in package.json', () => {
      for (const [menu, entries] of Object.entries(contributes.menus)) {
        for (const e of entries) {
          if (e.when !== undefined) {
            assert.doesNotThrow(() => parseWhen(e.when!), `${menu} ${e.command}: ${e.when}`);
          }
        }
      }
      for (const w of contributes.viewsWelcome) {
        assert.doesNotThrow(() => parseWhen(w.when ?? 'true'), w.when);
      }
    });
  });

  describe('VM action menus: shown for exactly the states whose allowed actions include them', () => {
    for (const [name, item] of states) {
      for (const stale of [false, true]) {
        it(`${name}${stale ? ' (stale)' : ''}: [${expectedCommands(item)
          .map((c) => c.replace('azureSiteRecovery.', ''))
          .join(', ')}]`, () => {
          const model = presentVm(estateVm(item, { stale }), ctx);
          assert.deepEqual(shownVmActions(model), expectedCommands(item), model.contextValue);
          const inline = shownVmActions(model, true);
          const testFailoverAllowed = allowedActions(item).includes('testFailover');
          assert.deepEqual(inline, testFailoverAllowed ? [commandIds.testFailover] : [], `inline for ${model.contextValue}`);
        });
      }
    }

    it('the states cover every action (each is shown somewhere) and every kind', () => {
      const shown = new Set(states.flatMap(([, item]) => shownVmActions(presentVm(estateVm(item), ctx))));
      assert.deepEqual([...shown].sort(), [...vmActionCommandIds].sort());
      const kinds = new Set(states.map(([, item]) => deriveProtectionStatus(item).kind));
      // ProtectionUnknown comes from no item (ASR not read): it offers no action at all.
      assert.deepEqual([...kinds].sort(), protectionKinds.filter((k) => k !== 'ProtectionUnknown').sort());
      assert.deepEqual(shownVmActions(presentVm(estateVm(undefined, { protectionUnknown: 'notConnected' }), ctx)), []);
    });

    it('every VM action command has exactly one context-menu entry and its group', () => {
      for (const action of vmActions) {
        // VM entries (a host node may offer Enable Replication for its VMs: tested below).
        const entries = itemMenus.filter((m) => m.command === actionCommandId(action) && m.group !== 'inline' && !m.when?.includes('/^host'));
        assert.equal(entries.length, 1, action);
        assert.match(entries[0].group ?? '', /^\d_[a-z]+@\d+$/, action);
        assert.equal(entries[0].when, `view == ${viewIds.protection} && viewItem =~ /(^|;)${action}(;|$)/`);
      }
      const inline = itemMenus.filter((m) => m.group === 'inline' && vmActionCommandIds.has(m.command));
      assert.deepEqual(
        inline.map((m) => m.command),
        [commandIds.testFailover],
      );
    });

    it('Failover… shows exactly when the VM allows a test, planned or unplanned failover', () => {
      for (const [name, item] of states) {
        const model = presentVm(estateVm(item), ctx);
        const allowed = allowedActions(item).some((a) => a === 'testFailover' || a === 'plannedFailover' || a === 'unplannedFailover');
        assert.equal(shownInTree(model, viewIds.protection, false).includes(commandIds.failover), allowed, name);
      }
      const transient = withTransient(presentVm(estateVm(lifecycle.protected), ctx), 'Starting…');
      assert.equal(shownInTree(transient, viewIds.protection, false).includes(commandIds.failover), false);
    });

    it('while a transient state is shown, no VM action shows', () => {
      for (const [, item] of states) {
        const model = withTransient(presentVm(estateVm(item), ctx), 'Starting…');
        assert.deepEqual(shownVmActions(model), [], model.contextValue);
        assert.deepEqual(shownVmActions(model, true), []);
      }
    });

    it('no VM action shows on vault, site, host, message or job nodes, nor in the Jobs view', () => {
      const others = [
        presentVault({ name: 'v', location: 'westeurope', resourceGroup: 'rg' }),
        presentSite({ name: 's', hostCount: 1 }),
        presentHost(estateHost()),
        presentHost(estateHost({ reachable: false, supported: false, provider: { registered: false } })),
        presentMessage('Host unreachable', 'error'),
        presentJob(summarizeJob({ name: 'j', properties: { state: 'InProgress', allowedActions: ['Cancel', 'Restart'] } }, NOW)),
      ];
      for (const m of others) {
        // A reachable host offers Enable Replication for its VMs (the wizard lists them); nothing else.
        const hostOffer = m.contextValue.startsWith('host;') && m.contextValue.split(';').includes('reachable') ? [commandIds.enableReplication] : [];
        assert.deepEqual(shownVmActions(m), hostOffer, m.contextValue);
        assert.deepEqual(shownVmActions(m, true), [], m.contextValue);
      }
      const protectedVm = presentVm(estateVm(lifecycle.protected), ctx);
      assert.deepEqual(shownInTree(protectedVm, viewIds.jobs, false), []);
      assert.deepEqual(shownInTree(protectedVm, viewIds.jobs, true), []);
    });
  });

  describe('other tree menus', () => {
    it('Open in Azure portal shows exactly for the kinds that run in Azure', () => {
      for (const kind of protectionKinds) {
        const model = presentVm(estateVm(itemForKind[kind]), ctx);
        const shown = shownInTree(model, viewIds.protection, false).includes(commandIds.openInPortal);
        assert.equal(shown, runningInAzureKinds.includes(kind), `${kind} (${model.contextValue})`);
      }
      // The clause names the model's kind tokens.
      const entry = itemMenus.find((m) => m.command === commandIds.openInPortal);
      for (const kind of runningInAzureKinds) {
        assert.ok(entry?.when?.includes(kindToken(kind)), kind);
      }
    });

    it('Add Hyper-V Host shows on site nodes only', () => {
      const nodes = [
        presentVault({ name: 'v', location: 'l', resourceGroup: 'rg' }),
        presentSite({ name: 's', hostCount: 0 }),
        presentHost(estateHost()),
        presentVm(estateVm(lifecycle.protected), ctx),
      ];
      const withAddHost = nodes.filter((m) => shownInTree(m, viewIds.protection, false).includes(commandIds.addHost));
      assert.deepEqual(
        withAddHost.map((m) => m.contextValue),
        ['site'],
      );
    });

    it('Cancel, Restart and Resume show on job nodes by their canCancel / canRestart / canResume tokens, in the Jobs view only', () => {
      const job = (actions: string[], scenarioName = 'PlannedFailover'): TreeItemModel =>
        presentJob(summarizeJob({ name: 'j', properties: { scenarioName, state: 'InProgress', allowedActions: actions } }, NOW));
      const cases: [string[], string[]][] = [
        [[], []],
        [['Cancel'], [commandIds.cancelJob]],
        [['Restart'], [commandIds.restartJob]],
        [
          ['Cancel', 'Restart'],
          [commandIds.cancelJob, commandIds.restartJob],
        ],
        [
          ['Cancel', 'Resume'],
          [commandIds.cancelJob, commandIds.resumeJob],
        ],
      ];
      for (const [actions, expected] of cases) {
        assert.deepEqual(shownInTree(job(actions), viewIds.jobs, false), [...expected].sort(), actions.join(','));
        assert.deepEqual(shownInTree(job(actions), viewIds.protection, false), []);
      }
      assert.deepEqual(shownInTree(job(['Cancel']), viewIds.jobs, true), [commandIds.cancelJob]);
      assert.deepEqual(shownInTree(job(['Cancel', 'Resume']), viewIds.jobs, true), [commandIds.cancelJob, commandIds.resumeJob].sort());
      // A test failover lists Resume but the cmdlet refuses to resume it: no Resume button.
      assert.deepEqual(shownInTree(job(['Cancel', 'Resume'], 'TestFailover'), viewIds.jobs, false), [commandIds.cancelJob]);
    });

    it('view/title: refresh, the recovery dashboard and connect on the Protection view, refresh on the Jobs view', () => {
      const title = contributes.menus['view/title'] ?? [];
      const nav = (view: string): string[] =>
        title.filter((m) => m.group?.startsWith('navigation') && evaluateWhen(m.when, { view, [contextKeys.signedIn]: true })).map((m) => m.command);
      assert.deepEqual(nav(viewIds.protection), [commandIds.refresh, commandIds.showDashboard, commandIds.connect]);
      assert.deepEqual(nav(viewIds.jobs), [commandIds.refresh]);
    });
  });

  describe('commands, views and strings', () => {
    const commands = contributes.commands;
    const commandSet = new Set(commands.map((c) => c.command));

    it('contributes exactly the commands of commandIds, each in the category with an nls title', () => {
      assert.deepEqual([...commandSet].sort(), Object.values(commandIds).sort());
      assert.equal(commandSet.size, commands.length, 'no duplicates');
      for (const c of commands) {
        assert.equal(c.category, '%category%', c.command);
        assert.equal(c.title, `%command.${c.command.replace('azureSiteRecovery.', '')}%`);
      }
    });

    it('every command in a menu exists in contributes.commands', () => {
      for (const [menu, entries] of Object.entries(contributes.menus)) {
        for (const e of entries) {
          assert.ok(commandSet.has(e.command), `${menu}: ${e.command}`);
        }
      }
    });

    it('every command stays in the command palette (no commandPalette "never")', () => {
      for (const e of contributes.menus.commandPalette ?? []) {
        assert.notEqual(e.when, 'false');
        assert.notEqual(e.when, 'never');
      }
    });

    it('commands shown as buttons have codicon icons; Test Failover has one', () => {
      const buttons = new Set([
        ...(contributes.menus['view/title'] ?? []).filter((m) => m.group?.startsWith('navigation')).map((m) => m.command),
        ...itemMenus.filter((m) => m.group === 'inline').map((m) => m.command),
      ]);
      for (const id of buttons) {
        const icon = commands.find((c) => c.command === id)?.icon;
        assert.match(icon ?? '', /^\$\([a-z-]+\)$/, id);
      }
      assert.ok(buttons.has(commandIds.testFailover));
      assert.equal(commands.find((c) => c.command === commandIds.refresh)?.icon, '$(refresh)');
    });

    it('every VM action command is the model action’s command', () => {
      for (const c of commands) {
        const action = actionForCommandId(c.command);
        if (action !== undefined) {
          assert.equal(actionCommandId(action), c.command);
        }
      }
    });

    it('the activity bar container and its two views', () => {
      assert.deepEqual(contributes.viewsContainers.activitybar, [{ id: viewIds.container, title: '%viewsContainer.title%', icon: 'media/asr.svg' }]);
      assert.deepEqual(
        (contributes.views[viewIds.container] ?? []).map((v) => [v.id, v.name]),
        [
          [viewIds.protection, '%view.protection%'],
          [viewIds.jobs, '%view.jobs%'],
        ],
      );
      assert.equal(nls['viewsContainer.title'], 'Azure Site Recovery');
      assert.equal(nls['view.protection'], 'Protection');
      assert.equal(nls['view.jobs'], 'Jobs');
    });

    it('media/asr.svg is a 24×24 monochrome SVG and is packaged', () => {
      const svg = readFileSync(join(root, 'media', 'asr.svg'), 'utf8');
      assert.match(svg, /^<svg [^>]*width="24" height="24" viewBox="0 0 24 24"/);
      assert.doesNotMatch(svg, /#[0-9a-f]{3,6}\b|rgb\(|<script|<image|href=/i, 'monochrome, no scripts or external refs');
      const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
      // SVGs in media/ are packaged except icon.svg (the source of icon.png).
      assert.match(ignore, /^!media\/\*\*\/!\(icon\)\.svg$/m);
    });

    it('welcome views: sign in, free account, connect, add host; jobs: none in 24 hours; gated by the context keys', () => {
      const welcome = (view: string, context: Record<string, boolean>): string =>
        contributes.viewsWelcome
          .filter((w) => w.view === view && evaluateWhen(w.when, context))
          .map((w) => nls[w.contents.slice(1, -1)] ?? '')
          .join('\n');
      const signedOut = welcome(viewIds.protection, {});
      assert.match(signedOut, /\[Connect to a vault\]\(command:azureSiteRecovery\.connect\)/);
      assert.match(signedOut, /\(https:\/\/azure\.microsoft\.com\/free\/\)/);
      assert.match(signedOut, /\(command:azureSiteRecovery\.addHost\)/);
      const signedIn = welcome(viewIds.protection, { [contextKeys.signedIn]: true });
      assert.match(signedIn, /\[Connect to a vault\]\(command:azureSiteRecovery\.connect\)/);
      assert.match(signedIn, /\[Add a Hyper-V Host\]\(command:azureSiteRecovery\.addHost\)/);
      assert.doesNotMatch(signedIn, /Sign in to Azure/);
      const connected = welcome(viewIds.protection, { [contextKeys.signedIn]: true, [contextKeys.connected]: true });
      assert.match(connected, /command:azureSiteRecovery\.addHost/);
      assert.doesNotMatch(connected, /Connect to a vault/i);
      assert.equal(welcome(viewIds.jobs, { [contextKeys.signedIn]: true, [contextKeys.connected]: true }), 'No Site Recovery jobs in the last 24 hours.');
      for (const w of contributes.viewsWelcome) {
        for (const m of (nls[w.contents.slice(1, -1)] ?? '').matchAll(/\(command:([\w.]+)/g)) {
          assert.ok(commandSet.has(m[1]), m[1]);
        }
        for (const key of (w.when ?? '').match(/azureSiteRecovery\.\w+/g) ?? []) {
          assert.ok((Object.values(contextKeys) as string[]).includes(key), key);
        }
      }
    });

    it('every %key% in package.json has an entry in package.nls.json, and every nls key is used', () => {
      const used = new Set([...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
      for (const key of used) {
        assert.ok(Object.hasOwn(nls, key), `missing nls key ${key}`);
        assert.ok((nls[key] ?? '').trim().length > 0, `empty nls value ${key}`);
      }
      assert.deepEqual(
        Object.keys(nls).filter((k) => !used.has(k)),
        [],
        'unused nls keys',
      );
    });

    it('settings: markdownDescription from nls everywhere, the poll intervals with defaults and minimums', () => {
      const props = contributes.configuration.properties;
      for (const [key, p] of Object.entries(props)) {
        assert.equal(p.description, undefined, key);
        assert.match(String(p.markdownDescription), /^%config\.[\w.]+%$/, key);
      }
      assert.deepEqual(
        {
          type: props['azureSiteRecovery.jobs.activePollSeconds']?.type,
          default: props['azureSiteRecovery.jobs.activePollSeconds']?.default,
          minimum: props['azureSiteRecovery.jobs.activePollSeconds']?.minimum,
        },
        { type: 'number', default: 10, minimum: 2 },
      );
      assert.deepEqual(
        {
          type: props['azureSiteRecovery.jobs.idlePollSeconds']?.type,
          default: props['azureSiteRecovery.jobs.idlePollSeconds']?.default,
          minimum: props['azureSiteRecovery.jobs.idlePollSeconds']?.minimum,
        },
        { type: 'number', default: 120, minimum: 10 },
      );
      for (const key of [
        'azureSiteRecovery.cloud',
        'azureSiteRecovery.customCloud.resourceManagerEndpoint',
        'azureSiteRecovery.customCloud.authorityHost',
        'azureSiteRecovery.customCloud.caCertificatePath',
        'azureSiteRecovery.hyperV.powershellPath',
        'azureSiteRecovery.hyperV.hosts',
        'azureSiteRecovery.hyperV.scriptTimeoutSeconds',
      ]) {
        assert.ok(props[key], `existing setting ${key} kept`);
      }
    });

    it('the manifest still has its entry point, scripts and the files it names', () => {
      assert.equal((manifest as unknown as { main: string }).main, './dist/extension.js');
      assert.ok(manifest.scripts.package?.includes('vsce package'));
      assert.ok(existsSync(join(root, contributes.viewsContainers.activitybar[0].icon)));
    });
  });
});
