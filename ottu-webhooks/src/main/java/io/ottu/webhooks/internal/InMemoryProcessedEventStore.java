package io.ottu.webhooks.internal;

import io.ottu.webhooks.ProcessedEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A bounded, expiring {@link ProcessedEventStore} in memory. Thread-safe (one lock). */
public final class InMemoryProcessedEventStore implements ProcessedEventStore {
  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> entries = new LinkedHashMap<>();

  /** A store of at most {@code maxEntries}, each kept for {@code ttl}. */
  public InMemoryProcessedEventStore(int maxEntries, Duration ttl, Clock clock) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries: must be positive");
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl: must be positive");
    }
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static String key(String gatewayId, String eventId) {
    return Objects.requireNonNull(gatewayId, "gatewayId")
        + '\u0000'
        + Objects.requireNonNull(eventId, "eventId");
  }

  @Override
  public synchronized boolean contains(String gatewayId, String eventId) {
    expire(clock.instant());
    return entries.containsKey(key(gatewayId, eventId));
  }

  @Override
  public synchronized void record(String gatewayId, String eventId, Instant processedAt) {
    Objects.requireNonNull(processedAt, "processedAt");
    String key = key(gatewayId, eventId);
    // Re-inserted at the end: insertion order stays expiry order.
    entries.remove(key);
    entries.put(key, processedAt.plus(ttl));
    while (entries.size() > maxEntries) {
      Iterator<String> it = entries.keySet().iterator();
      it.next();
      it.remove();
    }
    expire(clock.instant());
  }

  private void expire(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isAfter(now)) {
        return;
      }
      it.remove();
    }
  }

  /** How many events are remembered now. */
  public synchronized int size() {
    expire(clock.instant());
    return entries.size();
  }

  @Override
  public String toString() {
    return "ProcessedEventStore[in-memory, max=" + maxEntries + ", ttl=" + ttl + "]";
  }
}
