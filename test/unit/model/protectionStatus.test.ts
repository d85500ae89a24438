import assert from 'node:assert/strict';
import { messages } from '../../../src/model/messages';
import type { ProtectionKind } from '../../../src/model/protectionStatus';
import { deriveProtectionStatus, isTransientKind, protectionKinds } from '../../../src/model/protectionStatus';
import { item } from './itemBuilder';
import type { RecordedItemName } from './recordings';
import { recordedItem } from './recordings';

describe('model/protectionStatus deriveProtectionStatus', () => {
  it('no item: Not protected, Normal health, Primary', () => {
    assert.deepEqual(deriveProtectionStatus(undefined), {
      kind: 'NotProtected',
      health: 'Normal',
      summary: 'Not protected',
      healthErrors: [],
      activeLocation: 'Primary',
    });
  });

  describe('real Azure items (recordings)', () => {
    const expected: [RecordedItemName, ProtectionKind, string][] = [
      ['protected', 'Protected', 'Protected'],
      ['initialReplication', 'Replicating', 'Replicating 0%'],
      ['testFailoverWaitingForCleanup', 'TestFailoverCleanupPending', 'Test failover: cleanup pending'],
      ['testFailoverCleanedUp', 'Protected', 'Protected'],
      ['unplannedFailoverCommitPending', 'FailoverCommitPending', 'Failed over: commit pending'],
      ['failoverCommitted', 'FailedOver', 'Running in Azure'],
      ['finalizeFailbackPending', 'FailbackCommitPending', 'Failed back: commit pending'],
      ['failbackFinalized', 'ReverseReplicationPending', 'Failed back: reverse replication pending'],
      ['reprotected', 'Replicating', 'Replicating 0%'],
      ['plannedFailoverFailed', 'Error', 'Error: Planned failover failed'],
    ];
    for (const [name, kind, summary] of expected) {
      it(`${name} → ${kind} "${summary}"`, () => {
        const status = deriveProtectionStatus(recordedItem(name));
        assert.equal(status.kind, kind);
        assert.equal(status.summary, summary);
        assert.equal(status.runningJobId, undefined, 'idle items have currentScenario "None"');
      });
    }

    it('keeps ASR health, health errors, description and location of a failed item', () => {
      const status = deriveProtectionStatus(recordedItem('plannedFailoverFailed'));
      assert.equal(status.health, 'Critical');
      assert.equal(status.healthErrors.length, 3);
      assert.equal(status.healthErrors[2]?.errorCode, '60008');
      assert.equal(status.detail, 'Planned failover failed');
      assert.equal(status.activeLocation, 'Primary');
    });

    it('reports Recovery as the active location of a failed-over item', () => {
      assert.equal(deriveProtectionStatus(recordedItem('failoverCommitted')).activeLocation, 'Recovery');
    });
  });

  describe('running operations (currentScenario)', () => {
    const cases: [string, string, ProtectionKind, string][] = [
      ['EnableDr', 'Primary', 'EnablingProtection', 'Enabling protection…'],
      ['TestFailover', 'Primary', 'TestFailoverRunning', 'Test failover running…'],
      ['TestFailoverCleanup', 'Primary', 'TestFailoverCleaningUp', 'Cleaning up test failover…'],
      ['PlannedFailover', 'Primary', 'FailingOver', 'Failing over…'],
      ['UnplannedFailover', 'Primary', 'FailingOver', 'Failing over…'],
      ['PlannedFailover', 'Recovery', 'FailingBack', 'Failing back…'],
      ['UnplannedFailover', 'Recovery', 'FailingBack', 'Failing back…'],
      ['Failback', 'Recovery', 'FailingBack', 'Failing back…'],
      ['Commit', 'Recovery', 'Committing', 'Committing failover…'],
      ['FailoverCommit', 'Recovery', 'Committing', 'Committing failover…'],
      ['Commit', 'Primary', 'Committing', 'Committing failback…'],
      ['ReverseReplication', 'Primary', 'Replicating', 'Replicating 0%'],
      ['Reprotect', 'Primary', 'Replicating', 'Replicating 0%'],
      ['DisableDr', 'Primary', 'DisablingProtection', 'Disabling protection…'],
    ];
    for (const [scenario, location, kind, summary] of cases) {
      it(`${scenario} (active ${location}) → ${kind}`, () => {
        const status = deriveProtectionStatus(item({ protectionState: 'Protected', scenarioName: scenario, activeLocation: location, jobName: 'job-42' }));
        assert.equal(status.kind, kind);
        assert.equal(status.summary, summary);
        assert.equal(status.runningJobId, 'job-42');
      });
    }

    it('a planned failover of a committed failover is a failback even before the location flips', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'UnplannedFailoverCommitted', scenarioName: 'PlannedFailover', activeLocation: 'Primary' }));
      assert.equal(status.kind, 'FailingBack');
    });

    it('reverse replication reports 0% progress', () => {
      assert.equal(deriveProtectionStatus(item({ scenarioName: 'ReverseReplication' })).progressPercent, 0);
    });

    it('matches scenario names case-insensitively', () => {
      assert.equal(deriveProtectionStatus(item({ protectionState: 'Protected', scenarioName: 'testfailover' })).kind, 'TestFailoverRunning');
    });

    it('an unknown scenario falls back to the protection state but still reports the job', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'Protected', scenarioName: 'UpdateVmProperties', jobName: 'j7' }));
      assert.equal(status.kind, 'Protected');
      assert.equal(status.runningJobId, 'j7');
    });

    it('scenario "None" means idle: the protection state decides and there is no running job', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'Protected', scenarioName: 'None', jobName: 'j8' }));
      assert.equal(status.kind, 'Protected');
      assert.equal(status.runningJobId, undefined);
    });

    it('a running scenario whose job id is ".../replicationJobs/None" reports no job', () => {
      assert.equal(deriveProtectionStatus(item({ scenarioName: 'TestFailover' })).runningJobId, undefined);
    });
  });

  describe('protection states', () => {
    const cases: [string, ProtectionKind][] = [
      ['UnprotectedStatesBegin', 'EnablingProtection'],
      ['InitialReplicationInProgress', 'Replicating'],
      ['Protected', 'Protected'],
      ['PlannedFailoverCommitRequired', 'FailoverCommitPending'],
      ['UnplannedFailoverCommitPendingStatesBegin', 'FailoverCommitPending'],
      ['SomeFutureCommitPendingState', 'FailoverCommitPending'],
      ['PlannedFailoverCommitted', 'FailedOver'],
      ['UnplannedFailoverCommitted', 'FailedOver'],
      ['FinalizeRestorePending', 'FailbackCommitPending'],
      ['RestoreFinalized', 'ReverseReplicationPending'],
      ['PlannedFailoverFailed', 'Error'],
      ['UnplannedFailoverFailed', 'Error'],
      ['TestFailoverFailed', 'Error'],
    ];
    for (const [state, kind] of cases) {
      it(`${state} → ${kind}`, () => {
        assert.equal(deriveProtectionStatus(item({ protectionState: state })).kind, kind);
      });
    }

    it('matches protection states case-insensitively', () => {
      assert.equal(deriveProtectionStatus(item({ protectionState: 'restorefinalized' })).kind, 'ReverseReplicationPending');
    });

    it('initial replication shows the percentage ASR reports', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'InitialReplicationInProgress', progress: '42' }));
      assert.equal(status.progressPercent, 42);
      assert.equal(status.summary, 'Replicating 42%');
    });

    it('initial replication without a percentage says just "Replicating"', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'InitialReplicationInProgress' }));
      assert.equal(status.progressPercent, undefined);
      assert.equal(status.summary, 'Replicating');
    });

    it('a failed-over state is summarized as running in Azure', () => {
      assert.equal(deriveProtectionStatus(item({ protectionState: 'PlannedFailoverCommitted' })).summary, 'Running in Azure');
    });

    it('Protected + test failover WaitingForCompletion → cleanup pending', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'Protected', testFailoverState: 'WaitingForCompletion' }));
      assert.equal(status.kind, 'TestFailoverCleanupPending');
    });

    it('Protected + MarkedForDeletion while TestFailover is not yet allowed again → cleaning up', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'Protected', testFailoverState: 'MarkedForDeletion', allowedOperations: ['DisableProtection'] }));
      assert.equal(status.kind, 'TestFailoverCleaningUp');
      assert.equal(
        deriveProtectionStatus(item({ protectionState: 'Protected', testFailoverState: 'MarkedForDeletion' })).kind,
        'TestFailoverCleaningUp',
        'no allowedOperations at all: trust the test failover state',
      );
    });

    it('the state recorded after a test failover cleanup (TestFailoverCleanup.json entry 5, as the lab now answers) → Protected, no job', () => {
      const status = deriveProtectionStatus(
        item({
          protectionState: 'Protected',
          protectionStateDescription: 'Protected',
          testFailoverState: 'MarkedForDeletion',
          allowedOperations: ['PlannedFailover', 'UnplannedFailover', 'DisableProtection', 'TestFailover'],
        }),
      );
      assert.deepEqual([status.kind, status.summary, status.detail, status.runningJobId], ['Protected', 'Protected', 'Protected', undefined]);
    });

    it('a failback whose job waits for Resume (item shape unverified: the lab keeps the scenario, no operations) → Failing back', () => {
      const status = deriveProtectionStatus(
        item({
          protectionState: 'PlannedFailoverCommitted',
          activeLocation: 'Recovery',
          testFailoverState: 'MarkedForDeletion',
          scenarioName: 'PlannedFailover',
          jobName: 'fb-1',
          allowedOperations: [],
        }),
      );
      assert.deepEqual([status.kind, status.runningJobId], ['FailingBack', 'fb-1']);
    });

    it('Protected + MarkedForDeletion once TestFailover is allowed again → Protected (ASR keeps the marker)', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'Protected', testFailoverState: 'MarkedForDeletion', allowedOperations: ['TestFailover', 'PlannedFailover'] }));
      assert.equal(status.kind, 'Protected');
    });

    it("an error names ASR's description", () => {
      const status = deriveProtectionStatus(item({ protectionState: 'UnplannedFailoverFailed', protectionStateDescription: 'Failover failed' }));
      assert.equal(status.summary, 'Error: Failover failed');
    });

    it('an error without a description uses the first error-level health error, then the state', () => {
      const withHealth = item({
        protectionState: 'TestFailoverFailed',
        healthErrors: [
          { errorLevel: 'Warning', summaryMessage: 'Delay in checkpoint' },
          { errorLevel: 'Error', summaryMessage: '', errorMessage: 'The test failover of the virtual machine failed.' },
        ],
      });
      assert.equal(deriveProtectionStatus(withHealth).summary, 'Error: The test failover of the virtual machine failed.');
      assert.equal(deriveProtectionStatus(item({ protectionState: 'TestFailoverFailed' })).summary, 'Error: TestFailoverFailed');
    });

    it('uses the VM protection state when the item has none', () => {
      const status = deriveProtectionStatus(item({ vmProtectionState: 'UnprotectedStatesBegin', vmProtectionStateDescription: 'Enabling protection' }));
      assert.equal(status.kind, 'EnablingProtection');
      assert.equal(status.detail, 'Enabling protection');
    });

    it('the item protection state wins over the VM protection state', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'InitialReplicationInProgress', vmProtectionState: 'UnprotectedStatesBegin', progress: '5' }));
      assert.equal(status.kind, 'Replicating');
      assert.equal(status.summary, 'Replicating 5%');
    });
  });

  describe('unknown states fall back on allowedOperations and never throw', () => {
    const cases: [string, string[], ProtectionKind][] = [
      ['Recovery', ['Failback', 'DisableProtection'], 'FailedOver'],
      ['Recovery', ['Commit', 'ChangePit'], 'FailoverCommitPending'],
      ['Primary', ['FinalizeFailback'], 'FailbackCommitPending'],
      ['Primary', ['TestFailoverCleanup'], 'TestFailoverCleanupPending'],
      ['Primary', ['ReverseReplicate'], 'ReverseReplicationPending'],
      ['Primary', ['TestFailover', 'PlannedFailover'], 'Protected'],
      ['Recovery', [], 'FailedOver'],
      ['Primary', ['DisableProtection'], 'Replicating'],
    ];
    for (const [location, ops, kind] of cases) {
      it(`${location} with [${ops.join(', ')}] → ${kind}`, () => {
        const status = deriveProtectionStatus(item({ protectionState: 'SomethingNew', activeLocation: location, allowedOperations: ops }));
        assert.equal(status.kind, kind);
      });
    }

    it('copes with an item that has no properties at all', () => {
      const status = deriveProtectionStatus({});
      assert.equal(status.kind, 'Replicating');
      assert.equal(status.health, 'Normal');
      assert.equal(status.activeLocation, 'Primary');
      assert.deepEqual(status.healthErrors, []);
    });
  });

  describe('health', () => {
    for (const h of ['Normal', 'Warning', 'Critical'] as const) {
      it(`replicationHealth ${h} → ${h}`, () => {
        assert.equal(deriveProtectionStatus(item({ protectionState: 'Protected', replicationHealth: h })).health, h);
      });
    }

    it('reads health case-insensitively; unknown health is Normal', () => {
      assert.equal(deriveProtectionStatus(item({ replicationHealth: 'critical' })).health, 'Critical');
      assert.equal(deriveProtectionStatus(item({ replicationHealth: 'None' })).health, 'Normal');
    });

    it('a Critical item that is Protected stays Protected (health tells the trouble)', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'Protected', replicationHealth: 'Critical' }));
      assert.equal(status.kind, 'Protected');
      assert.equal(status.health, 'Critical');
      assert.equal(status.summary, 'Protected');
    });

    it('a Critical item in initial replication stays Replicating', () => {
      const status = deriveProtectionStatus(item({ protectionState: 'InitialReplicationInProgress', replicationHealth: 'Critical', progress: '10' }));
      assert.equal(status.kind, 'Replicating');
      assert.equal(status.health, 'Critical');
    });
  });

  describe('kinds and summaries', () => {
    it('every kind has a non-empty summary text', () => {
      for (const kind of protectionKinds) {
        if (kind === 'Replicating' || kind === 'Committing' || kind === 'Error') {
          continue;
        }
        assert.ok(messages.status.summary[kind].length > 0, kind);
      }
      assert.equal(messages.status.replicating(41.6), 'Replicating 42%');
    });

    it('marks the kinds in which an operation runs as transient', () => {
      assert.ok(isTransientKind('FailingOver'));
      assert.ok(isTransientKind('Committing'));
      assert.equal(isTransientKind('Protected'), false);
      assert.equal(isTransientKind('TestFailoverCleanupPending'), false);
    });

    it('does not share health error arrays with the input', () => {
      const source = recordedItem('plannedFailoverFailed');
      const status = deriveProtectionStatus(source);
      status.healthErrors.pop();
      assert.equal(source.properties?.healthErrors?.length, 3);
    });
  });
});
