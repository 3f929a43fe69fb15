package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import java.util.Objects;

/**
 * Where {@link CurrencyConverter} gets its rates: one method, so a host can plug in its bank's or
 * treasury's rates with a lambda. Built in: {@link ExchangeRates#fixed()}, {@link RateTable},
 * {@link CachingExchangeRateProvider} over a {@link RateTableSource} such as the ECB's daily
 * reference rates, and {@link ExchangeRates#firstAvailable(ExchangeRateProvider...)} to fall back
 * from one to the next.
 *
 * <p>Contract for implementations: return a rate whose {@link ExchangeRate#base()} and {@link
 * ExchangeRate#quote()} are exactly the requested pair; for the same currency twice, a rate of 1;
 * otherwise throw {@link ExchangeRateUnavailableException} naming the pair, never return null or a
 * guessed rate. Implementations must be thread-safe: a converter calls them from every payment
 * thread.
 */
@FunctionalInterface
public interface ExchangeRateProvider {

  /**
   * The rate to convert {@code base} into {@code quote}: 1 base = rate quote.
   *
   * @param base the currency converted from
   * @param quote the currency converted to
   * @return the rate for exactly that pair; rate 1 if the currencies are equal
   * @throws ExchangeRateUnavailableException naming the pair, if there is no trustworthy rate
   * @throws NullPointerException if a currency is null
   */
  ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote);

  /**
   * As {@link #rate(CurrencyUnit, CurrencyUnit)}, with ISO 4217 codes.
   *
   * @param baseCode the code of the currency converted from, such as {@code "USD"}
   * @param quoteCode the code of the currency converted to, such as {@code "KWD"}
   * @return the rate for exactly that pair
   * @throws ExchangeRateUnavailableException naming the pair, if there is no trustworthy rate
   * @throws InvalidRequestException with field {@code currency} if a code is not a usable ISO 4217
   *     code
   * @throws NullPointerException if a code is null
   */
  default ExchangeRate rate(String baseCode, String quoteCode) {
    return rate(
        CurrencyUnit.of(Objects.requireNonNull(baseCode, "baseCode")),
        CurrencyUnit.of(Objects.requireNonNull(quoteCode, "quoteCode")));
  }
}
