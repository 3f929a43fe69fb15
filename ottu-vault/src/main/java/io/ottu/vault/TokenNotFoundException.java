package io.ottu.vault;

import io.ottu.InvalidRequestException;
import io.ottu.vault.internal.Tokens;

/**
 * No card was ever stored under the token. An {@link InvalidRequestException} so that the payment
 * engine reports it against the request field ({@code source.token}); the vault's own methods name
 * the field {@code token}.
 */
public class TokenNotFoundException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param field the request field that held the token
   * @param token the token (format-preserving tokens are masked in the message)
   */
  public TokenNotFoundException(String field, String token) {
    super(field, "no card is stored under token " + Tokens.redact(token));
  }
}
