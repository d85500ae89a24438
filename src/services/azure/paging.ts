// Collects a paged SDK list (it follows nextLink) into an array; failures become AzureOperationError.
// What a list or read takes to be cancelled (CallOptions), and the SDK's form of it.

import { toAzureOperationError } from './errors';

/** How a list or read call can be cancelled: aborting ends the request in flight (AbortError → Cancelled). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** The SDK's operation options for CallOptions: `{ abortSignal }`, or nothing. */
export function sdkCallOptions(options: CallOptions | undefined): { abortSignal?: AbortSignal } {
  return options?.signal ? { abortSignal: options.signal } : {};
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
