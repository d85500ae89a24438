import { conflict, invalidField } from '../core/armError';
import { objectField, oneOf, stringField } from '../core/body';
import type { LabRequest, LabResponse } from '../core/router';
import { diskVhdId } from './engine';
import { storageAccount } from './bodyReferences';
import { ItemActionRoutes } from './itemActionRoutes';
import { PI } from './routeBase';
import { reprotectDone } from './failoverEffects';

/**
 * The actions on a protected item that start its protection again or end it (reverse replication,
 * disable, purge), each a job that moves the item through Azure's states, the actions the lab does
 * not offer, and the operation results of every action on an item.
 */
export class ProtectionRoutes extends ItemActionRoutes {
  register(): void {
    // Actions on protected items (continued)
    this.add('POST', `${PI}/reProtect`, 'replicationProtectedItems.reprotect', (q) => this.reprotect(q));
    this.add('POST', `${PI}/remove`, 'replicationProtectedItems.delete', (q) => this.disable(q));
    this.add('DELETE', PI, 'replicationProtectedItems.purge', (q) => this.purge(q));
    this.add('POST', `${PI}/failoverCancel`, 'replicationProtectedItems.failoverCancel', (q) => this.unsupportedAction(q, 'CancelFailover'));
    this.add('POST', `${PI}/repairReplication`, 'replicationProtectedItems.repairReplication', (q) => this.unsupportedAction(q, 'RepairReplication'));
    this.add('GET', `${PI}/operationresults/{job}`, 'replicationProtectedItems.operationResults', (q) => this.operationResult(q));
  }

  private reprotect(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['ReverseReplicate']);
    const props = this.actionProps(q);
    this.direction(props, 'PrimaryToRecovery');
    const t = 'properties.providerSpecificDetails';
    const psd = objectField(props, 'providerSpecificDetails', t)!;
    oneOf(stringField(psd, 'instanceType', `${t}.instanceType`, true), ['HyperVReplicaAzure'] as const, `${t}.instanceType`);
    const hv = stringField(psd, 'hvHostVmId', `${t}.hvHostVmId`, true);
    if (hv.toLowerCase() !== item.vmId.toLowerCase()) throw invalidField(`${t}.hvHostVmId`, `hvHostVmId '${hv}' is not the id of '${item.vmName}' (${item.vmId}).`);
    if (psd.vHDId === undefined && psd.vhdId !== undefined) {
      throw invalidField(`${t}.vHDId`, "The OS disk is named 'vHDId' in the reverse replication input (not 'vhdId').");
    }
    const vhd = stringField(psd, 'vHDId', `${t}.vHDId`, true);
    const vm = this.engine.findVm(item.vmId)?.vm;
    if (!vm?.disks.some((d) => diskVhdId(vm.vmId, d.name).toLowerCase() === vhd.toLowerCase())) {
      throw invalidField(`${t}.vHDId`, `The disk '${vhd}' is not a disk of '${item.vmName}'. Give the vhdId of its operating system disk.`);
    }
    // HyperVReplicaAzureReprotectInput has storageAccountId and logStorageAccountId (spec). Recorded:
    // storageAccountId for an item replicating to a storage account (Reprotect.json). The cmdlet sends
    // each from the item (RecoveryAzureStorageAccount / RecoveryAzureLogStorageAccountId), so an item
    // replicating to managed disks sends only the log account: accepted here (unverified: not recorded).
    const storage = stringField(psd, 'storageAccountId', `${t}.storageAccountId`);
    if (storage !== undefined) storageAccount(this.state, storage, `${t}.storageAccountId`, v);
    const logStorage = stringField(psd, 'logStorageAccountId', `${t}.logStorageAccountId`);
    if (logStorage !== undefined) storageAccount(this.state, logStorage, `${t}.logStorageAccountId`, v);
    if (storage === undefined && logStorage === undefined) {
      throw invalidField(`${t}.storageAccountId`, 'The field storageAccountId (or logStorageAccountId for replication to managed disks) is required.');
    }
    oneOf(stringField(psd, 'osType', `${t}.osType`), ['Windows', 'Linux'] as const, `${t}.osType`);
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'ReverseReplication',
      'Reverse replicate',
      [
        ['Prerequisites check', 'Prerequisites check for reverse replication', 10],
        ['Reverse replication', 'Setting up replication to Azure again', 40],
      ],
      (at) => reprotectDone(item, at, storage, logStorage),
    );
  }

  private disable(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    this.requireAllowed(item, ['DisableProtection']);
    const props = this.actionProps(q, false);
    oneOf(
      stringField(props, 'disableProtectionReason', 'properties.disableProtectionReason'),
      ['NotSpecified', 'MigrationComplete'] as const,
      'properties.disableProtectionReason',
    );
    return this.runOnItem(
      q,
      v,
      f,
      item,
      'DisableDr',
      'Disable replication',
      [
        ['Prerequisites check', 'Prerequisites check for disabling replication', 10],
        ['Disable replication', 'Disabling replication', 30],
      ],
      () => this.engine.removeItem(f, item),
    );
  }

  private purge(q: LabRequest): LabResponse {
    const { v, f, item } = this.item(q);
    return this.runOnItem(q, v, f, item, 'PurgeProtection', 'Remove protected item', [['Remove', 'Removing the replicated item', 10]], () => this.engine.removeItem(f, item));
  }

  private unsupportedAction(q: LabRequest, op: string): LabResponse {
    const { item } = this.item(q);
    this.requireAllowed(item, [op]);
    throw conflict('OperationNotAllowed', `The operation '${op}' is not available in the lab.`, '', '');
  }
}
