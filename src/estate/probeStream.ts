// Host probes shown as they answer: during a full refresh the store (store.ts) publishes an
// interim snapshot, the one on screen when the refresh began with the hosts probed so far, at
// most once per interval, so 200 hosts answering do not build 200 snapshots of 5,000 VMs. The
// refresh's own snapshot replaces it at the end, exactly as without streaming.

import { buildEstateSnapshot, protectablesOf, protectionsOf, type EstateSnapshot, type HostProbe, type HostSource } from '.';
import type { HostProbed } from './hostProbes';
import type { KeptAsr } from './refresh';

/** At most one interim snapshot per this many milliseconds. */
export const INTERIM_SNAPSHOT_MS = 400;

/** Where each host of a snapshot was found, as a refresh lists its host sources. */
export function hostSourcesOf(snapshot: EstateSnapshot | undefined): { name: string; source: HostSource }[] {
  return snapshot?.hosts.flatMap((h) => h.sources.map((source) => ({ name: h.fqdn ?? h.name, source }))) ?? [];
}

/**
 * The snapshot on screen when the refresh began (`previous`), with the hosts probed so far; ASR's
 * items as last read (`asr`: its registered hosts, and the VMs' facts `previous` has), or
 * protection unknown as `previous` had it while there are none.
 */
export function interimSnapshot(input: {
  now: Date;
  previous: EstateSnapshot | undefined;
  probes: Map<string, HostProbe>;
  sources: readonly { name: string; source: HostSource }[];
  asr: KeptAsr | undefined;
}): EstateSnapshot {
  const { previous, asr } = input;
  return buildEstateSnapshot({
    now: input.now,
    asrRead: asr ? 'read' : (previous?.hosts.find((h) => h.protectionUnknown !== undefined)?.protectionUnknown ?? 'notConnected'),
    hostSources: [...hostSourcesOf(previous), ...input.sources],
    probes: input.probes,
    ...(previous ? { previous } : {}),
    registeredHosts: asr?.registeredHosts ?? [],
    protectedItems: [],
    ...(asr && previous ? { protections: protectionsOf(previous), protectables: protectablesOf(previous) } : {}),
  });
}

/**
 * Collects the probes of one refresh as they answer and hands them to `publish` at most once per
 * `intervalMs` (the first `intervalMs` after the first answer: a quick refresh publishes none).
 */
export class ProbeStream {
  private readonly probes = new Map<string, HostProbe>();
  private readonly sources: { name: string; source: HostSource }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly publish: (probes: Map<string, HostProbe>, sources: readonly { name: string; source: HostSource }[]) => void,
    private readonly intervalMs = INTERIM_SNAPSHOT_MS,
  ) {}

  /** A host answered. */
  readonly add = (probed: HostProbed): void => {
    if (this.stopped) return;
    this.probes.set(probed.name.toLowerCase(), probed.probe);
    this.sources.push(...probed.sources);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.publish(new Map(this.probes), [...this.sources]);
    }, this.intervalMs);
  };

  /** The refresh ended (or failed): nothing more is published. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
