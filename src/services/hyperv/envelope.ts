// Reading what a script writes: the one `ASR-ENVELOPE:<json>` line, and the quirks of Windows
// PowerShell 5.1's ConvertTo-Json (enums as numbers, one-element arrays collapsed to the
// element, empty arrays as null, numbers as strings, nested values beyond -Depth written as
// their type name).

import { HyperVError, hostLabel, redact } from './errors';

export const ENVELOPE_PREFIX = 'ASR-ENVELOPE:';

export type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/** Where a value came from, for messages: the script and the host. */
export interface PayloadContext {
  script?: string;
  host?: string;
  /** Strings never to repeat in a message (passwords, the encoded input). */
  secrets?: readonly string[];
}

const MAX_OUTPUT_IN_MESSAGE = 200;

function who(ctx: PayloadContext): string {
  return `${ctx.script ?? 'The script'} on ${hostLabel(ctx.host)}`;
}

function protocolError(ctx: PayloadContext, message: string): HyperVError {
  return new HyperVError('ProtocolError', message, {
    ...(ctx.host !== undefined ? { host: ctx.host } : {}),
    ...(ctx.script !== undefined ? { script: ctx.script } : {}),
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The text of the last envelope line (without the prefix), or undefined. */
export function findEnvelopeLine(stdout: string): string | undefined {
  let found: string | undefined;
  for (const raw of splitLines(stdout)) {
    const line = raw.replace(/^[\uFEFF\s]+/, '');
    if (line.startsWith(ENVELOPE_PREFIX)) {
      found = line.slice(ENVELOPE_PREFIX.length).trim();
    }
  }
  return found;
}

/** Up to 200 characters of the output that is not the envelope, quoted for a message. */
function otherOutput(stdout: string, secrets: readonly string[] | undefined): string {
  const rest = splitLines(stdout)
    .filter((l) => !l.replace(/^[\uFEFF\s]+/, '').startsWith(ENVELOPE_PREFIX))
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
  const clean = redact(rest, secrets).replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (clean.length === 0) {
    return '';
  }
  const cut = clean.length > MAX_OUTPUT_IN_MESSAGE ? `${clean.slice(0, MAX_OUTPUT_IN_MESSAGE)}…` : clean;
  return ` Its other output was: "${cut}"`;
}

/**
 * Parses a script's stdout into its envelope. Throws a ProtocolError when there is no envelope
 * line, its JSON is bad, it has the wrong shape, or its data was cut short by ConvertTo-Json's
 * depth limit.
 */
export function parseEnvelope(stdout: string, ctx: PayloadContext = {}): Envelope {
  const json = findEnvelopeLine(stdout);
  if (json === undefined) {
    throw protocolError(ctx, `${who(ctx)} produced no result.${otherOutput(stdout, ctx.secrets)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw protocolError(ctx, `${who(ctx)} produced no result: its result line is not valid JSON.${otherOutput(stdout, ctx.secrets)}`);
  }
  if (!isRecord(parsed) || typeof parsed.ok !== 'boolean') {
    throw protocolError(ctx, `${who(ctx)} produced no result: its result line has no "ok" field.`);
  }
  if (parsed.ok) {
    if (!('data' in parsed)) {
      throw protocolError(ctx, `${who(ctx)} produced no result: its result has no "data" field.`);
    }
    const data = parsed.data;
    assertNotTruncated(data, 'data', ctx);
    return { ok: true, data };
  }
  const error = parsed.error;
  if (!isRecord(error) || typeof error.code !== 'string' || error.code.length === 0) {
    throw protocolError(ctx, `${who(ctx)} failed without saying why: its error has no "code".`);
  }
  const message = typeof error.message === 'string' ? error.message : '';
  return { ok: false, error: { code: error.code, message } };
}

// ---------------------------------------------------------------------------------------------
// ConvertTo-Json's depth limit: beyond -Depth, PowerShell writes a nested value's ToString(),
// which for collections and objects is the type name.

const TRUNCATION_MARKERS = new Set([
  'System.Collections.Hashtable',
  'System.Object[]',
  'System.Management.Automation.PSCustomObject',
  'System.Management.Automation.PSObject',
  'System.Collections.Specialized.OrderedDictionary',
  'System.Collections.ArrayList',
  'Deserialized.System.Collections.Hashtable',
  'Deserialized.System.Object[]',
]);

/** True for a string that is a nested value PowerShell did not serialize (its type name). */
export function isTruncationMarker(v: unknown): boolean {
  return typeof v === 'string' && (TRUNCATION_MARKERS.has(v) || /^System\.Collections\.Generic\.(List|Dictionary)`\d+\[.*\]$/.test(v) || /^System\.[A-Za-z]+\[\]$/.test(v));
}

/** The path of the first truncated value in v, or undefined. */
export function findTruncation(v: unknown, path = 'data'): string | undefined {
  if (isTruncationMarker(v)) {
    return path;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = findTruncation(v[i], `${path}[${i}]`);
      if (found !== undefined) {
        return found;
      }
    }
  } else if (isRecord(v)) {
    for (const [key, value] of Object.entries(v)) {
      const found = findTruncation(value, `${path}.${key}`);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

function assertNotTruncated(v: unknown, path: string, ctx: PayloadContext): void {
  const at = findTruncation(v, path);
  if (at !== undefined) {
    throw protocolError(ctx, `${who(ctx)} returned a result cut short by ConvertTo-Json's depth limit at ${at}: the script needs a larger -Depth.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Windows PowerShell 5.1 helpers.

/** A one-element array arrives as the element and an empty one as null: always an array. */
export function asArray<T>(v: T | T[] | null | undefined): T[] {
  if (v === null || v === undefined) {
    return [];
  }
  return Array.isArray(v) ? [...v] : [v];
}

export type EnumTable = Readonly<Record<string, number>>;

export const VMState: EnumTable = {
  Other: 1,
  Running: 2,
  Off: 3,
  Stopping: 4,
  Saved: 6,
  Paused: 9,
  Starting: 10,
  Reset: 11,
  Saving: 32773,
  Pausing: 32776,
  Resuming: 32777,
  FastSaved: 32779,
  FastSaving: 32780,
  ForceShutdown: 32781,
  ForceReboot: 32782,
  Hibernated: 32783,
  ComponentServicing: 32784,
  RunningCritical: 32785,
  OffCritical: 32786,
  StoppingCritical: 32787,
  SavedCritical: 32788,
  PausedCritical: 32789,
  StartingCritical: 32790,
  ResetCritical: 32791,
  SavingCritical: 32792,
  PausingCritical: 32793,
  ResumingCritical: 32794,
  FastSavedCritical: 32795,
  FastSavingCritical: 32796,
};

export const VMReplicationState: EnumTable = {
  Disabled: 0,
  ReadyForInitialReplication: 1,
  InitialReplicationInProgress: 2,
  WaitingForInitialReplication: 3,
  Replicating: 4,
  PreparedForFailover: 5,
  FailedOverWaitingCompletion: 6,
  FailedOver: 7,
  Suspended: 8,
  Error: 9,
  WaitingForStartResynchronize: 10,
  Resynchronizing: 11,
  ResynchronizeSuspended: 12,
  RecoveryInProgress: 13,
  FailbackInProgress: 14,
  FailbackComplete: 15,
  WaitingForUpdateCompletion: 16,
  UpdateError: 17,
  WaitingForRepurposeCompletion: 18,
  PreparedForSyncReplication: 19,
  PreparedForGroupReverseReplication: 20,
  FiredrillInProgress: 21,
};

export const VMReplicationHealthState: EnumTable = { NotApplicable: 0, Normal: 1, Warning: 2, Critical: 3 };

/** Microsoft.HyperV.PowerShell.ControllerType (IDE, SCSI, PMEM in declaration order). */
export const ControllerType: EnumTable = { IDE: 0, SCSI: 1, PMEM: 2 };

/** Microsoft.Vhd.PowerShell.VhdFormat. */
export const VhdFormat: EnumTable = { Unknown: 0, VHD: 2, VHDX: 3, VHDSet: 4 };

/** Microsoft.Vhd.PowerShell.VhdType. */
export const VhdType: EnumTable = { Unknown: 0, Fixed: 2, Dynamic: 3, Differencing: 4 };

/**
 * An enum value as its name: a number (5.1) or a numeric string becomes the table's name, or
 * `Unknown(<n>)`; a name is matched case-insensitively and returned as the table spells it; an
 * unknown name is kept as given. Anything else (null, boolean, object, empty string) is undefined.
 */
export function readEnumName(table: EnumTable, v: unknown): string | undefined {
  let n: number | undefined;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string') {
    const s = v.trim();
    if (s.length === 0) {
      return undefined;
    }
    if (/^-?\d+$/.test(s)) {
      n = Number(s);
    } else {
      const lower = s.toLowerCase();
      return Object.keys(table).find((k) => k.toLowerCase() === lower) ?? s;
    }
  } else {
    return undefined;
  }
  if (!Number.isInteger(n)) {
    return undefined;
  }
  return Object.keys(table).find((k) => table[k] === n) ?? `Unknown(${n})`;
}

// ---------------------------------------------------------------------------------------------
// Field readers for the typed wrappers: each names the missing or malformed field.

export class PayloadReader {
  constructor(private readonly ctx: PayloadContext) {}

  fail(path: string, problem: string): HyperVError {
    return protocolError(this.ctx, `${who(this.ctx)} returned an unexpected result: ${path} ${problem}.`);
  }

  private field(o: Record<string, unknown>, key: string, path: string): unknown {
    const v = o[key];
    if (isTruncationMarker(v)) {
      throw this.fail(`${path}.${key}`, "was cut short by ConvertTo-Json's depth limit");
    }
    return v;
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (isTruncationMarker(v)) {
      throw this.fail(path, "was cut short by ConvertTo-Json's depth limit");
    }
    if (!isRecord(v)) {
      throw this.fail(path, v === undefined || v === null ? 'is missing' : 'is not an object');
    }
    return v;
  }

  string(o: Record<string, unknown>, key: string, path: string): string {
    const v = this.field(o, key, path);
    if (typeof v === 'string') {
      return v;
    }
    if (typeof v === 'number' && Number.isFinite(v)) {
      return String(v);
    }
    throw this.fail(`${path}.${key}`, v === undefined || v === null ? 'is missing' : 'is not a string');
  }

  /** null, undefined and '' are absent. */
  optionalString(o: Record<string, unknown>, key: string, path: string): string | undefined {
    const v = this.field(o, key, path);
    if (v === undefined || v === null || v === '') {
      return undefined;
    }
    return this.string(o, key, path);
  }

  optionalNumber(o: Record<string, unknown>, key: string, path: string): number | undefined {
    const v = this.field(o, key, path);
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      return undefined;
    }
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
    if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) {
      return Number(v);
    }
    throw this.fail(`${path}.${key}`, 'is not a number');
  }

  number(o: Record<string, unknown>, key: string, path: string): number {
    const n = this.optionalNumber(o, key, path);
    if (n === undefined) {
      throw this.fail(`${path}.${key}`, 'is missing');
    }
    return n;
  }

  integer(o: Record<string, unknown>, key: string, path: string): number {
    const n = this.number(o, key, path);
    if (!Number.isInteger(n)) {
      throw this.fail(`${path}.${key}`, 'is not a whole number');
    }
    return n;
  }

  optionalBoolean(o: Record<string, unknown>, key: string, path: string): boolean | undefined {
    const v = this.field(o, key, path);
    if (v === undefined || v === null) {
      return undefined;
    }
    if (typeof v === 'boolean') {
      return v;
    }
    if (v === 0 || v === 1) {
      return v === 1;
    }
    if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) {
      return v.trim().toLowerCase() === 'true';
    }
    throw this.fail(`${path}.${key}`, 'is not true or false');
  }

  boolean(o: Record<string, unknown>, key: string, path: string): boolean {
    const b = this.optionalBoolean(o, key, path);
    if (b === undefined) {
      throw this.fail(`${path}.${key}`, 'is missing');
    }
    return b;
  }

  /** An array field, 5.1-style (collapsed or null) or not. */
  array(o: Record<string, unknown>, key: string, path: string): unknown[] {
    return asArray<unknown>(this.field(o, key, path));
  }

  enumName(table: EnumTable, o: Record<string, unknown>, key: string, path: string): string {
    const v = this.field(o, key, path);
    const name = readEnumName(table, v);
    if (name === undefined) {
      throw this.fail(`${path}.${key}`, v === undefined || v === null || v === '' ? 'is missing' : 'is not a known value');
    }
    return name;
  }

  optionalEnumName(table: EnumTable, o: Record<string, unknown>, key: string, path: string): string | undefined {
    const v = this.field(o, key, path);
    if (v === undefined || v === null || v === '') {
      return undefined;
    }
    return this.enumName(table, o, key, path);
  }
}
