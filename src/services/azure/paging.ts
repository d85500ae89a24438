// Collects a paged SDK list (it follows nextLink) into an array; failures become AzureOperationError.

import { toAzureOperationError } from './errors';

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
