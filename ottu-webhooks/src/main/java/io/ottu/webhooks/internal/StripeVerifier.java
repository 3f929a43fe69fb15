package io.ottu.webhooks.internal;

import io.ottu.webhooks.TimestampedWebhookVerifier;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Stripe's {@code Stripe-Signature: t=...,v1=...[,v1=...]}: hex HMAC-SHA256 under the endpoint
 * secret over {@code "{t}.{raw body}"}. Any {@code v1} may match, which is how Stripe rolls an
 * endpoint secret (it signs with the old and the new one for a while). Immutable and thread-safe.
 */
public final class StripeVerifier implements TimestampedWebhookVerifier {
  /** The header Stripe signs with. */
  public static final String HEADER = "Stripe-Signature";

  /** Stripe's default tolerance. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String SCHEME = "stripe";
  private static final int MAX_HEADER_LENGTH = 8192;
  private static final int MAX_SIGNATURES = 16;
  private static final int SIGNATURE_BYTES = 32;

  private final HmacSha256 hmac;
  private final TimestampCheck window;

  /**
   * A verifier for {@code endpointSecret} ({@code whsec_...} as Stripe shows it; used as is).
   *
   * @throws IllegalArgumentException if the secret is blank
   */
  public StripeVerifier(String endpointSecret) {
    this(
        new HmacSha256(requireSecret(endpointSecret).getBytes(StandardCharsets.UTF_8)),
        new TimestampCheck(Clock.systemUTC(), DEFAULT_TOLERANCE));
  }

  private StripeVerifier(HmacSha256 hmac, TimestampCheck window) {
    this.hmac = hmac;
    this.window = window;
  }

  private static String requireSecret(String s) {
    Objects.requireNonNull(s, "endpointSecret");
    if (s.isBlank()) {
      throw new IllegalArgumentException("endpointSecret: must not be blank");
    }
    return s;
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    List<String> values = request.headers(HEADER);
    if (values.isEmpty()) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MISSING_HEADER, "the " + HEADER + " header is missing");
    }
    String timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    int v1s = 0;
    int length = 0;
    for (String value : values) {
      length += value.length();
      if (length > MAX_HEADER_LENGTH) {
        throw malformed("is too long");
      }
      for (String item : value.split(",", -1)) {
        int eq = item.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = item.substring(0, eq).strip();
        String v = item.substring(eq + 1).strip();
        if (key.equals("t") && timestamp == null) {
          timestamp = v;
        } else if (key.equals("v1")) {
          if (++v1s > MAX_SIGNATURES) {
            throw malformed("carries more than " + MAX_SIGNATURES + " signatures");
          }
          byte[] sig = decodeHex(v);
          if (sig != null) {
            signatures.add(sig);
          }
        }
      }
    }
    if (timestamp == null) {
      throw malformed("has no t= timestamp");
    }
    long t = TimestampCheck.parseSeconds(SCHEME, HEADER, timestamp);
    if (signatures.isEmpty()) {
      throw malformed("has no well-formed v1= signature");
    }
    Mac mac = hmac.mac();
    mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    mac.update(BodyAccess.raw(request));
    byte[] expected = mac.doFinal();
    boolean match = false;
    for (byte[] sig : signatures) {
      // No early exit: every candidate is compared, so timing says nothing about which matched.
      match |= HmacSha256.constantTimeEquals(expected, sig);
    }
    if (!match) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.NO_MATCHING_SIGNATURE,
          "no v1 signature in " + HEADER + " matches the body under the endpoint secret");
    }
    window.check(SCHEME, t);
  }

  private static byte[] decodeHex(String v) {
    if (v.length() != SIGNATURE_BYTES * 2) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static WebhookVerificationException malformed(String what) {
    return new WebhookVerificationException(
        SCHEME, Reason.MALFORMED_HEADER, "the " + HEADER + " header " + what);
  }

  @Override
  public StripeVerifier withClock(Clock clock) {
    return new StripeVerifier(hmac, new TimestampCheck(clock, window.tolerance()));
  }

  @Override
  public StripeVerifier withTolerance(Duration tolerance) {
    return new StripeVerifier(hmac, new TimestampCheck(window.clock(), tolerance));
  }

  @Override
  public Duration tolerance() {
    return window.tolerance();
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[stripe, secret=***, tolerance=" + window.tolerance() + "]";
  }
}
