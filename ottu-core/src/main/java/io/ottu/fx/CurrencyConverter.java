package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Converts {@link Money} into another currency at a rate from an {@link ExchangeRateProvider}, with
 * an optional markup, rounding once:
 *
 * <pre>{@code
 * CurrencyConverter converter = CurrencyConverter.builder()
 *     .provider(ExchangeRates.fixed().rate("USD", "KWD", "0.3075").build())
 *     .markupBasisPoints(150)
 *     .build();
 * Conversion c = converter.convert(Money.of("100.00", "USD"), "KWD");
 * c.converted();   // 31.211 KWD
 * }</pre>
 *
 * <p><b>The arithmetic.</b> With the provider's rate {@code r} (1 source unit = r target units) and
 * a markup of {@code m} basis points:
 *
 * <pre>
 *   effectiveRate = r × (1 + m / 10000)                  exact
 *   converted     = round(amount × effectiveRate)        rounded once, half-even by default,
 *                                                        to the target's ISO 4217 minor units
 * </pre>
 *
 * In the example: 0.3075 × 1.015 = 0.3121125, and 100.00 × 0.3121125 = 31.21125, which rounds to
 * 31.211 KWD (KWD has 3 decimals; without markup it would be 30.750 KWD). Half-even sends an exact
 * tie to the even neighbour: 0.125 → 0.12, 0.135 → 0.14 for a two-decimal currency; JPY rounds to
 * whole yen. Rates derived by the provider (inverses, crosses) carry 34 significant digits, so
 * money is rounded exactly once, here.
 *
 * <p><b>The markup convention.</b> The markup is the business's margin on the exchange and is
 * always in its favour when the converted amount is what the customer <em>pays</em>: convert a
 * price into the currency the customer is charged in, and the markup makes the customer pay more
 * (150 bp = 1.5% more target currency). Do not use a marked-up converter for amounts the business
 * pays out (refunds in another currency, payouts): that markup would then favour the customer; use
 * a second converter without markup, or the original charge's {@link Conversion}.
 *
 * <p>Converting to the same currency returns the amount unchanged with rate 1 (source {@code
 * "identity"}, dated now) and no markup, without asking the provider. Negative amounts convert like
 * positive ones, with the sign kept (half-even is symmetric).
 *
 * <p>Instances are immutable and thread-safe if the provider is.
 */
public final class CurrencyConverter {
  /** The largest markup: 10000 basis points, which doubles the rate. */
  public static final int MAX_MARKUP_BASIS_POINTS = 10_000;

  private static final BigDecimal BASIS_POINTS_PER_ONE = BigDecimal.valueOf(10_000);

  private final ExchangeRateProvider provider;
  private final int markupBasisPoints;
  private final BigDecimal markupFactor;
  private final RoundingMode roundingMode;
  private final Clock clock;
  private final Duration maxRateAge;

  private CurrencyConverter(Builder b) {
    this.provider = b.provider;
    this.markupBasisPoints = b.markupBasisPoints;
    this.markupFactor =
        BigDecimal.valueOf(MAX_MARKUP_BASIS_POINTS + (long) b.markupBasisPoints)
            .divide(BASIS_POINTS_PER_ONE);
    this.roundingMode = b.roundingMode;
    this.clock = b.clock;
    this.maxRateAge = b.maxRateAge;
  }

  /**
   * A builder; {@link Builder#provider(ExchangeRateProvider)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder with this converter's settings, to derive another (one without markup for payouts,
   * say).
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider;
    b.markupBasisPoints = markupBasisPoints;
    b.roundingMode = roundingMode;
    b.clock = clock;
    b.maxRateAge = maxRateAge;
    return b;
  }

  /**
   * Converts an amount into another currency, as the class comment describes.
   *
   * @param amount the amount to convert
   * @param target the currency to convert into
   * @return the conversion, with the converted amount at exactly the target's minor units
   * @throws NullPointerException if an argument is null
   * @throws ExchangeRateUnavailableException naming the pair, if the provider has no rate, or the
   *     rate is older than {@link Builder#maxRateAge(Duration)}
   * @throws InvalidRequestException with field {@code amount} if the converted amount is out of the
   *     range {@link Money} can hold
   */
  public Conversion convert(Money amount, CurrencyUnit target) {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(target, "target");
    Instant now = clock.instant();
    CurrencyUnit from = amount.currency();
    if (from.equals(target)) {
      ExchangeRate identity = ExchangeRate.of(from, target, BigDecimal.ONE, now, "identity");
      return new Conversion(amount, amount, identity, BigDecimal.ONE, 0, now);
    }
    ExchangeRate rate = provider.rate(from, target);
    if (rate == null || !rate.base().equals(from) || !rate.quote().equals(target)) {
      throw new ExchangeRateUnavailableException(
          from, target, "the provider returned " + rate + " instead", null);
    }
    if (maxRateAge != null && rate.asOf().plus(maxRateAge).isBefore(now)) {
      throw new ExchangeRateUnavailableException(
          from,
          target,
          "the rate from "
              + rate.source()
              + " as of "
              + rate.asOf()
              + " is older than maxRateAge "
              + maxRateAge
              + " at "
              + now,
          null);
    }
    BigDecimal effectiveRate =
        markupBasisPoints == 0 ? rate.rate() : rate.rate().multiply(markupFactor);
    BigDecimal exact = amount.amount().multiply(effectiveRate);
    BigDecimal rounded = exact.setScale(target.minorUnits(), roundingMode);
    Money converted = Money.of(rounded, target);
    return new Conversion(
        amount, converted, rate, effectiveRate.stripTrailingZeros(), markupBasisPoints, now);
  }

