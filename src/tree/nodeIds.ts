// The ids of the Protection tree's nodes across vaults (issue 16 §3): a node of an added vault has
// its vault key first, so two vaults' sites, hosts, VMs and recovery plans never share one.

/** The id of a node of an added vault: its vault key first; the first vault's nodes keep their id. */
export function scoped(vaultKey: string | undefined, id: string): string {
  return vaultKey === undefined ? id : `${vaultKey}|${id}`;
}
