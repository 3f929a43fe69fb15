package io.ottu.store;

import io.ottu.Payment;
import io.ottu.PaymentStatus;
import io.ottu.internal.InMemoryPaymentStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where payments live: the source of truth. The engine commits every state change here, with an
 * optimistic version check, before any listener hears of it.
 *
 * <p>Contract for implementations (the in-memory store and a JDBC store over the host's database):
 *
 * <ul>
 *   <li>{@link #insert(Payment)} is atomic with respect to the idempotency key: of several
 *       concurrent inserts with one key, exactly one inserts; the others get the stored payment.
 *   <li>{@link #update(Payment)} succeeds only if the stored version equals {@code
 *       payment.version()}, and stores the payment with version + 1; otherwise it throws {@link
 *       ConcurrentUpdateException} and changes nothing.
 *   <li>Methods are thread-safe, and safe across processes sharing one database.
 * </ul>
 */
public interface PaymentStore {
  /** A thread-safe store in this process's memory; payments are lost when the process ends. */
  static PaymentStore inMemory() {
    return new InMemoryPaymentStore();
  }

  /**
   * Inserts a new payment with version 1, unless its idempotency key already belongs to a stored
   * payment.
   *
   * @param payment the new payment (its version is ignored)
   * @return the inserted payment, or the payment that already owns the key
   * @throws IllegalArgumentException if a payment with the same id exists
   */
  InsertResult insert(Payment payment);

  /** The payment with this id. */
  Optional<Payment> find(String paymentId);

  /** The payment created with this idempotency key. */
  Optional<Payment> findByIdempotencyKey(String idempotencyKey);

  /**
   * The payment a gateway knows by {@code gatewayReference} (its payment id: a PaymentIntent id, a
   * pspReference...), for applying that gateway's notifications.
   */
  Optional<Payment> findByGatewayReference(String gatewayId, String gatewayReference);

  /** The payments with this host reference (usually one), oldest first. */
  List<Payment> findByReference(String reference);

  /**
   * Replaces a payment if nobody changed it since it was read.
   *
   * @param payment the new snapshot; {@code version()} is the version it was derived from
   * @return the stored snapshot, with the version incremented
   * @throws ConcurrentUpdateException if the stored version differs
   * @throws io.ottu.PaymentNotFoundException if no such payment exists
   */
  Payment update(Payment payment);

  /**
   * {@link #update(Payment)} of {@code payment} changed at {@code updatedAt}: the engine's form,
   * which saves a store that copies the snapshot anyway (to set the version) a second copy. The
   * default sets the update time and calls {@link #update(Payment)}.
   *
   * @param payment the new snapshot; {@code version()} is the version it was derived from
   * @param updatedAt when it was changed
   * @return the stored snapshot, with the version incremented and {@code updatedAt} set
   * @throws ConcurrentUpdateException if the stored version differs
   * @throws io.ottu.PaymentNotFoundException if no such payment exists
   */
  default Payment update(Payment payment, Instant updatedAt) {
    return update(payment.withVersion(payment.version(), updatedAt));
  }

  /**
   * Payments in the given statuses, oldest update first, at most {@code limit} of them: the
   * reconciler's work list.
   */
  List<Payment> findByStatus(Set<PaymentStatus> statuses, int limit);

  /**
   * Payments that have a pending or unknown transaction (an operation the engine has not settled),
   * oldest update first, at most {@code limit}.
   */
  List<Payment> findWithOpenTransactions(int limit);

  /**
   * The result of {@link #insert(Payment)}.
   *
   * @param payment the inserted payment, or the one that already owns the idempotency key
   * @param inserted whether this call inserted it
   */
  record InsertResult(Payment payment, boolean inserted) {}
}
