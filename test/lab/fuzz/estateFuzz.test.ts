/**
 * Fuzzing what Azure answers (issue 12, finding 4): the lab's `mutate` fault drops fields of its
 * GET answers, sets them null or gives them another type, at several rates and seeds. Through it
 * run the real estate refresh (the extension's own Azure clients, the stand-in PowerShell), its
 * protection-only refresh, the tree presentation of every host and VM, and the job tracker's
 * summary of the job list with the Jobs view's items. Goal: 0 failed refreshes. A refresh fails
 * when it throws, when Azure Site Recovery could not be read, when a host is missing or cannot be
 * shown, or when a VM row cannot be shown; a malformed item is one error row that says what is
 * wrong, and the rest renders. The figures are printed as a table.
 */
import assert from 'node:assert/strict';
import { EstateStore } from '../../../src/estate/store';
import type { EstateSnapshot, EstateVm } from '../../../src/estate';
import { JobTracker, type JobTrackerClock } from '../../../src/jobs/jobTracker';
import { getJob, listJobs } from '../../../src/services/azure/jobs';
import { plainJob } from '../../../src/model/jobSummary';
import { PowerShellRunner } from '../../../src/services/hyperv/powershellRunner';
import { hostNotes, presentHost, presentJob, presentJobTask, presentMessage, presentVm } from '../../../src/tree/presentation';
import { noFaults } from '../../../lab/core/faults';
import { openServices, type ServicesSession } from '../servicesSupport';

/** Mutation rates and the seeds each runs with (fewer at the highest rate, to keep the run short). */
const plan: readonly { rate: number; seeds: readonly number[] }[] = [
  { rate: 0.05, seeds: [1, 2, 3, 4, 5, 6, 7, 8] },
  { rate: 0.2, seeds: [1, 2, 3, 4, 5, 6, 7, 8] },
  { rate: 0.5, seeds: [1, 2, 3, 4, 5, 6, 7, 8] },
];

/** The text of an error row's tooltip: Azure's item, and what in it could not be read. */
const UNREADABLE = /Azure answered with an item Site Recovery could not read: \S/;

interface Row {
  rate: number;
  seed: number;
  refreshes: number;
  failed: number;
  errorRows: number;
  vmsRendered: number;
  unassigned: number;
  failures: string[];
}

const clock: JobTrackerClock = { now: () => Date.now(), setTimeout: () => undefined, clearTimeout: () => undefined };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

