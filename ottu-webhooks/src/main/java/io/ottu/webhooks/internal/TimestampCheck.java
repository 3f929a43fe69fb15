package io.ottu.webhooks.internal;

import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** The replay window shared by the timestamped schemes. Immutable. */
public record TimestampCheck(Clock clock, Duration tolerance) {
  /** Validates. */
  public TimestampCheck {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance: must not be negative");
    }
  }

  /**
   * Parses a Unix timestamp in seconds.
   *
   * @throws WebhookVerificationException {@code MALFORMED_HEADER} if it is not a plain number
   */
  public static long parseSeconds(String scheme, String header, String value) {
    String v = value.strip();
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new WebhookVerificationException(
          scheme, Reason.MALFORMED_HEADER, "the " + header + " timestamp is not a Unix time");
    }
    return Long.parseLong(v);
  }

  /**
   * Checks that {@code epochSeconds} is within the tolerance of now.
   *
   * @throws WebhookVerificationException {@code TIMESTAMP_OUT_OF_TOLERANCE} otherwise
   */
  public void check(String scheme, long epochSeconds) {
    long now = clock.instant().getEpochSecond();
    long skew = Math.abs(now - epochSeconds);
    if (skew > tolerance.getSeconds()) {
      throw new WebhookVerificationException(
          scheme,
          Reason.TIMESTAMP_OUT_OF_TOLERANCE,
          "the signed timestamp is "
              + skew
              + " s "
              + (epochSeconds < now ? "in the past" : "in the future")
              + ", outside the tolerance of "
              + tolerance.getSeconds()
              + " s");
    }
  }
}
