import assert from 'node:assert/strict';
import { abortableSleep } from '../../../src/services/abortableSleep';

describe('services/abortableSleep', () => {
  const cancelled = (): Error => new Error('cancelled');

  it('resolves after the time', async () => {
    const start = Date.now();
    await abortableSleep(30, undefined, cancelled);
    assert.ok(Date.now() - start >= 25);
  });

  it('rejects at once, with the caller’s error, when the signal is aborted during the wait', async () => {
    const control = new AbortController();
    const start = Date.now();
    const wait = abortableSleep(10_000, control.signal, cancelled);
    control.abort();
    await assert.rejects(wait, /^Error: cancelled$/);
    assert.ok(Date.now() - start < 1000);
  });

  it('rejects without waiting when the signal is already aborted', async () => {
    const control = new AbortController();
    control.abort();
    await assert.rejects(abortableSleep(10_000, control.signal, cancelled), /cancelled/);
  });
});