describe('fuzz: malformed Azure answers never blank the tree', function () {
  this.timeout(180000);
  let s: ServicesSession;
  let runner: PowerShellRunner;
  let baselineHosts: string[] = [];
  let jobsWithoutFaults = 0;
  const rows: Row[] = [];

  before(async () => {
    s = await openServices({ speed: 100 });
    runner = new PowerShellRunner({ executable: s.lab.pwsh, timeoutMs: 10000 });
  });
  after(async () => {
    await runner.dispose();
    await s.lab.stop();
    console.log(`\n      jobs listed without faults: ${jobsWithoutFaults}`);
    printTable(rows);
  });

  /** One estate store over the lab as the extension builds it: this computer, a host from the setting, Active Directory, the vault. */
  function newStore(warnings: string[]): EstateStore {
    return new EstateStore(
      () => Promise.resolve({ runner, vctx: s.vctx() }),
      () => ({ includeLocal: true, settingHosts: ['RAM-H1-2'], useActiveDirectory: true }),
      (w) => warnings.push(w),
    );
  }

  /** The job tracker of the extension over the lab, with a window of a year: every job of the scenario, not only the last day's. */
  function newTracker(): JobTracker {
    return new JobTracker({ listJobs: (filter) => listJobs(s.vctx(), filter), clock, windowMs: 365 * 24 * 3600_000 });
  }

  /** The tree items of a snapshot: every host and VM; counts VM rows and error rows, records what could not be shown. */
  function render(store: EstateStore, snapshot: EstateSnapshot, row: Row, what: string): boolean {
    let ok = true;
    const shown = new Set<string>();
    for (const host of snapshot.hosts) {
      try {
        presentHost(host);
        for (const note of hostNotes(host)) {
          const model = presentMessage(note.text, note.iconId, note.id, note.tooltip);
          if (note.id.startsWith('unreadable:')) {
            row.errorRows++;
            if (!UNREADABLE.test(model.tooltip.replace(/\\/g, ''))) {
              ok = false;
              row.failures.push(`${what}: the error row of host ${host.name} does not say what is wrong: ${model.tooltip}`);
            }
          }
        }
        shown.add(host.key);
      } catch (e) {
        ok = false;
        row.failures.push(`${what}: host ${host.name} cannot be shown: ${message(e)}`);
      }
    }
    for (const key of baselineHosts) {
      if (!shown.has(key)) {
        ok = false;
        row.failures.push(`${what}: host ${key} is missing`);
      }
    }
    // The tree shows the VMs of the hosts (protected items whose host is unknown are counted apart).
    row.unassigned += snapshot.unassignedVms.length;
    const vms: EstateVm[] = snapshot.hosts.flatMap((h) => h.vms);
    for (const vm of vms) {
      try {
        const interval = store.policyIntervalSeconds(vm);
        const model = presentVm(vm, {
          now: new Date(),
          ...(interval !== undefined ? { policyIntervalSeconds: interval } : {}),
          portalUrl: (id) => `https://portal.invalid/#@/resource${id}`,
        });
        row.vmsRendered++;
        if (vm.unreadable !== undefined) {
          row.errorRows++;
          if (!UNREADABLE.test(model.tooltip.replace(/\\/g, ''))) {
            ok = false;
            row.failures.push(`${what}: the error row of ${vm.key} does not say what is wrong: ${model.tooltip}`);
          }
        }
      } catch (e) {
        ok = false;
        row.failures.push(`${what}: VM ${vm.key} cannot be shown: ${message(e)}`);
      }
    }
    return ok;
  }

  /** A full refresh, then a protection-only one, then the job tracker's poll; each one failed or not. */
  async function fuzzRun(rate: number, seed: number): Promise<Row> {
    const row: Row = { rate, seed, refreshes: 0, failed: 0, errorRows: 0, vmsRendered: 0, unassigned: 0, failures: [] };
    s.lab.faults.update({ ...noFaults, mutateRate: rate, seed });
    const warnings: string[] = [];
    const store = newStore(warnings);
    const step = async (what: string, run: () => Promise<boolean>): Promise<void> => {
      row.refreshes++;
      let ok: boolean;
      try {
        ok = await run();
      } catch (e) {
        ok = false;
        row.failures.push(`${what} threw: ${message(e)}`);
      }
      if (!ok) row.failed++;
    };
    await step('full refresh', async () => {
      await store.refresh();
      const unread = warnings.filter((w) => /could not be read/.test(w));
      if (unread.length > 0) row.failures.push(`full refresh: ${unread.join(' ')}`);
      return render(store, store.snapshot!, row, 'full refresh') && unread.length === 0;
    });
    await step('protection refresh', async () => {
      await store.refreshProtection(s.vctx());
      return render(store, store.snapshot!, row, 'protection refresh');
    });
    await step('job tracker', async () => {
      const errors: string[] = [];
      const tracker = newTracker();
      tracker.onError((e) => errors.push(message(e)));
      await tracker.refreshNow();
      const snapshot = tracker.snapshot;
      tracker.dispose();
      if (errors.length > 0 || snapshot === undefined) {
        row.failures.push(`job tracker: ${errors.join(' ') || 'no snapshot'}`);
        return false;
      }
      const jobs = [...snapshot.active, ...snapshot.recent];
      for (const job of jobs) presentJob(job);
      // The Jobs view reads a job's tasks when it is expanded (one GET of that job).
      for (const job of jobs.filter((j) => j.jobName !== '').slice(0, 3)) {
        const tasks = plainJob(await getJob(s.vctx(), job.jobName)).properties?.tasks ?? [];
        tasks.forEach((task, i) => presentJobTask(task, job.jobName, i));
      }
      // (A job may leave the list rightly: an end time mutated to `true` reads as 1970, out of the window.)
      return true;
    });
    return row;
  }

  it('a refresh without faults shows every host (the baseline)', async () => {
    const warnings: string[] = [];
    const store = newStore(warnings);
    await store.refresh();
    baselineHosts = store.snapshot!.hosts.map((h) => h.key);
    assert.deepEqual(
      store.snapshot!.hosts.map((h) => h.name),
      ['RAM-ESS', 'RAM-H1-2', 'RAM-H1-7'],
    );
    assert.deepEqual(warnings, []);
    const tracker = newTracker();
    await tracker.refreshNow();
    jobsWithoutFaults = (tracker.snapshot?.active.length ?? 0) + (tracker.snapshot?.recent.length ?? 0);
    tracker.dispose();
    assert.ok(jobsWithoutFaults > 0, 'the scenario has jobs');
  });

  for (const { rate, seeds } of plan) {
    it(`mutation rate ${rate}: 0 failed refreshes over seeds ${seeds.join(',')}`, async () => {
      const failures: string[] = [];
      for (const seed of seeds) {
        const row = await fuzzRun(rate, seed);
        rows.push(row);
        failures.push(...row.failures.map((f) => `seed ${seed}: ${f}`));
      }
      s.lab.faults.update(noFaults);
      assert.deepEqual(failures, []);
    });
  }
});

function printTable(rows: readonly Row[]): void {
  const head = ['rate', 'seed', 'refreshes', 'failed', 'error rows', 'VMs rendered', 'unassigned'];
  const lines = [head, ...rows.map((r) => [r.rate, r.seed, r.refreshes, r.failed, r.errorRows, r.vmsRendered, r.unassigned].map(String))];
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const total = rows.reduce((t, r) => ({ refreshes: t.refreshes + r.refreshes, failed: t.failed + r.failed }), { refreshes: 0, failed: 0 });
  console.log(`\n      estate fuzz: ${total.failed} failed of ${total.refreshes} refreshes`);
  for (const l of lines) console.log(`      ${l.map((c, i) => c.padStart(widths[i])).join('  ')}`);
}
