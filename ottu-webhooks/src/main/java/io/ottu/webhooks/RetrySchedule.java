package io.ottu.webhooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the waits after the first, second, ... failed attempt,
 * each stretched or shrunk at random by up to the jitter fraction so that a receiver coming back up
 * is not hit by every retry at once. After the last wait's attempt fails, the message is
 * dead-lettered. Immutable and thread-safe.
 *
 * <p>The default waits 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h and 12 h (10 attempts over
 * about 22 h 43 min) with 10% jitter.
 */
public final class RetrySchedule {
  private static final RetrySchedule DEFAULT =
      of(
              Duration.ofSeconds(5),
              Duration.ofSeconds(30),
              Duration.ofMinutes(2),
              Duration.ofMinutes(10),
              Duration.ofMinutes(30),
              Duration.ofHours(1),
              Duration.ofHours(3),
              Duration.ofHours(6),
              Duration.ofHours(12))
          .withJitter(0.1);

  private final List<Duration> delays;
  private final double jitter;

  private RetrySchedule(List<Duration> delays, double jitter) {
    this.delays = delays;
    this.jitter = jitter;
  }

  /** The default schedule: 9 retries over about 22 h 43 min, 10% jitter. */
  public static RetrySchedule defaultSchedule() {
    return DEFAULT;
  }

  /**
   * Exactly these waits, without jitter. No waits means one attempt, then the dead letter.
   *
   * @throws IllegalArgumentException if a wait is negative
   */
  public static RetrySchedule of(Duration... delays) {
    List<Duration> list = new ArrayList<>(delays.length);
    for (Duration d : delays) {
      Objects.requireNonNull(d, "delay");
      if (d.isNegative()) {
        throw new IllegalArgumentException("delays: must not be negative");
      }
      list.add(d);
    }
    return new RetrySchedule(List.copyOf(list), 0);
  }

  /**
   * {@code retries} waits starting at {@code first}, each {@code factor} times the one before, at
   * most {@code max}; without jitter.
   *
   * @throws IllegalArgumentException unless {@code first} is positive, {@code factor >= 1}, {@code
   *     max >= first} and {@code retries} is 0 to 100
   */
  public static RetrySchedule exponential(
      Duration first, double factor, Duration max, int retries) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first: must be positive");
    }
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor: must be at least 1");
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("max: must be at least first");
    }
    if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException("retries: must be 0 to 100");
    }
    Duration[] out = new Duration[retries];
    double millis = first.toMillis();
    for (int i = 0; i < retries; i++) {
      out[i] = Duration.ofMillis((long) Math.min(millis, max.toMillis()));
      millis = Math.min(millis * factor, max.toMillis());
    }
    return of(out);
  }

  /**
   * A copy whose waits vary at random by up to {@code fraction} either way ({@code 0.1}: 90% to
   * 110%).
   *
   * @throws IllegalArgumentException unless 0 to 1
   */
  public RetrySchedule withJitter(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("jitter: must be 0 to 1");
    }
    return new RetrySchedule(delays, fraction);
  }

  /** The waits, before jitter. */
  public List<Duration> delays() {
    return delays;
  }

  /** The jitter fraction. */
  public double jitter() {
    return jitter;
  }

  /** How many attempts a message gets: the first and one per wait. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /** The sum of the waits, before jitter: how long a message is retried before the dead letter. */
  public Duration total() {
    Duration sum = Duration.ZERO;
    for (Duration d : delays) {
      sum = sum.plus(d);
    }
    return sum;
  }

  /**
   * The wait before the next attempt, after {@code failedAttempts} attempts failed; empty when
   * there is none left (dead-letter the message).
   *
   * @throws IllegalArgumentException if {@code failedAttempts} is less than 1
   */
  public Optional<Duration> delayAfter(int failedAttempts, RandomGenerator random) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts: must be at least 1");
    }
    if (failedAttempts > delays.size()) {
      return Optional.empty();
    }
    Duration d = delays.get(failedAttempts - 1);
    if (jitter == 0 || d.isZero()) {
      return Optional.of(d);
    }
    double f = 1 + jitter * (2 * random.nextDouble() - 1);
    return Optional.of(Duration.ofMillis(Math.round(d.toMillis() * f)));
  }

  @Override
  public String toString() {
    return "RetrySchedule[" + delays + ", jitter=" + jitter + "]";
  }
}
