/**
 * The host-suite runner: the module given to the workbench as `extensionTestsPath`, so its
 * `run()` is called inside code-server's Node extension host with the full `vscode` API
 * (DESIGN.md section 5). test/host/run.ts bundles it, with every test/host/**\/*.test.ts, into
 * out/host/ (mocha and vscode left external: mocha resolves from the repository's node_modules).
 *
 * The web workbench does not exit when run() ends, so the spec-style output and a closing line
 * `N passed, N failed, N skipped` go to a results file, written whole (temp file + rename), which
 * the launcher waits for. Its path comes from the JSON file named by $ASR_HOST_CONFIG, or from
 * run-config.json beside this module (run.ts writes both).
 */
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface HostRunConfig {
  resultsFile: string;
  grep?: string;
  /** Desktop VS Code exits by itself and nobody screenshots it: do not wait for `.shot`. */
  noShot?: boolean;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function readConfig(): HostRunConfig {
  const file = process.env.ASR_HOST_CONFIG || path.join(__dirname, 'run-config.json');
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HostRunConfig>;
    if (typeof c.resultsFile === 'string' && c.resultsFile) {
      return { resultsFile: c.resultsFile, grep: typeof c.grep === 'string' && c.grep ? c.grep : undefined, noShot: c.noShot === true };
    }
  } catch {
    // fall through to the default
  }
  return { resultsFile: path.join(__dirname, 'results.txt') };
}

function findTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Spec-like output into `out`, counting as it goes. */
function hostReporter(out: (line: string) => void, counts: Counts): Mocha.ReporterConstructor {
  const c = Mocha.Runner.constants;
  return class HostReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      let depth = 0;
      const failures: Array<{ title: string; err: Error }> = [];
      const pad = (): string => '  '.repeat(depth);
      runner.on(c.EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
        if (suite.title) out(`${pad()}${suite.title}`);
        depth++;
      });
      runner.on(c.EVENT_SUITE_END, () => {
        depth--;
      });
      runner.on(c.EVENT_TEST_PASS, (test: Mocha.Test) => {
        counts.passed++;
        out(`${pad()}✔ ${test.title} (${test.duration ?? 0} ms)`);
      });
      runner.on(c.EVENT_TEST_PENDING, (test: Mocha.Test) => {
        counts.skipped++;
        out(`${pad()}- ${test.title} (skipped)`);
      });
      runner.on(c.EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
        counts.failed++;
        failures.push({ title: test.fullTitle(), err });
        out(`${pad()}✖ ${failures.length}) ${test.title}`);
      });
      runner.once(c.EVENT_RUN_END, () => {
        failures.forEach(({ title, err }, i) => {
          out('');
          out(`${i + 1}) ${title}:`);
          out(`   ${err.stack ?? String(err)}`.replace(/\n/g, '\n   '));
        });
      });
    }
  };
}

export async function run(): Promise<void> {
  const config = readConfig();
  const lines: string[] = [];
  const out = (line: string): void => {
    lines.push(line);
    console.log(line);
  };
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  const started = Date.now();
  // The bundles carry inline source maps: stack traces then name the .ts lines.
  process.setSourceMapsEnabled(true);
  try {
    const files = findTests(__dirname);
    if (files.length === 0) throw new Error(`no *.test.js beside ${__filename}`);
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
    mocha.reporter(hostReporter(out, counts));
    if (config.grep) mocha.grep(config.grep);
    for (const f of files) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      mocha.run(() => resolve());
    });
    mocha.dispose();
  } catch (err) {
    // A test file that does not load, or mocha itself failing: one failure with the reason.
    counts.failed++;
    out(`host runner error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  out('');
  out(`host suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  fs.mkdirSync(path.dirname(config.resultsFile), { recursive: true });
  const tmp = `${config.resultsFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.join('\n') + '\n');
  fs.renameSync(tmp, config.resultsFile);
  // The extension host exits when run() resolves: give the launcher time to screenshot the
  // workbench while the extension's views are still served (it writes `<results>.shot` when done).
  if (config.noShot) return;
  const shot = `${config.resultsFile}.shot`;
  for (let waited = 0; waited < 15_000 && !fs.existsSync(shot); waited += 200) {
    await new Promise((r) => setTimeout(r, 200));
  }
}
