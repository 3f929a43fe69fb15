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
import java.util.List;

/** Checkout.com's events; see {@link io.ottu.webhooks.NotificationFormats#checkoutCom()}. */
public final class CheckoutComFormat implements NotificationFormat {
  /** The one instance. */
  public static final CheckoutComFormat INSTANCE = new CheckoutComFormat();

  private static final String G = "checkout.com";

  private CheckoutComFormat() {}

  @Override
  public List<GatewayNotification> parse(
      String gatewayId, WebhookRequest request, Instant receivedAt) {
    JsonNode event = Formats.json(G, request);
    String eventId = Formats.required(G, event, "id");
    String type = Formats.required(G, event, "type");
    JsonNode data = event.path("data");
    if (!data.isObject()) {
      throw new MalformedNotificationException(G + ": data is missing");
    }
    Kind kind =
        switch (type) {
          case "payment_approved" -> Kind.AUTHORIZED;
          case "payment_captured" -> Kind.CAPTURED;
          case "payment_declined", "payment_authentication_failed" -> Kind.DECLINED;
          case "payment_refunded" -> Kind.REFUNDED;
          case "payment_voided" -> Kind.CANCELLED;
          case "payment_capture_declined" -> Kind.CAPTURE_FAILED;
          case "payment_refund_declined" -> Kind.REFUND_FAILED;
          case "payment_void_declined" -> Kind.CANCEL_FAILED;
          case "payment_pending" -> Kind.PENDING;
          case "payment_expired" -> Kind.EXPIRED;
          case "dispute_received", "dispute_evidence_required" -> Kind.DISPUTE_OPENED;
          case "dispute_won" -> Kind.DISPUTE_WON;
          case "dispute_lost" -> Kind.DISPUTE_LOST;
          default -> null;
        };
    if (kind == null) {
      return List.of();
    }
    boolean dispute = type.startsWith("dispute_");
    Notice n =
        new Notice(gatewayId, eventId, kind)
            .paymentId(Formats.text(G, data, "metadata", "ottu_payment_id"))
            .reference(Formats.text(G, data, dispute ? "payment_reference" : "reference"))
            .gatewayReference(Formats.text(G, data, dispute ? "payment_id" : "id"))
            .transactionReference(Formats.text(G, data, dispute ? "id" : "action_id"))
            .amount(Formats.minor(G, data, "amount", "currency", Amounts.ISO))
            .occurredAt(Formats.time(event, "created_on"))
            .detail("event_type", type)
            .detail("response_code", Json.text(data, "response_code"))
            .detail("response_summary", Json.text(data, "response_summary"));
    if (kind == Kind.DECLINED) {
      n.decline(
          Declines.checkoutCom(
              Json.text(data, "response_code"), Json.text(data, "response_summary"), gatewayId));
    }
    return List.of(n.build(receivedAt));
  }

  @Override
  public List<String> paymentIdHints(WebhookRequest request) {
    JsonNode event = Formats.jsonOrNull(request);
    List<String> hints = Formats.hints();
    if (event != null) {
      Formats.hint(hints, event, "data", "metadata", "ottu_payment_id");
    }
    return hints;
  }

  @Override
  public String toString() {
    return "NotificationFormat[checkout.com]";
  }
}
