// List/read operations and the client factory, through the real SDK clients and an in-memory transport.

import assert from 'node:assert/strict';
import type { Policy } from '@azure/arm-recoveryservices-siterecovery';
import { resolveCloud } from '../../../../src/services/azure/cloud';
import { networkClient, siteRecoveryClient, storageClient, USER_AGENT_PREFIX } from '../../../../src/services/azure/clients';
import { AzureOperationError } from '../../../../src/services/azure/errors';
import { listJobs, waitForJob } from '../../../../src/services/azure/jobs';
import { listVirtualNetworks } from '../../../../src/services/azure/networks';
import { findMatchingPolicy } from '../../../../src/services/azure/policies';
import { listProtectedItems } from '../../../../src/services/azure/protection';
import { listRegisteredHosts } from '../../../../src/services/azure/providers';
import { listRecoveryPoints } from '../../../../src/services/azure/recoveryPoints';
import { hyperVSiteContainerName, listHyperVSites } from '../../../../src/services/azure/sites';
import { checkStorageAccountName, listStorageAccounts } from '../../../../src/services/azure/storage';
import { listLocations } from '../../../../src/services/azure/subscriptions';
import type { StaticCredential } from './fakeAzure';
import { azureContext, FakeAzure, ITEM_PATH, protectedItemJson, RG, SUB, VAULT_PATH, vaultContext } from './fakeAzure';

const ARM = 'https://management.azure.com';

