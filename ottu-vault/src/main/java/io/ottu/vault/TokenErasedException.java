package io.ottu.vault;

import io.ottu.InvalidRequestException;
import io.ottu.vault.internal.Tokens;
import java.time.Instant;

/**
 * The token's card was erased: its data key was destroyed (crypto-shredding), so the card can never
 * be recovered, by anyone. Ask the customer for the card again. An {@link InvalidRequestException}
 * naming the request field, like {@link TokenNotFoundException}.
 */
public class TokenErasedException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final Instant erasedAt;

  /**
   * Creates the exception.
   *
   * @param field the request field that held the token
   * @param token the token (format-preserving tokens are masked in the message)
   * @param erasedAt when it was erased
   */
  public TokenErasedException(String field, String token, Instant erasedAt) {
    super(
        field,
        "token "
            + Tokens.redact(token)
            + " was erased at "
            + erasedAt
            + "; its data key was destroyed and the card cannot be recovered");
    this.erasedAt = erasedAt;
  }

  /** When the token was erased. */
  public Instant erasedAt() {
    return erasedAt;
  }
}
