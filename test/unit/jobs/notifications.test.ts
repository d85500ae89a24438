import assert from 'node:assert/strict';
import { cleanReason, jobEndedNotification, jobWaitingNotification, notificationFor } from '../../../src/jobs/notifications';
import type { JobSummary } from '../../../src/model/jobSummary';
import { summarizeJob } from '../../../src/model/jobSummary';
import type { JobSpec } from './fakes';
import { asrJob } from './fakes';

const NOW = new Date('2026-11-25T10:00:00Z');
const END = new Date('2026-11-25T09:59:00Z');

function ended(spec: JobSpec & { lastStep?: string; stateDescription?: string }): JobSummary {
  const job = asrJob('j1', { state: 'Succeeded', tasks: [3, 3], endTime: END, target: 'web01', ...spec });
  if (spec.lastStep !== undefined) {
    job.properties!.tasks = [
      { friendlyName: 'Prerequisites', state: 'Succeeded' },
      { friendlyName: spec.lastStep, state: 'Succeeded' },
    ];
  }
  if (spec.stateDescription !== undefined) {
    job.properties!.stateDescription = spec.stateDescription;
  }
  return summarizeJob(job, NOW);
}

const cmd = {
  cleanup: 'azureSiteRecovery.cleanupTestFailover',
  commit: 'azureSiteRecovery.commitFailover',
  reverse: 'azureSiteRecovery.reverseReplication',
  showJobs: 'azureSiteRecovery.showJobs',
};

