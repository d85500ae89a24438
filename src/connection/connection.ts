// The connection to Azure: how the user signs in (VS Code Microsoft account, a service principal
// whose secret lives in SecretStorage, or the Azure CLI), the subscription and the vault. The
// choice is kept in globalState (no secret there); the live contexts are built from it.

import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureCloud } from '../services/azure/cloud';
import type { AzureContext, VaultContext } from '../services/azure/clients';
import { clearClientCache } from '../services/azure/clients';
import { authProviderIdForCloud, createAzureCliCredential, createServicePrincipalCredential, VsCodeSessionCredential } from '../services/azure/credentials';
import { NotSignedInError } from '../services/azure/errors';
import type { VaultRef } from '../model/armId';
import { openSecret, sealSecret, type OpenedSecret } from './savedSecret';
import { readCloud } from './settings';

export type SignIn = { kind: 'account'; tenantId?: string } | { kind: 'servicePrincipal'; tenantId: string; clientId: string } | { kind: 'cli'; tenantId?: string };

export interface SavedConnection {
  signIn: SignIn;
  subscriptionId?: string;
  vault?: VaultRef & { location?: string };
  /** The storage account the Connect wizard chose (in the vault's region): Enable Replication's default. */
  storageAccountId?: string;
}

/** Where the Connect wizard's vault (the first vault) is kept; an added vault has its own key (vaultSet.ts). */
export const FIRST_CONNECTION_KEY = 'azureSiteRecovery.connection';

function secretKey(signIn: { tenantId: string; clientId: string }): string {
  return `azureSiteRecovery.servicePrincipal/${signIn.tenantId.toLowerCase()}/${signIn.clientId.toLowerCase()}`;
}

/** Why a saved secret is not sent to `cloud`'s authority, and what to do. */
function secretElsewhereText(opened: Extract<OpenedSecret, { kind: 'elsewhere' }>, cloud: AzureCloud): string {
  const again = vscode.l10n.t("Run 'Azure Site Recovery: Connect to a Vault' and sign in again with the service principal.");
  if (!opened.savedFor) {
    return `${vscode.l10n.t('The saved service principal secret does not say which sign-in authority it was entered for (an earlier version saved it), so it is not sent anywhere.')} ${again}`;
  }
  const { authorityHost, tenantId } = opened.savedFor;
  return `${vscode.l10n.t('The saved service principal secret was entered for signing in at {0} (tenant {1}); the cloud settings now name {2}, so it is not sent there.', authorityHost, tenantId, cloud.authorityHost)} ${again}`;
}