describe('services/azure operations', () => {
  it('listProtectedItems is ONE vault-wide paged list (it follows nextLink, never per-VM calls)', async () => {
    const list = `${VAULT_PATH}/replicationProtectedItems`;
    const http = new FakeAzure().on((req) => {
      if (req.path !== list) {
        return undefined;
      }
      return req.query.get('$skipToken') === 'page2'
        ? { status: 200, body: { value: [protectedItemJson(['TestFailover'], { friendlyName: 'db01' })] } }
        : {
            status: 200,
            body: { value: [protectedItemJson(['TestFailover'])], nextLink: `${ARM}${list}?api-version=2023-06-01&$skipToken=page2` },
          };
    });
    const items = await listProtectedItems(vaultContext(http));
    assert.deepEqual(
      items.map((i) => i.properties?.friendlyName),
      ['web01', 'db01'],
    );
    assert.equal(http.requests.length, 2);
    assert.ok(http.requests.every((r) => r.method === 'GET' && r.path === list));
  });

  it('listJobs sends one list call with the OData $filter built by the model', async () => {
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}/replicationJobs` ? { status: 200, body: { value: [{ name: 'j1', properties: { state: 'InProgress' } }] } } : undefined,
    );
    const ctx = vaultContext(http);
    const jobs = await listJobs(ctx, { startTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), jobStatus: 'InProgress' });
    assert.equal(jobs[0]?.name, 'j1');
    // The form Az PowerShell sends (Utilities.ToQueryString): C# property names, .NET round-trip dates.
    assert.equal(http.requests[0]?.query.get('$filter'), "StartTime eq '2026-01-02T03:04:05.0000000Z' and JobStatus eq 'InProgress'");
    await listJobs(ctx);
    assert.equal(http.requests[1]?.query.has('$filter'), false);
  });

  it('waitForJob polls until a terminal state and reports progress', async () => {
    const states = ['NotStarted', 'InProgress', 'InProgress', 'Succeeded'];
    let n = 0;
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}/replicationJobs/j1` ? { status: 200, body: { name: 'j1', properties: { state: states[Math.min(n++, states.length - 1)] } } } : undefined,
    );
    const seen: string[] = [];
    const job = await waitForJob(vaultContext(http), 'j1', { intervalMs: 1, onProgress: (j) => seen.push(j.properties?.state ?? '') });
    assert.equal(job.properties?.state, 'Succeeded');
    assert.deepEqual(seen, states);
  });

  it('waitForJob stops at Suspended (a test failover waits for cleanup) and can be cancelled', async () => {
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}/replicationJobs/tfo` ? { status: 200, body: { name: 'tfo', properties: { state: 'Suspended' } } } : undefined,
    );
    const job = await waitForJob(vaultContext(http), 'tfo', { intervalMs: 1 });
    assert.equal(job.properties?.state, 'Suspended');
    const controller = new AbortController();
    const waiting = waitForJob(vaultContext(http), 'tfo', { intervalMs: 60_000, stopWhenSuspended: false, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await assert.rejects(waiting, (e: unknown) => e instanceof AzureOperationError && e.code === 'Cancelled');
  });

  it('listRegisteredHosts: Hyper-V providers only, heartbeat missing from health error 708 (ListRsp.json shapes)', async () => {
    const fabric = (f: string): string => `${VAULT_PATH}/replicationFabrics/${f}/replicationRecoveryServicesProviders`;
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}/replicationRecoveryServicesProviders`
        ? {
            status: 200,
            body: {
              value: [
                { id: `${fabric('vmmfabric')}/p0`, name: 'p0', properties: { fabricType: 'VMM', friendlyName: 'vmm.contoso.com', connectionStatus: 'Connected' } },
                {
                  id: `${fabric('SiteRecoveryTestSite1')}/p1`,
                  name: 'p1',
                  properties: {
                    fabricType: 'HyperVSite',
                    friendlyName: 'HV01.contoso.com',
                    providerVersion: '5.1.6612.0',
                    lastHeartBeat: '2021-03-18T19:57:59.0473473Z',
                    connectionStatus: 'Connected',
                    healthErrorDetails: [],
                  },
                },
                {
                  id: `${fabric('SiteRecoveryTestSite1')}/p2`,
                  name: 'p2',
                  properties: {
                    fabricType: 'HyperVSite',
                    friendlyName: 'HV02.contoso.com',
                    connectionStatus: 'NotConnected',
                    lastHeartBeat: '2021-03-01T10:00:00Z',
                    healthErrorDetails: [{ errorCode: '708', errorLevel: 'Error', errorMessage: 'The heartbeat was not received.', recommendedAction: 'Check the host.' }],
                  },
                },
              ],
            },
          }
        : undefined,
    );
    const hosts = await listRegisteredHosts(vaultContext(http));
    assert.deepEqual(
      hosts.map((h) => [h.friendlyName, h.fabricName, h.connectionStatus, h.heartbeatMissing]),
      [
        ['HV01.contoso.com', 'SiteRecoveryTestSite1', 'Connected', false],
        ['HV02.contoso.com', 'SiteRecoveryTestSite1', 'NotConnected', true],
      ],
    );
    assert.equal(hosts[0]?.lastHeartbeat?.toISOString(), '2021-03-18T19:57:59.047Z');
    assert.equal(hosts[0]?.providerVersion, '5.1.6612.0');
    assert.deepEqual(hosts[1]?.healthErrors[0], { code: '708', severity: 'Error', message: 'The heartbeat was not received.', recommendedAction: 'Check the host.' });
  });

  it('listHyperVSites keeps only HyperVSite fabrics; the container is cloud_<internalIdentifier>', async () => {
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}/replicationFabrics`
        ? {
            status: 200,
            body: {
              value: [
                { name: 'vmm', properties: { internalIdentifier: 'a', customDetails: { instanceType: 'VMM' } } },
                { name: 'HQ', properties: { internalIdentifier: 'eecac84c', customDetails: { instanceType: 'HyperVSite', hyperVHosts: [] } } },
              ],
            },
          }
        : undefined,
    );
    const sites = await listHyperVSites(vaultContext(http));
    assert.deepEqual(
      sites.map((s) => s.name),
      ['HQ'],
    );
    assert.equal(sites[0] && hyperVSiteContainerName(sites[0]), 'cloud_eecac84c');
  });

  it('listRecoveryPoints returns plain points, newest first', async () => {
    const http = new FakeAzure().on((req) =>
      req.path === `${VAULT_PATH}${ITEM_PATH}/recoveryPoints`
        ? {
            status: 200,
            body: {
              value: [
                { id: 'rp-old', name: 'old', properties: { recoveryPointTime: '2026-01-01T10:00:00Z', recoveryPointType: 'CrashConsistent' } },
                { id: 'rp-new', name: 'new', properties: { recoveryPointTime: '2026-01-01T12:00:00Z', recoveryPointType: 'ApplicationConsistent' } },
              ],
            },
          }
        : undefined,
    );
    const points = await listRecoveryPoints(vaultContext(http), {
      subscriptionId: SUB,
      resourceGroup: RG,
      vaultName: 'vault1',
      fabricName: 'site1',
      containerName: 'cloud_c1',
      protectedItemName: 'vm-guid-1',
    });
    assert.deepEqual(points, [
      { id: 'rp-new', name: 'new', time: new Date('2026-01-01T12:00:00Z'), type: 'ApplicationConsistent' },
      { id: 'rp-old', name: 'old', time: new Date('2026-01-01T10:00:00Z'), type: 'CrashConsistent' },
    ]);
  });

  it('findMatchingPolicy reuses a policy with the same settings', () => {
    const sa = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/sa1`;
    const policy = (name: string, interval: number, history: number, app: number, storage?: string): Policy => ({
      name,
      properties: {
        providerSpecificDetails: {
          instanceType: 'HyperVReplicaAzure',
          replicationInterval: interval,
          recoveryPointHistoryDurationInHours: history,
          applicationConsistentSnapshotFrequencyInHours: app,
          ...(storage ? { activeStorageAccountId: storage } : {}),
        },
      },
    });
    const policies = [policy('a', 30, 4, 2), policy('b', 300, 4, 2, sa.replace('/subscriptions/', '/Subscriptions/')), policy('c', 300, 4, 2)];
    assert.equal(findMatchingPolicy(policies, { replicationIntervalSeconds: 300, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 2, storageAccountId: sa })?.name, 'b');
    assert.equal(findMatchingPolicy(policies, { replicationIntervalSeconds: 30, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 2 })?.name, 'a');
    assert.equal(findMatchingPolicy(policies, { replicationIntervalSeconds: 900, recoveryPointHistoryHours: 4, appConsistentFrequencyHours: 2 }), undefined);
  });

  it('storage: a bad name is refused without a request; a good one is asked; list filters by region', async () => {
    const http = new FakeAzure()
      .on((req) =>
        req.method === 'POST' && req.path === `/subscriptions/${SUB}/providers/Microsoft.Storage/checkNameAvailability`
          ? { status: 200, body: { nameAvailable: false, reason: 'AlreadyExists', message: 'taken' } }
          : undefined,
      )
      .on((req) =>
        req.path === `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`
          ? {
              status: 200,
              body: {
                value: [
                  {
                    id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/saeu`,
                    name: 'saeu',
                    location: 'westeurope',
                    kind: 'StorageV2',
                    sku: { name: 'Standard_LRS' },
                  },
                  { id: `/subscriptions/${SUB}/resourceGroups/other/providers/Microsoft.Storage/storageAccounts/saus`, name: 'saus', location: 'eastus' },
                ],
              },
            }
          : undefined,
      );
    const ctx = azureContext(http);
    assert.deepEqual(await checkStorageAccountName(ctx, 'Bad_Name'), {
      available: false,
      reason: 'AccountNameInvalid',
      message: 'A storage account name may contain only lower-case letters and digits.',
    });
    assert.equal(http.requests.length, 0);
    assert.deepEqual(await checkStorageAccountName(ctx, 'sadr01'), { available: false, reason: 'AlreadyExists', message: 'taken' });
    assert.deepEqual(http.requests[0]?.body, { name: 'sadr01', type: 'Microsoft.Storage/storageAccounts' });
    const accounts = await listStorageAccounts(ctx, { location: 'West Europe' });
    assert.deepEqual(accounts, [
      {
        id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/saeu`,
        name: 'saeu',
        resourceGroup: RG,
        location: 'westeurope',
        kind: 'StorageV2',
        skuName: 'Standard_LRS',
      },
    ]);
  });

  it('listLocations leaves out logical regions; listVirtualNetworks filters by region', async () => {
    const http = new FakeAzure()
      .on((req) =>
        req.path === `/subscriptions/${SUB}/locations`
          ? {
              status: 200,
              body: {
                value: [
                  { name: 'westeurope', displayName: 'West Europe', metadata: { regionType: 'Physical', geographyGroup: 'Europe' } },
                  { name: 'europe', displayName: 'Europe', metadata: { regionType: 'Logical' } },
                  { name: 'eastus', displayName: 'East US' },
                ],
              },
            }
          : undefined,
      )
      .on((req) =>
        req.path === `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`
          ? {
              status: 200,
              body: {
                value: [
                  {
                    id: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v1`,
                    name: 'v1',
                    location: 'westeurope',
                    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ id: 's', name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }] },
                  },
                  { id: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v2`, name: 'v2', location: 'eastus' },
                ],
              },
            }
          : undefined,
      );
    const ctx = azureContext(http);
    assert.deepEqual(
      (await listLocations(ctx)).map((l) => l.name),
      ['eastus', 'westeurope'],
    );
    assert.deepEqual(await listVirtualNetworks(ctx, { location: 'westeurope' }), [
      {
        id: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v1`,
        name: 'v1',
        resourceGroup: 'net',
        location: 'westeurope',
        addressPrefixes: ['10.0.0.0/16'],
        subnets: [{ id: 's', name: 'default', addressPrefix: '10.0.0.0/24' }],
      },
    ]);
  });

  it('clients: cached per context, cloud endpoint and scope, our user agent; the storage client asks for the cloud scope too', async () => {
    const lab = resolveCloud('Custom', { resourceManagerEndpoint: 'https://127.0.0.1:8443' });
    const http = new FakeAzure().on(() => ({ status: 200, body: { value: [] } }));
    const ctx = azureContext(http, lab);
    assert.equal(siteRecoveryClient(ctx), siteRecoveryClient(ctx));
    assert.equal(networkClient(ctx), networkClient({ ...ctx }));
    assert.notEqual(networkClient(ctx), networkClient({ ...ctx, subscriptionId: 'other' }));
    await listStorageAccounts(ctx);
    await listVirtualNetworks(ctx);
    for (const r of http.requests) {
      assert.equal(new URL(r.url).origin, 'https://127.0.0.1:8443');
      assert.ok(r.headers['user-agent']?.startsWith(`${USER_AGENT_PREFIX} `), r.headers['user-agent']);
    }
    assert.ok(storageClient(ctx));
    const credential = ctx.credential as StaticCredential;
    assert.ok(credential.scopes.length >= 2);
    for (const scopes of credential.scopes) {
      assert.deepEqual(scopes, ['https://127.0.0.1:8443/.default']);
    }
  });

  it("keeps the SDK's retry policy: a 429 with Retry-After is retried", async () => {
    let calls = 0;
    const http = new FakeAzure().on((req) => {
      if (req.path !== `${VAULT_PATH}/replicationJobs`) {
        return undefined;
      }
      calls += 1;
      return calls === 1
        ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } }
        : { status: 200, body: { value: [] } };
    });
    assert.deepEqual(await listJobs(vaultContext(http)), []);
    assert.equal(calls, 2);
  });
});
