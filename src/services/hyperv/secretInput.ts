// The secret fields of a script's input never travel in the command line (issue 12, finding 7):
// child-shell prints every command with DEBUG set and Windows' Script Block Logging records its
// text. splitSecrets takes every non-empty string under a password-, secret-, token-,
// credential- or key-like name out of the input (leaving null in its place); the runner writes
// them to a short-lived file in a folder of its own under the user's temporary folder (created
// 0700, the file 0600; on Windows %TEMP% is the user's own, readable by the user, SYSTEM and
// Administrators only), names that file in the command line, and deletes the folder after the
// call. The script reads the file and deletes it first thing (prelude.ps1, Read-ScriptInput).
//
// The file has one line per secret field: `<path>=<base64 of the UTF-8 value>`, the path being
// the field's keys joined by dots (a number indexes an array), e.g. `proxy.password=cDQ1NQ==`.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** A key whose (string) value is a secret. */
export function isSecretKey(key: string): boolean {
  return /pass|secret|token|credential|key/i.test(key);
}

/** One secret field: where it was in the input, and its value. */
export interface SecretField {
  path: readonly string[];
  value: string;
}

export interface SplitInput {
  /** The input with null in place of each secret. */
  open: unknown;
  secrets: SecretField[];
}

const MAX_DEPTH = 20;
const PATH_KEY = /^[A-Za-z0-9_-]+$/;

function splitValue(v: unknown, at: string[], secrets: SecretField[]): unknown {
  if (typeof v !== 'object' || v === null || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return v;
  }
  if (at.length > MAX_DEPTH) {
    throw new TypeError(`The script input is nested more than ${MAX_DEPTH} levels deep.`);
  }
  if (Array.isArray(v)) {
    return v.map((item: unknown, i) => splitValue(item, [...at, String(i)], secrets));
  }
  const open: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    if (typeof value === 'string' && value.length > 0 && isSecretKey(key)) {
      if (!PATH_KEY.test(key) || at.some((k) => !PATH_KEY.test(k))) {
        throw new TypeError(`A secret field of the script input has a name the secrets file cannot carry: ${[...at, key].join('.')}.`);
      }
      secrets.push({ path: [...at, key], value });
      open[key] = null;
    } else {
      open[key] = splitValue(value, [...at, key], secrets);
    }
  }
  return open;
}

/** The input without its secrets (null in their place) and the secrets. Throws TypeError for an input it cannot split. */
export function splitSecrets(input: unknown): SplitInput {
  const secrets: SecretField[] = [];
  const open = splitValue(input, [], secrets);
  return { open, secrets };
}

/** Values under password/secret/token-like keys of the input: never shown anywhere. */
export function collectSecrets(input: unknown): string[] {
  try {
    return splitSecrets(input).secrets.map((s) => s.value);
  } catch {
    // An input splitSecrets refuses is never sent; nothing to hide from a message about it.
    return [];
  }
}

/** The secrets file's text. */
export function encodeSecretsFile(secrets: readonly SecretField[]): string {
  return secrets.map((s) => `${s.path.join('.')}=${Buffer.from(s.value, 'utf8').toString('base64')}\n`).join('');
}

/** The secrets in a secrets file's text (for tests and the lab's stand-in PowerShell). */
export function decodeSecretsFile(text: string): SecretField[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => {
      const at = line.indexOf('=');
      if (at <= 0) {
        throw new Error('A line of the secrets file is not "<path>=<base64>".');
      }
      return { path: line.slice(0, at).split('.'), value: Buffer.from(line.slice(at + 1), 'base64').toString('utf8') };
    });
}

/**
 * Puts the secrets back into the open input, as Read-ScriptInput in prelude.ps1 does (for tests
 * and the lab's stand-in PowerShell): follows each path and sets its last key. Returns a copy.
 */
export function applySecrets(open: unknown, secrets: readonly SecretField[]): unknown {
  const input: unknown = structuredClone(open);
  for (const { path: keys, value } of secrets) {
    let target: unknown = input;
    for (const key of keys.slice(0, -1)) {
      target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    }
    if (typeof target !== 'object' || target === null) {
      throw new Error(`The secret field ${keys.join('.')} has no place in the input.`);
    }
    (target as Record<string, unknown>)[keys[keys.length - 1]] = value;
  }
  return input;
}

/** A written secrets file; remove() deletes it with its folder (and never throws). */
export interface SecretsFile {
  readonly path: string;
  remove(): Promise<void>;
}

/** Writes the secrets to a file only the user can read, in a new folder of its own under parentDir. */
export async function writeSecretsFile(secrets: readonly SecretField[], parentDir: string): Promise<SecretsFile> {
  const dir = await mkdtemp(path.join(parentDir, 'asr-vscode-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const file = path.join(dir, 'input.secrets');
  try {
    await writeFile(file, encodeSecretsFile(secrets), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (e) {
    await remove();
    throw e;
  }
  return { path: file, remove };
}