export class Connection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private credential: TokenCredential | undefined;
  private cloud: AzureCloud | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    /** The globalState key this sign-in and vault are kept under. */
    readonly stateKey: string = FIRST_CONNECTION_KEY,
  ) {}

  get saved(): SavedConnection | undefined {
    return this.state.get<SavedConnection>(this.stateKey);
  }

  get signedIn(): boolean {
    return this.saved !== undefined;
  }

  get connected(): boolean {
    return this.saved?.vault !== undefined;
  }

  /** Signs in: validates the credential by asking for a token, then saves the choice. */
  async signIn(signIn: SignIn, clientSecret?: string): Promise<AzureContext> {
    const cloud = await readCloud();
    let credential: TokenCredential;
    if (signIn.kind === 'servicePrincipal') {
      if (!clientSecret) throw new Error(vscode.l10n.t('A client secret is required to sign in as a service principal.'));
      credential = createServicePrincipalCredential(cloud, { tenantId: signIn.tenantId, clientId: signIn.clientId, clientSecret });
    } else if (signIn.kind === 'cli') {
      credential = createAzureCliCredential(cloud, signIn.tenantId);
    } else {
      // Interactive sign-in happens here once; the credential then asks silently.
      await vscode.authentication.getSession(authProviderIdForCloud(cloud), [cloud.managementScope, ...(signIn.tenantId ? [`VSCODE_TENANT:${signIn.tenantId}`] : [])], {
        createIfNone: true,
      });
      credential = new VsCodeSessionCredential((p, s, o) => vscode.authentication.getSession(p, s, o), authProviderIdForCloud(cloud), cloud, signIn.tenantId);
    }
    await credential.getToken(cloud.managementScope);
    // The secret is kept with the authority and tenant it was just used for: it is never sent elsewhere.
    if (signIn.kind === 'servicePrincipal' && clientSecret) {
      await this.secrets.store(secretKey(signIn), sealSecret({ authorityHost: cloud.authorityHost, tenantId: signIn.tenantId }, clientSecret));
    }
    this.credential = credential;
    this.cloud = cloud;
    await this.state.update(this.stateKey, { signIn } satisfies SavedConnection);
    this.changed.fire();
    return { credential, cloud, subscriptionId: '' };
  }

  async choose(subscriptionId: string, vault: VaultRef & { location?: string }, storageAccountId?: string): Promise<void> {
    const saved = this.saved;
    if (!saved) throw new Error(vscode.l10n.t("Not signed in to Azure. Run 'Azure Site Recovery: Connect to a Vault' first."));
    // A new vault forgets the previous storage account unless one is given with it.
    const next: SavedConnection = { signIn: saved.signIn, subscriptionId, vault, ...(storageAccountId ? { storageAccountId } : {}) };
    await this.state.update(this.stateKey, next);
    this.changed.fire();
  }

  /** Keeps a sign-in another connection has already validated, with its subscription and vault (Add Vault, vaultSet.ts). */
  async adopt(saved: SavedConnection): Promise<void> {
    await this.state.update(this.stateKey, saved);
    this.changed.fire();
  }

  /** Forgets the sign-in and the vault; the service principal's secret too unless another connection still uses it (`keepSecret`). */
  async signOut(options: { keepSecret?: boolean } = {}): Promise<void> {
    const saved = this.saved;
    if (saved?.signIn.kind === 'servicePrincipal' && !options.keepSecret) await this.secrets.delete(secretKey(saved.signIn));
    if (this.credential) clearClientCache(this.credential);
    this.credential = undefined;
    this.cloud = undefined;
    await this.state.update(this.stateKey, undefined);
    this.changed.fire();
  }

  /** Settings changed (cloud, CA): rebuild the credential on next use. */
  reset(): void {
    if (this.credential) clearClientCache(this.credential);
    this.credential = undefined;
    this.cloud = undefined;
    this.changed.fire();
  }

  /** The context for ARM calls in a subscription (undefined when not signed in). */
  async azureContext(subscriptionId?: string): Promise<AzureContext | undefined> {
    const saved = this.saved;
    if (!saved) return undefined;
    if (!this.credential || !this.cloud) {
      const cloud = await readCloud();
      const s = saved.signIn;
      if (s.kind === 'servicePrincipal') {
        const opened = openSecret(await this.secrets.get(secretKey(s)), { authorityHost: cloud.authorityHost, tenantId: s.tenantId });
        if (opened.kind === 'missing') return undefined;
        if (opened.kind === 'elsewhere') throw new NotSignedInError(secretElsewhereText(opened, cloud));
        this.credential = createServicePrincipalCredential(cloud, { tenantId: s.tenantId, clientId: s.clientId, clientSecret: opened.clientSecret });
      } else if (s.kind === 'cli') {
        this.credential = createAzureCliCredential(cloud, s.tenantId);
      } else {
        this.credential = new VsCodeSessionCredential((p, sc, o) => vscode.authentication.getSession(p, sc, o), authProviderIdForCloud(cloud), cloud, s.tenantId);
      }
      this.cloud = cloud;
    }
    return { credential: this.credential, cloud: this.cloud, subscriptionId: subscriptionId ?? saved.subscriptionId ?? '' };
  }

  /** The context for the connected vault (undefined when no vault is chosen). */
  async vaultContext(): Promise<VaultContext | undefined> {
    const vault = this.saved?.vault;
    if (!vault) return undefined;
    const ctx = await this.azureContext(vault.subscriptionId);
    return ctx ? { ...ctx, vault: { subscriptionId: vault.subscriptionId, resourceGroup: vault.resourceGroup, vaultName: vault.vaultName } } : undefined;
  }

  currentCloud(): AzureCloud | undefined {
    return this.cloud;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
