/**
 * code-server for the real-workbench tests (DESIGN.md section 5): install it offline into a cache,
 * and start it for one test run.
 *
 *   npm run codeserver:install            installs (once) and prints the code-server bin path
 *   tsx scripts/codeServer.ts start [dir]  serves [dir] at a free port until Ctrl+C (for a person)
 *
 * Its parts: codeServerInstall.ts (the offline install into the cache), codeServerUserData.ts
 * (the config, environment and extensions folder), codeServerProcess.ts (start and stop),
 * debianPackages.ts (the Debian packages and Chromium), processes.ts and loggedCommand.ts.
 * This module is their entry point for the suites and the demo, and the command line above.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer } from './codeServerInstall';
import { startCodeServer } from './codeServerProcess';
import { defaultLog, seconds } from './loggedCommand';

export { CODE_SERVER_VERSION, defaultCacheDir, ensureCodeServer, INSTALL_PACKAGES } from './codeServerInstall';
export type { EnsureCodeServerOptions } from './codeServerInstall';
export { installVsix, listExtensions } from './codeServerUserData';
export type { ExtensionDirs } from './codeServerUserData';
export { freePort, portIsFree, startCodeServer } from './codeServerProcess';
export type { RunningCodeServer, StartCodeServerOptions } from './codeServerProcess';
export { BROWSER_PACKAGES, CHROMIUM_PATH, ensureDebianPackages } from './debianPackages';
// test/host/run.ts waits with this one.
export { sleep } from './processes';

// ---------------------------------------------------------------------------------------------
// CLI

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'install') {
    const t0 = Date.now();
    const { bin } = await ensureCodeServer();
    defaultLog(`ready in ${seconds(t0)}`);
    console.log(bin);
    return 0;
  }
  if (cmd === 'start') {
    const { bin } = await ensureCodeServer();
    const folder = path.resolve(rest[0] ?? process.cwd());
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'asr-code-server-'));
    const cs = await startCodeServer({
      bin,
      folder,
      extensionsDir: path.join(state, 'extensions'),
      userDataDir: path.join(state, 'user-data'),
      port: Number(process.env.PORT ?? '0'),
    });
    console.log(`code-server serving ${folder} at ${cs.url}/ (Ctrl+C stops it)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await cs.stop();
    fs.rmSync(state, { recursive: true, force: true });
    return 0;
  }
  console.error('usage: tsx scripts/codeServer.ts install | start [folder]');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[code-server] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
