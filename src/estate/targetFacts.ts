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
// interned (one string per distinct id), and VMs with the same target share one frozen TargetFacts,
// so the snapshot holds one copy, not one per VM (issue 14; `npm run bench:snapshot`, `bench:memory`).

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
  pool.set(value, value);
  return value;
}

function trimmed(value: unknown, key: string): string | undefined {
  const s = readString(value, key)?.trim();
  return s ? s : undefined;
}

/** The raw target fields of one NIC: network, replica NIC, then subnet and static IP per IP configuration. */
function nicFields(nic: object): (string | undefined)[] {
  const fields = [trimmed(nic, 'recoveryVMNetworkId'), trimmed(nic, 'replicaNicId')];
  for (const c of asObjects(readProp(nic, 'ipConfigs')) ?? []) fields.push(trimmed(c, 'recoverySubnetName'), trimmed(c, 'recoveryStaticIPAddress'));
  return fields;
}

function targetNic(fields: readonly (string | undefined)[]): TargetNic | undefined {
  const ipConfigs: TargetIpConfig[] = [];
  for (let i = 2; i < fields.length; i += 2) {
    const subnet = fields[i];
    const staticIp = fields[i + 1];
    const config: TargetIpConfig = {};
    if (subnet !== undefined) config.subnet = intern(subnet);
    if (staticIp !== undefined) config.staticIp = staticIp;
    if (subnet !== undefined || staticIp !== undefined) ipConfigs.push(Object.freeze(config));
  }
  const [networkId, replicaNicId] = fields;
  if (networkId === undefined && ipConfigs.length === 0) return undefined;
  const out: TargetNic = { ipConfigs: Object.freeze(ipConfigs) };
  if (networkId !== undefined) out.networkId = intern(networkId);
  if (replicaNicId !== undefined) out.replicaNicId = replicaNicId;
  return Object.freeze(out);
}

/** The facts of the raw fields (ids interned; frozen: one object is shared by every VM of the same target). */
function buildTarget(top: readonly (string | undefined)[], nics: readonly (string | undefined)[][]): TargetFacts | undefined {
  const [rg, network, storage, log, managed, size] = top;
  const facts: TargetFacts = {};
  if (rg !== undefined) facts.resourceGroupId = intern(rg);
  if (network !== undefined) facts.networkId = intern(network);
  if (storage !== undefined) facts.storageAccountId = intern(storage);
  if (log !== undefined) facts.logStorageAccountId = intern(log);
  if (managed !== undefined) facts.managedDisks = equalsIgnoreCase(managed, 'true');
  if (size !== undefined) facts.size = intern(size);
  const list = nics.map(targetNic).filter((n): n is TargetNic => n !== undefined);
  if (list.length > 0) facts.nics = Object.freeze(list);
  return Object.keys(facts).length > 0 ? Object.freeze(facts) : undefined;
}

/** Targets made so far, by their fields: thousands of VMs replicate to the same few (bounded like the id pool). */
const targets = new Map<string, TargetFacts | undefined>();

/**
 * The failover target of a protected item's provider details (HyperVReplicaAzure only); undefined
 * for other providers or when the details name no target. Every field read through a guard.
 */
export function targetFacts(providerSpecificDetails: unknown): TargetFacts | undefined {
  const d = providerSpecificDetails;
  if (!equalsIgnoreCase(readString(d, 'instanceType'), 'HyperVReplicaAzure')) return undefined;
  const top = [
    trimmed(d, 'recoveryAzureResourceGroupId'),
    trimmed(d, 'selectedRecoveryAzureNetworkId'),
    trimmed(d, 'recoveryAzureStorageAccount'),
    trimmed(d, 'recoveryAzureLogStorageAccountId'),
    trimmed(d, 'useManagedDisks'),
    trimmed(d, 'recoveryAzureVMSize'),
  ];
  const nics = (asObjects(readProp(d, 'vmNics')) ?? []).map(nicFields);
  // "\u0001" separates fields, "\u0002" NICs; an absent field is empty (none of them is empty when present).
  const key = `${top.map((f) => f ?? '').join('\u0001')}\u0002${nics.map((n) => n.map((f) => f ?? '').join('\u0001')).join('\u0002')}`;
  if (targets.has(key)) return targets.get(key);
  if (targets.size >= poolLimit) targets.clear();
  const facts = buildTarget(top, nics);
  targets.set(key, facts);
  return facts;
}
