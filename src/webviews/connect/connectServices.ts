// The Azure calls the Connect wizard makes (the real ones by default; tests replace some), and
// what its parts (loading, registration, the run) may do to the page on show. Pure: no vscode.

import type { AzureContext } from '../../services/azure/clients';
import type { ConnectScopes } from '../../services/azure/permissions';
import { checkConnectPermissions } from '../../services/azure/permissions';
import type { ProviderRegistration, RegisterOptions } from '../../services/azure/resourceProviders';
import { getProviderRegistrations, registerProvider } from '../../services/azure/resourceProviders';
import type { StorageAccountSummary, StorageNameCheck } from '../../services/azure/storage';
import { checkStorageAccountName, createStorageAccount, listStorageAccounts } from '../../services/azure/storage';
import type { LocationSummary, ResourceGroupSummary, SubscriptionSummary } from '../../services/azure/subscriptions';
import { createResourceGroup, listLocations, listResourceGroups, listSubscriptions } from '../../services/azure/subscriptions';
import type { VaultSummary } from '../../services/azure/vaults';
import { createVault, listVaults } from '../../services/azure/vaults';

/** The Azure calls the wizard makes (the real ones by default; tests may replace some). */
export interface ConnectServices {
  listSubscriptions(ctx: AzureContext): Promise<SubscriptionSummary[]>;
  listLocations(ctx: AzureContext): Promise<LocationSummary[]>;
  listResourceGroups(ctx: AzureContext): Promise<ResourceGroupSummary[]>;
  listStorageAccounts(ctx: AzureContext, filter: { resourceGroup?: string; location?: string }): Promise<StorageAccountSummary[]>;
  checkStorageAccountName(ctx: AzureContext, name: string): Promise<StorageNameCheck>;
  listVaults(ctx: AzureContext, resourceGroup?: string): Promise<VaultSummary[]>;
  createResourceGroup(ctx: AzureContext, name: string, location: string): Promise<ResourceGroupSummary>;
  createStorageAccount(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<StorageAccountSummary>;
  createVault(ctx: AzureContext, resourceGroup: string, name: string, location: string): Promise<VaultSummary>;
  /** Registration state of the namespaces Connect and Site Recovery use (Providers API). */
  getProviderRegistrations(ctx: AzureContext): Promise<ProviderRegistration[]>;
  /** Registers a namespace and waits until Registered. */
  registerProvider(ctx: AzureContext, namespace: string, options: RegisterOptions): Promise<ProviderRegistration>;
  /** What the identity may not do for the run (sentences naming role and scope); empty when all is allowed. */
  checkConnectPermissions(ctx: AzureContext, scopes: ConnectScopes): Promise<string[]>;
}

export const azureConnectServices: ConnectServices = {
  listSubscriptions,
  listLocations,
  listResourceGroups,
  listStorageAccounts,
  checkStorageAccountName,
  listVaults,
  createResourceGroup,
  createStorageAccount,
  createVault,
  getProviderRegistrations: (ctx) => getProviderRegistrations(ctx),
  registerProvider,
  checkConnectPermissions,
};

/** What a part of the wizard may do to the page on show (the wizard's FormWizard methods). */
export interface ConnectPageHooks {
  /** The page changed: show it again. */
  changed(): void;
  /** Runs work with a busy indicator; a failure becomes the page's error and resolves false. */
  work(text: string, fn: () => Promise<void>): Promise<boolean>;
  /** Shows (or clears) the page's error. */
  setError(text: string | undefined): void;
}

/** The signed-in context for the chosen subscription (throws before the sign-in). */
export type SubscriptionContext = () => AzureContext;
