import assert from 'node:assert/strict';
import type { VmAction } from '../../../src/model/vmActions';
import {
  actionForAsrOperation,
  actionTitle,
  allowedActions,
  asrOperationFor,
  asrOperations,
  checkAction,
  contextValueTokens,
  isVmAction,
  vmActions,
  vmContextValue,
} from '../../../src/model/vmActions';
import { item } from './itemBuilder';
import type { RecordedItemName } from './recordings';
import { recordedItem, recordedItemNames } from './recordings';

function refusal(result: ReturnType<typeof checkAction>): string {
  assert.equal(result.allowed, false, 'expected the action to be refused');
  return result.allowed ? '' : result.reason;
}

describe('model/vmActions', () => {
  describe('allowedActions', () => {
    it('a VM without a protected item can only enable protection', () => {
      assert.deepEqual(allowedActions(undefined), ['enableProtection']);
    });

    const expected: [RecordedItemName, VmAction[]][] = [
      ['protected', ['testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection']],
      ['initialReplication', ['disableProtection']],
      ['testFailoverWaitingForCleanup', ['testFailoverCleanup', 'disableProtection']],
      ['unplannedFailoverCommitPending', ['commit', 'disableProtection']],
      ['failoverCommitted', ['failback', 'disableProtection']],
      ['finalizeFailbackPending', ['commit', 'disableProtection']],
      ['failbackFinalized', ['reverseReplication', 'disableProtection']],
      ['reprotected', ['disableProtection']],
    ];
    for (const [name, actions] of expected) {
      it(`${name}: [${actions.join(', ')}] from ASR's allowedOperations`, () => {
        assert.deepEqual(allowedActions(recordedItem(name)), actions);
      });
    }

    it('returns actions in stable order whatever order ASR lists them in', () => {
      const ops = ['DisableProtection', 'TestFailover', 'UnplannedFailover', 'PlannedFailover'];
      assert.deepEqual(allowedActions(item({ allowedOperations: ops })), allowedActions(item({ allowedOperations: [...ops].reverse() })));
      assert.deepEqual(allowedActions(item({ allowedOperations: ops })), ['testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection']);
    });

    it('compares operation names case-insensitively', () => {
      assert.deepEqual(allowedActions(item({ allowedOperations: ['testfailover', 'DISABLEPROTECTION'] })), ['testFailover', 'disableProtection']);
    });

    it('ignores operations the extension does not offer', () => {
      const ops = ['CancelFailover', 'ChangePit', 'RepairReplication', 'SwitchProtection', 'CompleteMigration', 'Bogus'];
      assert.deepEqual(allowedActions(item({ allowedOperations: ops })), []);
    });

    it('lists commit once when both Commit and FinalizeFailback are allowed', () => {
      assert.deepEqual(allowedActions(item({ allowedOperations: ['Commit', 'FinalizeFailback'] })), ['commit']);
    });

    it('never offers enableProtection for a VM that has a protected item', () => {
      assert.ok(!allowedActions(item({ allowedOperations: [] })).includes('enableProtection'));
      assert.deepEqual(allowedActions({}), []);
    });
  });

  describe('ASR operation mapping', () => {
    const table: [string, VmAction | undefined][] = [
      ['TestFailover', 'testFailover'],
      ['TestFailoverCleanup', 'testFailoverCleanup'],
      ['PlannedFailover', 'plannedFailover'],
      ['UnplannedFailover', 'unplannedFailover'],
      ['Commit', 'commit'],
      ['FinalizeFailback', 'commit'],
      ['Failback', 'failback'],
      ['ReverseReplicate', 'reverseReplication'],
      ['DisableProtection', 'disableProtection'],
      ['CancelFailover', undefined],
      ['ChangePit', undefined],
      ['RepairReplication', undefined],
      ['SwitchProtection', undefined],
      ['CompleteMigration', undefined],
    ];
    it('maps every KnownReplicationProtectedItemOperation', () => {
      assert.deepEqual(table.map(([op]) => op).sort(), [...asrOperations].sort());
      for (const [op, action] of table) {
        assert.equal(actionForAsrOperation(op), action, op);
      }
    });

    it('asrOperationFor: commit is Commit after a failover and FinalizeFailback after a failback', () => {
      assert.equal(asrOperationFor('commit', recordedItem('unplannedFailoverCommitPending')), 'Commit');
      assert.equal(asrOperationFor('commit', recordedItem('finalizeFailbackPending')), 'FinalizeFailback');
      assert.equal(asrOperationFor('commit'), 'Commit');
    });

    it('asrOperationFor: every other action has one ASR operation; enableProtection has none', () => {
      const expected: Record<VmAction, string | undefined> = {
        enableProtection: undefined,
        testFailover: 'TestFailover',
        testFailoverCleanup: 'TestFailoverCleanup',
        plannedFailover: 'PlannedFailover',
        unplannedFailover: 'UnplannedFailover',
        commit: 'Commit',
        failback: 'Failback',
        reverseReplication: 'ReverseReplicate',
        disableProtection: 'DisableProtection',
      };
      for (const action of vmActions) {
        assert.equal(asrOperationFor(action, recordedItem('protected')), expected[action], action);
      }
    });

    it('isVmAction recognizes only the actions', () => {
      assert.ok(isVmAction('testFailover'));
      assert.equal(isVmAction('TestFailover'), false);
    });
  });

  describe('checkAction', () => {
    it('allows what ASR allows', () => {
      assert.deepEqual(checkAction(recordedItem('protected'), 'testFailover', 'vm1'), { allowed: true });
      assert.deepEqual(checkAction(undefined, 'enableProtection', 'vm1'), { allowed: true });
      assert.deepEqual(checkAction(recordedItem('testFailoverWaitingForCleanup'), 'testFailoverCleanup', 'vm1'), { allowed: true });
    });

    it('explains a cleanup without a test failover, naming the VM and its status', () => {
      assert.equal(
        refusal(checkAction(recordedItem('protected'), 'testFailoverCleanup', 'ramh157v01')),
        'Cannot clean up test failover for "ramh157v01": no test failover is waiting for cleanup (current status: Protected). Run a test failover first.',
      );
    });

    it('refuses enabling protection twice', () => {
      assert.equal(
        refusal(checkAction(recordedItem('protected'), 'enableProtection', 'vm1')),
        'Cannot enable protection for "vm1": the VM is already protected by Azure Site Recovery (current status: Protected). To start over, disable replication first.',
      );
    });

    it('refuses failover actions on an unprotected VM', () => {
      assert.equal(
        refusal(checkAction(undefined, 'testFailover', 'vm1')),
        'Cannot start a test failover for "vm1": the VM is not protected (current status: Not protected). Enable replication first.',
      );
    });

    it('asks to wait for initial replication before a failover', () => {
      assert.match(
        refusal(checkAction(item({ protectionState: 'InitialReplicationInProgress', progress: '42', allowedOperations: ['DisableProtection'] }), 'plannedFailover', 'vm1')),
        /initial replication has not finished \(current status: Replicating 42%\)\. Wait until the VM shows Protected/,
      );
    });

    it('asks to clean up a pending test failover before another failover', () => {
      assert.match(refusal(checkAction(recordedItem('testFailoverWaitingForCleanup'), 'testFailover', 'vm1')), /Clean up the test failover first\.$/);
      assert.match(refusal(checkAction(recordedItem('testFailoverWaitingForCleanup'), 'unplannedFailover', 'vm1')), /Clean up the test failover first\.$/);
    });

    it('asks to commit the failover before a failback', () => {
      assert.match(
        refusal(checkAction(recordedItem('unplannedFailoverCommitPending'), 'failback', 'vm1')),
        /the failover has not been committed \(current status: Failed over: commit pending\)\. Commit the failover first\.$/,
      );
    });

    it('explains that a VM running in Azure fails back instead of failing over', () => {
      assert.match(refusal(checkAction(recordedItem('failoverCommitted'), 'plannedFailover', 'vm1')), /already running in Azure.*Use Failback/);
    });

    it('asks for a failover before a commit', () => {
      assert.match(refusal(checkAction(recordedItem('protected'), 'commit', 'vm1')), /Run a planned or unplanned failover first\.$/);
    });

    it('asks to commit the failback before reverse replication', () => {
      assert.match(refusal(checkAction(recordedItem('finalizeFailbackPending'), 'reverseReplication', 'vm1')), /Commit the failback first\.$/);
      assert.match(refusal(checkAction(recordedItem('protected'), 'reverseReplication', 'vm1')), /Fail back the VM and commit the failback first\.$/);
    });

    it('asks to wait while another operation runs', () => {
      const running = item({ protectionState: 'Protected', scenarioName: 'TestFailover', allowedOperations: [] });
      assert.equal(
        refusal(checkAction(running, 'plannedFailover', 'vm1')),
        'Cannot start a planned failover for "vm1": another operation is in progress (current status: Test failover running…). Wait for it to finish, then try again.',
      );
    });

    it('every refusal is a complete sentence naming the VM, its status and what to do', () => {
      const items = [undefined, ...recordedItemNames.map((n) => recordedItem(n))];
      let refusals = 0;
      for (const it of items) {
        for (const action of vmActions) {
          const result = checkAction(it, action, 'hv-vm-07');
          if (result.allowed) {
            continue;
          }
          refusals += 1;
          assert.match(result.reason, /^Cannot [a-z].* for "hv-vm-07": .+ \(current status: .+\)\. [A-Z].+\.$/, result.reason);
        }
      }
      assert.ok(refusals > 50);
    });
  });

  describe('contextValueTokens', () => {
    it('unprotected VM', () => {
      assert.deepEqual(contextValueTokens(undefined), ['vm', 'notProtected', 'enableProtection']);
    });

    it('protected VM: kind token then allowed actions', () => {
      assert.deepEqual(contextValueTokens(recordedItem('protected')), ['vm', 'protected', 'testFailover', 'plannedFailover', 'unplannedFailover', 'disableProtection']);
      assert.equal(vmContextValue(recordedItem('protected')), 'vm;protected;testFailover;plannedFailover;unplannedFailover;disableProtection');
    });

    it('uses the camelCase kind', () => {
      assert.equal(contextValueTokens(recordedItem('testFailoverWaitingForCleanup'))[1], 'testFailoverCleanupPending');
      assert.equal(contextValueTokens(recordedItem('failoverCommitted'))[1], 'failedOver');
    });

    it('has no duplicates, and a menu regex for an action does not match a kind token', () => {
      const tokens = contextValueTokens(recordedItem('testFailoverWaitingForCleanup'));
      assert.equal(new Set(tokens).size, tokens.length);
      const value = tokens.join(';');
      assert.doesNotMatch(value, /(^|;)testFailover(;|$)/);
      assert.match(value, /(^|;)testFailoverCleanup(;|$)/);
    });
  });

  describe('actionTitle', () => {
    it('names every action for people', () => {
      assert.equal(actionTitle('testFailover'), 'Test failover');
      assert.equal(actionTitle('testFailoverCleanup'), 'Clean up test failover');
      assert.equal(actionTitle('plannedFailover'), 'Planned failover');
      assert.equal(actionTitle('unplannedFailover'), 'Unplanned failover');
      const titles = vmActions.map(actionTitle);
      assert.equal(new Set(titles).size, vmActions.length);
      assert.ok(titles.every((t) => /^[A-Z]/.test(t)));
    });
  });
});
