package io.ottu;

import java.util.Objects;

/**
 * The caller's input is invalid. {@link #field()} names the offending field (for example {@code
 * amount}, {@code currency}, {@code source.card.number}); the message says what is wrong with it.
 * Thrown before any state changes: nothing was stored and no gateway was called.
 */
public class InvalidRequestException extends OttuException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the name of the invalid field, as the caller knows it
   * @param message what is wrong; it must not contain card data or secrets
   */
  public InvalidRequestException(String field, String message) {
    super(field + ": " + message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The name of the field that is invalid. */
  public String field() {
    return field;
  }
}
