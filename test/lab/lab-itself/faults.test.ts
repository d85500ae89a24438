/**
 * The journey under faults: 20% of Azure requests throttled (429 + Retry-After) and 5% failing
 * with 500/503, plus a few dropped connections. The SDK's retry policy absorbs them; the lab
 * faults a request before acting on it, so nothing is done twice.
 */
import assert from 'node:assert/strict';
import { collect, openLab, type LabSession } from '../support';
import { runSdkJourney } from '../journeySteps';

describe('lab faults: the journey still completes', function () {
  this.timeout(180000);
  let s: LabSession;
  before(async () => {
    s = await openLab({ faults: 'throttle=0.2,error=0.05,seed=11' });
  });
  after(async () => s.lab.stop());

  it('completes with 20% throttled and 5% failing with 503/500, each operation done once', async () => {
    const seen = await runSdkJourney(s.asr, {
      subscriptionId: s.lab.subscriptionId,
      rg: 'RAM-DR-RG',
      vault: 'RAM-Vault',
      site: 'RAM-Site',
      vmId: '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b',
      vmName: 'ramh157v03',
      osDiskName: 'ramh157v03-os',
      policy: 'RAM-Policy',
    });
    assert.deepEqual(seen, [
      'InitialReplicationInProgress/None/DisableProtection',
      'Protected/None/PlannedFailover+UnplannedFailover+DisableProtection+TestFailover',
      'Protected/WaitingForCompletion/DisableProtection+TestFailoverCleanup',
      // After the cleanup ASR keeps "MarkedForDeletion" (recording TestFailoverCleanup.json entry 5, and later ones).
      'Protected/MarkedForDeletion/PlannedFailover+UnplannedFailover+DisableProtection+TestFailover',
      'PlannedFailoverCommitRequired/MarkedForDeletion/CompleteMigration+Commit+DisableProtection+ChangePit',
      'PlannedFailoverCommitted/MarkedForDeletion/CompleteMigration+DisableProtection+Failback',
      // Failback with ForDownTime waits for Resume; what the item shows meanwhile is unverified.
      'Suspended:PlannedFailoverCommitted/MarkedForDeletion/',
      'FinalizeRestorePending/MarkedForDeletion/DisableProtection+FinalizeFailback',
      'RestoreFinalized/MarkedForDeletion/ReverseReplicate+DisableProtection',
      'InitialReplicationInProgress/None/DisableProtection',
      'Disabled',
    ]);
    const entries = s.lab.log.entries;
    const throttled = entries.filter((e) => e.fault === 'throttle').length;
    const failed = entries.filter((e) => e.fault === 'http503' || e.fault === 'http500').length;
    const total = entries.filter((e) => e.operation !== 'identity').length;
    assert.ok(throttled > total * 0.1, `throttled ${throttled} of ${total}`);
    assert.ok(failed > 0, `failed ${failed} of ${total}`);

    // Every write reached the lab's state machine exactly once, whatever the retries.
    const jobs = await collect(s.asr.replicationJobs.list('RAM-Vault', 'RAM-DR-RG'));
    const mine = jobs.filter((j) => j.properties?.targetObjectId === '04e4fe1f-bfa6-407f-8db7-4fe897d4c40b').map((j) => j.properties!.scenarioName!);
    const count = (name: string): number => mine.filter((m) => m === name).length;
    assert.equal(count('EnableDr'), 1);
    assert.equal(count('TestFailover'), 1);
    assert.equal(count('TestFailoverCleanup'), 1);
    assert.equal(count('PlannedFailover'), 2);
    assert.equal(count('Commit'), 2);
    assert.equal(count('ReverseReplication'), 1);
    assert.equal(count('DisableDr'), 1);
    const resumes = jobs.filter((j) => j.properties?.scenarioName === 'ResumeJob');
    assert.equal(resumes.length, 1, 'the suspended failback was resumed once');
  });

  it('survives dropped connections too', async () => {
    s.lab.faults.update({ ...s.lab.faults.settings, throttleRate: 0, errorRate: 0, dropRate: 0.1 });
    const items = [];
    for (let i = 0; i < 20; i++) items.push(...(await collect(s.asr.replicationProtectedItems.list('RAM-Vault', 'RAM-DR-RG'))));
    assert.equal(items.length, 20 * 3);
    assert.ok(
      s.lab.log.entries.some((e) => e.fault === 'drop'),
      'some connections were dropped',
    );
  });
});
