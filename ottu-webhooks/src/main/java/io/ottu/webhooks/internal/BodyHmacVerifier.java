package io.ottu.webhooks.internal;

import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import io.ottu.webhooks.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A hex HMAC-SHA256 of the raw body in one header: Checkout.com's {@code Cko-Signature}. Any value
 * of the header may match. Immutable and thread-safe.
 */
public final class BodyHmacVerifier implements WebhookVerifier {
  private final String scheme;
  private final String header;
  private final HmacSha256 hmac;

  /**
   * A verifier of {@code header} under {@code key} (its UTF-8 bytes).
   *
   * @throws IllegalArgumentException naming {@code keyName} if the key is blank
   */
  public BodyHmacVerifier(String scheme, String header, String keyName, String key) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.header = Objects.requireNonNull(header, "header");
    Objects.requireNonNull(key, keyName);
    if (key.isBlank()) {
      throw new IllegalArgumentException(keyName + ": must not be blank");
    }
    this.hmac = new HmacSha256(key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    List<String> values = request.headers(header);
    if (values.isEmpty()) {
      throw new WebhookVerificationException(
          scheme, Reason.MISSING_HEADER, "the " + header + " header is missing");
    }
    byte[] expected = hmac.sign(BodyAccess.raw(request));
    boolean wellFormed = false;
    boolean match = false;
    for (String v : values.subList(0, Math.min(values.size(), 8))) {
      byte[] sig = hex(v.strip());
      if (sig != null) {
        wellFormed = true;
        match |= HmacSha256.constantTimeEquals(expected, sig);
      }
    }
    if (!wellFormed) {
      throw new WebhookVerificationException(
          scheme,
          Reason.MALFORMED_HEADER,
          "the " + header + " header is not a hex HMAC-SHA256 (64 hex digits)");
    }
    if (!match) {
      throw new WebhookVerificationException(
          scheme,
          Reason.NO_MATCHING_SIGNATURE,
          "the " + header + " header does not match the body under the key");
    }
  }

  static byte[] hex(String v) {
    if (v.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[" + scheme + ", key=***]";
  }
}
