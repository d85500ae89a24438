// The Get Started walkthrough of package.json (contributes.walkthroughs): each step's strings are
// in package.nls.json, its image exists, its buttons run contributed commands, and it completes by
// a context key the extension sets (src/extension.ts: contextKeys; src/estate/walkthroughContext.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkthroughContextKeys } from '../../../src/estate/walkthroughContext';
import { contextKeys } from '../../../src/tree/presentation';

const root = join(__dirname, '..', '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; altText: string };
  completionEvents: string[];
}
interface Manifest {
  name: string;
  publisher: string;
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; title: string; description: string; steps: Step[] }[] };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const walkthroughs = manifest.contributes.walkthroughs;
const commands = new Set(manifest.contributes.commands.map((c) => c.command));

/** The English text of a `%key%` reference (fails when the key is missing). */
function text(ref: string): string {
  const m = /^%(.+)%$/.exec(ref);
  assert.ok(m, `${ref} is not a %key% reference to package.nls.json`);
  const value = nls[m[1] ?? ''];
  assert.ok(value, `package.nls.json has no ${ref}`);
  return value;
}

/** [label, command id] of each `[label](command:id)` link of a text. */
function commandLinks(value: string): [string, string][] {
  return [...value.matchAll(/\[([^\]]+)\]\(command:([A-Za-z.]+)\)/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

describe('the Get Started walkthrough (package.json)', () => {
  const [walkthrough] = walkthroughs;

  it('is one walkthrough, with the steps connect, add a host, enable replication, test failover', () => {
    assert.equal(walkthroughs.length, 1);
    assert.ok(walkthrough);
    assert.equal(text(walkthrough.title), 'Get started with Azure Site Recovery for Hyper-V');
    text(walkthrough.description);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['connect', 'addHost', 'enableReplication', 'testFailover'],
    );
  });

  it('the Get Started command opens it by the id VS Code gives it (<publisher>.<name>#<id>)', () => {
    const source = readFileSync(join(root, 'src', 'commands', 'openWalkthrough.ts'), 'utf8');
    assert.match(source, new RegExp(`WALKTHROUGH_ID = '${manifest.publisher}\\.${manifest.name}#${walkthrough?.id ?? ''}'`));
    assert.ok(commands.has('azureSiteRecovery.openWalkthrough'));
  });

  for (const step of walkthroughs[0]?.steps ?? []) {
    it(`step "${step.id}": texts, an existing image with alt text, buttons for contributed commands, a key the extension sets`, () => {
      assert.ok(text(step.title).length <= 40, 'a short title');
      assert.ok(text(step.media.altText).length > 0);
      const file = step.media.svg ?? step.media.image ?? '';
      assert.match(file, /^media\/walkthrough\/[A-Za-z]+\.(svg|png)$/);
      assert.ok(existsSync(join(root, file)), `${file} exists`);
      const links = commandLinks(text(step.description));
      assert.ok(links.length > 0, 'at least one button');
      for (const [, id] of links) assert.ok(commands.has(id), `${id} is a contributed command`);
      const setByTheExtension = new Set<string>([contextKeys.connected, ...Object.values(walkthroughContextKeys)]);
      assert.ok(step.completionEvents.length > 0);
      for (const event of step.completionEvents) {
        const key = /^onContext:(.+)$/.exec(event)?.[1];
        assert.ok(key !== undefined && setByTheExtension.has(key), `${event} is onContext: a key the extension sets`);
      }
    });
  }

  it('says "Connect to a vault", the one name of that action, and each key completes one step, in order', () => {
    const connect = walkthrough?.steps[0];
    assert.deepEqual(commandLinks(text(connect?.description ?? '')).slice(0, 1), [['Connect to a vault', 'azureSiteRecovery.connect']]);
    assert.equal(text(connect?.title ?? ''), 'Connect to a vault');
    assert.deepEqual(
      walkthrough?.steps.map((s) => s.completionEvents),
      [
        ['onContext:azureSiteRecovery.connected'],
        ['onContext:azureSiteRecovery.hasHosts'],
        ['onContext:azureSiteRecovery.hasProtectedVm'],
        ['onContext:azureSiteRecovery.testFailoverDone'],
      ],
    );
  });

  it('its images are drawn in the theme colours, so they read in light and dark themes', () => {
    for (const step of walkthrough?.steps ?? []) {
      const svg = readFileSync(join(root, step.media.svg ?? ''), 'utf8');
      assert.match(svg, /var\(--vscode-foreground/);
      assert.match(svg, /var\(--vscode-editor-background/);
    }
  });
});
