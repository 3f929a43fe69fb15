package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rates the host sets, for currencies no feed covers (the ECB publishes no KWD rate) or for prices
 * fixed by contract:
 *
 * <pre>{@code
 * ExchangeRateProvider rates = ExchangeRates.fixed()
 *     .rate("USD", "KWD", "0.3075")
 *     .rate("EUR", "KWD", "0.3341")
 *     .build();
 * }</pre>
 *
 * <p>For a pair {@code B/Q} the provider answers, in this order:
 *
 * <ol>
 *   <li>{@code B = Q}: exactly 1;
 *   <li>the rate set for {@code B/Q}, exactly as set;
 *   <li>the inverse of the rate set for {@code Q/B}: {@code 1 ÷ rate(Q/B)};
 *   <li>a cross rate through the {@linkplain Builder#pivot(String) pivot} P (EUR unless set), when
 *       neither B nor Q is P and both legs are set in either direction: base → pivot → quote. Each
 *       leg contributes a multiplier when set in the direction of travel ({@code B/P}, {@code P/Q})
 *       and a divisor when set the other way ({@code P/B}, {@code Q/P}); the cross rate is the
 *       product of the multipliers divided by the product of the divisors, computed exactly and
 *       rounded once. With {@code EUR/USD 1.0705} and {@code EUR/KWD 0.3341}, {@code USD/KWD} is
 *       {@code 0.3341 ÷ 1.0705}.
 *   <li>otherwise {@link ExchangeRateUnavailableException} naming the pair. Rates are never chained
 *       through more than the one pivot.
 * </ol>
 *
 * <p>Derived rates are rounded half-even to 34 significant digits ({@link
 * java.math.MathContext#DECIMAL128}); money is rounded only when {@link CurrencyConverter} converts
 * it. Every rate carries the table's {@link Builder#asOf(Instant) time} and {@link
 * Builder#source(String) source}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FixedExchangeRates implements ExchangeRateProvider {
  /** The default source name. */
  public static final String DEFAULT_SOURCE = "fixed";

  private final CurrencyUnit pivot;
  private final Map<CurrencyPair, BigDecimal> rates;
  private final Instant asOf;
  private final String source;

  private FixedExchangeRates(Builder b, Map<CurrencyPair, BigDecimal> rates, Instant asOf) {
    this.pivot = b.pivot;
    this.rates = rates;
    this.asOf = asOf;
    this.source = b.source;
  }

  /**
   * A builder with no rates, pivot EUR and source {@value #DEFAULT_SOURCE}. Same as {@link
   * ExchangeRates#fixed()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder with this provider's settings and rates, to derive another.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.pivot = pivot;
    b.rates.putAll(rates);
    b.asOf = asOf;
    b.source = source;
    return b;
  }

  /**
   * The rate for the pair, set or derived as the class comment describes.
   *
   * @throws ExchangeRateUnavailableException naming the pair when it is neither set, nor the
   *     inverse of a set pair, nor reachable through the pivot
   */
  @Override
  public ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    if (base.equals(quote)) {
      return ExchangeRate.of(base, quote, BigDecimal.ONE, asOf, source);
    }
    BigDecimal direct = rates.get(new CurrencyPair(base, quote));
    if (direct != null) {
      return ExchangeRate.of(base, quote, direct, asOf, source);
    }
    BigDecimal reverse = rates.get(new CurrencyPair(quote, base));
    if (reverse != null) {
      return ExchangeRate.of(base, quote, BigDecimal.ONE.divide(reverse, Rates.MATH), asOf, source);
    }
    if (!base.equals(pivot) && !quote.equals(pivot)) {
      BigDecimal toPivot = rates.get(new CurrencyPair(base, pivot));
      BigDecimal pivotPerBase = rates.get(new CurrencyPair(pivot, base));
      BigDecimal fromPivot = rates.get(new CurrencyPair(pivot, quote));
      BigDecimal quotePerPivot = rates.get(new CurrencyPair(quote, pivot));
      boolean firstLeg = toPivot != null || pivotPerBase != null;
      boolean secondLeg = fromPivot != null || quotePerPivot != null;
      if (firstLeg && secondLeg) {
        BigDecimal multipliers = BigDecimal.ONE;
        BigDecimal divisors = BigDecimal.ONE;
        if (toPivot != null) {
          multipliers = multipliers.multiply(toPivot);
        } else {
          divisors = divisors.multiply(pivotPerBase);
        }
        if (fromPivot != null) {
          multipliers = multipliers.multiply(fromPivot);
        } else {
          divisors = divisors.multiply(quotePerPivot);
        }
        return ExchangeRate.of(base, quote, multipliers.divide(divisors, Rates.MATH), asOf, source);
      }
    }
    throw new ExchangeRateUnavailableException(
        base,
        quote,
        "no "
            + source
            + " rate is set for "
            + base
            + "/"
            + quote
            + " or "
            + quote
            + "/"
            + base
            + (base.equals(pivot) || quote.equals(pivot)
                ? ""
                : ", and not both legs through the pivot " + pivot)
            + " (rates are set for "
            + currencies()
            + ")",
        null);
  }

  /**
   * The currencies some rate is set for, and the pivot.
   *
   * @return an unmodifiable set
   */
  public Set<CurrencyUnit> currencies() {
    Set<CurrencyUnit> all = new LinkedHashSet<>();
    all.add(pivot);
    for (CurrencyPair p : rates.keySet()) {
      all.add(p.base);
      all.add(p.quote);
    }
    return Collections.unmodifiableSet(all);
  }

  /**
   * The pivot cross rates go through.
   *
   * @return EUR unless the builder set another
   */
  public CurrencyUnit pivot() {
    return pivot;
  }

  /**
   * For logs: the source, the pivot and how many rates are set.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "FixedExchangeRates["
        + source
        + ", "
        + rates.size()
        + " rates, pivot "
        + pivot
        + ", as of "
        + asOf
        + "]";
  }

  /** Collects rates. Not thread-safe; {@link #build()} copies, so a builder can be reused. */
  public static final class Builder {
    private final Map<CurrencyPair, BigDecimal> rates = new LinkedHashMap<>();
    private CurrencyUnit pivot = CurrencyUnit.of("EUR");
    private Instant asOf;
    private String source = DEFAULT_SOURCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets a rate: 1 {@code base} = {@code rate} {@code quote}. Setting the reverse pair as well is
     * allowed; each direction then uses its own rate.
     *
     * @param baseCode ISO 4217 code of the currency converted from
     * @param quoteCode ISO 4217 code of the currency converted to
     * @param rate a plain positive decimal, such as {@code "0.3075"}
     * @return this builder
     * @throws NullPointerException if a code is null
     * @throws InvalidRequestException with field {@code currency} for an unusable code; with field
     *     {@code rate} (naming the pair in the message) if the rate is not a plain positive decimal
     *     or not a usable rate (see {@link ExchangeRate}), or the pair is a currency against itself
     *     or was already set
     */
    public Builder rate(String baseCode, String quoteCode, String rate) {
      CurrencyUnit base = CurrencyUnit.of(Objects.requireNonNull(baseCode, "baseCode"));
      CurrencyUnit quote = CurrencyUnit.of(Objects.requireNonNull(quoteCode, "quoteCode"));
      return put(base, quote, Rates.parse("rate", rate));
    }

    /**
     * Sets a rate: 1 {@code base} = {@code rate} {@code quote}.
     *
     * @param base the currency converted from
     * @param quote the currency converted to
     * @param rate how many units of {@code quote} one {@code base} is worth
     * @return this builder
     * @throws NullPointerException if a currency is null
     * @throws InvalidRequestException with field {@code rate} if the rate is not usable (see {@link
     *     ExchangeRate}), or the pair is a currency against itself or was already set
     */
    public Builder rate(CurrencyUnit base, CurrencyUnit quote, BigDecimal rate) {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(quote, "quote");
      return put(base, quote, Rates.check("rate", rate));
    }

    private Builder put(CurrencyUnit base, CurrencyUnit quote, BigDecimal rate) {
      if (base.equals(quote)) {
        throw new InvalidRequestException(
            "rate", base + "/" + quote + ": a currency's rate to itself is always 1");
      }
      CurrencyPair pair = new CurrencyPair(base, quote);
      if (rates.containsKey(pair)) {
        throw new InvalidRequestException(
            "rate", base + "/" + quote + " is already set to " + Rates.describe(rates.get(pair)));
      }
      rates.put(pair, rate);
      return this;
    }

    /**
     * The currency cross rates go through; EUR by default.
     *
     * @param pivotCode an ISO 4217 code
     * @return this builder
     * @throws InvalidRequestException with field {@code currency} for an unusable code
     */
    public Builder pivot(String pivotCode) {
      return pivot(CurrencyUnit.of(Objects.requireNonNull(pivotCode, "pivotCode")));
    }

    /**
     * The currency cross rates go through; EUR by default.
     *
     * @param pivot the pivot
     * @return this builder
     */
    public Builder pivot(CurrencyUnit pivot) {
      this.pivot = Objects.requireNonNull(pivot, "pivot");
      return this;
    }

    /**
     * When these rates were agreed, reported as every rate's {@link ExchangeRate#asOf()}. By
     * default, the time {@link #build()} runs, by the {@link #clock(Clock) clock}.
     *
     * @param asOf the time
     * @return this builder
     */
    public Builder asOf(Instant asOf) {
      this.asOf = Objects.requireNonNull(asOf, "asOf");
      return this;
    }

    /**
     * The clock that dates the rates when no {@link #asOf(Instant)} is set; the system UTC clock by
     * default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Who set these rates, reported as every rate's {@link ExchangeRate#source()}; {@value
     * #DEFAULT_SOURCE} by default.
     *
     * @param source a non-blank name, such as {@code "treasury 2026-11-25"}
     * @return this builder
     */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /**
     * Builds the provider. With no rate set it answers only same-currency pairs.
     *
     * @return the provider, independent of this builder
     * @throws InvalidRequestException with field {@code source} if it is null or blank
     */
    public FixedExchangeRates build() {
      if (source == null || source.isBlank()) {
        throw new InvalidRequestException("source", "must not be blank");
      }
      Instant at = asOf != null ? asOf : clock.instant();
      return new FixedExchangeRates(
          this, Collections.unmodifiableMap(new LinkedHashMap<>(rates)), at);
    }
  }
}
