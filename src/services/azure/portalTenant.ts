// The directory (tenant) portal links name (`#@{tenant}/resource{id}`): the one the user signed in
// to, else the tenant ARM listed for the connected subscription once it has been read. Kept here,
// without vscode, so that the tree's tooltips (synchronous) and the Open in Portal command
// (which may read the subscription list) agree.

export interface TenantSource {
  /** The tenant chosen at sign-in, if any. */
  signInTenantId?: string;
  /** The connected subscription (the vault's). */
  subscriptionId?: string;
}

export class PortalTenants {
  private readonly bySubscription = new Map<string, string>();

  /** The tenant known without a request, or undefined. */
  known(source: TenantSource | undefined): string | undefined {
    const chosen = source?.signInTenantId?.trim();
    if (chosen) return chosen;
    const sub = source?.subscriptionId?.toLowerCase();
    return sub ? this.bySubscription.get(sub) : undefined;
  }

  /** Records the tenant ARM lists for a subscription. */
  remember(subscriptionId: string, tenantId: string): void {
    if (tenantId.trim() !== '') this.bySubscription.set(subscriptionId.toLowerCase(), tenantId.trim());
  }
}

/** The one the extension uses. */
export const portalTenants = new PortalTenants();
