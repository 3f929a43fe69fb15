package io.ottu.webhooks.internal;

import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import io.ottu.webhooks.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A header that must equal a configured shared secret: MPGS's {@code X-Notification-Secret}. Both
 * sides are hashed before the constant-time comparison, so neither the content nor the length of
 * the secret leaks through timing. The body is not signed by this scheme. Immutable and
 * thread-safe.
 */
public final class SharedSecretVerifier implements WebhookVerifier {
  private final String scheme;
  private final String header;
  private final byte[] expectedDigest;

  /**
   * A verifier of {@code header} against {@code secret}.
   *
   * @throws IllegalArgumentException naming {@code secretName} if the secret is blank
   */
  public SharedSecretVerifier(String scheme, String header, String secretName, String secret) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.header = Objects.requireNonNull(header, "header");
    Objects.requireNonNull(secret, secretName);
    if (secret.isBlank()) {
      throw new IllegalArgumentException(secretName + ": must not be blank");
    }
    this.expectedDigest = digest(secret);
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    String given =
        request
            .header(header)
            .orElseThrow(
                () ->
                    new WebhookVerificationException(
                        scheme, Reason.MISSING_HEADER, "the " + header + " header is missing"));
    if (!MessageDigest.isEqual(expectedDigest, digest(given))) {
      throw new WebhookVerificationException(
          scheme,
          Reason.NO_MATCHING_SIGNATURE,
          "the " + header + " header does not match the configured secret");
    }
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[" + scheme + ", secret=***]";
  }
}
