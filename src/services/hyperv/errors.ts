// One error type for everything the Hyper-V layer throws. Messages name the host and say what to
// do; they never carry a password, a token or the encoded script input.

import { InvocationError, ProcessError } from 'node-powershell';

export const hyperVErrorCodes = [
  'HostUnreachable',
  'WinRMNotEnabled',
  'AccessDenied',
  'HyperVModuleMissing',
  'HostOsNotSupported',
  'Timeout',
  'Cancelled',
  'ScriptFailed',
  'ProtocolError',
  'PowerShellNotFound',
  'PowerShellExited',
  'InstallerNotFound',
  'InstallerDownloadFailed',
  'InstallerUrlNotHttps',
  'InstallerSignatureInvalid',
  'HostNotReady',
  'InstallFailed',
  'ProviderNotInstalled',
  'RegistrationFailed',
  'ActiveDirectoryUnavailable',
  'InvalidHostName',
] as const;

export type HyperVErrorCode = (typeof hyperVErrorCodes)[number];

export interface HyperVErrorInit {
  host?: string;
  /** The script that was running (e.g. 'Get-VmInventory'). */
  script?: string;
  /** What PowerShell or the script itself said, already redacted; for the log. */
  detail?: string;
}

export class HyperVError extends Error {
  override name = 'HyperVError';
  readonly code: HyperVErrorCode;
  readonly host?: string;
  readonly script?: string;
  readonly detail?: string;

  constructor(code: HyperVErrorCode, message: string, init?: HyperVErrorInit);
  constructor(init: HyperVErrorInit & { code: HyperVErrorCode; message: string });
  constructor(codeOrInit: HyperVErrorCode | (HyperVErrorInit & { code: HyperVErrorCode; message: string }), message?: string, moreInit: HyperVErrorInit = {}) {
    const init: HyperVErrorInit = typeof codeOrInit === 'string' ? moreInit : codeOrInit;
    super(typeof codeOrInit === 'string' ? (message ?? '') : codeOrInit.message);
    this.code = typeof codeOrInit === 'string' ? codeOrInit : codeOrInit.code;
    if (init.host !== undefined) {
      this.host = init.host;
    }
    if (init.script !== undefined) {
      this.script = init.script;
    }
    if (init.detail !== undefined) {
      this.detail = init.detail;
    }
  }
}

export function isHyperVError(e: unknown, code?: HyperVErrorCode): e is HyperVError {
  return e instanceof HyperVError && (code === undefined || e.code === code);
}

/** What a message may use besides the code. */
export interface HyperVErrorContext {
  /** The Hyper-V host (computer name); absent for the local computer. */
  host?: string;
  script?: string;
  /** The PowerShell executable as configured. */
  executable?: string;
  /** The limit that was exceeded, for Timeout. */
  timeoutMs?: number;
  /** Strings that must never appear in a message (passwords, the encoded input). */
  secrets?: readonly string[];
}

const POWERSHELL_SETTING = 'azureSiteRecovery.hyperV.powershellPath';
const MAX_DETAIL_LENGTH = 300;

