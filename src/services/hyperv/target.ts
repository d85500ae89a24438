// Which Hyper-V host a script works on, and how that becomes the scripts' input.

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

export function hostScriptInput(target: HyperVTarget): HostScriptInput {
  const computerName = target.computerName?.trim();
  return {
    computerName: computerName ? computerName : null,
    userName: target.credential ? target.credential.userName : null,
    password: target.credential ? target.credential.password : null,
  };
}

/** The host name for messages, or undefined for the local computer. */
export function targetHost(target: HyperVTarget): string | undefined {
  const computerName = target.computerName?.trim();
  return computerName ? computerName : undefined;
}
