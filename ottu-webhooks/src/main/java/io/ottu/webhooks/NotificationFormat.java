package io.ottu.webhooks;

import io.ottu.gateway.GatewayNotification;
import java.time.Instant;
import java.util.List;

/**
 * How one gateway writes its webhooks: turns a <em>verified</em> request into normalized {@link
 * GatewayNotification}s. Built-in formats come from {@link NotificationFormats}; a host adds a
 * gateway by implementing {@link #parse} (and, where the gateway expects a particular answer,
 * {@link #acknowledgement()}). Implementations must be thread-safe and must never read card data
 * into a notification.
 */
public interface NotificationFormat {
  /**
   * The notifications a verified request carries. An event that concerns no payment change (a
   * customer update, a payout) gives an empty list; one that cannot be read at all throws.
   *
   * @param gatewayId the id of the gateway the notifications are attributed to
   * @param request the request, already verified
   * @param receivedAt when it arrived: the fallback for a notification without its own time
   * @throws MalformedNotificationException if the body is not this gateway's format or an amount in
   *     it is not exact
   */
  List<GatewayNotification> parse(String gatewayId, WebhookRequest request, Instant receivedAt);

  /**
   * The body of the success response the gateway expects; empty by default ({@code "[accepted]"}
   * for Adyen).
   */
  default String acknowledgement() {
    return "";
  }

  /**
   * Payment ids that an <em>unverified</em> request names, read without trusting anything else in
   * it: candidates for a lookup at the gateway, never for a change. Must never throw; empty by
   * default.
   */
  default List<String> paymentIdHints(WebhookRequest request) {
    return List.of();
  }
}
