/**
 * The Debian packages the developer scripts and the suites need (apt-get installs them when
 * missing and running as root), and Debian's Chromium, which drives the workbench.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultLog, findOnPath, run } from './loggedCommand';

/** Debian package for the browser that drives the workbench. */
export const BROWSER_PACKAGES = ['chromium'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

function missingDebianPackages(pkgs: string[]): string[] {
  if (!findOnPath('dpkg-query')) {
    throw new Error(`dpkg-query not found: this needs a Debian-based machine with ${pkgs.join(', ')}`);
  }
  return pkgs.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/**
 * Makes sure the Debian packages are installed: as root, `apt-get update` and `apt-get install -y`
 * the missing ones; otherwise fails naming them.
 */
export async function ensureDebianPackages(pkgs: string[], purpose: string, log: (l: string) => void = defaultLog): Promise<void> {
  const missing = missingDebianPackages(pkgs);
  if (missing.length === 0) {
    log(`Debian packages present: ${pkgs.join(', ')}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !findOnPath('apt-get')) {
    throw new Error(
      `${purpose} needs these Debian packages, which are not installed: ${missing.join(' ')}\n` +
        `Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptLog = path.join(os.tmpdir(), `asr-apt-${process.pid}.log`);
  fs.writeFileSync(aptLog, '');
  try {
    await run('apt-get', ['update'], '/', aptLog, env);
    await run('apt-get', ['install', '-y', ...missing], '/', aptLog, env);
  } catch (err) {
    throw new Error(`${purpose}: could not install ${missing.join(' ')} with apt-get: ${(err as Error).message}`);
  } finally {
    fs.rmSync(aptLog, { force: true });
  }
  const still = missingDebianPackages(missing);
  if (still.length > 0) throw new Error(`${purpose}: apt-get did not install ${still.join(' ')}`);
}
