/**
 * Processes around a long-running developer script (the demo, the F5 lab, the suites): whether a
 * process is alive, noticing that the npm which launched this one has gone, waiting, and numbers
 * read from the environment.
 */
import * as fs from 'node:fs';

/** Whether a process with this pid exists (EPERM: it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A number from an environment variable, or `fallback` when unset; throws when it is not valid. */
export function numberFromEnv(name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !valid(n)) throw new Error(`${name}=${raw} is not valid`);
  return n;
}

/** A process's parent and start time from /proc (Linux); undefined when it is gone or a zombie. */
function procStat(pid: number): { ppid: number; start: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state, ppid, ... the 22nd field of the line is the start time.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return { ppid: Number(fields[1]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function isNpmLauncher(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return /^(npm|npx)( |$)|[/\\](npm|npx)(-cli\.js)?( |$)/.test(cmd);
  } catch {
    return false;
  }
}

/**
 * Calls onGone once when a process that launched this one has exited, and returns a function
 * that stops watching. `npm run x` runs `sh -c`, which runs tsx, which runs node: a SIGTERM to
 * npm alone (not to the terminal's process group, as Ctrl+C does) ends npm and sh but reaches
 * nothing below them, which would linger with what it started. Watched: the ancestors up to the
 * nearest npm/npx, or only the parent when there is none within five levels. Linux (/proc);
 * elsewhere, only whether the parent changes.
 */
export function onLauncherExit(onGone: (pid: number) => void, intervalMs = 1000): () => void {
  const watched: Array<{ pid: number; start: string }> = [];
  let pid = process.ppid;
  for (let level = 0; level < 5 && pid > 1; level++) {
    const st = procStat(pid);
    if (!st) break;
    watched.push({ pid, start: st.start });
    if (isNpmLauncher(pid)) break;
    pid = st.ppid;
  }
  if (!watched.some((w) => isNpmLauncher(w.pid))) watched.splice(1);
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? { pid: parent } : watched.find((w) => procStat(w.pid)?.start !== w.start);
    if (gone) {
      clearInterval(timer);
      onGone(gone.pid);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
