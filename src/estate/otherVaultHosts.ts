// Several vaults (issue 16 §3): the hosts registered in the vaults added beside the first, which
// the first vault's estate leaves out (refresh.ts `hostsOfOtherVaults`): it finds hosts in the
// settings, on this computer and in Active Directory, and a host one of those names but another
// vault registered is that vault's, shown under it. When those hosts change (an added vault read,
// added or removed), the first vault's estate is read again. No vscode import.

import type { EstateSnapshot } from './types';

/** The names (and FQDNs) of the hosts a vault's snapshot says are registered in it. */
export function registeredHostNames(snapshot: EstateSnapshot | undefined): string[] {
  return (snapshot?.hosts ?? []).filter((h) => h.provider.registered).flatMap((h) => (h.fqdn !== undefined && h.fqdn !== h.name ? [h.name, h.fqdn] : [h.name]));
}

export class OtherVaultHosts {
  /** The hosts the first estate's last refresh left out (sorted, one line each). */
  private leftOut = '';

  constructor(
    /** The added vaults' snapshots, as their stores have them now. */
    private readonly snapshots: () => readonly (EstateSnapshot | undefined)[],
    /** Reads the first vault's estate again. */
    private readonly refreshFirst: () => void,
  ) {}

  private current(): string[] {
    return [...new Set(this.snapshots().flatMap((s) => registeredHostNames(s).map((n) => n.toLowerCase())))].sort();
  }

  /** The hosts the first estate leaves out now (its refresh options ask at each refresh). */
  names(): string[] {
    const names = this.current();
    this.leftOut = names.join('\n');
    return names;
  }

  /** An added vault was read, added or removed: the first estate read again when it left out other hosts. */
  check(): void {
    if (this.current().join('\n') !== this.leftOut) this.refreshFirst();
  }
}
