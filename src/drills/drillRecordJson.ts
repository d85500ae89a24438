// A drill record as JSON for global state (the in-flight drill, resumed after a window reload):
// dates as ISO strings, read back through guards (what global state holds may be from an older
// version, or damaged: then there is nothing to resume). Names, ids, times and figures only: no
// secret is ever in a record (src/model/drillRecord.ts). No vscode.

import type { DrillError, DrillRecord, DrillVm } from '../model/drillRecord';
import type { ReadinessCheck } from '../model/readiness';
import { readinessCheckIds } from '../model/readiness';
import { asDate, asNumber, asObjects, asString, readProp, readString } from '../model/wireValues';

/** The record as plain JSON (Date → ISO string through JSON.stringify's toJSON). */
export function drillRecordToJson(record: DrillRecord): unknown {
  return JSON.parse(JSON.stringify(record)) as unknown;
}

const vmStates: readonly DrillVm['state'][] = ['pending', 'running', 'passed', 'failed', 'cancelled'];

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function errorFrom(value: object): DrillError | undefined {
  const message = readString(value, 'message');
  if (message === undefined) return undefined;
  return { message, ...optional('code', readString(value, 'code')), ...optional('recommendedAction', readString(value, 'recommendedAction')) };
}

function pointFrom(value: unknown): DrillVm['recoveryPoint'] {
  const time = asDate(readProp(value, 'time'));
  return time ? { time, ...optional('id', readString(value, 'id')) } : undefined;
}

function testVmFrom(value: unknown): DrillVm['testVm'] {
  const name = readString(value, 'name');
  return name ? { name, ...optional('id', readString(value, 'id')) } : undefined;
}

function vmFrom(value: object): DrillVm | undefined {
  const vmKey = readString(value, 'vmKey');
  const name = readString(value, 'name');
  const itemId = readString(value, 'itemId');
  const state = vmStates.find((s) => s === readString(value, 'state'));
  if (!vmKey || !name || !itemId || !state) return undefined;
  const cleanedUp = readProp(value, 'cleanedUp');
  return {
    vmKey,
    name,
    itemId,
    state,
    ...optional('host', readString(value, 'host')),
    ...optional('startedAt', asDate(readProp(value, 'startedAt'))),
    ...optional('runningAt', asDate(readProp(value, 'runningAt'))),
    ...optional('rtoSeconds', asNumber(readProp(value, 'rtoSeconds'))),
    ...optional('recoveryPoint', pointFrom(readProp(value, 'recoveryPoint'))),
    ...optional('rpoSeconds', asNumber(readProp(value, 'rpoSeconds'))),
    ...optional('testVm', testVmFrom(readProp(value, 'testVm'))),
    ...optional('testFailoverJobId', readString(value, 'testFailoverJobId')),
    ...optional('cleanupJobId', readString(value, 'cleanupJobId')),
    ...optional('cleanedUp', typeof cleanedUp === 'boolean' ? cleanedUp : undefined),
    errors: (asObjects(readProp(value, 'errors')) ?? []).map(errorFrom).filter((e): e is DrillError => e !== undefined),
  };
}

function checkFrom(value: object): ReadinessCheck | undefined {
  const id = readinessCheckIds.find((c) => c === readString(value, 'id'));
  const outcome = (['passed', 'failed', 'unknown'] as const).find((o) => o === readString(value, 'outcome'));
  const summary = readString(value, 'summary');
  const evidence = readString(value, 'evidence');
  if (!id || !outcome || summary === undefined || evidence === undefined) return undefined;
  return { id, outcome, summary, evidence, ...optional('action', readString(value, 'action')) };
}

function readinessFrom(value: unknown): Record<string, ReadinessCheck[]> {
  const out: Record<string, ReadinessCheck[]> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [vmKey, checks] of Object.entries(value)) {
    out[vmKey] = (asObjects(checks) ?? []).map(checkFrom).filter((c): c is ReadinessCheck => c !== undefined);
  }
  return out;
}

/** The record kept in global state, or undefined when there is none or it does not have the shape. */
export function drillRecordFromJson(value: unknown): DrillRecord | undefined {
  const id = readString(value, 'id');
  const vaultId = readString(value, 'vaultId');
  const startedAt = asDate(readProp(value, 'startedAt'));
  const testNetworkId = asString(readProp(value, 'testNetworkId'));
  const rpoTargetSeconds = asNumber(readProp(value, 'rpoTargetSeconds'));
  const rtoTargetSeconds = asNumber(readProp(value, 'rtoTargetSeconds'));
  const vms = asObjects(readProp(value, 'vms'));
  if (!id || !vaultId || !startedAt || testNetworkId === undefined || rpoTargetSeconds === undefined || rtoTargetSeconds === undefined || !vms) return undefined;
  const parsed = vms.map(vmFrom);
  if (parsed.some((v) => v === undefined)) return undefined;
  return {
    id,
    vaultId,
    startedAt,
    testNetworkId,
    productionNetworkConfirmed: readProp(value, 'productionNetworkConfirmed') === true,
    rpoTargetSeconds,
    rtoTargetSeconds,
    vms: parsed.filter((v): v is DrillVm => v !== undefined),
    readiness: readinessFrom(readProp(value, 'readiness')),
    ...optional('endedAt', asDate(readProp(value, 'endedAt'))),
    ...(readProp(value, 'cancelled') === true ? { cancelled: true } : {}),
  };
}
