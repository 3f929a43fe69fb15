package io.ottu.webhooks.internal;

import io.ottu.webhooks.DeliveryAttempt;
import io.ottu.webhooks.DeliveryStatus;
import io.ottu.webhooks.OutboxMessage;
import io.ottu.webhooks.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link OutboxStore} in memory. One lock guards everything: every operation is short, and the
 * dispatcher calls it a few times per delivery. Each endpoint keeps, per payment, the unsettled
 * messages in delivery order, so a claim looks only at the head of each payment's queue.
 */
public final class InMemoryOutboxStore implements OutboxStore {
  /** Attempts kept per message; older ones are dropped (the count stays right). */
  static final int MAX_HISTORY = 50;

  private record Entry(OutboxMessage message, long order) {}

  private static final Comparator<Entry> DELIVERY_ORDER =
      Comparator.<Entry>comparingLong(e -> e.message().sequence())
          .thenComparing(e -> e.message().createdAt())
          .thenComparingLong(Entry::order);

  private final Map<String, Entry> byId = new LinkedHashMap<>();

  /** endpoint -> payment -> unsettled messages in delivery order. */
  private final Map<String, Map<String, TreeSet<Entry>>> queues = new HashMap<>();

  private long appended;

  @Override
  public synchronized void append(List<OutboxMessage> messages) {
    Objects.requireNonNull(messages, "messages");
    for (OutboxMessage m : messages) {
      Objects.requireNonNull(m, "message");
    }
    for (OutboxMessage m : messages) {
      if (byId.containsKey(m.id())) {
        continue;
      }
      Entry e = new Entry(m, appended++);
      byId.put(m.id(), e);
      if (isUnsettled(m.status())) {
        queue(m).add(e);
      }
    }
  }

  private TreeSet<Entry> queue(OutboxMessage m) {
    return queues
        .computeIfAbsent(m.endpointId(), k -> new HashMap<>())
        .computeIfAbsent(m.paymentId(), k -> new TreeSet<>(DELIVERY_ORDER));
  }

  private static boolean isUnsettled(DeliveryStatus s) {
    return s == DeliveryStatus.PENDING || s == DeliveryStatus.DELIVERING;
  }

