package io.ottu.internal;

import io.ottu.Payment;
import io.ottu.PaymentNotFoundException;
import io.ottu.PaymentStatus;
import io.ottu.store.ConcurrentUpdateException;
import io.ottu.store.PaymentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PaymentStore} in memory. Payments sit in a concurrent map keyed by id; updates are a
 * compare-and-set on the stored snapshot's version, so they never take a lock across payments.
 *
 * <p>The index by merchant reference is built the first time a payment is looked up by reference,
 * from the payments stored by then, and kept up to date from then on: a payment's reference never
 * changes, so the index built late is exactly the one kept from the start, and a client that never
 * looks payments up by reference pays no map entry per payment for it.
 */
public final class InMemoryPaymentStore implements PaymentStore {
  private final ConcurrentHashMap<String, Payment> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> idByKey = new ConcurrentHashMap<>();
  // Per gateway: gateway reference -> payment id (no composite key string per payment).
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> idByGatewayReference =
      new ConcurrentHashMap<>();
  // Almost every reference has one payment: its id alone (a String), or an immutable list of the
  // ids once a reference has several, replaced whole.
  private final ConcurrentHashMap<String, Object> idsByReference = new ConcurrentHashMap<>();
  // Set (under the lock, before the first scan) once the reference index is wanted: from then on
  // every insert indexes its payment. An insert that read it unset had stored its payment before
  // the scan began, so the scan finds it.
  private volatile boolean indexingReferences;
  // Set once the first scan is done: until then a lookup by reference waits for the scan.
  private volatile boolean referencesIndexed;
  private final Object referenceIndexLock = new Object();

  @Override
  public InsertResult insert(Payment payment) {
    Payment stored = payment.version() == 1 ? payment : payment.withVersion(1, payment.updatedAt());
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
        return new InsertResult(byId.get(owner), false);
      }
    }
    if (indexingReferences) {
      indexReference(payment.reference(), payment.id());
    }
    return new InsertResult(stored, true);
  }

  /**
   * Adds {@code id} to the reference's ids, once (the first scan and an insert may both add it).
   */
  private void indexReference(String reference, String id) {
    idsByReference.merge(reference, id, InMemoryPaymentStore::withId);
  }

  private void indexReferences() {
    synchronized (referenceIndexLock) {
      if (referencesIndexed) {
        return;
      }
      indexingReferences = true;
      for (Payment p : byId.values()) {
        indexReference(p.reference(), p.id());
      }
      referencesIndexed = true;
    }
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
    ConcurrentHashMap<String, String> refs = idByGatewayReference.get(gatewayId);
    String id = refs == null ? null : refs.get(gatewayReference);
    return id == null ? Optional.empty() : find(id);
  }

  @Override
  public List<Payment> findByReference(String reference) {
    if (!referencesIndexed) {
      indexReferences();
    }
    List<String> ids = ids(idsByReference.get(reference));
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
    return update(payment, payment.updatedAt());
  }

  @Override
  public Payment update(Payment payment, Instant updatedAt) {
    long expected = payment.version();
    Payment next = payment.withVersion(expected + 1, updatedAt);
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
    String gatewayId = next.gatewayId().orElse(null);
    String reference = next.gatewayReference().orElse(null);
    if (gatewayId != null
        && reference != null
        && !(gatewayId.equals(seen[0].gatewayId().orElse(null))
            && reference.equals(seen[0].gatewayReference().orElse(null)))) {
      idByGatewayReference
          .computeIfAbsent(gatewayId, g -> new ConcurrentHashMap<>())
          .putIfAbsent(reference, next.id());
    }
    return next;
  }

  /** A reference's ids with {@code id} (a String) among them, added last if it was not. */
  private static Object withId(Object ids, Object id) {
    List<String> known = ids(ids);
    if (known.contains(id)) {
      return ids;
    }
    List<String> all = new ArrayList<>(known.size() + 1);
    all.addAll(known);
    all.add((String) id);
    return List.copyOf(all);
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof String id ? List.of(id) : (List<String>) value;
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
