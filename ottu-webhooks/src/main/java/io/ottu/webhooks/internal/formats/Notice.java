package io.ottu.webhooks.internal.formats;

import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import io.ottu.webhooks.MalformedNotificationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collects the parts of one {@link GatewayNotification} while a format reads them. */
final class Notice {
  private final String gatewayId;
  private final String eventId;
  private final Kind kind;
  private String paymentId;
  private String reference;
  private String gatewayReference;
  private String transactionReference;
  private Money amount;
  private Decline decline;
  private Instant occurredAt;
  private final Map<String, String> details = new LinkedHashMap<>();

  Notice(String gatewayId, String eventId, Kind kind) {
    this.gatewayId = gatewayId;
    this.eventId = eventId;
    this.kind = kind;
  }

  Notice paymentId(String v) {
    this.paymentId = blankToNull(v);
    return this;
  }

  Notice reference(String v) {
    this.reference = blankToNull(v);
    return this;
  }

  Notice gatewayReference(String v) {
    this.gatewayReference = blankToNull(v);
    return this;
  }

  Notice transactionReference(String v) {
    this.transactionReference = blankToNull(v);
    return this;
  }

  Notice amount(Money v) {
    this.amount = v;
    return this;
  }

  Notice decline(Decline v) {
    this.decline = v;
    return this;
  }

  Notice occurredAt(Instant v) {
    this.occurredAt = v;
    return this;
  }

  Notice detail(String key, String value) {
    if (value != null && !value.isBlank()) {
      details.put(key, value.length() > 200 ? value.substring(0, 200) : value);
    }
    return this;
  }

  /**
   * The notification.
   *
   * @throws MalformedNotificationException if it names no payment
   */
  GatewayNotification build(Instant fallbackTime) {
    if (eventId == null || eventId.isBlank()) {
      throw new MalformedNotificationException("the notification has no event id");
    }
    if (paymentId == null && reference == null && gatewayReference == null) {
      throw new MalformedNotificationException(
          "the " + kind + " notification " + eventId + " names no payment");
    }
    return new GatewayNotification(
        gatewayId,
        eventId,
        kind,
        paymentId,
        reference,
        gatewayReference,
        transactionReference,
        amount,
        decline,
        occurredAt != null ? occurredAt : fallbackTime,
        details);
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }
}
