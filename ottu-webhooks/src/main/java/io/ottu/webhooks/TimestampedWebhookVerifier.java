package io.ottu.webhooks;

import java.time.Clock;
import java.time.Duration;

/**
 * A verifier whose scheme signs a timestamp (Stripe, Standard Webhooks), so a captured webhook
 * cannot be replayed after the tolerance. Immutable: the {@code with...} methods return configured
 * copies. Thread-safe.
 */
public interface TimestampedWebhookVerifier extends WebhookVerifier {
  /** A copy that reads the current time from {@code clock} (tests move it by hand). */
  TimestampedWebhookVerifier withClock(Clock clock);

  /**
   * A copy that accepts timestamps at most {@code tolerance} away from now, in either direction.
   *
   * @throws IllegalArgumentException if the tolerance is negative
   */
  TimestampedWebhookVerifier withTolerance(Duration tolerance);

  /** How far a signed timestamp may be from now. */
  Duration tolerance();
}
