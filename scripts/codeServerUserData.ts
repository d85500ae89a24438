/**
 * code-server's user-data and extensions folders: the empty config file kept in the user-data
 * folder, the environment code-server runs with, and the extensions installed in an extensions
 * folder (a .vsix installed as "Install from VSIX…" does, and the list of what is there).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from './loggedCommand';

/** Where code-server reads its config: an explicit, empty file keeps it from creating ~/.config/code-server/config.yaml. */
export function emptyConfigFile(userDataDir: string): string {
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, '');
  return configFile;
}

/**
 * The environment for a code-server process: variables of an enclosing VS Code / code-server
 * (VSCODE_IPC_HOOK_CLI and the like) would make it hand its work to that one, and an outer
 * `npm run`'s npm_* variables are dropped.
 */
export function codeServerEnv(configFile: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VSCODE_|CODE_SERVER_)/.test(k) || /^npm_/i.test(k)) continue;
    env[k] = v;
  }
  env.CODE_SERVER_CONFIG = configFile;
  return Object.assign(env, extra);
}

export interface ExtensionDirs {
  bin: string;
  extensionsDir: string;
  userDataDir: string;
}

/**
 * Installs a packaged extension (.vsix) into a code-server extensions folder, as a user does
 * with "Install from VSIX…" (offline: the file is local and has no dependencies). code-server's
 * output goes to logFile (default: install-extension.log in the user-data folder).
 */
export async function installVsix(options: ExtensionDirs & { vsix: string; logFile?: string }): Promise<void> {
  for (const dir of [options.extensionsDir, options.userDataDir]) fs.mkdirSync(dir, { recursive: true });
  const logFile = options.logFile ?? path.join(options.userDataDir, 'install-extension.log');
  const configFile = emptyConfigFile(options.userDataDir);
  await run(
    options.bin,
    ['--config', configFile, '--extensions-dir', options.extensionsDir, '--user-data-dir', options.userDataDir, '--install-extension', path.resolve(options.vsix), '--force'],
    path.dirname(path.resolve(options.vsix)),
    logFile,
    codeServerEnv(configFile),
  );
}

/** The extensions installed in a code-server extensions folder, as `publisher.name@version`. */
export function listExtensions(options: ExtensionDirs): string[] {
  fs.mkdirSync(options.userDataDir, { recursive: true });
  const configFile = emptyConfigFile(options.userDataDir);
  const out = spawnSync(
    options.bin,
    ['--config', configFile, '--extensions-dir', options.extensionsDir, '--user-data-dir', options.userDataDir, '--list-extensions', '--show-versions'],
    { encoding: 'utf8', timeout: 60_000, env: codeServerEnv(configFile) },
  );
  if (out.status !== 0) throw new Error(`code-server --list-extensions failed: ${out.stdout}${out.stderr}${out.error?.message ?? ''}`);
  return out.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[\w.-]+\.[\w.-]+@/.test(l));
}
