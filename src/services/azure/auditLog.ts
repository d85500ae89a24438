// The audit trail of Azure Site Recovery writes (issue 13, "An audit trail"): the one place every
// write of this layer goes through to be recorded, whichever path started it (a tree node, the
// palette, a wizard, an inline button). It writes to a sink (the extension hands it the "Azure
// Site Recovery" output channel: Show Log) two kinds of line, formatted by auditLines.ts:
// one when the request was answered (who, what, on what, in which vault, its job, or why it was
// not sent), and one when a read of the vault's jobs (the job tracker's list, a flow following
// the job) first sees that job end. It may read the credential's token claims for "who"; it
// never writes a token, a secret or the content of a vault credentials file. With no sink it does
// nothing at all. No vscode.

import type { TokenCredential } from '@azure/core-auth';
import { plainJob, summarizeJob, type JobLike } from '../../model/jobSummary';
import type { VmAction } from '../../model/vmActions';
import { readString } from '../../model/wireValues';
import { describeIdentity, endedLine, requestedLine, type AuditSubject, type CredentialKind, type RequestOutcome } from './auditLines';
import type { AzureContext, VaultContext } from './clients';
import { jwtClaims, loadIdentitySdk, VsCodeSessionCredential } from './credentials';
import { ActionNotAllowedError, AzureOperationError, InvalidInputError, NotSignedInError } from './errors';

/** Where the lines go: one call per line. */
export type AuditSink = (line: string) => void;

/** The English name of each action on a VM, as the audit trail writes it. */
export const auditActionNames: Readonly<Record<VmAction, string>> = {
  enableProtection: 'Enable replication',
  testFailover: 'Test failover',
  testFailoverCleanup: 'Test failover cleanup',
  plannedFailover: 'Planned failover',
  unplannedFailover: 'Unplanned failover',
  commit: 'Commit',
  failback: 'Failback',
  reverseReplication: 'Reverse replication',
  disableProtection: 'Disable replication',
};

const jobCommandNames = { cancel: 'Cancel job', restart: 'Restart job', resume: 'Resume job' } as const;

/** What each write of this layer is and what it acts on, in the audit trail's words (English). */
export const auditWrites = {
  action: (action: VmAction, vmName: string): AuditedWrite => ({ operation: auditActionNames[action], target: vmName }),
  createSite: (name: string): AuditedWrite => ({ operation: 'Create Hyper-V site', target: `site ${name}` }),
  createPolicy: (name: string): AuditedWrite => ({ operation: 'Create replication policy', target: `policy ${name}` }),
  associatePolicy: (policyId: string, siteName: string, mappingName: string): AuditedWrite => ({
    operation: 'Associate replication policy',
    target: `policy ${policyId.split('/').pop() ?? policyId} with site ${siteName} (association ${mappingName})`,
  }),
  /** A certificate uploaded to the vault for a host's registration: the file itself (it holds a private key) is never written. */
  vaultCredentials: (siteName: string): AuditedWrite => ({ operation: 'Vault credentials for registering a Hyper-V host', target: `site ${siteName}` }),
  jobCommand: (command: keyof typeof jobCommandNames, jobName: string): AuditedWrite => ({ operation: jobCommandNames[command], target: `job ${jobName}` }),
  createResourceGroup: (name: string): AuditedWrite => ({ operation: 'Create resource group', target: `resource group ${name}` }),
  createStorageAccount: (name: string): AuditedWrite => ({ operation: 'Create storage account', target: `storage account ${name}` }),
  createVault: (name: string): AuditedWrite => ({ operation: 'Create Recovery Services vault', target: `vault ${name}` }),
  registerProvider: (namespace: string): AuditedWrite => ({ operation: 'Register resource provider', target: namespace }),
};

/** The jobs whose end is still to be written, at most this many (the oldest is dropped first). */
const MAX_PENDING_JOBS = 500;

interface PendingJob {
  subject: AuditSubject;
  /** The Suspended line was written for the current suspension. */
  suspended: boolean;
}

