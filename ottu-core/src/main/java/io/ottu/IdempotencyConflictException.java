package io.ottu;

/**
 * An idempotency key was reused with a request that differs from the one first sent with it. The
 * original payment is unchanged; either reuse the key with the identical request (to get its
 * result) or send the new request under a new key.
 */
public class IdempotencyConflictException extends OttuException {
  private static final long serialVersionUID = 1L;

  private final String idempotencyKey;
  private final String paymentId;

  /**
   * Creates the exception.
   *
   * @param idempotencyKey the key that was reused
   * @param paymentId the payment the key already belongs to
   * @param message what differs
   */
  public IdempotencyConflictException(String idempotencyKey, String paymentId, String message) {
    super(message);
    this.idempotencyKey = idempotencyKey;
    this.paymentId = paymentId;
  }

  /** The idempotency key that was reused. */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /** The id of the payment that already owns the key. */
  public String paymentId() {
    return paymentId;
  }
}
