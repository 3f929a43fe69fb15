package io.ottu.internal;

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

/**
 * {@link PaymentStore} in memory. Payments sit in a concurrent map keyed by id; updates are a
 * compare-and-set on the stored snapshot's version, so they never take a lock across payments.
 */
public final class InMemoryPaymentStore implements PaymentStore {
  private final ConcurrentHashMap<String, Payment> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> idByKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> idByGatewayReference = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> idsByReference = new ConcurrentHashMap<>();

  @Override
  public InsertResult insert(Payment payment) {
    Payment stored = payment.toBuilder().version(1).build();
    if (byId.putIfAbsent(payment.id(), stored) != null) {
      throw new IllegalArgumentException("a payment with id " + payment.id() + " exists");
    }
    String key = payment.idempotencyKey().orElse(null);
    if (key != null) {
      // The payment is in the map before it claims the key, so the key's owner can always be read.
      // A loser's payment id was never handed out, so removing it again is invisible to callers.
      String owner = idByKey.putIfAbsent(key, payment.id());
      if (owner != null) {
        byId.remove(payment.id(), stored);
        Set<String> ids = idsByReference.get(payment.reference());
        if (ids != null) {
          ids.remove(payment.id());
        }
        return new InsertResult(byId.get(owner), false);
      }
    }
    idsByReference
        .computeIfAbsent(payment.reference(), r -> ConcurrentHashMap.newKeySet())
        .add(payment.id());
    return new InsertResult(stored, true);
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
}
