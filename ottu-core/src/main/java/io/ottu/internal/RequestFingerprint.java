package io.ottu.internal;

import io.ottu.CardSummary;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of everything that makes a payment request what it is, to tell an idempotent replay from
 * a conflicting reuse of a key. Cards enter it only by BIN, last four and expiry, so the digest
 * cannot be reversed to a card number.
 */
public final class RequestFingerprint {
  private RequestFingerprint() {}

  /** The fingerprint of {@code request} for the given operation ({@code authorize}, ...). */
  public static String of(String operation, PaymentRequest request, CardSummary card) {
    StringBuilder sb = new StringBuilder(256);
    field(sb, "op", operation);
    field(sb, "amount", request.amount().toPlainString());
    field(sb, "currency", request.amount().currencyCode());
    field(sb, "reference", request.reference());
    PaymentSource source = request.source();
    field(sb, "source", source.type().name());
    if (card != null) {
      field(
          sb,
          "card",
          card.bin() + "/" + card.last4() + "/" + card.expiryMonth() + "/" + card.expiryYear());
    }
    field(sb, "token", source.token().orElse(""));
    field(sb, "returnUrl", request.returnUrl().orElse(""));
    field(sb, "3ds", request.threeDSecure().name());
    field(sb, "gateway", request.gateway().orElse(""));
    field(sb, "description", request.description().orElse(""));
    request
        .customer()
        .ifPresent(
            c -> {
              field(sb, "customer.id", nz(c.id()));
              field(sb, "customer.email", nz(c.email()));
              field(sb, "customer.country", nz(c.country()));
              field(sb, "customer.ip", nz(c.ipAddress()));
            });
    if (!request.metadata().isEmpty()) {
      for (Map.Entry<String, String> e : new TreeMap<>(request.metadata()).entrySet()) {
        field(sb, "metadata." + e.getKey(), e.getValue());
      }
    }
    return Digests.sha256Hex(sb.toString());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static void field(StringBuilder sb, String name, String value) {
    // Length-prefixing makes the encoding unambiguous whatever the values contain.
    sb.append(name).append('=').append(value.length()).append(':').append(value).append('\n');
  }
}
