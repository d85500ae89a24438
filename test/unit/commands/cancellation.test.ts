import assert from 'node:assert/strict';
import { abortSignalOf, unlessCancelled, type CancellationTokenLike } from '../../../src/commands/cancellation';

/** A CancellationTokenSource as VS Code has it, in small. */
function tokenSource(): { token: CancellationTokenLike; cancel(): void; listeners: () => number } {
  const listeners = new Set<() => unknown>();
  let cancelled = false;
  return {
    token: {
      get isCancellationRequested() {
        return cancelled;
      },
      onCancellationRequested(listener) {
        listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
    },
    cancel() {
      cancelled = true;
      for (const l of [...listeners]) l();
    },
    listeners: () => listeners.size,
  };
}

describe('cancellation: a CancellationToken as an AbortSignal (issue 12 §8)', () => {
  it('aborts when the token is cancelled, and lets go of the token', () => {
    const source = tokenSource();
    const signal = abortSignalOf(source.token);
    assert.equal(signal.aborted, false);
    source.cancel();
    assert.equal(signal.aborted, true);
    assert.equal(source.listeners(), 0);
  });

  it('is aborted at once for a token already cancelled', () => {
    const source = tokenSource();
    source.cancel();
    assert.equal(abortSignalOf(source.token).aborted, true);
  });

  it('unlessCancelled: the rejection a cancel causes is swallowed; other failures are not', async () => {
    const source = tokenSource();
    const work = unlessCancelled(source.token, (signal) => new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    source.cancel();
    assert.equal(await work, undefined);
    await assert.rejects(
      unlessCancelled(tokenSource().token, () => Promise.reject(new Error('network'))),
      /network/,
    );
    assert.equal(await unlessCancelled(tokenSource().token, () => Promise.resolve(7)), 7);
  });
});
