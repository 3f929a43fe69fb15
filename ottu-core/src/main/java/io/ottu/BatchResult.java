package io.ottu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-item results of a batch, in the order of the requests. One item failing never fails the
 * batch. Immutable.
 *
 * @param items one result per request
 */
public record BatchResult(List<Item> items) {
  /**
   * One request's result: the payment (which may itself be declined or failed), or the exception
   * that kept it from being made (invalid input, idempotency conflict...).
   *
   * @param index the request's position in the batch
   * @param reference the request's reference
   * @param payment the payment, or null
   * @param error the exception, or null
   */
  public record Item(int index, String reference, Payment payment, RuntimeException error) {
    /** The payment, if one was made. */
    public Optional<Payment> paymentOptional() {
      return Optional.ofNullable(payment);
    }

    /** Whether the request raised an exception instead of producing a payment. */
    public boolean failed() {
      return error != null;
    }
  }

  /** Validates and copies. */
  public BatchResult {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** How many items produced a payment. */
  public long succeeded() {
    return items.stream().filter(i -> !i.failed()).count();
  }

  /** How many items raised an exception. */
  public long failed() {
    return items.stream().filter(Item::failed).count();
  }
}
