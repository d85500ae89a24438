// The permission rules: ARM's wildcards, NotActions per role, the built-in roles that grant
// what is missing, and the sentences the wizards show.
import assert from 'node:assert/strict';
import {
  actionMatches,
  builtInRoles,
  enableReplicationActions,
  isActionAllowed,
  missingActions,
  permissionProblems,
  rolesGranting,
  type PermissionEntry,
} from '../../../src/model/permissions';

const role = (name: string): PermissionEntry => {
  const r = builtInRoles.find((x) => x.name === name);
  assert.ok(r, name);
  return r.permissions;
};

describe('permissions', () => {
  describe('actionMatches', () => {
    it('matches "*" with any action', () => {
      assert.equal(actionMatches('*', 'Microsoft.Compute/virtualMachines/write'), true);
    });
    it('matches a provider wildcard only inside that provider', () => {
      assert.equal(actionMatches('Microsoft.Compute/*', 'Microsoft.Compute/virtualMachines/write'), true);
      assert.equal(actionMatches('Microsoft.Compute/*', 'Microsoft.ComputeSchedule/x/write'), false);
      assert.equal(actionMatches('Microsoft.Compute/*', 'Microsoft.Network/virtualNetworks/read'), false);
    });
    it('matches a wildcard in the middle ("*/read", "Microsoft.Authorization/*/Write")', () => {
      assert.equal(actionMatches('*/read', 'Microsoft.Storage/storageAccounts/read'), true);
      assert.equal(actionMatches('*/read', 'Microsoft.Storage/storageAccounts/write'), false);
      assert.equal(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write'), true);
    });
    it('compares case-insensitively (role JSON mixes "Vaults" and "vaults")', () => {
      assert.equal(actionMatches('Microsoft.RecoveryServices/Vaults/read', 'microsoft.recoveryservices/vaults/READ'), true);
      assert.equal(actionMatches('Microsoft.Storage/storageAccounts/listKeys/action', 'Microsoft.Storage/storageAccounts/listkeys/action'), true);
    });
    it('treats regular-expression characters in a pattern literally', () => {
      assert.equal(actionMatches('Microsoft.Compute/virtualMachines/write', 'MicrosoftXCompute/virtualMachines/write'), false);
    });
  });

  describe('isActionAllowed', () => {
    it('honours NotActions of the same entry', () => {
      const contributor = role('Contributor');
      assert.equal(isActionAllowed([contributor], 'Microsoft.Compute/virtualMachines/write'), true);
      assert.equal(isActionAllowed([contributor], 'Microsoft.Authorization/roleAssignments/write'), false);
    });
    it('lets a second role grant what the first excludes (NotActions is not a deny)', () => {
      assert.equal(isActionAllowed([role('Contributor'), role('Owner')], 'Microsoft.Authorization/roleAssignments/write'), true);
    });
    it('allows nothing without entries', () => {
      assert.equal(isActionAllowed([], 'Microsoft.RecoveryServices/Vaults/read'), false);
    });
  });

  describe('roles', () => {
    it('Site Recovery Contributor manages a vault but cannot create one', () => {
      const src = role('Site Recovery Contributor');
      assert.equal(isActionAllowed([src], 'Microsoft.RecoveryServices/vaults/replicationFabrics/write'), true);
      assert.equal(isActionAllowed([src], 'Microsoft.RecoveryServices/vaults/write'), false);
    });
    it('names Virtual Machine Contributor first for what Enable Replication needs in the target resource group', () => {
      assert.deepEqual(rolesGranting(enableReplicationActions.targetResourceGroup), ['Virtual Machine Contributor', 'Contributor', 'Owner']);
    });
    it('names Site Recovery Operator first for a test failover', () => {
      assert.deepEqual(rolesGranting(['Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/testFailover/action']), [
        'Site Recovery Operator',
        'Site Recovery Contributor',
        'Contributor',
        'Owner',
      ]);
    });
    it('names only Owner for a role assignment', () => {
      assert.deepEqual(rolesGranting(['Microsoft.Authorization/roleAssignments/write']), ['Owner']);
    });
  });

  describe('permissionProblems', () => {
    const rg = '/subscriptions/s/resourceGroups/RAM-Recovery-RG';
    const need = {
      scope: rg,
      scopeLabel: 'the resource group RAM-Recovery-RG',
      actions: enableReplicationActions.targetResourceGroup,
      purpose: 'create the virtual machines of a failover',
    };

    it('says nothing when the scope allows everything', () => {
      assert.deepEqual(permissionProblems([need], new Map([[rg.toLowerCase(), [role('Contributor')]]])), []);
    });
    it('names the missing actions, the role and the scope', () => {
      const problems = permissionProblems([need], new Map([[rg.toLowerCase(), [role('Site Recovery Contributor')]]]));
      assert.equal(problems.length, 1);
      assert.deepEqual(problems[0].missing, missingActions([role('Site Recovery Contributor')], enableReplicationActions.targetResourceGroup));
      assert.equal(
        problems[0].text,
        'You may not create the virtual machines of a failover on the resource group RAM-Recovery-RG (missing Microsoft.Compute/virtualMachines/read, Microsoft.Compute/virtualMachines/write, Microsoft.Compute/virtualMachines/delete and 4 more). Ask an owner of the subscription to assign you the Virtual Machine Contributor role (or Contributor or Owner) on the resource group RAM-Recovery-RG.',
      );
    });
    it('treats a scope the API gave nothing for as allowing nothing', () => {
      const problems = permissionProblems([{ ...need, actions: ['Microsoft.Storage/storageAccounts/write'] }], new Map());
      assert.equal(problems.length, 1);
      assert.deepEqual(problems[0].roles, ['Contributor', 'Owner']);
    });
  });
});
