package io.ottu.webhooks.internal.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import io.ottu.webhooks.MalformedNotificationException;
import io.ottu.webhooks.NotificationFormat;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.internal.Declines;
import io.ottu.webhooks.internal.Json;
import java.time.Instant;
import java.util.List;

/** PayPal's events; see {@link io.ottu.webhooks.NotificationFormats#paypal()}. */
public final class PayPalFormat implements NotificationFormat {
  /** The one instance. */
  public static final PayPalFormat INSTANCE = new PayPalFormat();

  private static final String G = "paypal";

  private PayPalFormat() {}

  @Override
  public List<GatewayNotification> parse(
      String gatewayId, WebhookRequest request, Instant receivedAt) {
    JsonNode event = Formats.json(G, request);
    String eventId = Formats.required(G, event, "id");
    String type = Formats.required(G, event, "event_type");
    JsonNode r = event.path("resource");
    if (!r.isObject()) {
      throw new MalformedNotificationException(G + ": resource is missing");
    }
    String authorizationId = Json.text(r, "supplementary_data", "related_ids", "authorization_id");
    Notice n =
        switch (type) {
          case "PAYMENT.CAPTURE.COMPLETED" -> payment(gatewayId, eventId, Kind.CAPTURED, r, true);
          case "PAYMENT.CAPTURE.PENDING" ->
              authorizationId == null ? payment(gatewayId, eventId, Kind.PENDING, r, true) : null;
          case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> {
            Kind k = authorizationId == null ? Kind.DECLINED : Kind.CAPTURE_FAILED;
            Notice d = payment(gatewayId, eventId, k, r, true);
            yield k == Kind.DECLINED
                ? d.decline(
                    Declines.generic("DENIED", Json.text(r, "status_details", "reason"), gatewayId))
                : d;
          }
          case "PAYMENT.CAPTURE.REFUNDED" -> refund(gatewayId, eventId, r);
          case "PAYMENT.AUTHORIZATION.CREATED" ->
              payment(gatewayId, eventId, Kind.AUTHORIZED, r, false);
          case "PAYMENT.AUTHORIZATION.VOIDED" ->
              payment(gatewayId, eventId, Kind.CANCELLED, r, false).amount(null);
          case "CUSTOMER.DISPUTE.CREATED" -> dispute(gatewayId, eventId, Kind.DISPUTE_OPENED, r);
          case "CUSTOMER.DISPUTE.RESOLVED" -> {
            String outcome = Json.text(r, "dispute_outcome", "outcome_code");
            if ("RESOLVED_BUYER_FAVOUR".equals(outcome)) {
              yield dispute(gatewayId, eventId, Kind.DISPUTE_LOST, r);
            }
            if ("RESOLVED_SELLER_FAVOUR".equals(outcome)) {
              yield dispute(gatewayId, eventId, Kind.DISPUTE_WON, r);
            }
            yield null;
          }
          default -> null;
        };
    if (n == null) {
      return List.of();
    }
    return List.of(
        n.occurredAt(Formats.time(event, "create_time"))
            .detail("event_type", type)
            .detail("status", Json.text(r, "status"))
            .build(receivedAt));
  }

  /** A capture or authorization resource: the order is the payment, the resource the operation. */
  private static Notice payment(
      String gatewayId, String eventId, Kind kind, JsonNode r, boolean capture) {
    String id = Formats.required(G, r, "id");
    String orderId = Formats.text(G, r, "supplementary_data", "related_ids", "order_id");
    String authorizationId =
        Formats.text(G, r, "supplementary_data", "related_ids", "authorization_id");
    String paymentRef =
        orderId != null ? orderId : capture && authorizationId != null ? authorizationId : id;
    return new Notice(gatewayId, eventId, kind)
        .paymentId(Formats.text(G, r, "custom_id"))
        .reference(Formats.text(G, r, "invoice_id"))
        .gatewayReference(paymentRef)
        .transactionReference(capture ? id : null)
        .amount(Formats.major(G, r.path("amount"), "value", "currency_code"));
  }

  private static Notice refund(String gatewayId, String eventId, JsonNode r) {
    String captureId = null;
    for (JsonNode link : r.path("links")) {
      if ("up".equals(Json.text(link, "rel"))) {
        String href = Json.text(link, "href");
        if (href != null && href.contains("/captures/")) {
          captureId = href.substring(href.lastIndexOf('/') + 1);
        }
      }
    }
    return new Notice(gatewayId, eventId, Kind.REFUNDED)
        .paymentId(Formats.text(G, r, "custom_id"))
        .reference(Formats.text(G, r, "invoice_id"))
        .gatewayReference(captureId)
        .transactionReference(Formats.required(G, r, "id"))
        .amount(Formats.major(G, r.path("amount"), "value", "currency_code"));
  }

  private static Notice dispute(String gatewayId, String eventId, Kind kind, JsonNode r) {
    JsonNode tx = r.path("disputed_transactions").path(0);
    return new Notice(gatewayId, eventId, kind)
        .paymentId(Formats.text(G, tx, "custom"))
        .reference(Formats.text(G, tx, "invoice_number"))
        .gatewayReference(Formats.text(G, tx, "seller_transaction_id"))
        .transactionReference(Formats.text(G, r, "dispute_id"))
        .amount(Formats.major(G, r.path("dispute_amount"), "value", "currency_code"))
        .detail("reason", Json.text(r, "reason"));
  }

  @Override
  public List<String> paymentIdHints(WebhookRequest request) {
    JsonNode event = Formats.jsonOrNull(request);
    List<String> hints = Formats.hints();
    if (event != null) {
      Formats.hint(hints, event, "resource", "custom_id");
    }
    return hints;
  }

  @Override
  public String toString() {
    return "NotificationFormat[paypal]";
  }
}
