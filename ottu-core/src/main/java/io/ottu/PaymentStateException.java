package io.ottu;

/**
 * The operation is not allowed in the payment's current state: for example capturing more than
 * remains authorized, refunding more than was captured, cancelling a captured payment, or any
 * operation on a payment whose outcome is {@link PaymentStatus#UNKNOWN} and could not be settled by
 * a lookup. The payment is unchanged.
 */
public class PaymentStateException extends OttuException {
  private static final long serialVersionUID = 1L;

  private final String paymentId;
  private final PaymentStatus status;

  /**
   * Creates the exception.
   *
   * @param paymentId the payment
   * @param status its status when the operation was refused
   * @param message why the operation is not allowed
   */
  public PaymentStateException(String paymentId, PaymentStatus status, String message) {
    super(message);
    this.paymentId = paymentId;
    this.status = status;
  }

  /** The payment the operation was refused on. */
  public String paymentId() {
    return paymentId;
  }

  /** The payment's status when the operation was refused. */
  public PaymentStatus status() {
    return status;
  }
}
