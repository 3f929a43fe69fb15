package io.ottu.event;

/**
 * Hears of every committed change to a payment. Listeners run on the thread that made the change,
 * after the store committed it and in the order changes were made to that payment. A listener that
 * throws never undoes or blocks the payment: the failure is logged and counted, and the next
 * listener still runs. Keep listeners fast; hand slow work to a queue (the outbound webhook
 * publisher is such a listener).
 */
@FunctionalInterface
public interface PaymentListener {
  /** Called once per committed change. Must be thread-safe. */
  void onEvent(PaymentEvent event);
}
