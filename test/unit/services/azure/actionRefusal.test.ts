// Every action checks ASR's allowedOperations first and refuses locally: no request at all.

import assert from 'node:assert/strict';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import type { AsrOperation } from '../../../../src/services/azure/asrOperation';
import type { VaultContext } from '../../../../src/services/azure/clients';
import { ActionNotAllowedError } from '../../../../src/services/azure/errors';
import { commitFailover, failback, plannedFailover, reverseReplication, testFailover, testFailoverCleanup, unplannedFailover } from '../../../../src/services/azure/failover';
import { disableProtection } from '../../../../src/services/azure/protection';
import { asrWrite, FakeAzure, ITEM_PATH, protectedItemJson, RG, SUB, VAULT_PATH, vaultContext } from './fakeAzure';

function item(allowed: string[], overrides: Record<string, unknown> = {}): ReplicationProtectedItem {
  return protectedItemJson(allowed, overrides);
}

type Action = (ctx: VaultContext, it: ReplicationProtectedItem) => Promise<AsrOperation<unknown>>;

const actions: [string, Action][] = [
  ['testFailover', (c, i) => testFailover(c, i)],
  ['testFailoverCleanup', (c, i) => testFailoverCleanup(c, i, 'done')],
  ['plannedFailover', (c, i) => plannedFailover(c, i)],
  ['unplannedFailover', (c, i) => unplannedFailover(c, i, { shutDownSource: true })],
  ['commitFailover', (c, i) => commitFailover(c, i)],
  ['failback', (c, i) => failback(c, i, { dataSyncOption: 'ForSynchronization', recoveryVmCreationOption: 'NoAction' })],
  ['reverseReplication', (c, i) => reverseReplication(c, i)],
  ['disableProtection', (c, i) => disableProtection(c, i)],
];

describe('services/azure action refusal (allowedOperations)', () => {
  for (const [name, run] of actions) {
    it(`${name} is refused without any request when ASR does not allow it`, async () => {
      const http = new FakeAzure();
      // initial replication: ASR allows only DisableProtection (or nothing, for disableProtection itself)
      const allowed = name === 'disableProtection' ? [] : ['DisableProtection'];
      const current = item(allowed, { protectionState: 'InitialReplicationInProgress' });
      await assert.rejects(run(vaultContext(http), current), (e: unknown) => {
        assert.ok(e instanceof ActionNotAllowedError, String(e));
        assert.equal(e.code, 'ActionNotAllowed');
        assert.match(e.message, /web01/);
        return true;
      });
      assert.equal(http.requests.length, 0, 'no request may be sent');
    });
  }

  it('an item without allowedOperations allows nothing', async () => {
    const http = new FakeAzure();
    const bare = { id: `${VAULT_PATH}${ITEM_PATH}`, name: 'vm-guid-1', properties: { friendlyName: 'web01' } } as ReplicationProtectedItem;
    await assert.rejects(plannedFailover(vaultContext(http), bare), ActionNotAllowedError);
    assert.equal(http.requests.length, 0);
  });

  it('commit is allowed by ASR operation FinalizeFailback too', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/failoverCommit`, 'job-ff', protectedItemJson(['ReverseReplicate']));
    const op = await commitFailover(vaultContext(http), item(['FinalizeFailback', 'DisableProtection']), { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'job-ff');
    assert.equal(http.writes().length, 1);
  });

  it('disableProtection by ref reads the item first and refuses with no write when not allowed', async () => {
    const http = new FakeAzure().on((req) =>
      req.method === 'GET' && req.path === `${VAULT_PATH}${ITEM_PATH}`
        ? { status: 200, body: protectedItemJson(['TestFailoverCleanup'], { testFailoverState: 'WaitingForCompletion' }) }
        : undefined,
    );
    const ref = { subscriptionId: SUB, resourceGroup: RG, vaultName: 'vault1', fabricName: 'site1', containerName: 'cloud_c1', protectedItemName: 'vm-guid-1' };
    await assert.rejects(disableProtection(vaultContext(http), ref), ActionNotAllowedError);
    assert.deepEqual(
      http.requests.map((r) => r.method),
      ['GET'],
    );
  });
});
