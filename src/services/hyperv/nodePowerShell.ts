// node-powershell's PowerShell as the runner uses it (node-powershell 5.0.1 on child-shell 5.0.0,
// both pinned: what follows relies on child-shell's Shell.js at that version):
//
// - The executable exactly as given: node-powershell's own setExecutable lets the NODE_POWERSHELL
//   environment variable override the choice and maps some names, which would silently ignore the
//   user's setting.
// - No debug output, whatever DEBUG says: child-shell's debugger (namespace `<EXECUTABLE>:<pid>`)
//   prints every command it sends and every chunk of output to the console. Its private
//   setDebuggers is replaced so that nothing is created to print, not even the start line.
// - No history: child-shell keeps every invocation (command, stdout, stderr) in an unbounded
//   `history` list. It needs the running invocation's entry; the list is emptied when a call ends.
//
// The commands carry no secret anyway (secretInput.ts): this keeps the output of the scripts
// (host and VM names, error messages) out of the console and out of memory too.

import { PowerShell } from 'node-powershell';
import type { InvocationResult, PSExecutableType, PowerShellOptions } from 'node-powershell';

export class NodePowerShell extends PowerShell {
  protected override setExecutable(options: { executable?: PSExecutableType | string }): string {
    const executable = options.executable;
    if (executable === undefined || executable.length === 0) {
      throw new TypeError('No PowerShell executable was given.');
    }
    return executable;
  }

  override async invoke(command: string): Promise<InvocationResult> {
    try {
      return await super.invoke(command);
    } finally {
      this.history.length = 0;
    }
  }
}

const silent = (): void => undefined;

// child-shell's Shell constructor calls this.setDebuggers(options) and uses what it returns as
// this.debuggers ({ comment, command, output }); it is private in its typings, so it is replaced
// on the prototype rather than overridden in the class.
Object.defineProperty(NodePowerShell.prototype, 'setDebuggers', {
  value: () => ({ comment: silent, command: silent, output: silent }),
  writable: true,
  configurable: true,
});

export function createNodePowerShell(options: PowerShellOptions): NodePowerShell {
  return new NodePowerShell(options);
}
