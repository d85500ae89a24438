// An in-memory HTTP transport for the real Azure SDK clients: it records every request (method,
// URL, parsed JSON body) and answers from a handler, so tests see the exact wire format the SDKs
// send without a server.

import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import type { VaultRef } from '../../../../src/model/armId';
import type { AzureContext, VaultContext } from '../../../../src/services/azure/clients';
import { resolveCloud } from '../../../../src/services/azure/cloud';

export interface RecordedRequest {
  method: string;
  url: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Raw body text, if any. */
  bodyText?: string;
  /** Parsed JSON body, if any. */
  body?: unknown;
  headers: Record<string, string>;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest) => FakeResponse | undefined;

export class FakeAzure implements HttpClient {
  readonly requests: RecordedRequest[] = [];
  private readonly handlers: Handler[] = [];

  /** Handlers are tried newest first; the first that returns a response answers. */
  on(handler: Handler): this {
    this.handlers.unshift(handler);
    return this;
  }

  sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const url = new URL(request.url);
    const bodyText = typeof request.body === 'string' ? request.body : undefined;
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: request.headers.toJSON(),
    };
    if (bodyText !== undefined) {
      recorded.bodyText = bodyText;
      try {
        recorded.body = JSON.parse(bodyText) as unknown;
      } catch {
        recorded.body = undefined;
      }
    }
    this.requests.push(recorded);
    let answer: FakeResponse | undefined;
    for (const handler of this.handlers) {
      answer = handler(recorded);
      if (answer !== undefined) {
        break;
      }
    }
    answer ??= { status: 404, body: { error: { code: 'NotFound', message: `No fake for ${request.method} ${recorded.path}` } } };
    const headers = createHttpHeaders({ 'content-type': 'application/json', ...(answer.headers ?? {}) });
    return Promise.resolve({
      request,
      status: answer.status,
      headers,
      bodyAsText: answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
    });
  }

  /** Requests other than GET. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }
}

export const SUB = '11111111-2222-3333-4444-555555555555';
export const RG = 'rg-dr';
export const VAULT = 'vault1';
export const VAULT_REF: VaultRef = { subscriptionId: SUB, resourceGroup: RG, vaultName: VAULT };
export const VAULT_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}`;
export const ARM = 'https://management.azure.com';

export class StaticCredential implements TokenCredential {
  calls = 0;
  readonly scopes: string[][] = [];
  getToken(scopes: string | string[]): Promise<AccessToken> {
    this.calls += 1;
    this.scopes.push(typeof scopes === 'string' ? [scopes] : [...scopes]);
    return Promise.resolve({ token: 'test-token', expiresOnTimestamp: Date.now() + 3600_000 });
  }
}

export function azureContext(http: FakeAzure, cloud = resolveCloud('AzureCloud')): AzureContext {
  return {
    credential: new StaticCredential(),
    cloud,
    subscriptionId: SUB,
    clientOptions: { httpClient: http, retryOptions: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } },
  };
}

export function vaultContext(http: FakeAzure): VaultContext {
  return { ...azureContext(http), vault: VAULT_REF };
}

/**
 * Answers an ASR write (PUT/POST/DELETE on `pathSuffix` under the vault) like Azure: 202 with
 * Location (…/operationresults/{job}), Azure-AsyncOperation (…/replicationOperationStatus/{job})
 * and Retry-After; the status URL then says `finalStatus`, and the Location URL returns `result`.
 */
export function asrWrite(
  http: FakeAzure,
  method: string,
  pathSuffix: string,
  jobName: string,
  result: unknown,
  finalStatus: { status: string; error?: unknown } = { status: 'Succeeded' },
): void {
  const target = `${VAULT_PATH}${pathSuffix}`;
  const resourcePath = target.replace(/\/(testFailover|testFailoverCleanup|plannedFailover|unplannedFailover|failoverCommit|reProtect|remove|cancel|restart|resume)$/, '');
  const location = `${ARM}${resourcePath}/operationresults/${jobName}?api-version=2023-06-01`;
  const asyncOp = `${ARM}${VAULT_PATH}/replicationOperationStatus/${jobName}?api-version=2023-06-01`;
  http.on((req) => {
    if (req.method === method && req.path === target) {
      return { status: 202, headers: { location, 'azure-asyncoperation': asyncOp, 'retry-after': '0' } };
    }
    if (req.method === 'GET' && req.path === `${VAULT_PATH}/replicationOperationStatus/${jobName}`) {
      return { status: 200, body: { name: jobName, ...finalStatus } };
    }
    // core-lro: after success, a PUT reads the resource itself, a POST/DELETE reads the Location URL.
    const finalGet = method === 'PUT' ? target : `${resourcePath}/operationresults/${jobName}`;
    if (req.method === 'GET' && req.path === finalGet) {
      return result === undefined ? { status: 204 } : { status: 200, body: result };
    }
    return undefined;
  });
}

/** A protected item as ASR returns it (JSON), with the given allowed operations. */
export function protectedItemJson(allowedOperations: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `${VAULT_PATH}/replicationFabrics/site1/replicationProtectionContainers/cloud_c1/replicationProtectedItems/vm-guid-1`;
  return {
    id,
    name: 'vm-guid-1',
    type: 'Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems',
    properties: {
      friendlyName: 'web01',
      protectionState: 'Protected',
      activeLocation: 'Primary',
      testFailoverState: 'None',
      allowedOperations,
      replicationHealth: 'Normal',
      providerSpecificDetails: {
        instanceType: 'HyperVReplicaAzure',
        vmId: 'e06c319f-5a90-4907-8606-6c15a92bcf22',
        recoveryAzureStorageAccount: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/sa1`,
        oSDetails: { osType: 'Windows' },
        azureVmDiskDetails: [
          { vhdType: 'DataDisk', vhdId: 'data-disk-1', vhdName: 'data' },
          { vhdType: 'OperatingSystem', vhdId: '5b9a6520-4754-46f7-bdfa-95cb3a52972f', vhdName: 'os' },
        ],
      },
      ...overrides,
    },
  };
}

export const ITEM_PATH = '/replicationFabrics/site1/replicationProtectionContainers/cloud_c1/replicationProtectedItems/vm-guid-1';
