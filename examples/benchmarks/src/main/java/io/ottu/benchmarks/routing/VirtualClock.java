package io.ottu.benchmarks.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that stands still until {@link #advance(Duration) advanced}, so a simulation of hours
 * of traffic runs in seconds and time-decayed statistics decay exactly as they would live.
 * Millisecond resolution. Thread-safe.
 */
public final class VirtualClock extends Clock {
  private final AtomicLong millis;

  /** A clock showing {@code start}. */
  public VirtualClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  /** Moves the clock forward by {@code step}. */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward, was " + step);
    }
    millis.addAndGet(step.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock: it is always UTC. */
  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone.normalized())) {
      throw new UnsupportedOperationException("the virtual clock is UTC only, not " + zone);
    }
    return this;
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
