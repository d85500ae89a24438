// The one command line that runs a script in node-powershell's shell (DESIGN.md section 3):
//
//   & ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('<script>')))) '<input>'
//
// <script> is the base64 of the script text and <input> the base64 of JSON.stringify(input),
// both UTF-8. Only base64 ever appears between the quotes, so no host or user data can escape
// into PowerShell syntax, and the whole script runs as one statement.

import type { HyperVScript } from './scripts';

const PREFIX = "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('";
const MIDDLE = "')))) '";
const SUFFIX = "'";

/** The exact shape of a command line; groups 1 and 2 are the script and input base64. */
export const SCRIPT_COMMAND_PATTERN =
  /^& \(\[scriptblock\]::Create\(\[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)\)\)\) '([A-Za-z0-9+/=]+)'$/;

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

/** One line that runs `script` with `input` (any JSON value) in a PowerShell shell. */
export function buildScriptCommand(script: Pick<HyperVScript, 'text'>, input: unknown): string {
  if (script.text.length === 0) {
    throw new TypeError('The script text is empty.');
  }
  return `${PREFIX}${toBase64(script.text)}${MIDDLE}${encodeScriptInput(input)}${SUFFIX}`;
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
  input: unknown;
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
  return { scriptText, input };
}
