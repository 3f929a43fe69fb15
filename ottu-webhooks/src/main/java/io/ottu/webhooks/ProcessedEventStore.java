package io.ottu.webhooks;

import io.ottu.webhooks.internal.InMemoryProcessedEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers which gateway notifications were already processed, by gateway and event id, so a
 * gateway's retry or duplicate is acknowledged without touching the payment again. The engine is
 * idempotent on its own (a duplicate that slips through is {@code ALREADY_APPLIED}); this store
 * saves the work and keeps the record.
 *
 * <p>Implementations must be thread-safe. A JDBC implementation is one table: {@code (gateway_id,
 * event_id) PRIMARY KEY, processed_at}, with {@link #record} an insert that ignores a duplicate key
 * and old rows deleted after the gateways' retry horizon (PayPal retries for three days).
 */
public interface ProcessedEventStore {
  /** Whether the event was recorded (and not yet forgotten). */
  boolean contains(String gatewayId, String eventId);

  /** Records the event as processed; recording it twice is harmless. */
  void record(String gatewayId, String eventId, Instant processedAt);

  /**
   * An in-memory store of at most {@code maxEntries} events, each kept for {@code ttl}; the oldest
   * go first when it is full. Lost on restart, which only means a redelivered event is applied
   * again, harmlessly.
   *
   * @throws IllegalArgumentException unless {@code maxEntries} and {@code ttl} are positive
   */
  static ProcessedEventStore inMemory(int maxEntries, Duration ttl, Clock clock) {
    return new InMemoryProcessedEventStore(maxEntries, ttl, clock);
  }

  /** An in-memory store of up to 100,000 events kept for 7 days. */
  static ProcessedEventStore inMemory() {
    return inMemory(100_000, Duration.ofDays(7), Clock.systemUTC());
  }
}
