package io.ottu.vault;

import io.ottu.InvalidRequestException;
import java.time.YearMonth;

/**
 * The card expired before the month it was presented in; the vault does not tokenize it. Field
 * {@code card.expiry}.
 */
public class CardExpiredException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final YearMonth expiry;

  /**
   * Creates the exception.
   *
   * @param expiry the card's expiry
   * @param now the current month
   */
  public CardExpiredException(YearMonth expiry, YearMonth now) {
    super(
        "card.expiry",
        String.format(
            "card expired at the end of %02d/%d (now %02d/%d)",
            expiry.getMonthValue(), expiry.getYear(), now.getMonthValue(), now.getYear()));
    this.expiry = expiry;
  }

  /** The card's expiry month. */
  public YearMonth expiry() {
    return expiry;
  }
}
