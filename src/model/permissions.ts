// What the signed-in identity may do, from ARM's permissions API (Microsoft.Authorization
// permissions, api-version 2022-04-01: `value[]` of { actions, notActions, dataActions,
// notDataActions }), and which built-in role grants what is missing. Pure: no SDK, no vscode.
//
// Sources (quoted where used):
// - azure-rest-api-specs specification/authorization/resource-manager/Microsoft.Authorization/
//   stable/2022-04-01/authorization-RoleDefinitionsCalls.json: Permissions_ListForResourceGroup,
//   Permissions_ListForResource, "Permission": actions "Allowed actions.", notActions "Denied actions."
// - MicrosoftDocs/azure-docs articles/site-recovery/site-recovery-role-based-linked-access-control.md
//   (the actions needed to enable replication) and tutorial-prepare-azure-for-hyperv.md
//   ("your account should be assigned the Virtual Machine Contributor built-in role. To manage
//   Site Recovery operations in a vault, your account should be assigned the Site Recovery
//   Contributor built-in role.").
// - MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles (the roles' JSON).

import * as l10n from '@vscode/l10n';

/** One entry of the permissions API's `value`: what one role assignment allows at the scope. */
export interface PermissionEntry {
  actions: readonly string[];
  notActions: readonly string[];
  dataActions?: readonly string[];
  notDataActions?: readonly string[];
}

/**
 * Whether an ARM action pattern matches an action. Patterns use `*` as a wildcard for any run of
 * characters (`*`, `Microsoft.Compute/*`, `*\/read`, `Microsoft.Authorization/*\/Write`);
 * operation names compare case-insensitively (the role definitions themselves mix
 * `Microsoft.RecoveryServices/Vaults/...` and `.../vaults/...`).
 */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .trim()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action.trim());
}

/**
 * Whether the entries allow an action. ARM takes the union of the role assignments: an action
 * is allowed when one entry lists it in `actions` and that same entry does not exclude it in
 * `notActions` (a NotActions of one role is not a deny for another role's grant:
 * articles/role-based-access-control/role-definitions.md, "NotActions ... is not a deny rule").
 */
export function isActionAllowed(entries: readonly PermissionEntry[], action: string): boolean {
  return entries.some((e) => e.actions.some((p) => actionMatches(p, action)) && !e.notActions.some((p) => actionMatches(p, action)));
}

/** The actions of `required` the entries do not allow, in the order given. */
export function missingActions(entries: readonly PermissionEntry[], required: readonly string[]): string[] {
  return required.filter((a) => !isActionAllowed(entries, a));
}

// ---- built-in roles (their JSON in azure-docs articles/role-based-access-control/built-in-roles) ----

export interface BuiltInRole {
  name: string;
  permissions: PermissionEntry;
}

/**
 * The built-in roles this extension names, least privileged first. Only the parts of their
 * action lists that matter here are copied, each verbatim from the role's JSON.
 */
export const builtInRoles: readonly BuiltInRole[] = [
  {
    // management-and-governance.md, "Site Recovery Operator": "Lets you failover and failback but
    // not perform other Site Recovery management operations".
    name: 'Site Recovery Operator',
    permissions: {
      actions: [
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
      ],
      notActions: [],
    },
  },
  {
    // management-and-governance.md, "Site Recovery Contributor": "Lets you manage Site Recovery
    // service except vault creation and role assignment".
    name: 'Site Recovery Contributor',
    permissions: {
      actions: [
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
      ],
      notActions: [],
    },
  },
  {
    // compute.md, "Virtual Machine Contributor": "Lets you manage virtual machines, but not
    // access to them, and not the virtual network or storage account they're connected to."
    name: 'Virtual Machine Contributor',
    permissions: {
      actions: [
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
      ],
      notActions: [],
    },
  },
  {
    // privileged.md, "Contributor": "Grants full access to manage all resources, but does not
    // allow you to assign roles in Azure RBAC".
    name: 'Contributor',
    permissions: {
      actions: ['*'],
      notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
    },
  },
  {
    // privileged.md, "Owner": "Grants full access to manage all resources, including the ability
    // to assign roles in Azure RBAC." Actions: "*".
    name: 'Owner',
    permissions: { actions: ['*'], notActions: [] },
  },
];

/** The least privileged built-in roles (in builtInRoles order) that alone grant every action. */
export function rolesGranting(actions: readonly string[]): string[] {
  return builtInRoles.filter((r) => actions.every((a) => isActionAllowed([r.permissions], a))).map((r) => r.name);
}

