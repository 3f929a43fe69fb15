package io.ottu.webhooks;

/**
 * Verifies that a webhook comes from whom it claims, on its raw bytes, before anything in it is
 * trusted. Built-in verifiers come from {@link WebhookVerifiers}; a host can write its own for any
 * other scheme in one lambda. Implementations must be thread-safe and compare secrets in constant
 * time.
 */
@FunctionalInterface
public interface WebhookVerifier {
  /**
   * Returns normally if the request is authentic.
   *
   * @throws WebhookVerificationException saying what failed; the request must then not be trusted
   * @throws NullPointerException if {@code request} is null
   */
  void verify(WebhookRequest request);

  /** A short name of the scheme for messages and logs, such as {@code stripe}. */
  default String scheme() {
    return getClass().getSimpleName();
  }
}
