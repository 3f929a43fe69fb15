package io.ottu.fx;

import io.ottu.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link CachingExchangeRateProvider} does when its rates have outlived their time-to-live and
 * fetching new ones fails.
 *
 * <ul>
 *   <li>{@link #FAIL}: throw {@link ExchangeRateUnavailableException}. Expired rates are never
 *       used, and while a refresh is in progress other callers wait for it.
 *   <li>{@link #serveStaleUpTo(Duration)}: keep serving the last good rates until they are {@code
 *       maxStaleness} past their time-to-live, logging one warning per outage; only then throw.
 *       While a refresh is in progress, other callers get the last good rates at once instead of
 *       waiting.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StalePolicy {
  /** Never use rates past their time-to-live. */
  public static final StalePolicy FAIL = new StalePolicy(Duration.ZERO);

  private final Duration maxStaleness;

  private StalePolicy(Duration maxStaleness) {
    this.maxStaleness = maxStaleness;
  }

  /**
   * Serve the last good rates for up to {@code maxStaleness} beyond their time-to-live when a
   * refresh fails. With a TTL of 1 hour and {@code maxStaleness} of 1 day, rates fetched at 09:00
   * are served until 10:00 the next day if every refresh since has failed.
   *
   * @param maxStaleness how long past the time-to-live the last good rates may still be used
   * @return the policy
   * @throws NullPointerException if {@code maxStaleness} is null
   * @throws InvalidRequestException with field {@code maxStaleness} unless it is positive
   */
  public static StalePolicy serveStaleUpTo(Duration maxStaleness) {
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    if (maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new InvalidRequestException(
          "maxStaleness", "must be positive (use StalePolicy.FAIL for none), was " + maxStaleness);
    }
    return new StalePolicy(maxStaleness);
  }

  /**
   * How long past their time-to-live the last good rates may be served.
   *
   * @return zero for {@link #FAIL}
   */
  public Duration maxStaleness() {
    return maxStaleness;
  }

  /**
   * Equal when the maximum staleness is equal.
   *
   * @param o any object
   * @return whether {@code o} is the same policy
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof StalePolicy && maxStaleness.equals(((StalePolicy) o).maxStaleness);
  }

  /**
   * A hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return maxStaleness.hashCode();
  }

  /**
   * {@code "FAIL"} or {@code "SERVE_STALE_UP_TO(PT24H)"}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    return maxStaleness.isZero() ? "FAIL" : "SERVE_STALE_UP_TO(" + maxStaleness + ")";
  }
}