  /**
   * As {@link #convert(Money, CurrencyUnit)}, with an ISO 4217 code.
   *
   * @param amount the amount to convert
   * @param targetCode the code of the currency to convert into, such as {@code "KWD"}
   * @return the conversion
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException with field {@code currency} for an unusable code; with field
   *     {@code amount} if the result is out of range
   * @throws ExchangeRateUnavailableException naming the pair, if there is no usable rate
   */
  public Conversion convert(Money amount, String targetCode) {
    Objects.requireNonNull(targetCode, "targetCode");
    return convert(amount, CurrencyUnit.of(targetCode));
  }

  /**
   * The markup this converter applies.
   *
   * @return basis points, 0 to 10000
   */
  public int markupBasisPoints() {
    return markupBasisPoints;
  }

  /**
   * How converted amounts are rounded to the target's minor units.
   *
   * @return {@link RoundingMode#HALF_EVEN} unless set otherwise
   */
  public RoundingMode roundingMode() {
    return roundingMode;
  }

  /**
   * For logs: the provider and the settings.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "CurrencyConverter["
        + provider
        + ", markup "
        + markupBasisPoints
        + " bp, "
        + roundingMode
        + (maxRateAge == null ? "" : ", maxRateAge " + maxRateAge)
        + "]";
  }

  /**
   * Configures a {@link CurrencyConverter}. Not thread-safe; {@link #build()} validates and copies,
   * so a builder can be reused.
   */
  public static final class Builder {
    private ExchangeRateProvider provider;
    private int markupBasisPoints;
    private RoundingMode roundingMode = RoundingMode.HALF_EVEN;
    private Clock clock = Clock.systemUTC();
    private Duration maxRateAge;

    private Builder() {}

    /**
     * Where the rates come from. Required.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(ExchangeRateProvider provider) {
      this.provider = provider;
      return this;
    }

    /**
     * The markup on the exchange rate, in basis points (1 bp = 0.01%; 150 = 1.5%); 0 by default.
     * See the class comment for the convention.
     *
     * @param markupBasisPoints 0 to 10000
     * @return this builder
     */
    public Builder markupBasisPoints(int markupBasisPoints) {
      this.markupBasisPoints = markupBasisPoints;
      return this;
    }

    /**
     * How converted amounts are rounded to the target currency's minor units; {@link
     * RoundingMode#HALF_EVEN} (banker's rounding, no bias over many conversions) by default.
     *
     * @param roundingMode any mode but {@link RoundingMode#UNNECESSARY}
     * @return this builder
     */
    public Builder roundingMode(RoundingMode roundingMode) {
      this.roundingMode = roundingMode;
      return this;
    }

    /**
     * The clock that dates each {@link Conversion} and checks {@link #maxRateAge(Duration)}; the
     * system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Refuses rates published longer ago than this ({@link ExchangeRate#asOf()}), whatever the
     * provider's cache says: a guard against a feed that keeps serving old data. No limit by
     * default. The ECB publishes on working days only, so allow at least 4 days (a weekend after a
     * holiday) for its rates.
     *
     * @param maxRateAge a positive duration, or null for no limit
     * @return this builder
     */
    public Builder maxRateAge(Duration maxRateAge) {
      this.maxRateAge = maxRateAge;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the converter
     * @throws InvalidRequestException naming the field: {@code provider} missing, {@code
     *     markupBasisPoints} outside 0 to 10000, {@code roundingMode} null or {@link
     *     RoundingMode#UNNECESSARY}, {@code clock} null, {@code maxRateAge} not positive
     */
    public CurrencyConverter build() {
      if (provider == null) {
        throw new InvalidRequestException("provider", "is required");
      }
      if (markupBasisPoints < 0 || markupBasisPoints > MAX_MARKUP_BASIS_POINTS) {
        throw new InvalidRequestException(
            "markupBasisPoints",
            "must be between 0 and "
                + MAX_MARKUP_BASIS_POINTS
                + " (100%), was "
                + markupBasisPoints);
      }
      if (roundingMode == null || roundingMode == RoundingMode.UNNECESSARY) {
        throw new InvalidRequestException(
            "roundingMode",
            "must be a rounding mode other than UNNECESSARY (converted amounts rarely fit the"
                + " target's minor units exactly), was "
                + roundingMode);
      }
      if (clock == null) {
        throw new InvalidRequestException("clock", "is required");
      }
      if (maxRateAge != null && (maxRateAge.isNegative() || maxRateAge.isZero())) {
        throw new InvalidRequestException(
            "maxRateAge", "must be positive (or null for no limit), was " + maxRateAge);
      }
      return new CurrencyConverter(this);
    }
  }
}
