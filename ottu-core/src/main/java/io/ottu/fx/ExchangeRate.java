package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A rate for one currency pair: 1 {@link #base()} = {@link #rate()} {@link #quote()}, as of {@link
 * #asOf()}, from {@link #source()}. For example {@code USD/KWD 0.3075}: one US dollar buys 0.3075
 * Kuwaiti dinars.
 *
 * <p>A rate is positive, has at most 34 significant digits ({@link
 * java.math.MathContext#DECIMAL128}) and lies between 1E-30 and 1E+30 inclusive; it is kept without
 * trailing zeros, so {@code 0.30750} and {@code 0.3075} make equal rates. The rate of a currency to
 * itself is exactly 1.
 *
 * <p>Instances are immutable and thread-safe. Two rates are equal when pair, rate, time and source
 * are equal.
 */
public final class ExchangeRate {
  private final CurrencyUnit base;
  private final CurrencyUnit quote;
  private final BigDecimal rate;
  private final Instant asOf;
  private final String source;

  private ExchangeRate(
      CurrencyUnit base, CurrencyUnit quote, BigDecimal rate, Instant asOf, String source) {
    this.base = base;
    this.quote = quote;
    this.rate = rate;
    this.asOf = asOf;
    this.source = source;
  }

  /**
   * Creates a rate.
   *
   * @param base the currency converted from
   * @param quote the currency converted to
   * @param rate how many units of {@code quote} one unit of {@code base} is worth
   * @param asOf when the rate was observed or published
   * @param source who published it, for audit ({@code "ECB"}, {@code "fixed"}, a bank's name)
   * @return the rate
   * @throws NullPointerException if a currency or {@code asOf} is null
   * @throws InvalidRequestException with field {@code rate} if the rate is not positive, has more
   *     than 34 significant digits, lies outside [1E-30, 1E+30], or is not 1 for a currency to
   *     itself; with field {@code source} if the source is null or blank
   */
  public static ExchangeRate of(
      CurrencyUnit base, CurrencyUnit quote, BigDecimal rate, Instant asOf, String source) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(asOf, "asOf");
    BigDecimal checked = Rates.check("rate", rate);
    if (base.equals(quote) && checked.compareTo(BigDecimal.ONE) != 0) {
      throw new InvalidRequestException(
          "rate",
          "the rate of "
              + base
              + " to itself is 1, not "
              + Rates.describe(checked)
              + " (exchange rates are never set for a currency against itself)");
    }
    if (source == null || source.isBlank()) {
      throw new InvalidRequestException("source", "must not be blank");
    }
    return new ExchangeRate(base, quote, checked, asOf, source);
  }

  /**
   * The currency converted from: one unit of it is worth {@link #rate()} units of {@link #quote()}.
   *
   * @return the base currency
   */
  public CurrencyUnit base() {
    return base;
  }

  /**
   * The currency converted to.
   *
   * @return the quote currency
   */
  public CurrencyUnit quote() {
    return quote;
  }

  /**
   * How many units of {@link #quote()} one unit of {@link #base()} is worth.
   *
   * @return a positive number without trailing zeros, at most 34 significant digits
   */
  public BigDecimal rate() {
    return rate;
  }

  /**
   * When the rate was observed or published (for the ECB's daily rates: that day's concertation).
   * For a derived rate, the older of its inputs' times.
   *
   * @return the time
   */
  public Instant asOf() {
    return asOf;
  }

  /**
   * Who published the rate, for audit: {@code "ECB"}, {@code "fixed"}, ...
   *
   * @return a non-blank name
   */
  public String source() {
    return source;
  }

  /**
   * The opposite pair: {@code quote/base} at {@code 1 ÷ rate}, rounded half-even to 34 significant
   * digits ({@link java.math.MathContext#DECIMAL128}). The time and source stay the same.
   *
   * @return the inverse rate
   */
  public ExchangeRate inverse() {
    return new ExchangeRate(
        quote, base, BigDecimal.ONE.divide(rate, Rates.MATH).stripTrailingZeros(), asOf, source);
  }

  /**
   * Chains this rate with one from this rate's quote currency: {@code A/B} crossed with {@code B/C}
   * is {@code A/C} at {@code rate(A/B) × rate(B/C)}, rounded half-even to 34 significant digits
   * ({@link java.math.MathContext#DECIMAL128}). The result is as old as the older input ({@link
   * #asOf()}) and its source is the shared source, or both joined by {@code " x "} when they
   * differ.
   *
   * <p>To go through a pivot when both rates are quoted against it ({@code EUR/USD} and {@code
   * EUR/JPY}, as the ECB publishes them), cross the inverse of the first: {@code
   * eurUsd.inverse().cross(eurJpy)}, which rounds twice; {@link RateTable} computes the same cross
   * with a single division instead.
   *
   * @param next a rate whose base is this rate's quote
   * @return the combined rate
   * @throws NullPointerException if {@code next} is null
   * @throws InvalidRequestException with field {@code next} if {@code next.base()} is not this
   *     rate's quote, or the result would be a currency against itself; with field {@code rate} if
   *     the product lies outside [1E-30, 1E+30]
   */
  public ExchangeRate cross(ExchangeRate next) {
    Objects.requireNonNull(next, "next");
    if (!quote.equals(next.base)) {
      throw new InvalidRequestException(
          "next",
          "cannot chain "
              + base
              + "/"
              + quote
              + " with "
              + next.base
              + "/"
              + next.quote
              + ": the second rate must start from "
              + quote);
    }
    if (base.equals(next.quote)) {
      throw new InvalidRequestException(
          "next",
          "chaining "
              + base
              + "/"
              + quote
              + " with "
              + next.base
              + "/"
              + next.quote
              + " leads back to "
              + base
              + "; use inverse() instead");
    }
    BigDecimal product = rate.multiply(next.rate, Rates.MATH);
    Instant older = asOf.isBefore(next.asOf) ? asOf : next.asOf;
    String combined = source.equals(next.source) ? source : source + " x " + next.source;
    return of(base, next.quote, product, older, combined);
  }

  /**
   * Equal when the other object is a rate with the same pair, numerically equal rate, time and
   * source.
   *
   * @param o any object
   * @return whether {@code o} is the same rate
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExchangeRate)) {
      return false;
    }
    ExchangeRate other = (ExchangeRate) o;
    return base.equals(other.base)
        && quote.equals(other.quote)
        && rate.compareTo(other.rate) == 0
        && asOf.equals(other.asOf)
        && source.equals(other.source);
  }

  /**
   * A hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(base, quote, rate, asOf, source);
  }

  /**
   * For logs: {@code "USD/KWD 0.3075 (fixed, 2026-11-25T00:00:00Z)"}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    return base + "/" + quote + " " + Rates.describe(rate) + " (" + source + ", " + asOf + ")";
  }
}
