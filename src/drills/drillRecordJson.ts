// (Also the in-flight drill in global state: drillRecordToJson / drillRecordFromJson below.)
// A DrillRecord (src/model/drillRecord.ts) as JSON in the drill history (drillHistory.ts) and
// back. Writing copies the record's own fields one by one, so nothing else that may hang on the
// object (a secret included) ever reaches the file; reading checks every field and revives the
// dates, and a file that does not hold a drill says why (the history skips it with a log line).
// Pure, no vscode.

import type { DrillError, DrillRecord, DrillVm } from '../model/drillRecord';
import { readinessCheckIds, type ReadinessCheck } from '../model/readiness';
import { compact } from '../model/wireValues';

/** Raised when the file's shape changes: a file of another format is skipped. */
export const DRILL_FILE_FORMAT = 1;

/** A file name stem for a drill id: the id's letters, digits, `.`, `_` and `-` (others become `_`), at most 120. */
export function drillFileStem(id: string): string {
  const stem = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return /^\.*$/.test(stem) ? `drill${stem.length}` : stem;
}

const iso = (d: Date | undefined): string | undefined => (d === undefined ? undefined : d.toISOString());

function encodeError(e: DrillError): object {
  return compact({ code: e.code, message: e.message, recommendedAction: e.recommendedAction });
}

function encodeVm(vm: DrillVm): object {
  return compact({
    vmKey: vm.vmKey,
    name: vm.name,
    host: vm.host,
    itemId: vm.itemId,
    state: vm.state,
    startedAt: iso(vm.startedAt),
    runningAt: iso(vm.runningAt),
    rtoSeconds: vm.rtoSeconds,
    recoveryPoint: vm.recoveryPoint ? compact({ id: vm.recoveryPoint.id, time: iso(vm.recoveryPoint.time) }) : undefined,
    rpoSeconds: vm.rpoSeconds,
    testVm: vm.testVm ? compact({ name: vm.testVm.name, id: vm.testVm.id }) : undefined,
    testFailoverJobId: vm.testFailoverJobId,
    cleanupJobId: vm.cleanupJobId,
    cleanedUp: vm.cleanedUp,
    errors: vm.errors.map(encodeError),
  });
}

function encodeCheck(c: ReadinessCheck): object {
  return compact({ id: c.id, outcome: c.outcome, summary: c.summary, evidence: c.evidence, action: c.action });
}

/** The history file's text for a drill. */
export function encodeDrillRecord(record: DrillRecord): string {
  const readiness: Record<string, object[]> = {};
  for (const [key, checks] of Object.entries(record.readiness)) readiness[key] = checks.map(encodeCheck);
  const body = compact({
    id: record.id,
    vaultId: record.vaultId,
    startedAt: record.startedAt.toISOString(),
    endedAt: iso(record.endedAt),
    testNetworkId: record.testNetworkId,
    productionNetworkConfirmed: record.productionNetworkConfirmed,
    rpoTargetSeconds: record.rpoTargetSeconds,
    rtoTargetSeconds: record.rtoTargetSeconds,
    vms: record.vms.map(encodeVm),
    readiness,
    cancelled: record.cancelled,
  });
  return `${JSON.stringify({ format: DRILL_FILE_FORMAT, drill: body }, undefined, 1)}\n`;
}

/** A field that is not what a drill holds: the decoder stops at the first one. */
class Damaged extends Error {}

type Obj = Record<string, unknown>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Damaged(`${what} is not an object`);
  return value as Obj;
}

function str(o: Obj, key: string, optional: true): string | undefined;
function str(o: Obj, key: string): string;
function str(o: Obj, key: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new Damaged(`${key} is not a string`);
  return v;
}

function num(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Damaged(`${key} is not a number`);
  return v;
}

function date(o: Obj, key: string): Date | undefined {
  const text = str(o, key, true);
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new Damaged(`${key} is not a date`);
  return d;
}

function bool(o: Obj, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new Damaged(`${key} is not true or false`);
  return v;
}

function list(o: Obj, key: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new Damaged(`${key} is not a list`);
  return v;
}

const vmStates: readonly DrillVm['state'][] = ['pending', 'running', 'passed', 'failed', 'cancelled'];

