// Collects a paged SDK list (it follows nextLink) into an array; failures become AzureOperationError.
// What a list or read takes to be cancelled (CallOptions), and the SDK's form of it.

import { toAzureOperationError } from './errors';
import { PREFETCH_NEXT_PAGE_HEADER } from './nextPagePrefetch';

/** How a list or read call can be cancelled: aborting ends the request in flight (AbortError → Cancelled). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** The SDK's operation options for CallOptions: `{ abortSignal }`, or nothing. */
export function sdkCallOptions(options: CallOptions | undefined): { abortSignal?: AbortSignal } {
  return options?.signal ? { abortSignal: options.signal } : {};
}

/**
 * sdkCallOptions for a list read whole (collectAll): each next page is asked for as soon as its
 * link arrives, while the SDK deserializes the page before (nextPagePrefetch.ts).
 */
export function listCallOptions(options: CallOptions | undefined): { abortSignal?: AbortSignal; requestOptions: { customHeaders: Record<string, string> } } {
  return { ...sdkCallOptions(options), requestOptions: { customHeaders: { [PREFETCH_NEXT_PAGE_HEADER]: '1' } } };
}

export async function collectAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  try {
    for await (const item of pages) {
      items.push(item);
    }
  } catch (e) {
    throw toAzureOperationError(e);
  }
  return items;
}
