package io.ottu;

/** No payment has the given id. */
public class PaymentNotFoundException extends OttuException {
  private static final long serialVersionUID = 1L;

  private final String paymentId;

  /** Creates the exception for the payment id that was not found. */
  public PaymentNotFoundException(String paymentId) {
    super("no payment with id " + paymentId);
    this.paymentId = paymentId;
  }

  /** The id that was looked up. */
  public String paymentId() {
    return paymentId;
  }
}
