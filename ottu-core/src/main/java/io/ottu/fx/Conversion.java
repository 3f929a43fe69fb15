package io.ottu.fx;

import io.ottu.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of {@link CurrencyConverter#convert(Money, io.ottu.CurrencyUnit)}: what was converted,
 * into what, and at which rate, everything an audit or a receipt needs to explain the converted
 * amount.
 *
 * <p>{@code converted} is exactly {@code source.amount() × effectiveRate}, rounded with the
 * converter's rounding mode (half-even by default) to the target currency's ISO 4217 minor units;
 * {@code effectiveRate} is {@code rate.rate() × (1 + markupBasisPoints / 10000)}, exact.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Conversion {
  private final Money source;
  private final Money converted;
  private final ExchangeRate rate;
  private final BigDecimal effectiveRate;
  private final int markupBasisPoints;
  private final Instant convertedAt;

  Conversion(
      Money source,
      Money converted,
      ExchangeRate rate,
      BigDecimal effectiveRate,
      int markupBasisPoints,
      Instant convertedAt) {
    this.source = source;
    this.converted = converted;
    this.rate = rate;
    this.effectiveRate = effectiveRate;
    this.markupBasisPoints = markupBasisPoints;
    this.convertedAt = convertedAt;
  }

  /**
   * The amount that was converted.
   *
   * @return the source amount
   */
  public Money source() {
    return source;
  }

  /**
   * The result, in the target currency at exactly its ISO 4217 minor units.
   *
   * @return the converted amount
   */
  public Money converted() {
    return converted;
  }

  /**
   * The rate the provider gave, before any markup.
   *
   * @return the rate, with its time and source
   */
  public ExchangeRate rate() {
    return rate;
  }

  /**
   * The rate actually applied: {@code rate().rate() × (1 + markupBasisPoints() / 10000)}, exact.
   *
   * @return the effective rate
   */
  public BigDecimal effectiveRate() {
    return effectiveRate;
  }

  /**
   * The markup applied, in basis points (1 bp = 0.01%).
   *
   * @return 0 to 10000
   */
  public int markupBasisPoints() {
    return markupBasisPoints;
  }

  /**
   * When the rate was published: the same as {@code rate().asOf()}.
   *
   * @return the rate's time
   */
  public Instant asOf() {
    return rate.asOf();
  }

  /**
   * Who published the rate: the same as {@code rate().source()}.
   *
   * @return the rate's source
   */
  public String rateSource() {
    return rate.source();
  }

  /**
   * When the conversion was made, by the converter's clock.
   *
   * @return the time
   */
  public Instant convertedAt() {
    return convertedAt;
  }

  /**
   * Equal when every component is equal.
   *
   * @param o any object
   * @return whether {@code o} is the same conversion
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Conversion)) {
      return false;
    }
    Conversion other = (Conversion) o;
    return source.equals(other.source)
        && converted.equals(other.converted)
        && rate.equals(other.rate)
        && effectiveRate.compareTo(other.effectiveRate) == 0
        && markupBasisPoints == other.markupBasisPoints
        && convertedAt.equals(other.convertedAt);
  }

  /**
   * A hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(source, converted, rate, markupBasisPoints, convertedAt);
  }

  /**
   * For logs: {@code "100.00 USD -> 31.211 KWD at 0.3075 +150 bp (fixed, 2026-11-25T00:00:00Z)"}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    return source
        + " -> "
        + converted
        + " at "
        + Rates.describe(rate.rate())
        + " +"
        + markupBasisPoints
        + " bp ("
        + rate.source()
        + ", "
        + rate.asOf()
        + ")";
  }
}
