package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.OttuException;
import java.util.Objects;
import java.util.Optional;

/**
 * No trustworthy exchange rate could be had: the provider does not know the pair, its source failed
 * (network, HTTP error, malformed data) and no cached rates may be served, or the rate is older
 * than the converter allows. The message names the pair when there is one, and the cause carries
 * the underlying failure. Nothing was converted.
 *
 * <p>What to do: fall back to another provider ({@link ExchangeRates#firstAvailable}), or refuse
 * the payment in that currency. Never guess a rate.
 */
public class ExchangeRateUnavailableException extends OttuException {
  private static final long serialVersionUID = 1L;

  /** The pair, or null for a failure of a whole rate source (a table fetch, say). */
  private final transient CurrencyUnit base;

  private final transient CurrencyUnit quote;

  /**
   * A failure of a whole rate source, not about one pair.
   *
   * @param message what failed, naming the source; no secrets
   */
  public ExchangeRateUnavailableException(String message) {
    super(message);
    this.base = null;
    this.quote = null;
  }

  /**
   * A failure of a whole rate source, with its cause.
   *
   * @param message what failed, naming the source; no secrets
   * @param cause the underlying failure
   */
  public ExchangeRateUnavailableException(String message, Throwable cause) {
    super(message, cause);
    this.base = null;
    this.quote = null;
  }

  /**
   * No rate for a pair. The message reads {@code "no exchange rate for USD/KWD: " + reason}.
   *
   * @param base the currency converted from
   * @param quote the currency converted to
   * @param reason why, for an operator
   * @param cause the underlying failure, or null
   */
  public ExchangeRateUnavailableException(
      CurrencyUnit base, CurrencyUnit quote, String reason, Throwable cause) {
    super(
        "no exchange rate for "
            + Objects.requireNonNull(base, "base")
            + "/"
            + Objects.requireNonNull(quote, "quote")
            + ": "
            + reason,
        cause);
    this.base = base;
    this.quote = quote;
  }

  /**
   * The currency converted from, when the failure is about one pair.
   *
   * @return the base currency, or empty for the failure of a whole source
   */
  public Optional<CurrencyUnit> base() {
    return Optional.ofNullable(base);
  }

  /**
   * The currency converted to, when the failure is about one pair.
   *
   * @return the quote currency, or empty for the failure of a whole source
   */
  public Optional<CurrencyUnit> quote() {
    return Optional.ofNullable(quote);
  }
}
