// Built-in Azure roles the lab's scenarios assign, with their permissions as the role definitions
// publish them (MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/*.md,
// each role's JSON). Only the actions that matter to the lab are copied, verbatim. The lab answers
// ARM's permissions API from these and refuses what they do not allow.

export interface LabPermission {
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

const p = (actions: string[], notActions: string[] = []): LabPermission => ({ actions, notActions, dataActions: [], notDataActions: [] });

const roles: Record<string, LabPermission> = {
  // privileged.md: "Owner ... Grants full access to manage all resources, including the ability to assign roles in Azure RBAC." actions ["*"]
  Owner: p(['*']),
  // privileged.md: "Contributor" actions ["*"], notActions ["Microsoft.Authorization/*/Delete",
  // "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action", ...]
  Contributor: p(['*'], ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action']),
  // management-and-governance.md: "Site Recovery Contributor ... Lets you manage Site Recovery service except vault creation and role assignment"
  'Site Recovery Contributor': p([
    'Microsoft.Authorization/*/read',
    'Microsoft.Network/virtualNetworks/read',
    'Microsoft.RecoveryServices/locations/allocatedStamp/read',
    'Microsoft.RecoveryServices/locations/allocateStamp/action',
    'Microsoft.RecoveryServices/Vaults/certificates/write',
    'Microsoft.RecoveryServices/Vaults/extendedInformation/*',
    'Microsoft.RecoveryServices/Vaults/read',
    'Microsoft.RecoveryServices/Vaults/refreshContainers/read',
    'Microsoft.RecoveryServices/Vaults/registeredIdentities/*',
    'Microsoft.RecoveryServices/vaults/replicationAlertSettings/*',
    'Microsoft.RecoveryServices/vaults/replicationEvents/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/*',
    'Microsoft.RecoveryServices/vaults/replicationJobs/*',
    'Microsoft.RecoveryServices/vaults/replicationPolicies/*',
    'Microsoft.RecoveryServices/vaults/replicationRecoveryPlans/*',
    'Microsoft.RecoveryServices/vaults/replicationVaultSettings/*',
    'Microsoft.RecoveryServices/Vaults/storageConfig/*',
    'Microsoft.RecoveryServices/Vaults/tokenInfo/read',
    'Microsoft.RecoveryServices/Vaults/usages/read',
    'Microsoft.RecoveryServices/Vaults/vaultTokens/read',
    'Microsoft.Resources/deployments/*',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Storage/storageAccounts/read',
    'Microsoft.RecoveryServices/vaults/replicationOperationStatus/read',
  ]),
  // management-and-governance.md: "Site Recovery Operator ... Lets you failover and failback but not perform other Site Recovery management operations"
  'Site Recovery Operator': p([
    'Microsoft.Authorization/*/read',
    'Microsoft.Network/virtualNetworks/read',
    'Microsoft.RecoveryServices/Vaults/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectableItems/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/failoverCommit/action',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/plannedFailover/action',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/reProtect/action',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/testFailover/action',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/testFailoverCleanup/action',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/unplannedFailover/action',
    'Microsoft.RecoveryServices/vaults/replicationJobs/*',
    'Microsoft.RecoveryServices/vaults/replicationPolicies/read',
  ]),
  // compute.md: "Virtual Machine Contributor ... Lets you manage virtual machines, but not access to them, and not the virtual network or storage account they're connected to."
  'Virtual Machine Contributor': p([
    'Microsoft.Authorization/*/read',
    'Microsoft.Compute/availabilitySets/*',
    'Microsoft.Compute/locations/*',
    'Microsoft.Compute/virtualMachines/*',
    'Microsoft.Compute/disks/write',
    'Microsoft.Compute/disks/read',
    'Microsoft.Compute/disks/delete',
    'Microsoft.Network/networkInterfaces/*',
    'Microsoft.Network/networkSecurityGroups/join/action',
    'Microsoft.Network/networkSecurityGroups/read',
    'Microsoft.Network/publicIPAddresses/join/action',
    'Microsoft.Network/publicIPAddresses/read',
    'Microsoft.Network/virtualNetworks/read',
    'Microsoft.Network/virtualNetworks/subnets/join/action',
    'Microsoft.RecoveryServices/locations/*',
    'Microsoft.RecoveryServices/Vaults/read',
    'Microsoft.RecoveryServices/Vaults/usages/read',
    'Microsoft.RecoveryServices/Vaults/write',
    'Microsoft.Resources/deployments/*',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Storage/storageAccounts/listKeys/action',
    'Microsoft.Storage/storageAccounts/read',
  ]),
};

export function isBuiltInRole(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(roles, name);
}

export function rolePermission(name: string): LabPermission {
  const r = roles[name];
  if (!r) throw new Error(`The lab knows no role "${name}"`);
  return r;
}

/** ARM's wildcard match of an action pattern (`*` any run of characters), case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/**
 * Whether one of the permissions allows the action: listed in its actions and not excluded by
 * its own notActions ("NotActions is not a deny rule", role-definitions.md).
 */
export function allows(permissions: readonly LabPermission[], action: string): boolean {
  return permissions.some((x) => x.actions.some((a) => actionMatches(a, action)) && !x.notActions.some((a) => actionMatches(a, action)));
}
