/**
 * Plain HTTPS requests to a lab (node:https, no SDK, no undici) so tests see the exact wire:
 * status, headers and body bytes as the lab sends them.
 */
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RawOptions {
  method?: string;
  /** Sent as `Authorization: Bearer <token>` unless undefined. */
  token?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM of the CA that signed the lab's certificate. */
  ca: string;
}

/** One request to `url` (absolute) or `base + path`. */
export function rawRequest(url: string, options: RawOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request(new URL(url), { method: options.method ?? 'GET', ca: options.ca, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body parsed as a JSON object (throws with the text when it is not one). */
export function jsonObject(res: RawResponse): JsonObject {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(res.text) as JsonValue;
  } catch {
    throw new Error(`Expected a JSON body (status ${res.status}), got: ${res.text.slice(0, 300)}`);
  }
  if (!isJsonObject(parsed)) throw new Error(`Expected a JSON object, got: ${res.text.slice(0, 300)}`);
  return parsed;
}

/** `obj.a.b.c` for a dotted path, or undefined. */
export function at(obj: JsonValue | undefined, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const part of path.split('.')) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** ARM's error body `{ error: { code, message } }`: its code and message (throws if not that shape). */
export function armError(res: RawResponse): { code: string; message: string } {
  const body = jsonObject(res);
  const code = at(body, 'error.code');
  const message = at(body, 'error.message');
  if (typeof code !== 'string' || typeof message !== 'string') {
    throw new Error(`Not an ARM error body (status ${res.status}): ${res.text.slice(0, 300)}`);
  }
  return { code, message };
}

/** The value items of a list page. */
export function valueOf(page: JsonObject): JsonObject[] {
  const v = page.value;
  if (!Array.isArray(v)) throw new Error(`Not a list page: ${JSON.stringify(page).slice(0, 200)}`);
  return v.filter(isJsonObject);
}

/** A JSON value as text: strings as they are, anything else as JSON. */
export function str(v: JsonValue | undefined): string {
  if (typeof v === 'string') return v;
  return v === undefined ? 'undefined' : JSON.stringify(v);
}