let sink: AuditSink | undefined;
const pending = new Map<string, PendingJob>();
const identities = new WeakMap<TokenCredential, string>();

/** Sends the audit lines to `next` (undefined: nowhere). Disposing restores the sink it replaced. */
export function setAuditSink(next: AuditSink | undefined): { dispose(): void } {
  const previous = sink;
  sink = next;
  return {
    dispose: () => {
      if (sink === next) sink = previous;
    },
  };
}

function write(line: string): void {
  try {
    sink?.(line);
  } catch {
    // A log that fails never fails the operation.
  }
}

function kindOf(credential: TokenCredential): CredentialKind {
  if (credential instanceof VsCodeSessionCredential) return 'microsoftAccount';
  // Service principal and CLI credentials come from @azure/identity: loaded already if one was built.
  const { AzureCliCredential, ClientSecretCredential } = loadIdentitySdk();
  if (credential instanceof ClientSecretCredential) return 'servicePrincipal';
  if (credential instanceof AzureCliCredential) return 'azureCli';
  return 'unknown';
}

/**
 * Who is signed in, from the claims of the credential's token for the cloud (read after the
 * request, when the credential has it cached), else the kind of credential. Remembered per
 * credential once the token was readable.
 */
export async function auditIdentity(ctx: AzureContext): Promise<string> {
  const known = identities.get(ctx.credential);
  if (known !== undefined) return known;
  const kind = kindOf(ctx.credential);
  try {
    const token = await ctx.credential.getToken(ctx.cloud.managementScope);
    const claims = token ? jwtClaims(token.token) : undefined;
    const who = describeIdentity(claims, kind);
    if (claims !== undefined) identities.set(ctx.credential, who);
    return who;
  } catch {
    return describeIdentity(undefined, kind);
  }
}

function jobKey(jobName: string): string {
  return jobName.toLowerCase();
}

function remember(jobName: string, subject: AuditSubject): void {
  pending.delete(jobKey(jobName));
  pending.set(jobKey(jobName), { subject, suspended: false });
  while (pending.size > MAX_PENDING_JOBS) {
    const oldest = pending.keys().next().value;
    if (oldest === undefined) break;
    pending.delete(oldest);
  }
}

/** What became of a request that threw: refused before sending, cancelled, or failed in Azure. */
export function outcomeOfFailure(e: unknown, cancelledBeforeSending: boolean): RequestOutcome {
  if (cancelledBeforeSending) return { kind: 'notSent', reason: 'cancelled' };
  if (e instanceof ActionNotAllowedError || e instanceof InvalidInputError || e instanceof NotSignedInError) return { kind: 'notSent', reason: e.message };
  if (e instanceof AzureOperationError) return e.code === 'Cancelled' ? { kind: 'cancelled' } : { kind: 'failed', code: e.code, message: e.message };
  return { kind: 'failed', code: 'Error', message: e instanceof Error ? e.message : String(e) };
}

/** What the audit trail needs to know of a write: what it is, on what; `target` is read when the line is written (a caller may name the VM once it has read it). */
export interface AuditedWrite {
  operation: string;
  target: string;
}

/** The part of a started write the trail reads: its job ('' or absent when Azure made none). */
interface StartedWrite {
  readonly jobName?: string;
  readonly recovered?: boolean;
}

/**
 * Sends a write through `send` and records it: `requested … → job …` (and later the job's end),
 * `→ done (no job)`, `→ not sent: <reason>` or `→ failed: <code>: <message>`. Returns or throws
 * exactly what `send` does.
 */
export async function auditWrite<T>(
  vctx: VaultContext,
  what: AuditedWrite,
  send: () => Promise<T>,
  options: { signal?: AbortSignal; started?: (result: T) => StartedWrite } = {},
): Promise<T> {
  return auditWriteIn(vctx, `vault ${vctx.vault.vaultName}`, what, send, options);
}

/**
 * auditWrite for the Azure Resource Manager writes made before there is a vault to name (the
 * Connect wizard's resource group, storage account and vault, a resource provider's
 * registration): the line names the subscription and the resource group instead.
 */
