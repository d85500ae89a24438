// The estate (DESIGN.md section 2): one snapshot of hosts → VMs → protection, merged from what
// PowerShell found on the hosts and what the vault (ASR) knows; the only thing views read.
//   types.ts      the snapshot's types          names.ts     host and VM names
//   grouping.ts   the names of one host          hostFacts.ts what a host is
//   vms.ts        VMs merged with ASR's items    snapshot.ts  buildEstateSnapshot (pure)
//   vmFacts.ts    a VM's facts, derived once from its protected item, inventory and protectable item
//                 (views and wizards read these, not the items)
//   diff.ts       look-ups (a VM index by key) and the diff the views refresh by
//   refresh.ts    one refresh (discover, probe, read ASR)
//   store.ts      the latest snapshot, transient states, the two kinds of refresh
//   poller.ts     re-reads changing VMs while they replicate or an action runs
//   snapshotCache.ts  the vault's last snapshot on disk, shown marked as cached after a reload
//   walkthroughContext.ts  the Get Started walkthrough's context keys, from a snapshot
export type { HostSource } from '../services/hyperv/discovery';
export { hostSourceOrder, STALE_TOKEN, UNASSIGNED_HOST_KEY } from './types';
export type {
  AsrReadState,
  AzureVmFacts,
  CarriedProtection,
  EstateCounts,
  EstateHost,
  EstateInput,
  EstateProvider,
  EstateSnapshot,
  EstateVm,
  HostProbe,
  HostProbeFailed,
  HostProbeOk,
  HyperVFacts,
  ProtectableDisks,
  ProtectableFacts,
  ProtectionFacts,
  ProtectionUnknownReason,
  SnapshotDiff,
  VmFacts,
} from './types';
export { normalizeVmId } from './names';
export { buildEstateSnapshot, protectablesOf, protectionsOf } from './snapshot';
export { allVms, diffSnapshots, findHost, findHostByKey, findVm, findVmByKey, vmIndex } from './diff';
