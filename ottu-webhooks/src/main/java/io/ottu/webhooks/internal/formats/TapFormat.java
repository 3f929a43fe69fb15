package io.ottu.webhooks.internal.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import io.ottu.webhooks.NotificationFormat;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.internal.Declines;
import io.ottu.webhooks.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Tap's posted objects; see {@link io.ottu.webhooks.NotificationFormats#tap()}. Tap's {@code
 * hashstring} covers the object's id, amount, currency, gateway and payment references, status and
 * creation time, and only those find the payment (by the charge's {@code id}, which the adapter
 * keeps as the gateway reference) and decide the notification; the unsigned metadata serves only as
 * a lookup hint for notifications that fail verification. A refund names its charge in the unsigned
 * {@code charge_id}: Tap posts over HTTPS only, which is what protects that link.
 */
public final class TapFormat implements NotificationFormat {
  /** The one instance. */
  public static final TapFormat INSTANCE = new TapFormat();

  private static final String G = "tap";

  private TapFormat() {}

  @Override
  public List<GatewayNotification> parse(
      String gatewayId, WebhookRequest request, Instant receivedAt) {
    JsonNode o = Formats.json(G, request);
    String id = Formats.required(G, o, "id");
    String status = Formats.required(G, o, "status").toUpperCase(Locale.ROOT);
    String object = Json.text(o, "object");
    boolean refund = "refund".equals(object) || id.startsWith("re_");
    Kind kind;
    if (refund) {
      kind =
          switch (status) {
            case "REFUNDED", "SUCCEEDED", "CAPTURED" -> Kind.REFUNDED;
            case "FAILED", "DECLINED", "CANCELLED" -> Kind.REFUND_FAILED;
            default -> null;
          };
    } else {
      kind =
          switch (status) {
            case "CAPTURED" -> Kind.CAPTURED;
            case "AUTHORIZED" -> Kind.AUTHORIZED;
            case "DECLINED", "RESTRICTED", "FAILED", "CANCELLED" -> Kind.DECLINED;
            case "VOID", "VOIDED" -> Kind.CANCELLED;
            case "ABANDONED" -> Kind.EXPIRED;
            case "INITIATED", "IN_PROGRESS" -> Kind.PENDING;
            default -> null; // TIMEDOUT, UNKNOWN: only a lookup can settle those
          };
    }
    if (kind == null) {
      return List.of();
    }
    // One Tap object changes status over time: the status is part of the event's identity.
    Notice n =
        new Notice(gatewayId, id + ":" + status, kind)
            .gatewayReference(refund ? Formats.text(G, o, "charge_id") : id)
            .transactionReference(refund ? id : null)
            .amount(Formats.major(G, o, "amount", "currency"))
            .occurredAt(created(o))
            .detail("status", status)
            .detail("order", Json.text(o, "reference", "order"))
            .detail("response_code", Json.text(o, "response", "code"))
            .detail("response_message", Json.text(o, "response", "message"));
    if (kind == Kind.DECLINED) {
      n.decline(
          Declines.tap(
              Json.text(o, "response", "code"), Json.text(o, "response", "message"), gatewayId));
    }
    return List.of(n.build(receivedAt));
  }

  private static Instant created(JsonNode o) {
    Instant t = Formats.epochMillis(o, "transaction", "created");
    return t != null ? t : Formats.epochMillis(o, "created");
  }

  @Override
  public List<String> paymentIdHints(WebhookRequest request) {
    JsonNode o = Formats.jsonOrNull(request);
    List<String> hints = Formats.hints();
    if (o != null) {
      Formats.hint(hints, o, "metadata", "ottu_payment_id");
    }
    return hints;
  }

  @Override
  public String toString() {
    return "NotificationFormat[tap]";
  }
}
