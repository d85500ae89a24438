import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrillHistory } from '../../../src/drills/drillHistory';
import { decodeDrillRecord, drillFileStem, encodeDrillRecord } from '../../../src/drills/drillRecordJson';
import { bigDrill, drill, mixedDrill, passedVm, t0 } from './report/fixtures';

const day = 24 * 3600_000;

describe('drill history', () => {
  let dir: string;
  let lines: string[];
  let history: DrillHistory;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asr-drills-'));
    lines = [];
    history = new DrillHistory({ folder: join(dir, '.history'), log: (l) => lines.push(l) });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a drill whole: every field back, dates revived as Dates', async () => {
    const record = { ...mixedDrill(), cancelled: true };
    await history.save(record);
    const [back] = await history.list();
    assert.deepEqual(back, record);
    assert.ok(back.startedAt instanceof Date);
    assert.ok(back.vms[0].recoveryPoint!.time instanceof Date);
    assert.deepEqual(await history.get(record.id), record);
    assert.equal(await history.get('nope'), undefined);
  });

  it('lists the drills newest first, one file each', async () => {
    for (const n of [3, 1, 2]) await history.save(drill(`d${n}`, new Date(t0.getTime() + n * day), [passedVm('web01', t0, 60, 60)]));
    assert.deepEqual(
      (await history.list()).map((d) => d.id),
      ['d3', 'd2', 'd1'],
    );
    assert.deepEqual((await readdir(join(dir, '.history'))).sort(), ['d1.json', 'd2.json', 'd3.json']);
  });

  it('skips a damaged file with a log line, never a crash, and lists the others', async () => {
    await history.save(drill('good', t0, [passedVm('web01', t0, 60, 60)]));
    const folder = join(dir, '.history');
    const valid = JSON.parse(encodeDrillRecord(drill('x', t0, [passedVm('a', t0, 1, 1)]))) as { drill: Record<string, unknown> };
    await writeFile(join(folder, 'truncated.json'), '{"format":1,"drill":{"id":"t"', 'utf8');
    await writeFile(join(folder, 'future.json'), JSON.stringify({ format: 2, drill: valid.drill }), 'utf8');
    await writeFile(join(folder, 'nodate.json'), JSON.stringify({ format: 1, drill: { ...valid.drill, startedAt: 'yesterday' } }), 'utf8');
    await writeFile(join(folder, 'badvm.json'), JSON.stringify({ format: 1, drill: { ...valid.drill, vms: [{ name: 'a' }] } }), 'utf8');
    await writeFile(join(folder, 'notes.txt'), 'not a drill', 'utf8');
    assert.deepEqual(
      (await history.list()).map((d) => d.id),
      ['good'],
    );
    assert.deepEqual(lines.sort(), [
      'Drill history: skipped badvm.json: a VM state is unknown',
      'Drill history: skipped future.json: format 2, not 1',
      'Drill history: skipped nodate.json: startedAt is not a date',
      'Drill history: skipped truncated.json: not JSON',
    ]);
    lines.length = 0;
    await history.list();
    assert.deepEqual(lines, [], 'a damaged file is read (and logged) once while it is unchanged');
  });

  it('has no drill, and says nothing, before the first one', async () => {
    assert.deepEqual(await history.list(), []);
    assert.deepEqual(lines, []);
  });

  it('keeps the newest drills up to its limit', async () => {
    const bounded = new DrillHistory({ folder: join(dir, '.history'), log: (l) => lines.push(l), limit: 3 });
    for (let n = 0; n < 5; n++) await bounded.save(drill(`d${n}`, new Date(t0.getTime() + n * day), [passedVm('web01', t0, 60, 60)]));
    assert.deepEqual(
      (await bounded.list()).map((d) => d.id),
      ['d4', 'd3', 'd2'],
    );
    assert.equal((await readdir(join(dir, '.history'))).length, 3);
  });

  it('writes only the record’s own fields: nothing else on the object reaches the file', async () => {
    const record = mixedDrill();
    const tainted = { ...record, password: 'hunter2', vms: record.vms.map((vm) => ({ ...vm, accessToken: 'eyJ-secret' })) };
    await history.save(tainted);
    const text = await readFile(join(dir, '.history', `${record.id}.json`), 'utf8');
    assert.ok(!text.includes('hunter2') && !text.includes('secret') && !text.includes('password'));
    assert.deepEqual((await history.list())[0], record);
  });

  it('tells its listeners when a drill is saved, until disposed', async () => {
    let calls = 0;
    const sub = history.onDidChange(() => calls++);
    await history.save(drill('a', t0, []));
    sub.dispose();
    await history.save(drill('b', t0, []));
    assert.equal(calls, 1);
  });

  it('names a file from the id, never outside its folder', async () => {
    assert.equal(drillFileStem('20261205T090000Z-ab12'), '20261205T090000Z-ab12');
    assert.equal(drillFileStem('../../etc/passwd'), '.._.._etc_passwd');
    assert.equal(drillFileStem('..'), 'drill2');
    await history.save(drill('../escape', t0, []));
    assert.deepEqual(await readdir(join(dir, '.history')), ['.._escape.json']);
  });

  it('decodes a drill of 200 VMs', () => {
    const record = bigDrill();
    const decoded = decodeDrillRecord(encodeDrillRecord(record));
    assert.ok('record' in decoded);
    assert.deepEqual(decoded.record, record);
  });
});
