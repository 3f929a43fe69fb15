package io.ottu.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An implementation of each scheme's signing written for the tests from the gateways' documents,
 * sharing no code with the library: signatures the library accepts or produces are checked against
 * it.
 */
final class Signing {
  private Signing() {}

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** {@code Stripe-Signature: t=...,v1=...} for {@code secret}. */
  static String stripeHeader(String secret, long t, String body) {
    return "t=" + t + ",v1=" + hex(hmac(utf8(secret), utf8(t + "." + body)));
  }

  /** The Standard Webhooks signature value for a {@code whsec_} secret. */
  static String standardSignature(String secret, String id, long t, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    byte[] prefix = utf8(id + "." + t + ".");
    byte[] data = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, data, 0, prefix.length);
    System.arraycopy(body, 0, data, prefix.length, body.length);
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, data));
  }

  /** Whether a {@code webhook-signature} header holds a valid signature for the message. */
  static boolean standardValid(
      String secret, String id, String timestamp, String header, byte[] body) {
    String expected = standardSignature(secret, id, Long.parseLong(timestamp), body);
    return List.of(header.split(" ")).contains(expected);
  }

  /** Headers of a Standard Webhooks request. */
  static Map<String, List<String>> standardHeaders(String secret, String id, long t, byte[] body) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("webhook-id", List.of(id));
    h.put("webhook-timestamp", List.of(Long.toString(t)));
    h.put("webhook-signature", List.of(standardSignature(secret, id, t, body)));
    return h;
  }

  /** Adyen's item signature: Base64 HMAC under the hex-decoded key. */
  static String adyen(String keyHex, String signed) {
    return Base64.getEncoder().encodeToString(hmac(HexFormat.of().parseHex(keyHex), utf8(signed)));
  }

  /** A hex HMAC of the body under a UTF-8 key (Checkout.com, Tap's hashstring over its fields). */
  static String hexHmac(String key, String data) {
    return hex(hmac(utf8(key), utf8(data)));
  }

  static Map<String, List<String>> headers(String... nameValue) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      h.put(nameValue[i], List.of(nameValue[i + 1]));
    }
    return h;
  }

  static WebhookRequest request(String body, String... nameValue) {
    return WebhookRequest.of(headers(nameValue), utf8(body));
  }
}
