package io.ottu.webhooks;

import io.ottu.OttuException;

/**
 * A verified webhook whose body cannot be read as the gateway's format (not JSON, a field of the
 * wrong type, an amount that is not exact in its currency). Nothing in it was applied. The message
 * names the field, never card data or secrets.
 */
public class MalformedNotificationException extends OttuException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public MalformedNotificationException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public MalformedNotificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
