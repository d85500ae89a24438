import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { startVmAction, type VmActionEnv } from '../../../src/flows/vmAction';
import { ActionNotAllowedError } from '../../../src/services/azure/errors';

function item(allowed: string[]): ReplicationProtectedItem {
  return { id: '/x/replicationProtectedItems/vm1', name: 'vm1', properties: { friendlyName: 'vm1', protectionState: 'Protected', allowedOperations: allowed } };
}

/** An env that records what the flow does, in order. */
function env(current: ReplicationProtectedItem, over: Partial<VmActionEnv> = {}): VmActionEnv & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    readItem: () => {
      events.push('read');
      return Promise.resolve(current);
    },
    setTransient: (text, jobName) => events.push(`transient:${text}${jobName ? `:${jobName}` : ''}`),
    clearTransient: () => events.push('clear'),
    watchJob: (jobName) => events.push(`watch:${jobName}`),
    refresh: () => {
      events.push('refresh');
      return Promise.resolve();
    },
    log: (line) => events.push(`log:${line}`),
    ...over,
  };
}

describe('flows/vmAction: one way to start an action on a VM', () => {
  it('re-reads the item, shows the transient state, starts, hands the job over, logs and refreshes, in that order', async () => {
    const e = env(item(['TestFailover']));
    const { started } = await startVmAction(e, {
      action: 'testFailover',
      vmName: 'vm1',
      transientText: 'Starting test failover…',
      start: () => Promise.resolve({ jobName: 'job-1' }),
    });
    assert.equal(started.jobName, 'job-1');
    assert.deepEqual(e.events, [
      'transient:Starting test failover…',
      'read',
      'transient:Starting test failover…:job-1',
      'watch:job-1',
      'log:Test failover started for vm1: job job-1',
      'refresh',
    ]);
  });

  it('a job found after a lost answer is handed over like any other, and the log says so', async () => {
    const e = env(item(['PlannedFailover']));
    await startVmAction(e, { action: 'plannedFailover', vmName: 'vm1', transientText: 't', start: () => Promise.resolve({ jobName: 'job-3', recovered: true }) });
    assert.ok(e.events.includes('watch:job-3'));
    assert.ok(e.events.includes("log:Planned failover started for vm1: job job-3 (Azure's answer was lost; the job was found in the vault)"));
  });

  it("hands the item it just read to the start, and a refusal from there (the services' allowedOperations check, which the audit trail records) clears the transient state", async () => {
    const e = env(item(['TestFailoverCleanup']));
    const seen: ReplicationProtectedItem[] = [];
    await assert.rejects(
      startVmAction(e, {
        action: 'plannedFailover',
        vmName: 'vm1',
        transientText: 'Starting planned failover…',
        start: (read) => {
          seen.push(read);
          return Promise.reject(new ActionNotAllowedError('Planned failover is not possible for vm1 now.'));
        },
      }),
      (err: unknown) => err instanceof ActionNotAllowedError && /vm1/.test(err.message),
    );
    assert.deepEqual(seen, [item(['TestFailoverCleanup'])], 'the start got the item read now');
    assert.deepEqual(e.events, ['transient:Starting planned failover…', 'read', 'clear']);
  });

  it('an Azure error clears the transient state and reaches the caller; a failed refresh does not fail the action', async () => {
    const e = env(item(['TestFailover']));
    await assert.rejects(
      startVmAction(e, { action: 'testFailover', vmName: 'vm1', transientText: 't', start: () => Promise.reject(new Error('Azure said no.')) }),
      /Azure said no/,
    );
    assert.equal(e.events.at(-1), 'clear');

    const f = env(item(['TestFailover']), { refresh: () => Promise.reject(new Error('network')) });
    const { started } = await startVmAction(f, { action: 'testFailover', vmName: 'vm1', transientText: 't', start: () => Promise.resolve({ jobName: 'job-2' }) });
    assert.equal(started.jobName, 'job-2');
    assert.ok(f.events.some((x) => /Refreshing after Test failover of vm1 failed: network/.test(x)));
    assert.ok(!f.events.includes('clear'));
  });

  it('an action Azure finished without a job: no job to follow, no transient state left behind', async () => {
    const e = env(item(['TestFailover']));
    await startVmAction(e, { action: 'testFailover', vmName: 'vm1', transientText: 't', start: () => Promise.resolve({ jobName: '' }) });
    assert.ok(e.events.includes('clear'));
    assert.ok(!e.events.some((x) => x.startsWith('watch:')));
  });
});
