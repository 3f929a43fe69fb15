package io.ottu.fx;

import io.ottu.CurrencyUnit;
import java.util.List;
import java.util.Objects;

/**
 * Factories for the built-in {@link ExchangeRateProvider}s. See also {@link RateTable} and {@link
 * CachingExchangeRateProvider}.
 */
public final class ExchangeRates {
  private ExchangeRates() {}

  /**
   * A builder for rates the host sets; inverses and cross rates through a pivot (EUR unless set)
   * are derived as {@link FixedExchangeRates} describes.
   *
   * <pre>{@code
   * ExchangeRateProvider kwd = ExchangeRates.fixed().rate("USD", "KWD", "0.3075").build();
   * }</pre>
   *
   * @return a new builder
   */
  public static FixedExchangeRates.Builder fixed() {
    return FixedExchangeRates.builder();
  }

  /**
   * Asks each provider in turn and returns the first rate one has: for example the ECB's reference
   * rates, then fixed rates for the currencies the ECB does not publish (KWD, SAR, AED, ...):
   *
   * <pre>{@code
   * ExchangeRateProvider rates = ExchangeRates.firstAvailable(ecbCached, kwdFixed);
   * }</pre>
   *
   * <p>A provider that throws {@link ExchangeRateUnavailableException} is skipped; any other
   * exception is a bug and propagates at once. The returned provider is thread-safe when the
   * providers are.
   *
   * @param providers one or more providers, in order of preference
   * @return the combined provider; when every provider fails, it throws {@link
   *     ExchangeRateUnavailableException} naming the pair and each provider's reason, with their
   *     exceptions as cause and suppressed
   * @throws NullPointerException if {@code providers} or one of them is null
   * @throws IllegalArgumentException if no provider is given
   */
  public static ExchangeRateProvider firstAvailable(ExchangeRateProvider... providers) {
    List<ExchangeRateProvider> chain = List.of(Objects.requireNonNull(providers, "providers"));
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("providers: give at least one");
    }
    return new FirstAvailable(chain);
  }

  private static final class FirstAvailable implements ExchangeRateProvider {
    private final List<ExchangeRateProvider> chain;

    FirstAvailable(List<ExchangeRateProvider> chain) {
      this.chain = chain;
    }

    @Override
    public ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote) {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(quote, "quote");
      ExchangeRateUnavailableException[] failures =
          new ExchangeRateUnavailableException[chain.size()];
      for (int i = 0; i < chain.size(); i++) {
        try {
          return chain.get(i).rate(base, quote);
        } catch (ExchangeRateUnavailableException e) {
          failures[i] = e;
        }
      }
      StringBuilder reason =
          new StringBuilder("none of ").append(chain.size()).append(" providers has it");
      String samePair = "no exchange rate for " + base + "/" + quote + ": ";
      for (int i = 0; i < failures.length; i++) {
        String message = String.valueOf(failures[i].getMessage());
        if (message.startsWith(samePair)) {
          message = message.substring(samePair.length());
        }
        reason.append("; [").append(i + 1).append("] ").append(message);
      }
      ExchangeRateUnavailableException all =
          new ExchangeRateUnavailableException(base, quote, reason.toString(), failures[0]);
      for (int i = 1; i < failures.length; i++) {
        all.addSuppressed(failures[i]);
      }
      throw all;
    }

    @Override
    public String toString() {
      return "firstAvailable" + chain;
    }
  }
}
