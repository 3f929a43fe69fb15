package io.ottu.webhooks.internal.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.Money;
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

/** Stripe's events; see {@link io.ottu.webhooks.NotificationFormats#stripe()}. */
public final class StripeFormat implements NotificationFormat {
  /** The one instance. */
  public static final StripeFormat INSTANCE = new StripeFormat();

  private static final String G = "stripe";

  private StripeFormat() {}

  @Override
  public List<GatewayNotification> parse(
      String gatewayId, WebhookRequest request, Instant receivedAt) {
    JsonNode event = Formats.json(G, request);
    String eventId = Formats.required(G, event, "id");
    String type = Formats.required(G, event, "type");
    JsonNode object = Json.at(event, "data", "object");
    if (!object.isObject()) {
      throw new MalformedNotificationException(G + ": data.object is missing");
    }
    Instant at = Formats.epochSeconds(event, "created");
    Notice n =
        switch (type) {
          case "payment_intent.succeeded" ->
              intent(gatewayId, eventId, Kind.CAPTURED, object)
                  .amount(amount(object, "amount_received"));
          case "payment_intent.amount_capturable_updated" ->
              intent(gatewayId, eventId, Kind.AUTHORIZED, object)
                  .amount(amount(object, "amount_capturable"));
          case "payment_intent.payment_failed" -> {
            JsonNode error = Json.at(object, "last_payment_error");
            String code = Json.text(error, "decline_code");
            if (code == null) {
              code = Json.text(error, "code");
            }
            yield intent(gatewayId, eventId, Kind.DECLINED, object)
                .decline(
                    Declines.stripe(
                        code == null ? "payment_failed" : code,
                        Json.text(error, "message"),
                        gatewayId));
          }
          case "payment_intent.canceled" ->
              intent(gatewayId, eventId, Kind.CANCELLED, object)
                  .detail("cancellation_reason", Json.text(object, "cancellation_reason"));
          case "payment_intent.processing" -> intent(gatewayId, eventId, Kind.PENDING, object);
          case "charge.refunded" -> chargeRefunded(gatewayId, eventId, event, object);
          case "refund.updated", "charge.refund.updated", "refund.failed" -> {
            String status = Json.text(object, "status");
            if (!"failed".equals(status) && !"canceled".equals(status)) {
              yield null; // succeeded refunds arrive as charge.refunded
            }
            yield new Notice(gatewayId, eventId, Kind.REFUND_FAILED)
                .gatewayReference(Formats.text(G, object, "payment_intent"))
                .transactionReference(Formats.text(G, object, "id"))
                .amount(amount(object, "amount"))
                .detail("failure_reason", Json.text(object, "failure_reason"));
          }
          case "charge.dispute.created" -> dispute(gatewayId, eventId, Kind.DISPUTE_OPENED, object);
          case "charge.dispute.closed" -> {
            String status = Json.text(object, "status");
            if ("lost".equals(status)) {
              yield dispute(gatewayId, eventId, Kind.DISPUTE_LOST, object);
            }
            if ("won".equals(status) || "warning_closed".equals(status)) {
              yield dispute(gatewayId, eventId, Kind.DISPUTE_WON, object);
            }
            yield null;
          }
          default -> null;
        };
    return n == null
        ? List.of()
        : List.of(n.occurredAt(at).detail("event_type", type).build(receivedAt));
  }

  private static Notice intent(String gatewayId, String eventId, Kind kind, JsonNode pi) {
    return new Notice(gatewayId, eventId, kind)
        .paymentId(Formats.text(G, pi, "metadata", "ottu_payment_id"))
        .reference(Formats.text(G, pi, "metadata", "order_id"))
        .gatewayReference(Formats.required(G, pi, "id"))
        .transactionReference(latestCharge(pi))
        .detail("status", Json.text(pi, "status"));
  }

  private static String latestCharge(JsonNode pi) {
    JsonNode c = Json.at(pi, "latest_charge");
    // Expanded, latest_charge is the Charge object itself.
    return c.isObject() ? Json.text(c, "id") : Json.text(pi, "latest_charge");
  }

  private static Notice chargeRefunded(
      String gatewayId, String eventId, JsonNode event, JsonNode charge) {
    String currency = Formats.text(G, charge, "currency");
    JsonNode refunds = Json.at(charge, "refunds", "data");
    String refundId = null;
    Money amount;
    if (refunds.isArray() && !refunds.isEmpty()) {
      // Stripe lists refunds newest first.
      JsonNode newest = refunds.get(0);
      refundId = Formats.text(G, newest, "id");
      amount = amount(newest, "amount", currency);
    } else {
      Money total = amount(charge, "amount_refunded");
      Money before =
          amount(Json.at(event, "data", "previous_attributes"), "amount_refunded", currency);
      if (total == null) {
        throw new MalformedNotificationException(G + ": amount_refunded is missing");
      }
      amount = before == null ? total : total.minus(before);
      if (!amount.isPositive()) {
        throw new MalformedNotificationException(
            G + ": amount_refunded did not grow in this charge.refunded event");
      }
    }
    return new Notice(gatewayId, eventId, Kind.REFUNDED)
        .paymentId(Formats.text(G, charge, "metadata", "ottu_payment_id"))
        .reference(Formats.text(G, charge, "metadata", "order_id"))
        .gatewayReference(Formats.text(G, charge, "payment_intent"))
        .transactionReference(refundId)
        .amount(amount)
        .detail("charge", Json.text(charge, "id"));
  }

  private static Notice dispute(String gatewayId, String eventId, Kind kind, JsonNode d) {
    return new Notice(gatewayId, eventId, kind)
        .gatewayReference(Formats.text(G, d, "payment_intent"))
        .transactionReference(Formats.text(G, d, "id"))
        .amount(amount(d, "amount"))
        .detail("reason", Json.text(d, "reason"))
        .detail("charge", Json.text(d, "charge"));
  }

  private static Money amount(JsonNode object, String field) {
    return Formats.minor(G, object, field, "currency", Amounts.STRIPE);
  }

  private static Money amount(JsonNode object, String field, String currency) {
    Long value;
    try {
      value = Json.integer(object, field);
    } catch (NumberFormatException e) {
      throw new MalformedNotificationException(G + ": " + field + " is not an integer");
    }
    if (value == null) {
      return null;
    }
    String cur = Json.text(object, "currency");
    try {
      return Amounts.minor(value, cur != null ? cur : currency, Amounts.STRIPE);
    } catch (IllegalArgumentException e) {
      throw new MalformedNotificationException(G + ": " + field + ": " + e.getMessage());
    }
  }

  @Override
  public List<String> paymentIdHints(WebhookRequest request) {
    JsonNode event = Formats.jsonOrNull(request);
    List<String> hints = Formats.hints();
    if (event != null) {
      Formats.hint(hints, event, "data", "object", "metadata", "ottu_payment_id");
    }
    return hints;
  }

  @Override
  public String toString() {
    return "NotificationFormat[stripe]";
  }
}
