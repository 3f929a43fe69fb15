package io.ottu.webhooks.internal;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the amounts gateways put in their webhooks into exact {@link Money}: integers in the
 * gateway's minor unit (Stripe, Adyen, Checkout.com) or decimals in major units (Tap, MPGS,
 * PayPal), with each gateway's departures from ISO 4217. Any amount that is not exactly
 * representable fails: a webhook never rounds money.
 */
public final class Amounts {
  /** Stripe's exponents where they differ from ISO 4217. */
  public static final Map<String, Integer> STRIPE =
      Map.ofEntries(
          Map.entry("BIF", 0),
          Map.entry("CLP", 0),
          Map.entry("DJF", 0),
          Map.entry("GNF", 0),
          Map.entry("JPY", 0),
          Map.entry("KMF", 0),
          Map.entry("KRW", 0),
          Map.entry("MGA", 0),
          Map.entry("PYG", 0),
          Map.entry("RWF", 0),
          Map.entry("UGX", 0),
          Map.entry("VND", 0),
          Map.entry("VUV", 0),
          Map.entry("XAF", 0),
          Map.entry("XOF", 0),
          Map.entry("XPF", 0),
          Map.entry("ISK", 2));

  /** Adyen's exponents where they differ from ISO 4217. */
  public static final Map<String, Integer> ADYEN = Map.of("CLP", 2, "CVE", 0);

  /** Checkout.com follows ISO 4217 for the currencies it lists. */
  public static final Map<String, Integer> ISO = Map.of();

  private Amounts() {}

  /**
   * An integer amount in the gateway's minor unit.
   *
   * @throws IllegalArgumentException if the currency is unknown or the amount is not exact in it
   */
  public static Money minor(long value, String currencyCode, Map<String, Integer> exponents) {
    CurrencyUnit currency = currency(currencyCode);
    Integer e = exponents.get(currency.code());
    int exponent = e != null ? e : currency.minorUnits();
    return money(BigDecimal.valueOf(value, exponent), currency);
  }

  /**
   * A decimal amount in major units.
   *
   * @throws IllegalArgumentException if the currency is unknown or the amount is not exact in it
   */
  public static Money major(BigDecimal value, String currencyCode) {
    return money(value, currency(currencyCode));
  }

  /** The currency's number of decimals by ISO 4217, or 2 for a code the library does not know. */
  public static int isoDecimals(String currencyCode) {
    try {
      return CurrencyUnit.of(currencyCode.strip().toUpperCase(Locale.ROOT)).minorUnits();
    } catch (RuntimeException e) {
      return 2;
    }
  }

  private static CurrencyUnit currency(String code) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("missing currency");
    }
    try {
      return CurrencyUnit.of(code.strip().toUpperCase(Locale.ROOT));
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException("unknown currency", e);
    }
  }

  private static Money money(BigDecimal amount, CurrencyUnit currency) {
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("negative amount");
    }
    try {
      return Money.of(amount, currency);
    } catch (InvalidRequestException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount " + amount.toPlainString() + " is not exact in " + currency.code(), e);
    }
  }
}