export function auditArmWrite<T>(ctx: AzureContext, resourceGroup: string | undefined, what: AuditedWrite, send: () => Promise<T>): Promise<T> {
  const where = resourceGroup !== undefined ? `subscription ${ctx.subscriptionId}, resource group ${resourceGroup}` : `subscription ${ctx.subscriptionId}`;
  return auditWriteIn(ctx, where, what, send, {});
}

async function auditWriteIn<T>(
  ctx: AzureContext,
  where: string,
  what: AuditedWrite,
  send: () => Promise<T>,
  options: { signal?: AbortSignal; started?: (result: T) => StartedWrite },
): Promise<T> {
  if (sink === undefined) return send();
  const cancelledBeforeSending = options.signal?.aborted === true;
  let result: T;
  try {
    result = await send();
  } catch (e) {
    await record(ctx, where, what, outcomeOfFailure(e, cancelledBeforeSending));
    throw e;
  }
  const started = options.started?.(result);
  const jobName = started?.jobName ?? '';
  await record(ctx, where, what, jobName !== '' ? { kind: 'job', jobName, ...(started?.recovered === true ? { recovered: true } : {}) } : { kind: 'done' });
  return result;
}

/** auditWrite for the ASR operations of this layer (asrOperation.ts): their job is known at once. */
export function auditAsrOperation<T extends StartedWrite>(vctx: VaultContext, what: AuditedWrite, send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return auditWrite(vctx, what, send, { started: (op) => op, ...(signal !== undefined ? { signal } : {}) });
}

async function record(ctx: AzureContext, where: string, what: AuditedWrite, outcome: RequestOutcome): Promise<void> {
  const subject: AuditSubject = { operation: what.operation, target: what.target, where };
  const who = await auditIdentity(ctx);
  if (outcome.kind === 'job') remember(outcome.jobName, subject);
  write(requestedLine(subject, who, outcome));
}

/** The first error code of a failed job: ASR's service error code, else the provider's. */
function jobErrorCode(job: JobLike): string | undefined {
  const p = job.properties;
  const errors = [...(p?.errors ?? []), ...(p?.tasks ?? []).flatMap((t) => t.errors ?? [])];
  for (const e of errors) {
    const code = e.serviceErrorDetails?.code ?? (e.providerErrorDetails?.errorCode !== undefined ? String(e.providerErrorDetails.errorCode) : undefined);
    if (code !== undefined && code.length > 0) return code;
  }
  return undefined;
}

/**
 * A job as read from the vault (every list and get of this layer passes it here): when it is the
 * job of a write recorded above and has ended, its end is written once (Succeeded, Failed with
 * ASR's error, Cancelled); Suspended is written once per suspension, and its end still follows.
 */
export function auditJobSeen(job: unknown): void {
  if (sink === undefined || pending.size === 0) return;
  const name = readString(job, 'name') ?? readString(job, 'id')?.split('/').pop();
  const entry = name !== undefined ? pending.get(jobKey(name)) : undefined;
  if (entry === undefined) return;
  const plain = plainJob(job);
  const summary = summarizeJob(plain, new Date());
  const ended = summary.state === 'Succeeded' || summary.state === 'Failed' || summary.state === 'Cancelled';
  if (!ended && (summary.state !== 'Suspended' || entry.suspended)) {
    entry.suspended = summary.state === 'Suspended';
    return;
  }
  entry.suspended = summary.state === 'Suspended';
  if (ended) pending.delete(jobKey(summary.jobName));
  const code = jobErrorCode(plain);
  write(
    endedLine(entry.subject, {
      jobName: summary.jobName,
      state: summary.state,
      ...(summary.durationMs !== undefined ? { durationMs: summary.durationMs } : {}),
      ...(code !== undefined ? { errorCode: code } : {}),
      ...(summary.errorMessage !== undefined ? { errorMessage: summary.errorMessage } : {}),
    }),
  );
}

/** Forgets the jobs whose end is still to be written (tests). */
export function clearAuditJobs(): void {
  pending.clear();
}
