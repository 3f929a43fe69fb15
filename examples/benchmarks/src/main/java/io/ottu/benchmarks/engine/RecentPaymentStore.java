package io.ottu.benchmarks.engine;

import io.ottu.Payment;
import io.ottu.PaymentNotFoundException;
import io.ottu.PaymentStatus;
import io.ottu.store.ConcurrentUpdateException;
import io.ottu.store.PaymentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A benchmark control: the in-memory store's data structures and copying, done the same way as
 * {@code PaymentStore.inMemory()}, except that only the most recent {@code capacity} payments are
 * kept. With it, a long benchmark measures the engine without the cost of a heap that grows by one
 * payment per call (ever longer young collections, as every new payment survives them); the
 * difference to the in-memory store is that cost.
 *
 * <p>Not for applications: an evicted payment is gone. Thread-safe; the capacity is approximate
 * under concurrency.
 */
final class RecentPaymentStore implements PaymentStore {
  private final int capacity;
  private final ConcurrentHashMap<String, Payment> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> idByKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> idByGatewayReference = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> idsByReference = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  RecentPaymentStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public InsertResult insert(Payment payment) {
    Payment stored = payment.toBuilder().version(1).build();
    if (byId.putIfAbsent(payment.id(), stored) != null) {
      throw new IllegalArgumentException("a payment with id " + payment.id() + " exists");
    }
    String key = payment.idempotencyKey().orElse(null);
    if (key != null) {
      String owner = idByKey.putIfAbsent(key, payment.id());
      if (owner != null) {
        byId.remove(payment.id(), stored);
        return new InsertResult(byId.get(owner), false);
      }
    }
    idsByReference
        .computeIfAbsent(payment.reference(), r -> ConcurrentHashMap.newKeySet())
        .add(payment.id());
    order.add(payment.id());
    if (size.incrementAndGet() > capacity) {
      evictOldest();
    }
    return new InsertResult(stored, true);
  }

  private void evictOldest() {
    String id = order.poll();
    if (id == null) {
      return;
    }
    size.decrementAndGet();
    Payment p = byId.remove(id);
    if (p == null) {
      return;
    }
    p.idempotencyKey().ifPresent(k -> idByKey.remove(k, id));
    if (p.gatewayId().isPresent() && p.gatewayReference().isPresent()) {
      idByGatewayReference.remove(p.gatewayId().get() + '|' + p.gatewayReference().get(), id);
    }
    idsByReference.computeIfPresent(
        p.reference(),
        (r, ids) -> {
          ids.remove(id);
          return ids.isEmpty() ? null : ids;
        });
  }

  @Override
  public Optional<Payment> find(String paymentId) {
    return Optional.ofNullable(byId.get(paymentId));
  }

  @Override
  public Optional<Payment> findByIdempotencyKey(String idempotencyKey) {
    String id = idByKey.get(idempotencyKey);
    return id == null ? Optional.empty() : find(id);
  }

  @Override
  public Optional<Payment> findByGatewayReference(String gatewayId, String gatewayReference) {
    String id = idByGatewayReference.get(gatewayId + '|' + gatewayReference);
    return id == null ? Optional.empty() : find(id);
  }

  @Override
  public List<Payment> findByReference(String reference) {
    Set<String> ids = idsByReference.get(reference);
    if (ids == null) {
      return List.of();
    }
    List<Payment> out = new ArrayList<>();
    for (String id : ids) {
      Payment p = byId.get(id);
      if (p != null) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing(Payment::createdAt).thenComparing(Payment::id));
    return out;
  }

  @Override
  public Payment update(Payment payment) {
    long expected = payment.version();
    Payment next = payment.toBuilder().version(expected + 1).build();
    Payment[] seen = new Payment[1];
    Payment result =
        byId.computeIfPresent(
            payment.id(),
            (id, current) -> {
              seen[0] = current;
              return current.version() == expected ? next : current;
            });
    if (result == null) {
      throw new PaymentNotFoundException(payment.id());
    }
    if (result != next) {
      throw new ConcurrentUpdateException(payment.id(), expected, seen[0].version());
    }
    if (next.gatewayId().isPresent() && next.gatewayReference().isPresent()) {
      idByGatewayReference.putIfAbsent(
          next.gatewayId().get() + '|' + next.gatewayReference().get(), next.id());
    }
    return next;
  }

  @Override
  public List<Payment> findByStatus(Set<PaymentStatus> statuses, int limit) {
    List<Payment> out = new ArrayList<>();
    for (Payment p : byId.values()) {
      if (statuses.contains(p.status())) {
        out.add(p);
      }
    }
    return oldestFirst(out, limit);
  }

  @Override
  public List<Payment> findWithOpenTransactions(int limit) {
    List<Payment> out = new ArrayList<>();
    for (Payment p : byId.values()) {
      if (p.hasOpenTransactions()) {
        out.add(p);
      }
    }
    return oldestFirst(out, limit);
  }

  private static List<Payment> oldestFirst(List<Payment> payments, int limit) {
    payments.sort(Comparator.comparing(Payment::updatedAt).thenComparing(Payment::id));
    return payments.size() > limit ? new ArrayList<>(payments.subList(0, limit)) : payments;
  }

  /** How many payments are kept now. */
  int size() {
    return byId.size();
  }
}