function decodeVm(value: unknown): DrillVm {
  const o = obj(value, 'a VM');
  const state = vmStates.find((s) => s === o.state);
  if (state === undefined) throw new Damaged('a VM state is unknown');
  const point = o.recoveryPoint === undefined ? undefined : obj(o.recoveryPoint, 'recoveryPoint');
  const pointTime = point ? date(point, 'time') : undefined;
  const testVm = o.testVm === undefined ? undefined : obj(o.testVm, 'testVm');
  return compact<DrillVm>({
    vmKey: str(o, 'vmKey'),
    name: str(o, 'name'),
    host: str(o, 'host', true),
    itemId: str(o, 'itemId'),
    state,
    startedAt: date(o, 'startedAt'),
    runningAt: date(o, 'runningAt'),
    rtoSeconds: num(o, 'rtoSeconds'),
    recoveryPoint: point && pointTime ? compact({ id: str(point, 'id', true), time: pointTime }) : undefined,
    rpoSeconds: num(o, 'rpoSeconds'),
    testVm: testVm ? compact({ name: str(testVm, 'name'), id: str(testVm, 'id', true) }) : undefined,
    testFailoverJobId: str(o, 'testFailoverJobId', true),
    cleanupJobId: str(o, 'cleanupJobId', true),
    cleanedUp: bool(o, 'cleanedUp'),
    errors: list(o, 'errors').map((e) => {
      const err = obj(e, 'an error');
      return compact<DrillError>({ code: str(err, 'code', true), message: str(err, 'message'), recommendedAction: str(err, 'recommendedAction', true) });
    }),
  });
}

function decodeCheck(value: unknown): ReadinessCheck {
  const o = obj(value, 'a readiness check');
  const id = readinessCheckIds.find((c) => c === o.id);
  const outcome = (['passed', 'failed', 'unknown'] as const).find((c) => c === o.outcome);
  if (id === undefined || outcome === undefined) throw new Damaged('a readiness check is unknown');
  return compact<ReadinessCheck>({ id, outcome, summary: str(o, 'summary'), evidence: str(o, 'evidence'), action: str(o, 'action', true) });
}

function decodeBody(o: Obj): DrillRecord {
  const startedAt = date(o, 'startedAt');
  const rpoTargetSeconds = num(o, 'rpoTargetSeconds');
  const rtoTargetSeconds = num(o, 'rtoTargetSeconds');
  const production = bool(o, 'productionNetworkConfirmed');
  if (startedAt === undefined || rpoTargetSeconds === undefined || rtoTargetSeconds === undefined || production === undefined) throw new Damaged('a required field is missing');
  const readiness: Record<string, ReadinessCheck[]> = {};
  for (const [key, checks] of Object.entries(obj(o.readiness, 'readiness'))) {
    if (!Array.isArray(checks)) throw new Damaged('readiness is not lists of checks');
    readiness[key] = checks.map(decodeCheck);
  }
  return compact<DrillRecord>({
    id: str(o, 'id'),
    vaultId: str(o, 'vaultId'),
    startedAt,
    endedAt: date(o, 'endedAt'),
    testNetworkId: str(o, 'testNetworkId'),
    productionNetworkConfirmed: production,
    rpoTargetSeconds,
    rtoTargetSeconds,
    vms: list(o, 'vms').map(decodeVm),
    readiness,
    cancelled: bool(o, 'cancelled'),
  });
}

/** The drill in a history file's text, or why the text holds none (never throws). */
export function decodeDrillRecord(text: string): { record: DrillRecord } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  try {
    const file = obj(parsed, 'the file');
    if (file.format !== DRILL_FILE_FORMAT) return { problem: `format ${JSON.stringify(file.format) ?? 'none'}, not ${DRILL_FILE_FORMAT}` };
    return { record: decodeBody(obj(file.drill, 'drill')) };
  } catch (err) {
    if (err instanceof Damaged) return { problem: err.message };
    throw err;
  }
}

/** The record as plain JSON for global state (the in-flight drill, resumed after a window reload): the history file's shape. */
export function drillRecordToJson(record: DrillRecord): unknown {
  return JSON.parse(encodeDrillRecord(record)) as unknown;
}

/**
 * The record kept in global state, or undefined when there is none or it does not have the shape
 * (what global state holds may be from an older version, or damaged: then there is nothing to resume).
 */
export function drillRecordFromJson(value: unknown): DrillRecord | undefined {
  if (value === undefined) return undefined;
  const decoded = decodeDrillRecord(JSON.stringify(value));
  return 'record' in decoded ? decoded.record : undefined;
}