  @Override
  public synchronized List<OutboxMessage> claimDue(
      String endpointId, Instant now, int limit, Instant leaseUntil) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    Map<String, TreeSet<Entry>> payments = queues.get(endpointId);
    if (payments == null || limit <= 0) {
      return List.of();
    }
    List<Entry> due = new ArrayList<>();
    for (TreeSet<Entry> q : payments.values()) {
      if (q.isEmpty()) {
        continue;
      }
      OutboxMessage head = q.first().message();
      boolean ready =
          head.status() == DeliveryStatus.PENDING
              ? !head.nextAttemptAt().isAfter(now)
              : head.leaseUntil() != null && !head.leaseUntil().isAfter(now);
      if (ready) {
        due.add(q.first());
      }
    }
    due.sort(Comparator.comparing((Entry e) -> dueAt(e.message())).thenComparingLong(Entry::order));
    List<OutboxMessage> out = new ArrayList<>(Math.min(limit, due.size()));
    for (Entry e : due.subList(0, Math.min(limit, due.size()))) {
      OutboxMessage m = e.message();
      OutboxMessage claimed =
          copy(
              m,
              DeliveryStatus.DELIVERING,
              m.attempts(),
              m.nextAttemptAt(),
              leaseUntil,
              m.history());
      replace(e, claimed);
      out.add(claimed);
    }
    return out;
  }

  private static Instant dueAt(OutboxMessage m) {
    return m.status() == DeliveryStatus.PENDING ? m.nextAttemptAt() : m.leaseUntil();
  }

  @Override
  public synchronized void markDelivered(String messageId, DeliveryAttempt attempt) {
    settle(messageId, attempt, DeliveryStatus.DELIVERED, null);
  }

  @Override
  public synchronized void scheduleRetry(
      String messageId, DeliveryAttempt attempt, Instant nextAttemptAt) {
    settle(messageId, attempt, DeliveryStatus.PENDING, Objects.requireNonNull(nextAttemptAt));
  }

  @Override
  public synchronized void markDeadLettered(String messageId, DeliveryAttempt attempt) {
    settle(messageId, attempt, DeliveryStatus.DEAD_LETTERED, null);
  }

  private void settle(
      String messageId, DeliveryAttempt attempt, DeliveryStatus status, Instant next) {
    Objects.requireNonNull(attempt, "attempt");
    Entry e = byId.get(messageId);
    if (e == null) {
      return;
    }
    OutboxMessage m = e.message();
    List<DeliveryAttempt> history = new ArrayList<>(m.history());
    history.add(attempt);
    if (history.size() > MAX_HISTORY) {
      history.subList(0, history.size() - MAX_HISTORY).clear();
    }
    replace(
        e,
        copy(m, status, m.attempts() + 1, next != null ? next : m.nextAttemptAt(), null, history));
  }

  @Override
  public synchronized boolean requeue(String messageId, Instant at) {
    Objects.requireNonNull(at, "at");
    Entry e = byId.get(messageId);
    if (e == null || e.message().status() == DeliveryStatus.DELIVERING) {
      return false;
    }
    OutboxMessage m = e.message();
    replace(e, copy(m, DeliveryStatus.PENDING, 0, at, null, m.history()));
    return true;
  }

  /** Swaps the stored value, keeping the payment queues in step with the status. */
  private void replace(Entry old, OutboxMessage next) {
    OutboxMessage prev = old.message();
    if (isUnsettled(prev.status())) {
      queue(prev).remove(old);
    }
    Entry e = new Entry(next, old.order());
    byId.put(next.id(), e);
    if (isUnsettled(next.status())) {
      queue(next).add(e);
    } else {
      Map<String, TreeSet<Entry>> payments = queues.get(next.endpointId());
      if (payments != null) {
        TreeSet<Entry> q = payments.get(next.paymentId());
        if (q != null && q.isEmpty()) {
          payments.remove(next.paymentId());
        }
      }
    }
  }

  private static OutboxMessage copy(
      OutboxMessage m,
      DeliveryStatus status,
      int attempts,
      Instant next,
      Instant lease,
      List<DeliveryAttempt> history) {
    return new OutboxMessage(
        m.id(),
        m.webhookId(),
        m.endpointId(),
        m.eventType(),
        m.paymentId(),
        m.sequence(),
        m.payload(),
        m.createdAt(),
        status,
        attempts,
        next,
        lease,
        history);
  }

  @Override
  public synchronized Optional<OutboxMessage> find(String messageId) {
    Entry e = byId.get(messageId);
    return e == null ? Optional.empty() : Optional.of(e.message());
  }

  @Override
  public synchronized List<OutboxMessage> findCreatedBetween(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    List<Entry> out = new ArrayList<>();
    for (Entry e : byId.values()) {
      Instant c = e.message().createdAt();
      if (!c.isBefore(from) && c.isBefore(to)) {
        out.add(e);
      }
    }
    out.sort(
        Comparator.comparing((Entry e) -> e.message().createdAt()).thenComparingLong(Entry::order));
    return out.stream().map(Entry::message).toList();
  }

  @Override
  public synchronized List<OutboxMessage> findByStatus(DeliveryStatus status, int limit) {
    Objects.requireNonNull(status, "status");
    List<OutboxMessage> out = new ArrayList<>();
    for (Entry e : byId.values()) {
      if (out.size() >= limit) {
        break;
      }
      if (e.message().status() == status) {
        out.add(e.message());
      }
    }
    return out;
  }

  @Override
  public synchronized int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    int n = 0;
    var it = byId.values().iterator();
    while (it.hasNext()) {
      OutboxMessage m = it.next().message();
      if (!isUnsettled(m.status()) && m.createdAt().isBefore(before)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  /** How many messages are stored. */
  public synchronized int size() {
    return byId.size();
  }

  @Override
  public String toString() {
    return "OutboxStore[in-memory]";
  }
}