describe('jobs/notifications jobEndedNotification', () => {
  describe('success', () => {
    it('TestFailover: names the VM and offers "Clean up test failover"', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'TestFailover' }));
      assert.equal(n.severity, 'info');
      assert.match(n.message, /^Test failover of "web01" finished/);
      assert.ok(n.message.includes('running in Azure'));
      assert.deepEqual(n.actions, [{ title: 'Clean up test failover', command: cmd.cleanup }]);
    });

    it('PlannedFailover to Azure: the VM runs in Azure, offers "Commit"', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'PlannedFailover', friendlyName: 'Planned failover' }));
      assert.equal(n.severity, 'info');
      assert.match(n.message, /^Planned failover of "web01" finished: "web01" is running in Azure\. Commit/);
      assert.deepEqual(n.actions, [{ title: 'Commit', command: cmd.commit }]);
    });

    it('UnplannedFailover: offers "Commit"', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'UnplannedFailover', friendlyName: 'Failover' }));
      assert.match(n.message, /^Unplanned failover of "web01" finished/);
      assert.deepEqual(n.actions, [{ title: 'Commit', command: cmd.commit }]);
    });

    it('a failback (planned failover named "Failback"): the VM is on-premises, offers "Commit"', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'PlannedFailover', friendlyName: 'Failback' }));
      assert.match(n.message, /^Failback of "web01" finished: "web01" is running on-premises/);
      assert.ok(!n.message.includes('in Azure'));
      assert.deepEqual(n.actions, [{ title: 'Commit', command: cmd.commit }]);
    });

    it('Commit after a failback (told by direction): offers "Reverse replication"', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'Commit', friendlyName: 'Commit' }), { direction: 'fromAzure' });
      assert.match(n.message, /^Failback of "web01" committed/);
      assert.deepEqual(n.actions, [{ title: 'Reverse replication', command: cmd.reverse }]);
    });

    it('Commit after a failback (inferred from its step "Committing the failback")', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'Commit', friendlyName: 'Commit', lastStep: 'Committing the failback' }));
      assert.deepEqual(n.actions, [{ title: 'Reverse replication', command: cmd.reverse }]);
    });

    it('Commit after a failover to Azure: no next step', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'Commit', friendlyName: 'Commit', lastStep: 'Committing the failover' }));
      assert.match(n.message, /^Failover of "web01" committed/);
      assert.deepEqual(n.actions, []);
    });

    it('direction "toAzure" wins over a title that mentions failback', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'Commit', friendlyName: 'Commit failback' }), { direction: 'toAzure' });
      assert.deepEqual(n.actions, []);
    });

    it('EnableDr: replication enabled, no next step', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'EnableDr', friendlyName: 'Enable protection' }));
      assert.equal(n.severity, 'info');
      assert.match(n.message, /^Replication enabled for "web01"/);
      assert.deepEqual(n.actions, []);
    });

    it('scenario names match case-insensitively', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'testfailover' }));
      assert.equal(n.actions[0]?.command, cmd.cleanup);
    });

    it('an unknown scenario uses the job title', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'UpdateVmProperties', friendlyName: 'Update the virtual machine' }));
      assert.equal(n.message, 'Update the virtual machine for "web01" finished.');
      assert.deepEqual(n.actions, []);
    });

    it('the given next step replaces the default; nextStepArgs go to the default step', () => {
      const nextStep = { title: 'Open in Azure portal', command: 'azureSiteRecovery.openInPortal', args: ['id'] };
      assert.deepEqual(jobEndedNotification(ended({ scenarioName: 'TestFailover' }), { nextStep }).actions, [nextStep]);
      assert.deepEqual(jobEndedNotification(ended({ scenarioName: 'TestFailover' }), { nextStepArgs: ['node-1'] }).actions, [
        { title: 'Clean up test failover', command: cmd.cleanup, args: ['node-1'] },
      ]);
    });

    it('the VM name from watch() wins over the job target; no VM gives no quotes', () => {
      assert.match(jobEndedNotification(ended({ scenarioName: 'TestFailover' }), { vmName: 'Web Server' }).message, /"Web Server"/);
      const n = jobEndedNotification(ended({ scenarioName: 'TestFailover', target: '' }));
      assert.match(n.message, /^Test failover finished/);
      assert.ok(!n.message.includes('""'));
    });

    it('PartiallySucceeded: says so and offers "Show details" after the next step', () => {
      const n = jobEndedNotification(ended({ scenarioName: 'TestFailover', stateDescription: 'PartiallySucceeded' }));
      assert.equal(n.severity, 'info');
      assert.ok(n.message.includes('warnings'));
      assert.deepEqual(
        n.actions.map((a) => a.command),
        [cmd.cleanup, cmd.showJobs],
      );
    });
  });

  describe('failure', () => {
    it('error severity, ASR reason and recommended action, "Show details", no next step', () => {
      const n = jobEndedNotification(
        ended({
          state: 'Failed',
          scenarioName: 'PlannedFailover',
          friendlyName: 'Planned failover',
          error: 'The VM could not be shut down',
          recommendedAction: 'Shut it down manually and retry',
        }),
      );
      assert.equal(n.severity, 'error');
      assert.equal(n.message, 'Planned failover of "web01" failed: The VM could not be shut down. Shut it down manually and retry.');
      assert.deepEqual(n.actions, [{ title: 'Show details', command: cmd.showJobs }]);
    });

    it('never shows a stack trace', () => {
      const error = 'Protection could not be enabled.\n   at Microsoft.Carmine.Workflow.Run(Context c)\n   at System.Threading.Tasks.Task.Execute()';
      const n = jobEndedNotification(ended({ state: 'Failed', scenarioName: 'EnableDr', error }));
      assert.equal(n.severity, 'error');
      assert.equal(n.message, 'Enabling replication for "web01" failed: Protection could not be enabled.');
      assert.ok(!n.message.includes(' at '));
      assert.ok(!n.message.includes('\n'));
    });

    it('without an error message: just "failed."', () => {
      const n = jobEndedNotification(ended({ state: 'Failed', scenarioName: 'TestFailover' }));
      assert.equal(n.message, 'Test failover of "web01" failed.');
      assert.deepEqual(n.actions, [{ title: 'Show details', command: cmd.showJobs }]);
    });

    it('a failed commit after failback does not offer reverse replication', () => {
      const n = jobEndedNotification(ended({ state: 'Failed', scenarioName: 'Commit', error: 'x' }), { direction: 'fromAzure' });
      assert.deepEqual(
        n.actions.map((a) => a.command),
        [cmd.showJobs],
      );
    });
  });

  describe('cancelled', () => {
    it('info "… was cancelled", per scenario', () => {
      assert.deepEqual(jobEndedNotification(ended({ state: 'Cancelled', scenarioName: 'TestFailover' })), {
        severity: 'info',
        message: 'Test failover of "web01" was cancelled.',
        actions: [],
      });
      assert.equal(jobEndedNotification(ended({ state: 'Cancelled', scenarioName: 'EnableDr' })).message, 'Enabling replication for "web01" was cancelled.');
      assert.equal(jobEndedNotification(ended({ state: 'Cancelled', scenarioName: 'PlannedFailover', friendlyName: 'Failback' })).message, 'Failback of "web01" was cancelled.');
    });
  });

  describe('cleanReason', () => {
    it('keeps one line, drops stack frames, bounds the length', () => {
      assert.equal(cleanReason(undefined), undefined);
      assert.equal(cleanReason('  \n '), undefined);
      assert.equal(cleanReason('First line\nsecond   line'), 'First line second line');
      assert.equal(cleanReason('Error: boom\n    at f (file.js:1:2)'), 'Error: boom');
      assert.equal(cleanReason('Oops\nStack trace:\nfoo'), 'Oops');
      const long = cleanReason('x'.repeat(1000))!;
      assert.equal(long.length, 400);
      assert.ok(long.endsWith('…'));
    });
  });
});