/** How a host is named in messages. */
export function hostLabel(host: string | undefined): string {
  return host !== undefined && host.trim().length > 0 ? host.trim() : 'the local computer';
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.max(0, Math.round(ms))} ms`;
}

interface MessageInput {
  host: string;
  script: string;
  executable: string;
  timeoutMs?: number;
  detail?: string;
}

function withDetail(text: string, detail: string | undefined): string {
  return detail ? `${text} (${detail})` : text;
}

/** One message per code: what happened, where, and what to do. */
const messageFor: Readonly<Record<HyperVErrorCode, (m: MessageInput) => string>> = {
  HostUnreachable: (m) => `Cannot reach ${m.host}: check that the host is on and its name resolves, then retry.`,
  WinRMNotEnabled: (m) => `${m.host} does not accept PowerShell remoting (WinRM): run 'Enable-PSRemoting -Force' on ${m.host} (as an administrator), then retry.`,
  AccessDenied: (m) =>
    `Access denied on ${m.host}: the account has no administrator rights on ${m.host}; add credentials for the host (Azure Site Recovery: Add Hyper-V Host) or use an account in its Administrators group.`,
  HyperVModuleMissing: (m) => `The Hyper-V PowerShell module is missing on ${m.host}: install it with 'Install-WindowsFeature Hyper-V-PowerShell' on ${m.host}.`,
  HostOsNotSupported: (m) =>
    withDetail(
      `${m.host} runs a Windows version that Azure Site Recovery does not support for Hyper-V hosts: use Windows Server 2012 R2 or later (see the Hyper-V to Azure support matrix).`,
      m.detail,
    ),
  Timeout: (m) => `${m.host} did not answer within ${formatDuration(m.timeoutMs ?? 0)}: check that the host is on and not overloaded, then retry.`,
  Cancelled: (m) => `${m.script} on ${m.host} was cancelled.`,
  ScriptFailed: (m) => `${m.script} failed on ${m.host}: ${m.detail || 'PowerShell reported an error without a message.'}`,
  ProtocolError: (m) => withDetail(`${m.script} produced no result on ${m.host}: the script's output was not in the expected form.`, m.detail),
  PowerShellNotFound: (m) => `PowerShell was not found at "${m.executable}". Set ${POWERSHELL_SETTING} to pwsh, powershell or the full path of the executable.`,
  InstallerNotFound: (m) =>
    withDetail(
      `The Site Recovery provider installer was not found from ${m.host}: check the path in azureSiteRecovery.hyperV.providerInstallerPath (a local file or a share the host can read), then retry.`,
      m.detail,
    ),
  InstallerDownloadFailed: (m) =>
    withDetail(
      `${m.host} could not download the Site Recovery provider installer: give it internet access (HTTPS to aka.ms and download.microsoft.com), or put AzureSiteRecoveryProvider.exe on a share and set azureSiteRecovery.hyperV.providerInstallerPath, then retry.`,
      m.detail,
    ),
  InstallerUrlNotHttps: (m) =>
    withDetail(
      `The Site Recovery provider installer for ${m.host} must come over HTTPS: set azureSiteRecovery.hyperV.providerInstallerUrl to an https:// address (or leave it empty for https://aka.ms/downloaddra), or use a local file or share in azureSiteRecovery.hyperV.providerInstallerPath.`,
      m.detail,
    ),
  InstallerSignatureInvalid: (m) =>
    withDetail(
      `The Site Recovery provider installer that ${m.host} got is not validly signed by Microsoft, so it was not run: download AzureSiteRecoveryProvider.exe again from https://aka.ms/downloaddra (or check the copy on your share), then retry.`,
      m.detail,
    ),
  HostNotReady: (m) => withDetail(`${m.host} is not ready for the Site Recovery provider; nothing was installed`, m.detail),
  InstallFailed: (m) =>
    withDetail(
      `Installing the Site Recovery provider on ${m.host} failed: see C:\\ProgramData\\ASRLogs\\DRASetupWizard.log on the host, fix what it reports, then retry.`,
      m.detail,
    ),
  ProviderNotInstalled: (m) => `The Site Recovery provider is not installed on ${m.host}: install it first (Retry runs the install step again).`,
  RegistrationFailed: (m) =>
    withDetail(
      `Registering ${m.host} with the vault failed: the vault credentials may be invalid or expired, or the host cannot reach Azure over HTTPS (port 443). Retry creates fresh credentials; see C:\\ProgramData\\ASRLogs on the host for details.`,
      m.detail,
    ),
  ActiveDirectoryUnavailable: (m) =>
    withDetail(
      `Active Directory could not be searched for Hyper-V hosts from ${m.host}: the computer may not be in a domain or cannot reach a domain controller. Add hosts by name in azureSiteRecovery.hyperV.hosts instead.`,
      m.detail,
    ),
  // m.host is the refused name, quoted (model/hostName.ts hostNameForMessage); m.detail says why.
  InvalidHostName: (m) =>
    `The host name ${m.host} is not a valid DNS name${m.detail ? ` (${m.detail})` : ''}, so nothing was run with it: use the host's computer name or FQDN, letters, digits and hyphens in labels of 1 to 63 characters separated by dots (for example HV01 or HV01.contoso.local).`,
  PowerShellExited: (m) =>
    withDetail(
      `PowerShell ("${m.executable}") stopped while running ${m.script} for ${m.host}: retry; if it keeps stopping, check that "${m.executable}" starts from a terminal or set ${POWERSHELL_SETTING}.`,
      m.detail,
    ),
};

