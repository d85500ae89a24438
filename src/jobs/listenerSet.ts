// The job tracker's listeners: each registration called in turn, one that throws logged and skipped.

import type { Disposable } from './types';

/** A thrown value's message, for the log. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  return typeof e === 'string' ? e : 'Unknown error';
}

export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly log: (line: string) => void) {}

  add(listener: (value: T) => void): Disposable {
    // A wrapper per registration, so the same function registered twice is called twice.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (e) {
        this.log(`Job tracker listener failed: ${errorMessage(e)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
