package io.ottu.webhooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import io.ottu.webhooks.WebhookVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Adyen's HMAC on every notification item: Base64 HMAC-SHA256, under the hex-decoded key, of {@code
 * pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success}
 * (a missing field is empty), compared with {@code additionalData.hmacSignature}. Every item of a
 * batch must verify, or none is trusted. Immutable and thread-safe.
 */
public final class AdyenVerifier implements WebhookVerifier {
  private static final String SCHEME = "adyen";
  private static final int MAX_ITEMS = 100;

  private final HmacSha256 hmac;

  /**
   * A verifier for the HMAC key shown in Adyen's Customer Area (hex).
   *
   * @throws IllegalArgumentException if the key is not hex
   */
  public AdyenVerifier(String hmacKeyHex) {
    Objects.requireNonNull(hmacKeyHex, "hmacKeyHex");
    byte[] key;
    try {
      key = HexFormat.of().parseHex(hmacKeyHex.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hmacKeyHex: not a hex string");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("hmacKeyHex: must not be empty");
    }
    this.hmac = new HmacSha256(key);
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    JsonNode root;
    try {
      root = Json.parse(BodyAccess.raw(request));
    } catch (IOException e) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_BODY, "the body is not JSON, so its items cannot be checked");
    }
    JsonNode items = root.path("notificationItems");
    if (!items.isArray() || items.isEmpty()) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_BODY, "the body has no notificationItems");
    }
    if (items.size() > MAX_ITEMS) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_BODY, "the body has more than " + MAX_ITEMS + " items");
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i).path("NotificationRequestItem");
      if (!item.isObject()) {
        throw new WebhookVerificationException(
            SCHEME,
            Reason.MALFORMED_BODY,
            "notification item " + (i + 1) + " has no NotificationRequestItem");
      }
      String given = Json.text(item, "additionalData", "hmacSignature");
      if (given == null) {
        throw new WebhookVerificationException(
            SCHEME,
            Reason.NO_MATCHING_SIGNATURE,
            "notification item " + (i + 1) + " has no additionalData.hmacSignature");
      }
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(given.strip());
      } catch (IllegalArgumentException e) {
        sig = null;
      }
      byte[] expected = hmac.sign(dataToSign(item).getBytes(StandardCharsets.UTF_8));
      if (!HmacSha256.constantTimeEquals(expected, sig)) {
        throw new WebhookVerificationException(
            SCHEME,
            Reason.NO_MATCHING_SIGNATURE,
            "the hmacSignature of notification item "
                + (i + 1)
                + " does not match its fields under the HMAC key");
      }
    }
  }

  /** The signed string of one {@code NotificationRequestItem}. */
  public static String dataToSign(JsonNode item) {
    return String.join(
        ":",
        Json.textOrEmpty(item, "pspReference"),
        Json.textOrEmpty(item, "originalReference"),
        Json.textOrEmpty(item, "merchantAccountCode"),
        Json.textOrEmpty(item, "merchantReference"),
        Json.textOrEmpty(item, "amount", "value"),
        Json.textOrEmpty(item, "amount", "currency"),
        Json.textOrEmpty(item, "eventCode"),
        Json.textOrEmpty(item, "success"));
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[adyen, key=***]";
  }
}
