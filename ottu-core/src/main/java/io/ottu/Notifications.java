package io.ottu;

import io.ottu.gateway.GatewayNotification;

/**
 * Applies verified gateway notifications (webhooks) to payments: {@code client.notifications()}.
 * The {@code ottu-webhooks} module verifies and parses each gateway's webhooks and calls this; a
 * host with its own webhook endpoint can call it too, after verifying the notification itself.
 * Thread-safe.
 */
public interface Notifications {
  /**
   * Finds the payment the notification is about (by payment id, then gateway reference, then
   * reference), checks its amount and currency against the payment, and applies it through the
   * state machine. Never throws for a notification that does not fit: the result says why it was
   * ignored or refused.
   *
   * @throws NullPointerException if {@code notification} is null
   */
  NotificationResult apply(GatewayNotification notification);
}
