package io.rolloutguard.audit;

import java.util.function.LongSupplier;

/**
 * Spaces the audit's writes evenly at a fixed rate, so a full audit of a large cluster is a
 * bounded, steady share of the API server rather than a burst. Blocks only the audit's own thread.
 */
final class WriteLimiter {

  /** Sleeps for the given nanoseconds. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long next;

  WriteLimiter(double perSecond) {
    this(
        perSecond,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)));
  }

  WriteLimiter(double perSecond, LongSupplier clock, Sleeper sleeper) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException(
          "rolloutguard.audit.writes-per-second must be above 0, not " + perSecond);
    }
    this.intervalNanos = (long) (1_000_000_000L / perSecond);
    this.clock = clock;
    this.sleeper = sleeper;
    this.next = clock.getAsLong();
  }

  synchronized void acquire() throws InterruptedException {
    long now = clock.getAsLong();
    long wait = next - now;
    if (wait > 0) {
      sleeper.sleep(wait);
    }
    next = Math.max(now, next) + intervalNanos;
  }
}
