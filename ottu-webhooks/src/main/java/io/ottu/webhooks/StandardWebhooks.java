package io.ottu.webhooks;

import io.ottu.webhooks.internal.HmacSha256;
import io.ottu.webhooks.internal.StandardSecrets;
import io.ottu.webhooks.internal.StandardWebhooksVerifier;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Standard Webhooks signing (standardwebhooks.com), as {@link WebhookPublisher} sends it: public so
 * a receiver written in Java can build signed requests in its own tests, and verify with {@link
 * WebhookVerifiers#standard(String)}. Thread-safe (stateless).
 *
 * <pre>{@code
 * String sig = StandardWebhooks.sign(secret, "evt_123", Instant.now(), body);
 * // headers: webhook-id: evt_123, webhook-timestamp: <epoch seconds>, webhook-signature: sig
 * }</pre>
 */
public final class StandardWebhooks {
  /** The {@code webhook-id} header: the message id, stable across retries. */
  public static final String ID_HEADER = StandardWebhooksVerifier.ID;

  /** The {@code webhook-timestamp} header: the attempt's time in Unix seconds. */
  public static final String TIMESTAMP_HEADER = StandardWebhooksVerifier.TIMESTAMP;

  /** The {@code webhook-signature} header: {@code v1,<base64>}, several separated by spaces. */
  public static final String SIGNATURE_HEADER = StandardWebhooksVerifier.SIGNATURE;

  private StandardWebhooks() {}

  /**
   * The {@code webhook-signature} value for one message: {@code "v1," + base64(HMAC-SHA256(key,
   * "{msgId}.{timestamp}.{body}"))}, the key being the base64 part of the secret.
   *
   * @param secret {@code whsec_<base64>} (the prefix is optional)
   * @param msgId the {@code webhook-id}
   * @param timestamp the {@code webhook-timestamp}; its Unix seconds are signed
   * @param body the exact body bytes sent
   * @throws IllegalArgumentException if the secret is not base64 of 16 to 64 bytes
   */
  public static String sign(String secret, String msgId, Instant timestamp, byte[] body) {
    return sign(new HmacSha256(StandardSecrets.decode(secret)), msgId, timestamp, body);
  }

  static String sign(HmacSha256 key, String msgId, Instant timestamp, byte[] body) {
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(body, "body");
    byte[] mac =
        StandardWebhooksVerifier.sign(key, msgId, Long.toString(timestamp.getEpochSecond()), body);
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  /** A new random secret, {@code whsec_} and 32 random bytes in base64, for a new endpoint. */
  public static String newSecret() {
    return StandardSecrets.generate();
  }
}
