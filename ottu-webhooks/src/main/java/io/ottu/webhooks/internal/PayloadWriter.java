package io.ottu.webhooks.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ottu.CardSummary;
import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.Transaction;
import io.ottu.event.PaymentEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the outbound webhook payload documented on {@link io.ottu.webhooks.WebhookPublisher}.
 * Streaming (no reflection), fields in a fixed order. Of the card, only brand and last four digits
 * are ever written.
 */
public final class PayloadWriter {
  private PayloadWriter() {}

  /** The JSON payload for {@code event}. */
  public static String write(PaymentEvent event) {
    StringWriter out = new StringWriter(768);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      Payment p = event.payment();
      g.writeStartObject();
      g.writeStringField("id", event.id());
      g.writeStringField("type", event.type().wireName());
      g.writeStringField("created_at", event.occurredAt().toString());
      g.writeObjectFieldStart("data");
      g.writeStringField("payment_id", p.id());
      g.writeStringField("reference", p.reference());
      g.writeStringField("status", lower(p.status().name()));
      if (event.previousStatus() == null) {
        g.writeNullField("previous_status");
      } else {
        g.writeStringField("previous_status", lower(event.previousStatus().name()));
      }
      money(g, "amount", p.amount());
      money(g, "authorized", p.authorizedAmount());
      money(g, "captured", p.capturedAmount());
      money(g, "refunded", p.refundedAmount());
      g.writeStringField("gateway", p.gatewayId().orElse(null));
      g.writeStringField("gateway_reference", p.gatewayReference().orElse(null));
      g.writeNumberField("sequence", event.sequence());
      g.writeObjectFieldStart("source");
      g.writeStringField("type", lower(p.source().type().name()));
      CardSummary card = p.source().card();
      if (card != null) {
        g.writeStringField("brand", lower(card.brand().name()));
        g.writeStringField("last4", card.last4());
      }
      g.writeEndObject();
      Decline d = p.decline().orElse(null);
      if (d == null) {
        g.writeNullField("decline");
      } else {
        g.writeObjectFieldStart("decline");
        g.writeStringField("reason", lower(d.reason().name()));
        g.writeStringField("code", d.rawCode());
        g.writeBooleanField("soft", d.soft());
        g.writeEndObject();
      }
      g.writeObjectFieldStart("metadata");
      for (Map.Entry<String, String> e : p.metadata().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      Transaction t = event.transaction();
      if (t == null) {
        g.writeNullField("transaction");
      } else {
        g.writeObjectFieldStart("transaction");
        g.writeStringField("id", t.id());
        g.writeStringField("type", lower(t.type().name()));
        g.writeStringField("status", lower(t.status().name()));
        money(g, "amount", t.amount());
        g.writeStringField("gateway", t.gatewayId());
        g.writeStringField("gateway_reference", t.gatewayReference());
        g.writeStringField("created_at", t.createdAt().toString());
        g.writeStringField("updated_at", t.updatedAt().toString());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out.toString();
  }

  private static void money(JsonGenerator g, String field, Money m) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("value", m.amount().toPlainString());
    g.writeStringField("currency", m.currencyCode());
    g.writeEndObject();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
