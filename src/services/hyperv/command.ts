// The one command line that runs a script in node-powershell's shell (DESIGN.md section 3):
//
//   & ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('<script>')))) '<input>' '<secrets file>'
//
// <script> is the base64 of the script text and <input> the base64 of JSON.stringify(input),
// both UTF-8. Only base64 ever appears between the quotes, so no host or user data can escape
// into PowerShell syntax, and the whole script runs as one statement. The input carries no
// secret: its secret fields are null here, and <secrets file> is the base64 of the path of the
// short-lived file that holds them (empty when there are none; see secretInput.ts). The line is
// what child-shell logs and Windows' Script Block Logging records, so buildScriptCommand refuses
// an input that still has a secret.

import type { HyperVScript } from './scripts';
import { splitSecrets } from './secretInput';

const PREFIX = "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('";
const MIDDLE = "')))) '";
const SEPARATOR = "' '";
const SUFFIX = "'";

/** The exact shape of a command line; groups 1, 2 and 3 are the script, input and secrets file path base64 (3 may be empty). */
export const SCRIPT_COMMAND_PATTERN =
  /^& \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)\)\)\) '([A-Za-z0-9+/=]+)' '([A-Za-z0-9+/=]*)'$/;

function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The input as JSON; undefined becomes {}. Throws TypeError for what JSON cannot carry. */
export function encodeInputJson(input: unknown): string {
  const json: unknown = JSON.stringify(input === undefined ? {} : input);
  if (typeof json !== 'string') {
    throw new TypeError('The script input cannot be written as JSON.');
  }
  return json;
}

/** The base64 form of a script input, as it appears in the command line. */
export function encodeScriptInput(input: unknown): string {
  return toBase64(encodeInputJson(input));
}

/**
 * One line that runs `script` with `input` (any JSON value without secret fields) in a PowerShell
 * shell; `secretsFile` is the path of the file with the secret fields taken out of it.
 */
export function buildScriptCommand(script: Pick<HyperVScript, 'text'>, input: unknown, secretsFile = ''): string {
  if (script.text.length === 0) {
    throw new TypeError('The script text is empty.');
  }
  if (splitSecrets(input).secrets.length > 0) {
    throw new TypeError('The script input still has secret fields: they go through the secrets file (splitSecrets), never the command line.');
  }
  return `${PREFIX}${toBase64(script.text)}${MIDDLE}${encodeScriptInput(input)}${SEPARATOR}${secretsFile === '' ? '' : toBase64(secretsFile)}${SUFFIX}`;
}

function strictBase64Decode(b64: string, what: string): string {
  const bytes = Buffer.from(b64, 'base64');
  // Node ignores bad padding and stray characters; insist on the canonical form.
  if (b64.length % 4 !== 0 || bytes.toString('base64') !== b64) {
    throw new Error(`The ${what} in the command is not valid base64.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`The ${what} in the command is not valid UTF-8.`);
  }
}

export interface DecodedScriptCommand {
  scriptText: string;
  /** The input without its secret fields (null there). */
  input: unknown;
  /** The path of the secrets file, or '' when there is none. */
  secretsFile: string;
}

/** The inverse of buildScriptCommand (for tests and the lab's stand-in PowerShell); throws when the line is not one. */
export function decodeScriptCommand(line: string): DecodedScriptCommand {
  const match = SCRIPT_COMMAND_PATTERN.exec(line.replace(/\r?\n$/, ''));
  if (!match) {
    throw new Error('Not an ASR script command line.');
  }
  const scriptText = strictBase64Decode(match[1], 'script');
  const inputJson = strictBase64Decode(match[2], 'input');
  let input: unknown;
  try {
    input = JSON.parse(inputJson);
  } catch {
    throw new Error('The input in the command is not valid JSON.');
  }
  const secretsFile = match[3] === '' ? '' : strictBase64Decode(match[3], 'secrets file path');
  return { scriptText, input, secretsFile };
}
