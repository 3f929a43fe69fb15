package io.ottu.webhooks;

import java.time.Instant;
import java.util.Objects;

/**
 * How an outbound endpoint is doing, as {@link WebhookPublisher} saw it. Immutable snapshot.
 *
 * @param endpointId the endpoint
 * @param enabled whether deliveries go to it; a disabled endpoint's messages wait in the outbox
 * @param consecutiveFailures failed attempts since the last success
 * @param consecutiveDeadLetters messages dead-lettered since the last success
 * @param failingSince the first failure since the last success, or null
 * @param lastSuccessAt the last 2xx answer, or null
 * @param disabledReason why it was disabled, or empty
 */
public record EndpointHealth(
    String endpointId,
    boolean enabled,
    int consecutiveFailures,
    int consecutiveDeadLetters,
    Instant failingSince,
    Instant lastSuccessAt,
    String disabledReason) {

  /** Validates. */
  public EndpointHealth {
    Objects.requireNonNull(endpointId, "endpointId");
    disabledReason = disabledReason == null ? "" : disabledReason;
  }
}
