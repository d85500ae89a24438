// A list read whole asks for its next page as soon as the link arrives (nextPagePrefetch.ts).

import assert from 'node:assert/strict';
import type { PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { nextPagePrefetchPolicy, peekNextLink, PREFETCH_NEXT_PAGE_HEADER } from '../../../../src/services/azure/nextPagePrefetch';
import { listProtectedItems } from '../../../../src/services/azure/protection';
import { FakeAzure, protectedItemJson, VAULT_PATH, vaultContext } from './fakeAzure';

const ARM = 'https://management.azure.com';
const LIST = `${ARM}${VAULT_PATH}/replicationProtectedItems?api-version=2023-06-01`;
const page = (n: number): string => `${LIST}&skipToken=p${n}`;

function answer(request: PipelineRequest, body: unknown): PipelineResponse {
  return { request, status: 200, headers: createHttpHeaders(), bodyAsText: JSON.stringify(body) };
}

function listRequest(url: string, marked: boolean): PipelineRequest {
  return createPipelineRequest({ url, method: 'GET', headers: createHttpHeaders(marked ? { [PREFETCH_NEXT_PAGE_HEADER]: '1' } : {}) });
}

describe('services/azure nextPagePrefetch', () => {
  it('reads the nextLink from the raw answer, wherever it stands and however it is escaped', () => {
    assert.equal(peekNextLink('{"nextLink":"https://x/a?b=1\\u0026$skipToken=c%3Ad","value":[]}'), 'https://x/a?b=1&$skipToken=c%3Ad');
    assert.equal(peekNextLink('{"value":[{"name":"a"}], "nextLink" : "https://x/\\/p2"}'), 'https://x//p2');
    assert.equal(peekNextLink('{"value":[],"nextLink":null}'), undefined);
    assert.equal(peekNextLink('{"value":[]}'), undefined);
    assert.equal(peekNextLink(undefined), undefined);
  });

  it('asks for the next page of a marked list before the pager does, and hands that answer over once', async () => {
    const policy = nextPagePrefetchPolicy();
    const sent: PipelineRequest[] = [];
    const next = (r: PipelineRequest): Promise<PipelineResponse> => {
      sent.push(r);
      const n = Number(new URL(r.url).searchParams.get('skipToken')?.slice(1) ?? '1');
      return Promise.resolve(answer(r, { value: [{ name: `i${n}` }], ...(n < 3 ? { nextLink: page(n + 1) } : {}) }));
    };
    const first = listRequest(LIST, true);
    await policy.sendRequest(first, next);
    assert.equal(first.headers.has(PREFETCH_NEXT_PAGE_HEADER), false, 'the mark never goes on the wire');
    await new Promise((r) => setImmediate(r));
    // Pages 2 and 3 went out as the links arrived, without waiting for the pager.
    assert.deepEqual(
      sent.map((r) => r.url),
      [LIST, page(2), page(3)],
    );
    assert.ok(sent.every((r) => !r.headers.has(PREFETCH_NEXT_PAGE_HEADER)));
    assert.notEqual(sent[1]?.headers.get('x-ms-client-request-id'), undefined);

    const asked = listRequest(page(2), true);
    const second = await policy.sendRequest(asked, next);
    assert.equal(second.request, asked, 'the SDK deserializes by its own request');
    assert.deepEqual(JSON.parse(second.bodyAsText ?? ''), { value: [{ name: 'i2' }], nextLink: page(3) });
    await policy.sendRequest(listRequest(page(3), true), next);
    assert.equal(sent.length, 3, 'no page is asked for twice');
    // Taken once: asked again, the page is sent again.
    await policy.sendRequest(listRequest(page(3), true), next);
    assert.equal(sent.length, 4);
  });

  it('hands a page over only once the GET of the next one has been written (Node writes it on a nextTick)', async () => {
    const policy = nextPagePrefetchPolicy();
    const written: string[] = [];
    const next = async (r: PipelineRequest): Promise<PipelineResponse> => {
      await Promise.resolve(); // the policies between here and the transport
      process.nextTick(() => written.push(r.url)); // as http.ClientRequest writes to a reused socket
      const n = Number(new URL(r.url).searchParams.get('skipToken')?.slice(1) ?? '1');
      return answer(r, { value: [{ name: `i${n}` }], ...(n < 3 ? { nextLink: page(n + 1) } : {}) });
    };
    await policy.sendRequest(listRequest(LIST, true), next);
    assert.ok(written.includes(page(2)), 'page 2 is on its way before the pager deserializes page 1');
    await policy.sendRequest(listRequest(page(2), true), next);
    assert.ok(written.includes(page(3)), 'page 3 is on its way before the pager deserializes page 2');
  });

  it('follows nothing for an unmarked request, a write or a cancelled list', async () => {
    const policy = nextPagePrefetchPolicy();
    const sent: string[] = [];
    const next = (r: PipelineRequest): Promise<PipelineResponse> => {
      sent.push(r.url);
      return Promise.resolve(answer(r, { value: [], nextLink: page(2) }));
    };
    await policy.sendRequest(listRequest(LIST, false), next);
    await policy.sendRequest(createPipelineRequest({ url: LIST, method: 'PUT', headers: createHttpHeaders({ [PREFETCH_NEXT_PAGE_HEADER]: '1' }) }), next);
    const control = new AbortController();
    control.abort();
    const cancelled = listRequest(LIST, true);
    cancelled.abortSignal = control.signal;
    await policy.sendRequest(cancelled, next);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(sent, [LIST, LIST, LIST]);
  });

  it('a list read through the SDK sends each page once, in order, with no mark on the wire', async () => {
    const path = `${VAULT_PATH}/replicationProtectedItems`;
    const http = new FakeAzure().on((req) => {
      if (req.path !== path) return undefined;
      const n = Number(req.query.get('skipToken')?.slice(1) ?? '1');
      const names = ['web01', 'db01', 'app01'];
      return { status: 200, body: { value: [protectedItemJson(['TestFailover'], { friendlyName: names[n - 1] })], ...(n < 3 ? { nextLink: page(n + 1) } : {}) } };
    });
    const items = await listProtectedItems(vaultContext(http));
    assert.deepEqual(
      items.map((i) => i.properties?.friendlyName),
      ['web01', 'db01', 'app01'],
    );
    assert.equal(http.requests.length, 3);
    assert.ok(http.requests.every((r) => !Object.keys(r.headers).some((h) => h.toLowerCase() === PREFETCH_NEXT_PAGE_HEADER)));
  });
});
