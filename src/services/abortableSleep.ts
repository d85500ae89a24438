// Waiting between polls: a timer that an AbortSignal ends at once. Each caller says which error a
// cancel is (the Azure side's and the Hyper-V side's differ).

/** Waits `ms`; aborting `signal` (or a signal already aborted) rejects with `cancelled()` at once. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, cancelled: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
