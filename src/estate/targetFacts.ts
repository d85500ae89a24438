// Where a failover would put a protected VM in Azure (issue 15 §2): the target resource group,
// network, subnets, static IPs, storage and size, as the protected item names them. Display facts
// only (strings), kept on the snapshot for the readiness checks (src/readiness/). Pure.
//
// Field names: the HyperVReplicaAzure replication details of @azure/arm-recoveryservices-siterecovery
// 5.1.0 (HyperVReplicaAzureReplicationDetails, VMNicDetails, IPConfigDetails) and the recordings
// (shared/reference/asr-recordings), e.g. TestFailover.json entry 1:
//   "recoveryAzureStorageAccount": "/subscriptions/…/resourceGroups/Arpita-air/providers/Microsoft.Storage/storageAccounts/sah2atest",
//   "useManagedDisks": "false",
//   "vmNics": [{ "replicaNicId": null,
//     "recoveryVMNetworkId": "/subscriptions/…/resourceGroups/Arpita-air/providers/Microsoft.Network/virtualNetworks/vnh2atest",
//     "ipConfigs": [{ "isPrimary": true, "recoverySubnetName": "default", "recoveryStaticIPAddress": "", "recoveryIPAddressType": "Dynamic", … }] }]
// Replication to managed disks reads `"recoveryAzureStorageAccount": null` with the log account in
// `recoveryAzureLogStorageAccountId` (UpdateRPIWithMangedDisksForReplication.json @c953c8be).
//
// The same network, resource group and storage account ids recur on thousands of VMs: each is
// interned (one string per distinct id), so the snapshot holds one copy, not one per VM (issue 14).

import { asObjects, equalsIgnoreCase, readProp, readString } from '../model/wireValues';

/** One IP configuration of a NIC a failover creates. */
export interface TargetIpConfig {
  /** ipConfigs[].recoverySubnetName. */
  subnet?: string;
  /** ipConfigs[].recoveryStaticIPAddress, when set (the recordings send "" for a dynamic address). */
  staticIp?: string;
}

/** One NIC a failover creates (vmNics[]). */
export interface TargetNic {
  /** vmNics[].recoveryVMNetworkId ("Recovery VM network Id."). */
  networkId?: string;
  /** vmNics[].replicaNicId ("The replica nic Id."): set once the NIC exists in Azure. */
  replicaNicId?: string;
  ipConfigs: readonly TargetIpConfig[];
}

export interface TargetFacts {
  /** recoveryAzureResourceGroupId. */
  resourceGroupId?: string;
  /** selectedRecoveryAzureNetworkId. */
  networkId?: string;
  /** recoveryAzureStorageAccount (the storage account the disks replicate to; null with managed disks). */
  storageAccountId?: string;
  /** recoveryAzureLogStorageAccountId (replication to managed disks: the log storage account). */
  logStorageAccountId?: string;
  /** useManagedDisks ("true"/"false" on the wire): the failover creates managed disks. */
  managedDisks?: boolean;
  /** recoveryAzureVMSize, e.g. "Standard_D2s_v3". */
  size?: string;
  /** vmNics[]: only NICs that name a network, a subnet or a static IP. */
  nics?: readonly TargetNic[];
}

/** Interned ids: a bound keeps a long session's pool from growing without end (distinct ids are few). */
const pool = new Map<string, string>();
const poolLimit = 20_000;

/** The one copy of a string the snapshot holds (the same id on 5,000 VMs is one string). */
export function intern(value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size >= poolLimit) pool.clear();
  // A flat copy: a string sliced out of a larger JSON text would otherwise keep that text alive.
  const copy = (' ' + value).slice(1);
  pool.set(copy, copy);
  return copy;
}

function internedString(value: unknown, key: string): string | undefined {
  const s = readString(value, key)?.trim();
  return s ? intern(s) : undefined;
}

function targetNic(nic: object): TargetNic | undefined {
  const ipConfigs: TargetIpConfig[] = [];
  for (const c of asObjects(readProp(nic, 'ipConfigs')) ?? []) {
    const subnet = internedString(c, 'recoverySubnetName');
    const staticIp = readString(c, 'recoveryStaticIPAddress')?.trim();
    const config: TargetIpConfig = {};
    if (subnet !== undefined) config.subnet = subnet;
    if (staticIp) config.staticIp = staticIp;
    if (subnet !== undefined || staticIp) ipConfigs.push(config);
  }
  const networkId = internedString(nic, 'recoveryVMNetworkId');
  const replicaNicId = readString(nic, 'replicaNicId')?.trim();
  if (networkId === undefined && ipConfigs.length === 0) return undefined;
  const out: TargetNic = { ipConfigs };
  if (networkId !== undefined) out.networkId = networkId;
  if (replicaNicId) out.replicaNicId = replicaNicId;
  return out;
}

/**
 * The failover target of a protected item's provider details (HyperVReplicaAzure only); undefined
 * for other providers or when the details name no target. Every field read through a guard.
 */
export function targetFacts(providerSpecificDetails: unknown): TargetFacts | undefined {
  const d = providerSpecificDetails;
  if (!equalsIgnoreCase(readString(d, 'instanceType'), 'HyperVReplicaAzure')) return undefined;
  const facts: TargetFacts = {};
  const rg = internedString(d, 'recoveryAzureResourceGroupId');
  if (rg !== undefined) facts.resourceGroupId = rg;
  const network = internedString(d, 'selectedRecoveryAzureNetworkId');
  if (network !== undefined) facts.networkId = network;
  const storage = internedString(d, 'recoveryAzureStorageAccount');
  if (storage !== undefined) facts.storageAccountId = storage;
  const log = internedString(d, 'recoveryAzureLogStorageAccountId');
  if (log !== undefined) facts.logStorageAccountId = log;
  const managed = readString(d, 'useManagedDisks');
  if (managed !== undefined) facts.managedDisks = equalsIgnoreCase(managed, 'true');
  const size = internedString(d, 'recoveryAzureVMSize');
  if (size !== undefined) facts.size = size;
  const nics = (asObjects(readProp(d, 'vmNics')) ?? []).map(targetNic).filter((n): n is TargetNic => n !== undefined);
  if (nics.length > 0) facts.nics = nics;
  return Object.keys(facts).length > 0 ? facts : undefined;
}
