import assert from 'node:assert/strict';
import type { ReadinessSource, VmReadiness } from '../../../src/model/readiness';
import { notReadyCountText, readinessBadge, readinessTooltip, withReadiness } from '../../../src/readiness/presentReadiness';

const at = new Date('2026-12-05T10:00:00Z');
const ready: VmReadiness = { vmKey: 'a', checkedAt: at, checks: [{ id: 'subnet', outcome: 'passed', summary: 'ok', evidence: 'e' }] };
const notReady: VmReadiness = {
  vmKey: 'b',
  checkedAt: at,
  checks: [
    { id: 'subnet', outcome: 'failed', summary: 'The target subnet *default* no longer exists.', evidence: 'e', action: 'x' },
    { id: 'vcpuQuota', outcome: 'failed', summary: 'No vCPU quota left.', evidence: 'e', action: 'x' },
    { id: 'staticIp', outcome: 'unknown', summary: 'not read', evidence: 'e', action: 'x' },
  ],
};
const source: ReadinessSource = { get: (k) => (k === 'a' ? ready : k === 'b' ? notReady : undefined), onDidChange: () => ({ dispose: () => undefined }) };

describe('readiness in the Protection view', () => {
  it('tooltip: "Ready", or "Not ready (n issues)" listing the failed checks (escaped), not the unknown ones', () => {
    assert.equal(readinessTooltip(ready), '**Ready** (checked 2026\\-12\\-05 10\\:00 UTC)');
    const t = readinessTooltip(notReady) ?? '';
    assert.ok(t.startsWith('**Not ready \\(2 issues\\)**'), t);
    assert.ok(t.includes('- Target subnet: The target subnet \\*default\\* no longer exists\\.'), t);
    assert.match(t, /- vCPU quota: /);
    assert.doesNotMatch(t, /Static IP/);
    assert.equal(readinessTooltip(undefined), undefined);
    const model = { id: 'vm:b', label: 'b', iconId: 'x', tooltip: 'before', contextValue: 'vm', collapsible: 'none' as const };
    assert.ok(withReadiness(model, notReady).tooltip.startsWith('before\n\n---\n\n**Not ready'));
    assert.equal(withReadiness(model, undefined), model);
  });

  it('badge "NR" only when not ready; host and vault count not-ready VMs', () => {
    assert.deepEqual(readinessBadge(notReady), { letters: 'NR', tooltip: 'Not ready (2 issues)' });
    assert.equal(readinessBadge(ready), undefined);
    assert.equal(notReadyCountText(['a', 'b', 'c'], source), '1 not ready');
    assert.equal(notReadyCountText(['a', 'c'], source), undefined);
  });
});
