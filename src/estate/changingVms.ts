// The changing VMs of a snapshot (the protection poller's work): those with an operation running
// ("busy", a followed VM in initial replication among them) and those in initial replication.
// Found once per snapshot, and carried across a patch of the poller's round (only its VMs sorted
// again), so an idle round costs what it read, not a pass over every VM.
// Pure.

import type { EstateSnapshot, EstateVm } from './types';
import { isBusy } from './poller';

/** The changing VMs of a snapshot: those with an operation running, those in initial replication. */
export interface ChangingVms {
  snapshot: EstateSnapshot;
  busy: EstateVm[];
  replicating: EstateVm[];
}

/** These VMs sorted into the busy ones (a followed VM that replicates among them) and those in initial replication. */
export function changingOf(vms: Iterable<EstateVm>, followed: ReadonlySet<string>): { busy: EstateVm[]; replicating: EstateVm[] } {
  const busy: EstateVm[] = [];
  const replicating: EstateVm[] = [];
  for (const vm of vms) {
    if (isBusy(vm.status.kind) || (vm.status.kind === 'Replicating' && followed.has(vm.key))) busy.push(vm);
    else if (vm.status.kind === 'Replicating') replicating.push(vm);
  }
  return { busy, replicating };
}

/**
 * The changing VMs of a patched snapshot from those of the snapshot it patched: the patched VMs
 * sorted again, the others kept (a patch changes only its VMs), so an idle round costs what it
 * read, not a pass over every VM. The same as changingOf over the patched snapshot, but for order
 * (the patched VMs come last; the poller's round orders the replicating ones by when they were read).
 */
export function changingAfterPatch(before: ChangingVms, snapshot: EstateSnapshot, vms: readonly EstateVm[], followed: ReadonlySet<string>): ChangingVms {
  const patched = new Set(vms.map((vm) => vm.key));
  const kept = (list: EstateVm[]): EstateVm[] => list.filter((vm) => !patched.has(vm.key));
  const again = changingOf(vms, followed);
  return { snapshot, busy: [...kept(before.busy), ...again.busy], replicating: [...kept(before.replicating), ...again.replicating] };
}
