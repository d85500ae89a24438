import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleFile, sampleReport } from '../../../scripts/sampleDrillReport';

describe('the sample DR drill report of the docs', () => {
  it('is what the renderer writes today (else run npx tsx scripts/sampleDrillReport.ts)', () => {
    const root = join(__dirname, '..', '..', '..');
    assert.equal(readFileSync(join(root, sampleFile), 'utf8'), sampleReport());
  });

  it('shows its dates in UTC whatever the machine’s time zone, and leaves the time zone as it was', () => {
    const before = process.env.TZ;
    assert.match(sampleReport(), /\*\*Started:\*\* 2026\\-12\\-05T09\\:00\\:00\\\+00\\:00/);
    assert.equal(process.env.TZ, before);
  });
});
