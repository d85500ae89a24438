/**
 * node-powershell as the runner uses it prints nothing through child-shell's debugger, whatever
 * DEBUG says (it would print every command and every output chunk). The executable is node
 * itself, which refuses PowerShell's options and exits: the debugger prints as soon as the shell
 * starts, so that is enough to see it. The plain node-powershell shows that the check can fail.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { PowerShell } from 'node-powershell';
import { NodePowerShell, createNodePowerShell } from '../../../src/services/hyperv/nodePowerShell';

interface DebugModule {
  enable(namespaces: string): void;
  disable(): string;
}
const debugModule = createRequire(require.resolve('child-shell'))('debug') as DebugModule;

async function consoleLinesWhileStarting(create: () => PowerShell): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  const was = debugModule.disable();
  debugModule.enable('*,-mocha:*');
  console.log = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  try {
    const shell = create();
    await shell.dispose().catch(() => undefined);
  } finally {
    console.log = log;
    debugModule.disable();
    if (was) debugModule.enable(was);
  }
  return lines;
}

describe('services/hyperv/nodePowerShell', () => {
  it('prints nothing with DEBUG=* (child-shell would print the command line and every command)', async () => {
    const plain = await consoleLinesWhileStarting(() => new PowerShell({ executable: process.execPath }));
    assert.ok(
      plain.some((l) => l.includes('shell process started')),
      `the plain node-powershell prints: ${plain.join(' | ')}`,
    );
    assert.deepEqual(await consoleLinesWhileStarting(() => createNodePowerShell({ executable: process.execPath })), []);
  });

  it("refuses an empty executable (the runner's test of the real node-powershell shows a path is used as given)", () => {
    assert.throws(() => createNodePowerShell({ executable: '' }), /No PowerShell executable/);
    assert.ok(NodePowerShell.prototype instanceof PowerShell);
  });
});
