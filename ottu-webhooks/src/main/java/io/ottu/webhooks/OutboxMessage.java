package io.ottu.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One event for one endpoint in the {@link OutboxStore}: the exact payload, and where its delivery
 * stands. Immutable; the store returns a new value after each change.
 *
 * @param id the message id, {@code "{endpointId}:{eventId}"}: one per event and endpoint
 * @param webhookId the {@code webhook-id} header: the event id, the same on every attempt and every
 *     endpoint, for receivers to de-duplicate
 * @param endpointId the endpoint it goes to
 * @param eventType the event's wire name ({@code payment.captured})
 * @param paymentId the payment it concerns (deliveries about one payment go in order)
 * @param sequence the payment's sequence number in the event (its store version)
 * @param payload the JSON body, exactly as it is sent
 * @param createdAt when the event occurred
 * @param status where the delivery stands
 * @param attempts attempts in the current round (reset by a redelivery)
 * @param nextAttemptAt when it is due, while pending
 * @param leaseUntil until when a dispatcher's claim holds, while delivering
 * @param history every attempt so far, oldest first (capped by the store)
 */
public record OutboxMessage(
    String id,
    String webhookId,
    String endpointId,
    String eventType,
    String paymentId,
    long sequence,
    String payload,
    Instant createdAt,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    Instant leaseUntil,
    List<DeliveryAttempt> history) {

  /** Validates and copies. */
  public OutboxMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** The message id for an event and an endpoint. */
  public static String idFor(String endpointId, String eventId) {
    return endpointId + ":" + eventId;
  }

  /**
   * A new pending message for an event that occurred at {@code createdAt}, due at {@code dueAt}.
   */
  public static OutboxMessage pending(
      String endpointId,
      String eventId,
      String eventType,
      String paymentId,
      long sequence,
      String payload,
      Instant createdAt,
      Instant dueAt) {
    return new OutboxMessage(
        idFor(endpointId, eventId),
        eventId,
        endpointId,
        eventType,
        paymentId,
        sequence,
        payload,
        createdAt,
        DeliveryStatus.PENDING,
        0,
        Objects.requireNonNull(dueAt, "dueAt"),
        null,
        List.of());
  }

  /** The last attempt, if any. */
  public Optional<DeliveryAttempt> lastAttempt() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  @Override
  public String toString() {
    return "OutboxMessage["
        + id
        + " "
        + eventType
        + " "
        + paymentId
        + "#"
        + sequence
        + " "
        + status
        + " attempts="
        + attempts
        + "]";
  }
}