// ---- what each step needs ----

/** What an action of the extension needs at one scope, and what it is for (in words). */
export interface ScopeNeed {
  /** Where: a resource group or resource id. */
  scope: string;
  /** How to name the scope in a sentence, e.g. `the resource group RAM-Recovery-RG`. */
  scopeLabel: string;
  /** The operations needed there. */
  actions: readonly string[];
  /** What they are for, e.g. `create the virtual machines at failover`. */
  purpose: string;
}

/**
 * Enable Replication, from site-recovery-role-based-linked-access-control.md: "To enable
 * replication for a new virtual machine, a user must have: Permission to create a virtual machine
 * in the selected resource group; Permission to create a virtual machine in the selected virtual
 * network; Permission to write to the selected Storage account", with the table's Resource
 * Manager actions (Compute: virtualMachines/read|write|delete; Network: networkInterfaces/...,
 * virtualNetworks/read, virtualNetworks/subnets/join/action; Storage: storageAccounts/read,
 * storageAccounts/listkeys/action). The vault part is what Site Recovery Contributor grants and
 * Enable Replication writes (a protected item, through the fabric).
 */
export const enableReplicationActions = {
  vault: [
    'Microsoft.RecoveryServices/Vaults/read',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/write',
    'Microsoft.RecoveryServices/vaults/replicationPolicies/write',
  ],
  targetResourceGroup: [
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Compute/virtualMachines/read',
    'Microsoft.Compute/virtualMachines/write',
    'Microsoft.Compute/virtualMachines/delete',
    'Microsoft.Network/networkInterfaces/read',
    'Microsoft.Network/networkInterfaces/write',
    'Microsoft.Network/networkInterfaces/delete',
    'Microsoft.Network/networkInterfaces/join/action',
  ],
  network: ['Microsoft.Network/virtualNetworks/read', 'Microsoft.Network/virtualNetworks/subnets/read', 'Microsoft.Network/virtualNetworks/subnets/join/action'],
  storageAccount: ['Microsoft.Storage/storageAccounts/read', 'Microsoft.Storage/storageAccounts/listkeys/action'],
} as const;

/**
 * Connect: creating a storage account or a vault in a resource group (their PUTs are
 * `Microsoft.Storage/storageAccounts/write` and `Microsoft.RecoveryServices/vaults/write`; Site
 * Recovery Contributor cannot create a vault: "except vault creation"), and using a vault for
 * Site Recovery afterwards (vault credentials, the Hyper-V site, the replication policy).
 */
export const connectActions = {
  createStorageAccount: ['Microsoft.Storage/storageAccounts/write'],
  createVault: ['Microsoft.RecoveryServices/vaults/write'],
  useVault: [
    'Microsoft.RecoveryServices/Vaults/read',
    'Microsoft.RecoveryServices/Vaults/certificates/write',
    'Microsoft.RecoveryServices/vaults/replicationFabrics/write',
    'Microsoft.RecoveryServices/vaults/replicationPolicies/write',
  ],
} as const;

/** One thing the identity may not do, as a sentence naming the missing role and the scope. */
export interface PermissionProblem {
  scope: string;
  missing: string[];
  roles: string[];
  text: string;
}

/** Checks needs against the permissions found at each scope; a sentence per scope that lacks something. */
export function permissionProblems(needs: readonly ScopeNeed[], found: ReadonlyMap<string, readonly PermissionEntry[]>): PermissionProblem[] {
  const out: PermissionProblem[] = [];
  for (const need of needs) {
    const entries = found.get(need.scope.toLowerCase()) ?? [];
    const missing = missingActions(entries, need.actions);
    if (missing.length === 0) continue;
    const roles = rolesGranting(missing);
    const role =
      roles.length === 0
        ? l10n.t('a role that grants them')
        : roles.length === 1
          ? l10n.t('the {0} role', roles[0])
          : l10n.t(
              'the {0} role (or {1})',
              roles[0],
              roles.slice(1).reduce((a, b) => l10n.t('{0} or {1}', a, b)),
            );
    const list = missing.length <= 3 ? missing.join(', ') : l10n.t('{0} and {1} more', missing.slice(0, 3).join(', '), missing.length - 3);
    out.push({
      scope: need.scope,
      missing,
      roles,
      text: l10n.t('You may not {0} on {1} (missing {2}). Ask an owner of the subscription to assign you {3} on {1}.', need.purpose, need.scopeLabel, list, role),
    });
  }
  return out;
}
