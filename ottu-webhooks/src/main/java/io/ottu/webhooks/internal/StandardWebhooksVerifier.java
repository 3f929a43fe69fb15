package io.ottu.webhooks.internal;

import io.ottu.webhooks.TimestampedWebhookVerifier;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Standard Webhooks (standardwebhooks.com): {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature: v1,<base64> [v1,<base64> ...]}, HMAC-SHA256 over {@code
 * "{id}.{timestamp}.{body}"} under the base64 key of a {@code whsec_} secret. Any listed signature
 * may match (senders list one per active secret while rotating). Immutable and thread-safe.
 */
public final class StandardWebhooksVerifier implements TimestampedWebhookVerifier {
  /** The id header. */
  public static final String ID = "webhook-id";

  /** The timestamp header (Unix seconds). */
  public static final String TIMESTAMP = "webhook-timestamp";

  /** The signature header. */
  public static final String SIGNATURE = "webhook-signature";

  /** The specification's default tolerance. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String SCHEME = "standard-webhooks";
  private static final int MAX_HEADER_LENGTH = 8192;
  private static final int MAX_SIGNATURES = 16;
  private static final int MAX_ID_LENGTH = 256;

  private final HmacSha256 hmac;
  private final TimestampCheck window;

  /**
   * A verifier for a {@code whsec_...} secret (the prefix is optional, as in the reference
   * libraries).
   *
   * @throws IllegalArgumentException if the secret is not base64 after the prefix
   */
  public StandardWebhooksVerifier(String secret) {
    this(
        new HmacSha256(StandardSecrets.decode(secret)),
        new TimestampCheck(Clock.systemUTC(), DEFAULT_TOLERANCE));
  }

  private StandardWebhooksVerifier(HmacSha256 hmac, TimestampCheck window) {
    this.hmac = hmac;
    this.window = window;
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    String id = required(request, ID);
    String timestamp = required(request, TIMESTAMP);
    List<String> values = request.headers(SIGNATURE);
    if (values.isEmpty()) {
      throw missing(SIGNATURE);
    }
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_HEADER, "the " + ID + " header is empty or too long");
    }
    long t = TimestampCheck.parseSeconds(SCHEME, TIMESTAMP, timestamp);
    List<byte[]> signatures = new ArrayList<>();
    int length = 0;
    for (String value : values) {
      length += value.length();
      if (length > MAX_HEADER_LENGTH) {
        throw new WebhookVerificationException(
            SCHEME, Reason.MALFORMED_HEADER, "the " + SIGNATURE + " header is too long");
      }
      int i = 0;
      int n = value.length();
      while (i < n) {
        while (i < n && value.charAt(i) == ' ') {
          i++;
        }
        int end = value.indexOf(' ', i);
        end = end < 0 ? n : end;
        String part = value.substring(i, end);
        i = end;
        if (!part.startsWith("v1,")) {
          continue; // other versions (v1a: asymmetric) are not ours to check
        }
        if (signatures.size() == MAX_SIGNATURES) {
          throw new WebhookVerificationException(
              SCHEME,
              Reason.MALFORMED_HEADER,
              "the " + SIGNATURE + " header carries more than " + MAX_SIGNATURES + " signatures");
        }
        try {
          signatures.add(Base64.getDecoder().decode(part.substring(3)));
        } catch (IllegalArgumentException e) {
          // a signature that is not base64 matches nothing
        }
      }
    }
    if (signatures.isEmpty()) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.NO_MATCHING_SIGNATURE,
          "the " + SIGNATURE + " header has no well-formed v1 signature");
    }
    byte[] expected = sign(hmac, id, timestamp, request);
    boolean match = false;
    for (byte[] sig : signatures) {
      match |= HmacSha256.constantTimeEquals(expected, sig);
    }
    if (!match) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.NO_MATCHING_SIGNATURE,
          "no v1 signature in " + SIGNATURE + " matches the body under the secret");
    }
    window.check(SCHEME, t);
  }

  /** The raw signature over {@code "{id}.{timestamp}.{body}"}. */
  public static byte[] sign(HmacSha256 hmac, String id, String timestamp, byte[] body) {
    Mac mac = hmac.mac();
    mac.update(id.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    return mac.doFinal(body);
  }

  private static byte[] sign(HmacSha256 hmac, String id, String timestamp, WebhookRequest r) {
    Mac mac = hmac.mac();
    mac.update(id.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) '.');
    mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    mac.update(BodyAccess.raw(r));
    return mac.doFinal();
  }

  private static String required(WebhookRequest request, String header) {
    return request.header(header).orElseThrow(() -> missing(header)).strip();
  }

  private static WebhookVerificationException missing(String header) {
    return new WebhookVerificationException(
        SCHEME, Reason.MISSING_HEADER, "the " + header + " header is missing");
  }

  @Override
  public StandardWebhooksVerifier withClock(Clock clock) {
    return new StandardWebhooksVerifier(hmac, new TimestampCheck(clock, window.tolerance()));
  }

  @Override
  public StandardWebhooksVerifier withTolerance(Duration tolerance) {
    return new StandardWebhooksVerifier(hmac, new TimestampCheck(window.clock(), tolerance));
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
    return "WebhookVerifier[standard-webhooks, secret=***, tolerance=" + window.tolerance() + "]";
  }
}
