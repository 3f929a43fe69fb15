package io.ottu.internal;

import io.ottu.PaymentStatus;
import java.util.EnumSet;
import java.util.Set;

/** What a confirmed cancel does to a payment, whether the engine or a webhook confirms it. */
final class Cancellation {
  /** Statuses in which a payment ended without money moving: nothing is left to release. */
  private static final Set<PaymentStatus> ENDED_WITHOUT_FUNDS =
      EnumSet.of(
          PaymentStatus.DECLINED,
          PaymentStatus.FAILED,
          PaymentStatus.EXPIRED,
          PaymentStatus.CANCELLED);

  private Cancellation() {}

  /**
   * The status a payment reaches when a cancel of it is confirmed: a partially captured payment is
   * closed as {@code CAPTURED} (the rest of the authorization released); one still holding or
   * awaiting funds is {@code CANCELLED}; one that already ended another way (declined after the
   * shopper's action, failed, expired, already cancelled) keeps its status, because nothing is held
   * any more; the cancel is simply closed.
   *
   * @return the status, or null when a confirmed cancel contradicts the payment (money was captured
   *     or refunded, or its state is unknown): not something to apply
   */
  static PaymentStatus statusAfter(PaymentStatus current) {
    PaymentStatus next =
        current == PaymentStatus.PARTIALLY_CAPTURED
            ? PaymentStatus.CAPTURED
            : PaymentStatus.CANCELLED;
    if (current.canTransitionTo(next)) {
      return next;
    }
    return ENDED_WITHOUT_FUNDS.contains(current) ? current : null;
  }
}