/** Replaces every secret (and any long base64 run, such as an encoded input) in text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const sorted = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    out = out.split(secret).join('***');
  }
  return out.replace(/[A-Za-z0-9+/]{40,}={0,2}/g, '[base64]');
}

function cleanDetail(text: string | undefined, secrets: readonly string[] | undefined): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  const flat = redact(text, secrets)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length === 0) {
    return undefined;
  }
  return flat.length > MAX_DETAIL_LENGTH ? `${flat.slice(0, MAX_DETAIL_LENGTH - 1)}…` : flat;
}

/** Builds a HyperVError with the standard message for its code. */
export function hyperVError(code: HyperVErrorCode, context: HyperVErrorContext = {}, rawDetail?: string): HyperVError {
  const detail = cleanDetail(rawDetail, context.secrets);
  const message = messageFor[code]({
    host: hostLabel(context.host),
    script: context.script ?? 'The PowerShell script',
    executable: context.executable ?? 'pwsh',
    ...(context.timeoutMs !== undefined ? { timeoutMs: context.timeoutMs } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
  // Only the detail came from outside (PowerShell, the script); it is redacted above.
  return new HyperVError(code, message, {
    ...(context.host !== undefined ? { host: context.host } : {}),
    ...(context.script !== undefined ? { script: context.script } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
}

/**
 * The error codes the scripts write in their envelope, and what each becomes. Table-driven so a
 * script can add a code with one line here; an unknown code becomes ScriptFailed.
 */
export const envelopeErrorCodes: Readonly<Record<string, HyperVErrorCode>> = {
  HostUnreachable: 'HostUnreachable',
  WinRMNotEnabled: 'WinRMNotEnabled',
  AccessDenied: 'AccessDenied',
  HyperVModuleMissing: 'HyperVModuleMissing',
  HostOsNotSupported: 'HostOsNotSupported',
  ScriptFailed: 'ScriptFailed',
  Timeout: 'Timeout',
  InstallerNotFound: 'InstallerNotFound',
  InstallerDownloadFailed: 'InstallerDownloadFailed',
  InstallerUrlNotHttps: 'InstallerUrlNotHttps',
  InstallerSignatureInvalid: 'InstallerSignatureInvalid',
  InstallFailed: 'InstallFailed',
  ProviderNotInstalled: 'ProviderNotInstalled',
  RegistrationFailed: 'RegistrationFailed',
  ActiveDirectoryUnavailable: 'ActiveDirectoryUnavailable',
};

/** Maps a script's `{ ok: false, error }` envelope to a HyperVError naming the host. */
export function hyperVErrorFromEnvelope(error: { code: string; message: string }, host?: string, context: Omit<HyperVErrorContext, 'host'> = {}): HyperVError {
  const known = Object.prototype.hasOwnProperty.call(envelopeErrorCodes, error.code) ? envelopeErrorCodes[error.code] : undefined;
  const code: HyperVErrorCode = known ?? 'ScriptFailed';
  const detail = known === undefined && error.code ? `${error.code}: ${error.message}` : error.message;
  return hyperVError(code, { ...context, ...(host !== undefined ? { host } : {}) }, detail);
}

/** The first meaningful line of PowerShell's error output (not a position marker). */
export function firstErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // Windows PowerShell: "At line:1 char:1" / "+ <code>" / "+ ~~~"; pwsh 7: "Line |" /
  // "   1 |  <code>" / "     | ~~~" / "     | <message>".
  const meaningful = lines
    .filter((l) => !/^(At line:\d|At char:\d|\+|Line \||\d+ \|)/.test(l))
    .map((l) => l.replace(/^\|\s*/, ''))
    .find((l) => l.length > 0 && !/^~+$/.test(l));
  return meaningful ?? lines[0] ?? '';
}

const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EISDIR', 'ENOEXEC', 'UNKNOWN']);

function errnoCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = e.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'CancellationError');
}

export const INVOKE_AFTER_EXIT = 'invoke called after process exited';

/**
 * Maps anything thrown while running a script to a HyperVError: node-powershell's
 * InvocationError (stderr text, or empty on its own timeout) and ProcessError (spawn failure or
 * exit), Node's spawn errors, aborts. HyperVErrors pass through unchanged.
 */
export function hyperVErrorFromException(e: unknown, context: HyperVErrorContext = {}): HyperVError {
  if (e instanceof HyperVError) {
    return e;
  }
  if (e instanceof ProcessError) {
    const cause = errnoCode(e.originalError);
    if (cause !== undefined && NOT_FOUND_CODES.has(cause)) {
      return hyperVError('PowerShellNotFound', context);
    }
    const how = e.exitCode !== null && e.exitCode !== undefined ? `exit code ${e.exitCode}` : e.signalCode ? `signal ${e.signalCode}` : undefined;
    return hyperVError('PowerShellExited', context, how);
  }
  if (e instanceof InvocationError) {
    if (e.message.length === 0) {
      return hyperVError('Timeout', context);
    }
    if (e.message === INVOKE_AFTER_EXIT) {
      return hyperVError('PowerShellExited', context);
    }
    return hyperVError('ScriptFailed', context, firstErrorLine(e.message));
  }
  if (isAbortError(e)) {
    return hyperVError('Cancelled', context);
  }
  const code = errnoCode(e);
  if (code !== undefined && NOT_FOUND_CODES.has(code) && e instanceof Error && /spawn/i.test(e.message)) {
    return hyperVError('PowerShellNotFound', context);
  }
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return hyperVError('ScriptFailed', context, firstErrorLine(text));
}
