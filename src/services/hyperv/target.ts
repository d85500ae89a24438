// Which Hyper-V host a script works on, and how that becomes the scripts' input.

import { hostNameForMessage, hostNameProblem } from '../../model/hostName';
import { hyperVError } from './errors';

export interface HyperVCredential {
  userName: string;
  password: string;
}

export interface HyperVTarget {
  /** The host's name or FQDN; absent for the local computer. */
  computerName?: string;
  /** Absent: the extension's own account (Kerberos / current user). */
  credential?: HyperVCredential;
}

/** The input every host script takes: `{ computerName, userName, password }`, null when absent. */
export interface HostScriptInput {
  computerName: string | null;
  userName: string | null;
  password: string | null;
}

/**
 * The name trimmed, when it is a DNS host name (model/hostName.ts); otherwise throws an
 * InvalidHostName HyperVError saying why and what to use. `reportedBy` says where the name came
 * from when it is not what the user gave (e.g. "Get-HostInfo on HV01 reported it as the host's FQDN").
 */
export function checkedHostName(name: string, reportedBy?: string): string {
  const trimmed = name.trim();
  const problem = hostNameProblem(trimmed);
  if (problem === undefined) return trimmed;
  throw hyperVError('InvalidHostName', { host: hostNameForMessage(name) }, reportedBy ? `${problem}; ${reportedBy}` : problem);
}

/**
 * The script input for the target. The computer name goes to Invoke-Command -ComputerName, so
 * it must be a DNS host name: anything else throws (InvalidHostName) before a script runs.
 */
export function hostScriptInput(target: HyperVTarget): HostScriptInput {
  const computerName = target.computerName?.trim() ? checkedHostName(target.computerName) : undefined;
  return {
    computerName: computerName ?? null,
    userName: target.credential ? target.credential.userName : null,
    password: target.credential ? target.credential.password : null,
  };
}

/** The host name for messages, or undefined for the local computer. */
export function targetHost(target: HyperVTarget): string | undefined {
  const computerName = target.computerName?.trim();
  return computerName ? computerName : undefined;
}
