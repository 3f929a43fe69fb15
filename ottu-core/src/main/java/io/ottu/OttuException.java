package io.ottu;

/**
 * The root of every exception this library throws. Unchecked, like the exceptions of OkHttp and
 * Failsafe: a caller decides where to handle them instead of declaring them everywhere.
 *
 * <p>Subtypes say what happened and what to do about it:
 *
 * <ul>
 *   <li>{@link InvalidRequestException}: the input was wrong; the message names the field. Nothing
 *       was stored and no gateway was called.
 *   <li>{@link IdempotencyConflictException}: an idempotency key was reused for a different
 *       request.
 *   <li>{@link PaymentStateException}: the operation is not allowed in the payment's current state
 *       (capturing more than was authorized, refunding an uncaptured payment, ...).
 *   <li>{@link PaymentNotFoundException}: no payment has that id.
 *   <li>{@link io.ottu.gateway.GatewayException}: a gateway failed in a classified way.
 * </ul>
 *
 * <p>Declines are not exceptions: a declined payment is a result with {@link
 * PaymentStatus#DECLINED} and a {@link Decline}. Messages never contain card numbers, CVCs or
 * secrets.
 */
public class OttuException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public OttuException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the cause. */
  public OttuException(String message, Throwable cause) {
    super(message, cause);
  }
}
