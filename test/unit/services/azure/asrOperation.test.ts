import assert from 'node:assert/strict';
import { jobNameFromResumeToken, operationUrlsFromResumeToken, startAsrOperation } from '../../../../src/services/azure/asrOperation';
import { siteRecoveryClient } from '../../../../src/services/azure/clients';
import { AzureOperationError } from '../../../../src/services/azure/errors';
import { testFailover } from '../../../../src/services/azure/failover';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { asrWrite, FakeAzure, ITEM_PATH, protectedItemJson, RG, VAULT, VAULT_PATH, vaultContext } from './fakeAzure';

// A poller serialized by @azure/core-lro 2.7.2 (poller.toString()) right after the 202 of a real
// ASR unplanned failover (URLs from recording UnplannedFailover.json: "Subscriptions" with a capital S,
// regional host, api-version 2021-08-01 in the operation URLs).
const REAL_STATE =
  '{"state":{"status":"running","config":{"metadata":{"mode":"OperationLocation"},' +
  '"operationLocation":"https://centraluseuap.management.azure.com/Subscriptions/b364ed8d-4279-4bf8-8fd1-56f8fa0ae05c/resourceGroups/Arpita-air/providers/Microsoft.RecoveryServices/vaults/h2atest/replicationOperationStatus/de6d64f5-f3ec-4454-9002-2b7d9181d54c?api-version=2021-08-01",' +
  '"resourceLocation":"https://centraluseuap.management.azure.com/Subscriptions/b364ed8d-4279-4bf8-8fd1-56f8fa0ae05c/resourceGroups/Arpita-air/providers/Microsoft.RecoveryServices/vaults/h2atest/replicationFabrics/SiteRecoveryTestSite1/replicationProtectionContainers/cloud_eecac84c-1761-50ad-9624-a7092c581567/replicationProtectedItems/VMforSDK/operationresults/de6d64f5-f3ec-4454-9002-2b7d9181d54c?api-version=2021-08-01"}}}';

function asItem(json: Record<string, unknown>): ReplicationProtectedItem {
  return json;
}

describe('services/azure/asrOperation', () => {
  it('reads the job name from a serialized core-lro poller state', () => {
    assert.equal(jobNameFromResumeToken(REAL_STATE), 'de6d64f5-f3ec-4454-9002-2b7d9181d54c');
    const urls = operationUrlsFromResumeToken(REAL_STATE);
    assert.match(urls.operationLocation ?? '', /replicationOperationStatus\/de6d64f5/);
    assert.match(urls.resourceLocation ?? '', /operationresults\/de6d64f5/);
  });

  it('falls back to the Location URL (ResourceLocation mode) and rejects tokens without a job', () => {
    const locationMode = JSON.stringify({
      state: {
        status: 'running',
        config: {
          metadata: { mode: 'ResourceLocation' },
          operationLocation: `https://management.azure.com${VAULT_PATH}/replicationPolicies/p1/operationresults/11aa?api-version=2023-06-01`,
        },
      },
    });
    assert.equal(jobNameFromResumeToken(locationMode), '11aa');
    const onlyResource = JSON.stringify({
      state: { config: { resourceLocation: `https://h${VAULT_PATH}/replicationFabrics/s/operationresults/22bb?x=1` } },
    });
    assert.equal(jobNameFromResumeToken(onlyResource), '22bb');
    assert.equal(jobNameFromResumeToken('not json'), undefined);
    assert.equal(jobNameFromResumeToken(JSON.stringify({ state: { config: { operationLocation: 'https://h/other/path' } } })), undefined);
  });

  it('starts an ASR write through the real SDK: job known at once, result awaits the poller', async () => {
    const http = new FakeAzure();
    const jobName = '9b71e00d-8a44-44db-843c-837a31bdb3d2';
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailover`, jobName, protectedItemJson(['TestFailoverCleanup'], { testFailoverState: 'WaitingForCompletion' }));
    const vctx = vaultContext(http);
    const op = await testFailover(vctx, asItem(protectedItemJson(['TestFailover', 'PlannedFailover'])), {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, jobName);
    assert.equal(op.jobId, `${VAULT_PATH}/replicationJobs/${jobName}`);
    assert.equal(jobNameFromResumeToken(op.resumeToken), jobName);
    const item = await op.result();
    assert.equal(item.properties?.testFailoverState, 'WaitingForCompletion');
    assert.deepEqual(item.properties?.allowedOperations, ['TestFailoverCleanup']);
    // the same promise on a second call
    assert.equal(await op.result(), item);
  });

  it('passes updateIntervalInMs to the SDK begin call', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'PUT', '/replicationFabrics/site9', 'job-9', { name: 'site9', properties: { customDetails: { instanceType: 'HyperVSite' } } });
    const seen: unknown[] = [];
    const op = await startAsrOperation(
      vaultContext(http),
      (o) => {
        seen.push(o);
        return siteRecoveryClient(vaultContext(http)).replicationFabrics.beginCreate(VAULT, RG, 'site9', { properties: {} }, o);
      },
      { updateIntervalInMs: 7 },
    );
    assert.deepEqual(seen, [{ updateIntervalInMs: 7 }]);
    assert.equal(op.jobName, 'job-9');
  });

  it('normalizes a failure of the begin call (e.g. 409 from ASR)', async () => {
    const http = new FakeAzure().on((req) =>
      req.method === 'POST'
        ? { status: 409, body: { error: { code: '28042', message: 'Another operation is in progress on web01.', recommendedAction: 'Retry later.' } } }
        : undefined,
    );
    await assert.rejects(testFailover(vaultContext(http), asItem(protectedItemJson(['TestFailover'])), {}, { updateIntervalInMs: 1 }), (e: unknown) => {
      assert.ok(e instanceof AzureOperationError);
      assert.equal(e.code, '28042');
      assert.equal(e.statusCode, 409);
      assert.equal(e.recommendedAction, 'Retry later.');
      return true;
    });
  });

  it('keeps the ASR message when the job fails (result() rejects with it)', async () => {
    const http = new FakeAzure();
    asrWrite(http, 'POST', `${ITEM_PATH}/testFailover`, 'job-f', undefined);
    // the first status poll (inside begin) says InProgress, later ones say Failed (newest handler wins)
    let polls = 0;
    http.on((req) => {
      if (req.path === `${VAULT_PATH}/replicationOperationStatus/job-f`) {
        polls += 1;
        return polls === 1
          ? { status: 200, body: { name: 'job-f', status: 'InProgress' } }
          : { status: 200, body: { name: 'job-f', status: 'Failed', error: { code: '70094', message: 'The VM web01 has a pass-through disk.' } } };
      }
      return undefined;
    });
    const op = await testFailover(vaultContext(http), asItem(protectedItemJson(['TestFailover'])), {}, { updateIntervalInMs: 1 });
    assert.equal(op.jobName, 'job-f');
    await assert.rejects(op.result(), (e: unknown) => {
      assert.ok(e instanceof AzureOperationError);
      assert.equal(e.code, '70094');
      assert.equal(e.message, 'The VM web01 has a pass-through disk.');
      return true;
    });
  });
});