describe('jobs/notifications jobWaitingNotification', () => {
  function suspended(spec: JobSpec & { allowedActions?: string[]; stateDescription?: string }): JobSummary {
    const job = asrJob('j1', { state: 'Suspended', tasks: [2, 5], target: 'web01', ...spec });
    job.properties!.allowedActions = spec.allowedActions ?? ['Cancel', 'Resume'];
    if (spec.stateDescription !== undefined) job.properties!.stateDescription = spec.stateDescription;
    return summarizeJob(job, NOW);
  }

  it('a failback that waits after the first copy: says so and offers Resume for that job', () => {
    const n = jobWaitingNotification(suspended({ scenarioName: 'PlannedFailover', friendlyName: 'Failback' }), { vmName: 'web01', direction: 'fromAzure' });
    assert.equal(n.severity, 'info');
    assert.match(n.message, /^Failback of "web01" is waiting for you: the data has been copied to the host/);
    assert.deepEqual(n.actions, [
      { title: 'Resume', command: 'azureSiteRecovery.resumeJob', args: [{ jobName: 'j1' }] },
      { title: 'Show details', command: cmd.showJobs },
    ]);
  });

  it('no Resume button when ASR does not list Resume', () => {
    const n = jobWaitingNotification(suspended({ scenarioName: 'PlannedFailover', friendlyName: 'Failback', allowedActions: ['Cancel'] }), { direction: 'fromAzure' });
    assert.deepEqual(
      n.actions.map((a) => a.title),
      ['Show details'],
    );
  });

  it('a test failover waits for its cleanup: it reads as finished and offers the cleanup, never Resume', () => {
    const n = jobWaitingNotification(suspended({ scenarioName: 'TestFailover', stateDescription: 'WaitingForStopTestFailover' }));
    assert.match(n.message, /^Test failover of "web01" finished/);
    assert.deepEqual(n.actions, [{ title: 'Clean up test failover', command: cmd.cleanup }]);
  });

  it("another suspended job says it waits, with ASR's description", () => {
    const n = jobWaitingNotification(suspended({ scenarioName: 'SomethingElse', friendlyName: 'Something', stateDescription: 'WaitingForManualAction' }));
    assert.equal(n.message, 'Something for "web01" is waiting for you (WaitingForManualAction). Resume it to go on.');
  });
});

describe('jobs/notifications notificationFor (jobs an open wizard shows)', () => {
  it('a planned failover started from the Failover wizard: no "Commit" notification while the wizard is open', () => {
    let open = true;
    const event = { summary: ended({ scenarioName: 'PlannedFailover' }), info: { vmName: 'web01', owner: { showsEnd: () => open } } };
    assert.equal(notificationFor(event, 'ended'), undefined);
    open = false;
    const n = notificationFor(event, 'ended');
    assert.deepEqual(
      n?.actions.map((a) => a.title),
      ['Commit'],
      'once the wizard is closed, the job notifies with its next step',
    );
  });

  it('a failed job of an open wizard: the page shows the failure, no notification', () => {
    const event = { summary: ended({ scenarioName: 'Commit', state: 'Failed', error: 'Boom' }), info: { owner: { showsEnd: () => true } } };
    assert.equal(notificationFor(event, 'ended'), undefined);
  });

  it('a waiting job of an open wizard raises no notification either', () => {
    const summary = summarizeJob(asrJob('j1', { state: 'Suspended', tasks: [1, 3], target: 'web01', scenarioName: 'TestFailover' }), NOW);
    assert.equal(notificationFor({ summary, info: { owner: { showsEnd: () => true } } }, 'waiting'), undefined);
    assert.match(notificationFor({ summary }, 'waiting')?.message ?? '', /^Test failover of "web01" finished/);
  });

  it('a job started elsewhere (palette, tree) still notifies with its next step', () => {
    const n = notificationFor({ summary: ended({ scenarioName: 'PlannedFailover' }), info: { vmName: 'web01' } }, 'ended');
    assert.match(n?.message ?? '', /^Planned failover of "web01" finished/);
    assert.deepEqual(
      n?.actions.map((a) => a.title),
      ['Commit'],
    );
  });
});
