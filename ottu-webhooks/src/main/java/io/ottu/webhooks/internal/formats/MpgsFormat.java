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
import java.util.Locale;

/**
 * Mastercard Gateway's notifications; see {@link io.ottu.webhooks.NotificationFormats#mpgs()}. The
 * merchant chooses MPGS order ids, and Ottu's adapter uses the payment id: the order id is offered
 * to the engine both as our payment id and as the gateway reference, and {@code order.reference} as
 * the reference.
 */
public final class MpgsFormat implements NotificationFormat {
  /** The one instance. */
  public static final MpgsFormat INSTANCE = new MpgsFormat();

  /** The header MPGS numbers its notifications with. */
  public static final String ID_HEADER = "X-Notification-Id";

  private static final String G = "mpgs";

  private MpgsFormat() {}

  @Override
  public List<GatewayNotification> parse(
      String gatewayId, WebhookRequest request, Instant receivedAt) {
    JsonNode root = Formats.json(G, request);
    JsonNode order = root.path("order");
    JsonNode tx = root.path("transaction");
    if (!order.isObject() || !tx.isObject()) {
      throw new MalformedNotificationException(G + ": order or transaction is missing");
    }
    String orderId = Formats.required(G, order, "id");
    String txId = Formats.required(G, tx, "id");
    String type = Formats.required(G, tx, "type").toUpperCase(Locale.ROOT);
    String result = Formats.required(G, root, "result").toUpperCase(Locale.ROOT);
    String gatewayCode = Json.text(root, "response", "gatewayCode");
    Kind kind = kind(type, result);
    if (kind == null) {
      return List.of();
    }
    String eventId =
        request
            .header(ID_HEADER)
            .filter(h -> !h.isBlank() && h.length() <= 200)
            .orElse(orderId + ":" + txId + ":" + result);
    boolean operation = !type.equals("AUTHORIZATION") && !type.equals("PAYMENT");
    Notice n =
        new Notice(gatewayId, eventId, kind)
            .paymentId(orderId)
            .reference(Formats.text(G, order, "reference"))
            .gatewayReference(orderId)
            .transactionReference(operation ? txId : null)
            .amount(Formats.major(G, tx, "amount", "currency"))
            .occurredAt(Formats.time(root, "timeOfRecord"))
            .detail("transaction_type", type)
            .detail("result", result)
            .detail("gateway_code", gatewayCode)
            .detail("transaction_id", txId);
    if (kind == Kind.DECLINED) {
      n.decline(
          Declines.generic(gatewayCode, "MPGS " + result.toLowerCase(Locale.ROOT), gatewayId));
    }
    return List.of(n.build(receivedAt));
  }

  private static Kind kind(String type, String result) {
    boolean ok = result.equals("SUCCESS");
    boolean failed = result.equals("FAILURE");
    if (result.equals("PENDING")) {
      return type.equals("AUTHORIZATION") || type.equals("PAYMENT") ? Kind.PENDING : null;
    }
    if (!ok && !failed) {
      return null; // UNKNOWN, ERROR: only a lookup can settle those
    }
    return switch (type) {
      case "AUTHORIZATION" -> ok ? Kind.AUTHORIZED : Kind.DECLINED;
      case "PAYMENT" -> ok ? Kind.CAPTURED : Kind.DECLINED;
      case "CAPTURE" -> ok ? Kind.CAPTURED : Kind.CAPTURE_FAILED;
      case "REFUND" -> ok ? Kind.REFUNDED : Kind.REFUND_FAILED;
      case "VOID_AUTHORIZATION" -> ok ? Kind.CANCELLED : Kind.CANCEL_FAILED;
      default -> null;
    };
  }

  @Override
  public List<String> paymentIdHints(WebhookRequest request) {
    JsonNode root = Formats.jsonOrNull(request);
    List<String> hints = Formats.hints();
    if (root != null) {
      Formats.hint(hints, root, "order", "id");
    }
    return hints;
  }

  @Override
  public String toString() {
    return "NotificationFormat[mpgs]";
  }
}
