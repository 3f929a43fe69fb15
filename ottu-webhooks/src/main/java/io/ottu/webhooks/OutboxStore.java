package io.ottu.webhooks;

import io.ottu.webhooks.internal.InMemoryOutboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox of outbound webhooks: {@link WebhookPublisher} appends one {@link
 * OutboxMessage} per event and matching endpoint before the listener call that caused it returns,
 * and its dispatcher claims, delivers and settles them. Delivery is at least once: a message is
 * settled only after the receiver answered, so a crash in between sends it again, with the same
 * {@code webhook-id}.
 *
 * <p>Implementations must be thread-safe, and several publishers (on several machines) may share
 * one store. The SPI is shaped for a JDBC table {@code outbox(id PK, webhook_id, endpoint_id,
 * event_type, payment_id, sequence, payload, created_at, status, attempts, next_attempt_at,
 * lease_until)} with an attempts table beside it:
 *
 * <ul>
 *   <li>{@link #append}: {@code INSERT ... ON CONFLICT (id) DO NOTHING}, in one transaction.
 *   <li>{@link #claimDue}: {@code UPDATE ... SET status='DELIVERING', lease_until=? WHERE id IN
 *       (SELECT id FROM outbox o WHERE endpoint_id=? AND ((status='PENDING' AND next_attempt_at<=?)
 *       OR (status='DELIVERING' AND lease_until<=?)) AND NOT EXISTS (SELECT 1 FROM outbox p WHERE
 *       p.endpoint_id=o.endpoint_id AND p.payment_id=o.payment_id AND p.status IN
 *       ('PENDING','DELIVERING') AND (p.sequence, p.created_at, p.id) < (o.sequence, o.created_at,
 *       o.id)) ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *}.
 *   <li>the settling methods: an update by id plus an insert into the attempts table.
 * </ul>
 */
public interface OutboxStore {
  /**
   * Records messages, all or none. A message whose id is already stored is left as it is, so
   * appending the same event twice is harmless.
   */
  void append(List<OutboxMessage> messages);

  /**
   * Claims up to {@code limit} messages for {@code endpointId} that are due at {@code now}: pending
   * with {@code nextAttemptAt <= now}, or delivering with an expired lease (their dispatcher died).
   * Only the first unsettled message of each payment (by sequence, then creation time, then id) is
   * eligible, so a payment's deliveries go one at a time and in order: the next waits until the one
   * before is delivered or dead-lettered. Claimed messages become {@link DeliveryStatus#DELIVERING}
   * until {@code leaseUntil}. Earliest due first.
   */
  List<OutboxMessage> claimDue(String endpointId, Instant now, int limit, Instant leaseUntil);

  /** Settles a message as delivered, recording the attempt. Unknown ids are ignored. */
  void markDelivered(String messageId, DeliveryAttempt attempt);

  /** Records a failed attempt; the message is pending again, due at {@code nextAttemptAt}. */
  void scheduleRetry(String messageId, DeliveryAttempt attempt, Instant nextAttemptAt);

  /** Records the last failed attempt and dead-letters the message. */
  void markDeadLettered(String messageId, DeliveryAttempt attempt);

  /**
   * Makes a delivered or dead-lettered message (or a pending one) pending again, due at {@code at},
   * with a new round of attempts; its history is kept.
   *
   * @return false if there is no such message, or it is being delivered right now
   */
  boolean requeue(String messageId, Instant at);

  /** The message with this id. */
  Optional<OutboxMessage> find(String messageId);

  /** Every message whose event occurred in {@code [from, to)}, oldest first, for replays. */
  List<OutboxMessage> findCreatedBetween(Instant from, Instant to);

  /** Up to {@code limit} messages in {@code status}, oldest first. */
  List<OutboxMessage> findByStatus(DeliveryStatus status, int limit);

  /**
   * Deletes delivered and dead-lettered messages whose event occurred before {@code before}.
   *
   * @return how many were deleted
   */
  int purge(Instant before);

  /** A thread-safe store in memory: durable only as long as the process. */
  static OutboxStore inMemory() {
    return new InMemoryOutboxStore();
  }
}
