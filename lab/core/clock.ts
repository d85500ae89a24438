/**
 * The lab's virtual clock. Times the lab reports are real wall-clock times (so a client's own
 * clock and the lab agree), but every duration the lab states — job steps, initial replication,
 * the recovery point interval, Retry-After — is `speed` times shorter than Azure's.
 */
export class LabClock {
  constructor(
    readonly speed: number = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) {
      throw new Error(`speed must be a positive number, got ${String(speed)}`);
    }
  }

  now(): number {
    return this.realNow();
  }

  nowDate(): Date {
    return new Date(this.realNow());
  }

  /** Real milliseconds that a nominal (Azure) duration in seconds takes in the lab. */
  scaledMs(nominalSeconds: number): number {
    return (nominalSeconds * 1000) / this.speed;
  }

  /**
   * The Retry-After header value for a nominal delay. HTTP allows whole seconds only; when the
   * scaled delay is under half a second the lab says 0, which Azure SDK pollers read as
   * "use your own interval".
   */
  retryAfterSeconds(nominalSeconds: number): number {
    return Math.round(nominalSeconds / this.speed);
  }
}
