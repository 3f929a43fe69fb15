package io.ottu.webhooks.internal.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import io.ottu.webhooks.MalformedNotificationException;
import io.ottu.webhooks.NotificationFormat;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.internal.Amounts;
import io.ottu.webhooks.internal.Declines;
import io.ottu.webhooks.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adyen's standard notifications; see {@link io.ottu.webhooks.NotificationFormats#adyen()}. The
 * kind, the references, the amount and the outcome come only from the fields Adyen's HMAC covers
 * ({@code pspReference}, {@code originalReference}, {@code merchantReference}, {@code amount},
 * {@code eventCode}, {@code success}); unsigned fields ({@code reason}, {@code eventDate}) only add
 * detail. The payment is found by its signed {@code pspReference} and {@code merchantReference},
 * never by the unsigned {@code additionalData.metadata.ottu_payment_id}, which serves only as a
 * lookup hint for notifications that fail verification.
 */
public final class AdyenFormat implements NotificationFormat {
  /** The one instance. */
  public static final AdyenFormat INSTANCE = new AdyenFormat();

  private static final String G = "adyen";

  private AdyenFormat() {}

  @Override
  public List<GatewayNotification> parse(
      String gatewayId, WebhookRequest request, Instant receivedAt) {
    JsonNode root = Formats.json(G, request);
    JsonNode items = root.path("notificationItems");
    if (!items.isArray()) {
      throw new MalformedNotificationException(G + ": notificationItems is missing");
    }
    List<GatewayNotification> out = new ArrayList<>(items.size());
    for (JsonNode wrapper : items) {
      JsonNode item = wrapper.path("NotificationRequestItem");
      if (!item.isObject()) {
        throw new MalformedNotificationException(G + ": an item has no NotificationRequestItem");
      }
      Notice n = item(gatewayId, item);
      if (n != null) {
        out.add(n.build(receivedAt));
      }
    }
    return out;
  }

  private static Notice item(String gatewayId, JsonNode item) {
    String psp = Formats.required(G, item, "pspReference");
    String original = Formats.text(G, item, "originalReference");
    String eventCode = Formats.required(G, item, "eventCode").toUpperCase(Locale.ROOT);
    String successText = Formats.text(G, item, "success");
    boolean success = "true".equalsIgnoreCase(successText);
    // Adyen's advice: eventCode and pspReference (and success) identify a notification.
    String eventId = psp + ":" + eventCode + ":" + success;
    // For modifications, pspReference is the modification's and originalReference the payment's.
    boolean modification = original != null && !original.isBlank();
    String paymentRef = modification ? original : psp;
    String txRef = modification ? psp : null;
    Kind kind =
        switch (eventCode) {
          case "AUTHORISATION" -> success ? Kind.AUTHORIZED : Kind.DECLINED;
          case "CAPTURE" -> success ? Kind.CAPTURED : Kind.CAPTURE_FAILED;
          case "CAPTURE_FAILED" -> Kind.CAPTURE_FAILED;
          case "CANCELLATION", "TECHNICAL_CANCEL" -> success ? Kind.CANCELLED : Kind.CANCEL_FAILED;
          case "REFUND" -> success ? Kind.REFUNDED : Kind.REFUND_FAILED;
          case "REFUND_FAILED" -> Kind.REFUND_FAILED;
          case "CANCEL_OR_REFUND" -> cancelOrRefund(item, success);
          case "NOTIFICATION_OF_CHARGEBACK", "CHARGEBACK" -> Kind.DISPUTE_OPENED;
          case "CHARGEBACK_REVERSED", "PREARBITRATION_WON" -> Kind.DISPUTE_WON;
          case "SECOND_CHARGEBACK", "PREARBITRATION_LOST" -> Kind.DISPUTE_LOST;
          case "PENDING" -> success ? Kind.PENDING : null;
          case "OFFER_CLOSED" -> success ? Kind.EXPIRED : null;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    if (eventCode.equals("AUTHORISATION")) {
      // An authorisation's pspReference is the payment's own.
      paymentRef = psp;
      txRef = null;
    }
    Notice n =
        new Notice(gatewayId, eventId, kind)
            .reference(Formats.text(G, item, "merchantReference"))
            .gatewayReference(paymentRef)
            .transactionReference(txRef)
            .amount(Formats.minor(G, item.path("amount"), "value", "currency", Amounts.ADYEN))
            .occurredAt(Formats.time(item, "eventDate"))
            .detail("event_code", eventCode)
            .detail("reason", Json.text(item, "reason"));
    if (kind == Kind.DECLINED) {
      n.decline(Declines.adyen(Json.text(item, "reason"), gatewayId));
    }
    return n;
  }

  private static Kind cancelOrRefund(JsonNode item, boolean success) {
    String action = Json.text(item, "additionalData", "modification.action");
    if (action == null) {
      return null; // Adyen says which one it did in this field; without it, nothing is known
    }
    return switch (action.toLowerCase(Locale.ROOT)) {
      case "cancel" -> success ? Kind.CANCELLED : Kind.CANCEL_FAILED;
      case "refund" -> success ? Kind.REFUNDED : Kind.REFUND_FAILED;
      default -> null;
    };
  }

  @Override
  public String acknowledgement() {
    return "[accepted]";
  }

  @Override
  public List<String> paymentIdHints(WebhookRequest request) {
    JsonNode root = Formats.jsonOrNull(request);
    List<String> hints = Formats.hints();
    if (root != null && root.path("notificationItems").isArray()) {
      int seen = 0;
      for (JsonNode w : root.path("notificationItems")) {
        if (seen++ == 10) {
          break;
        }
        Formats.hint(
            hints, w, "NotificationRequestItem", "additionalData", "metadata.ottu_payment_id");
      }
    }
    return hints;
  }

  @Override
  public String toString() {
    return "NotificationFormat[adyen]";
  }
}
