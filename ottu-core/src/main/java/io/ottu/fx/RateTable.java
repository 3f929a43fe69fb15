package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rates of many currencies against one pivot, as central banks publish them: the ECB's table says 1
 * EUR = 1.0705 USD, 1 EUR = 171.94 JPY, and so on. A table is an {@link ExchangeRateProvider} for
 * every pair of its currencies:
 *
 * <ul>
 *   <li>{@code pivot/X}: the published rate, exactly;
 *   <li>{@code X/pivot}: {@code 1 ÷ rate(X)};
 *   <li>{@code X/Y} (a cross rate, base → pivot → quote): {@code rate(Y) ÷ rate(X)}, a single
 *       division, so a cross is rounded once rather than once per leg.
 * </ul>
 *
 * <p>Every division is rounded half-even to 34 significant digits ({@link
 * java.math.MathContext#DECIMAL128}). Every derived rate carries the table's {@link #asOf()} and
 * {@link #source()}. Example, with the ECB's rates of 28 June 2024 (USD 1.0705, JPY 171.94): {@code
 * USD/JPY} = 171.94 ÷ 1.0705 = 160.6165343297524521251751517982251.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RateTable implements ExchangeRateProvider {
  private final CurrencyUnit pivot;
  private final Map<CurrencyUnit, BigDecimal> rates;
  private final Instant asOf;
  private final String source;

  private RateTable(
      CurrencyUnit pivot, Map<CurrencyUnit, BigDecimal> rates, Instant asOf, String source) {
    this.pivot = pivot;
    this.rates = rates;
    this.asOf = asOf;
    this.source = source;
  }

  /**
   * Creates a table. The map is copied.
   *
   * @param pivot the currency every rate is quoted against ({@code EUR} for the ECB)
   * @param rates for each other currency, how many of its units one unit of {@code pivot} is worth
   * @param asOf when the rates were published
   * @param source who published them, for audit ({@code "ECB"})
   * @return the table
   * @throws NullPointerException if {@code pivot}, {@code rates} or {@code asOf} is null
   * @throws InvalidRequestException with field {@code rates} if the map is empty, has a null key,
   *     or lists the pivot itself; with field {@code rates.USD} (say: the currency's code) if a
   *     rate is not usable (see {@link ExchangeRate}); with field {@code source} if it is null or
   *     blank
   */
  public static RateTable of(
      CurrencyUnit pivot, Map<CurrencyUnit, BigDecimal> rates, Instant asOf, String source) {
    Objects.requireNonNull(pivot, "pivot");
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(asOf, "asOf");
    if (source == null || source.isBlank()) {
      throw new InvalidRequestException("source", "must not be blank");
    }
    if (rates.isEmpty()) {
      throw new InvalidRequestException("rates", "must list at least one currency");
    }
    Map<CurrencyUnit, BigDecimal> copy = new TreeMap<>(Comparator.comparing(CurrencyUnit::code));
    for (Map.Entry<CurrencyUnit, BigDecimal> e : rates.entrySet()) {
      CurrencyUnit currency = e.getKey();
      if (currency == null) {
        throw new InvalidRequestException("rates", "a currency is null");
      }
      if (currency.equals(pivot)) {
        throw new InvalidRequestException(
            "rates", "lists the pivot " + pivot + " itself; its rate is 1 by definition");
      }
      copy.put(currency, Rates.check("rates." + currency.code(), e.getValue()));
    }
    return new RateTable(
        pivot, Collections.unmodifiableMap(new LinkedHashMap<>(copy)), asOf, source);
  }

  /**
   * The currency every rate is quoted against.
   *
   * @return the pivot
   */
  public CurrencyUnit pivot() {
    return pivot;
  }

  /**
   * The published rates: for each currency other than the pivot, how many of its units one unit of
   * the pivot is worth. Iterates in currency-code order.
   *
   * @return an unmodifiable map
   */
  public Map<CurrencyUnit, BigDecimal> rates() {
    return rates;
  }

  /**
   * The published rate of one currency against the pivot.
   *
   * @param currency any currency
   * @return units of {@code currency} per unit of the pivot; 1 for the pivot itself; empty if the
   *     table does not list it
   */
  public Optional<BigDecimal> rateAgainstPivot(CurrencyUnit currency) {
    Objects.requireNonNull(currency, "currency");
    return currency.equals(pivot)
        ? Optional.of(BigDecimal.ONE)
        : Optional.ofNullable(rates.get(currency));
  }

  /**
   * The currencies this table converts between: the pivot and every listed currency.
   *
   * @return an unmodifiable set, the pivot first, then in code order
   */
  public Set<CurrencyUnit> currencies() {
    Set<CurrencyUnit> all = new LinkedHashSet<>();
    all.add(pivot);
    all.addAll(rates.keySet());
    return Collections.unmodifiableSet(all);
  }

  /**
   * When the rates were published.
   *
   * @return the time
   */
  public Instant asOf() {
    return asOf;
  }

  /**
   * Who published the rates.
   *
   * @return a non-blank name
   */
  public String source() {
    return source;
  }

  /**
   * The rate between two currencies of the table, derived as the class comment describes.
   *
   * @param base the currency converted from
   * @param quote the currency converted to
   * @return the rate, with this table's time and source
   * @throws ExchangeRateUnavailableException naming the pair, if a currency is neither the pivot
   *     nor listed in the table
   * @throws NullPointerException if a currency is null
   */
  @Override
  public ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    if (base.equals(quote)) {
      return ExchangeRate.of(base, quote, BigDecimal.ONE, asOf, source);
    }
    BigDecimal perPivotBase = rateAgainstPivot(base).orElse(null);
    BigDecimal perPivotQuote = rateAgainstPivot(quote).orElse(null);
    if (perPivotBase == null || perPivotQuote == null) {
      StringBuilder reason = new StringBuilder(source).append(" has no rate for ");
      if (perPivotBase == null && perPivotQuote == null) {
        reason.append(base).append(" nor ").append(quote);
      } else {
        reason.append(perPivotBase == null ? base : quote);
      }
      reason.append(" (it quotes ").append(rates.size()).append(" currencies against ");
      reason.append(pivot).append(')');
      throw new ExchangeRateUnavailableException(base, quote, reason.toString(), null);
    }
    BigDecimal rate;
    if (base.equals(pivot)) {
      rate = perPivotQuote;
    } else {
      rate = perPivotQuote.divide(perPivotBase, Rates.MATH);
    }
    return ExchangeRate.of(base, quote, rate, asOf, source);
  }

  /**
   * Equal when pivot, rates, time and source are equal.
   *
   * @param o any object
   * @return whether {@code o} is the same table
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RateTable)) {
      return false;
    }
    RateTable other = (RateTable) o;
    return pivot.equals(other.pivot)
        && rates.equals(other.rates)
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
    return Objects.hash(pivot, rates, asOf, source);
  }

  /**
   * For logs: the source, pivot, number of currencies and time, not every rate.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "RateTable["
        + source
        + ", 1 "
        + pivot
        + " against "
        + rates.size()
        + " currencies, as of "
        + asOf
        + "]";
  }
}
