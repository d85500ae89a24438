// Writes test/lab/fixtures/asrVocabulary.json: every value the real service used, in the recorded
// traffic of ../shared/reference/asr-recordings, for the enum-like fields the extension decides on
// (protection states, disk types, health, allowed operations, …). The value-level wire fidelity
// test (test/lab/lab-itself/wireValues.test.ts) holds the lab to that vocabulary. Run again when recordings
// are added: `npx tsx scripts/recordingVocabulary.ts [recordings folder]`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The fields whose values are compared (anywhere in a response body). */
export const ENUM_FIELDS = [
  'instanceType',
  'vhdType',
  'protectionState',
  'protectionStateDescription',
  'vmProtectionState',
  'replicationHealth',
  'failoverHealth',
  'allowedOperations',
  'protectionStatus',
  'testFailoverState',
  'testFailoverStateDescription',
  'activeLocation',
  'connectionStatus',
  'hasPhysicalDisk',
  'hasFibreChannelAdapter',
  'hasSharedVhd',
  'primaryFabricProvider',
  'protectedItemType',
  'recoveryPointType',
  'fabricType',
  'useManagedDisks',
  'pairingStatus',
] as const;

type Vocabulary = Record<string, string[]>;

function walk(v: unknown, out: Map<string, Set<string>>): void {
  if (Array.isArray(v)) {
    for (const x of v) walk(x, out);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if ((ENUM_FIELDS as readonly string[]).includes(k)) {
      const set = out.get(k) ?? new Set<string>();
      if (typeof x === 'string') set.add(x);
      else if (Array.isArray(x)) for (const y of x) if (typeof y === 'string') set.add(y);
      out.set(k, set);
    }
    walk(x, out);
  }
}

export function vocabularyOf(folder: string): Vocabulary {
  const out = new Map<string, Set<string>>();
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const recording = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as { Entries?: { ResponseBody?: string }[] };
    for (const entry of recording.Entries ?? []) {
      const text = entry.ResponseBody ?? '';
      if (!text.trim().startsWith('{')) continue;
      walk(JSON.parse(text) as unknown, out);
    }
  }
  return Object.fromEntries([...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, set]) => [k, [...set].sort()]));
}

if (require.main === module) {
  const folder = process.argv[2] ?? path.resolve(__dirname, '..', '..', 'shared', 'reference', 'asr-recordings');
  const target = path.resolve(__dirname, '..', 'test', 'lab', 'fixtures', 'asrVocabulary.json');
  const doc = {
    _source:
      'Every value of the enum-like fields in the response bodies of shared/reference/asr-recordings (real Azure Site Recovery traffic, Azure/azure-sdk-for-net ASRTests SessionRecords @ 3a07295ee4138a5c4b84ccf2cafe19f548012a47), written by scripts/recordingVocabulary.ts.',
    values: vocabularyOf(folder),
  };
  writeFileSync(target, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}
