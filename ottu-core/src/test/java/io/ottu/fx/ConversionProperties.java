package io.ottu.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.CurrencyUnit;
import io.ottu.Money;
import java.math.BigDecimal;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Rounding bounds of {@link CurrencyConverter}, for currencies with 0, 2, 3 and 4 decimals.
 *
 * <p>Each conversion is within half a minor unit of the exact product. Converting there and back
 * with the inverse rate loses at most one minor unit per step: one minor unit of the first target,
 * carried back at the inverse rate, plus one minor unit of the original currency.
 */
class ConversionProperties {
  private static final Instant T0 = Instant.parse("2026-11-25T13:10:00Z");

  @Provide
  Arbitrary<CurrencyUnit> currencies() {
    return Arbitraries.of("JPY", "USD", "EUR", "KWD", "BHD", "CLF", "ISK").map(CurrencyUnit::of);
  }

  @Provide
  Arbitrary<BigDecimal> rates() {
    // 0.000001 to 100000, with up to 8 significant decimals: the range real quotes span.
    return Arbitraries.bigDecimals()
        .between(new BigDecimal("0.000001"), new BigDecimal("100000"))
        .ofScale(6)
        .filter(r -> r.signum() > 0);
  }

  private static BigDecimal minorUnit(CurrencyUnit c) {
    return BigDecimal.ONE.movePointLeft(c.minorUnits());
  }

  @Property
  void eachConversionIsWithinHalfAMinorUnitOfTheExactProduct(
      @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long minor,
      @ForAll("currencies") CurrencyUnit from,
      @ForAll("currencies") CurrencyUnit to,
      @ForAll("rates") BigDecimal rate) {
    Assume.that(!from.equals(to));
    CurrencyConverter converter =
        CurrencyConverter.builder()
            .provider(ExchangeRates.fixed().asOf(T0).rate(from, to, rate).build())
            .build();
    Money amount = Money.ofMinor(minor, from);
    Money converted = converter.convert(amount, to).converted();
    BigDecimal exact = amount.amount().multiply(rate);
    BigDecimal error = converted.amount().subtract(exact).abs();
    assertThat(error.multiply(BigDecimal.valueOf(2))).isLessThanOrEqualTo(minorUnit(to));
  }

  @Property
  void thereAndBackLosesAtMostOneMinorUnitPerStep(
      @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long minor,
      @ForAll("currencies") CurrencyUnit from,
      @ForAll("currencies") CurrencyUnit to,
      @ForAll("rates") BigDecimal rate) {
    Assume.that(!from.equals(to));
    FixedExchangeRates rates = ExchangeRates.fixed().asOf(T0).rate(from, to, rate).build();
    CurrencyConverter converter = CurrencyConverter.builder().provider(rates).build();
    Money amount = Money.ofMinor(minor, from);
    Money there = converter.convert(amount, to).converted();
    Conversion back = converter.convert(there, from);
    BigDecimal inverse = back.rate().rate();
    assertThat(inverse).isEqualByComparingTo(BigDecimal.ONE.divide(rate, Rates.MATH));
    // Step 1 rounds by at most one minor unit of `to`, worth `inverse` in `from`; step 2 rounds by
    // at most one minor unit of `from`.
    BigDecimal bound = minorUnit(to).multiply(inverse).add(minorUnit(from));
    assertThat(back.converted().amount().subtract(amount.amount()).abs())
        .isLessThanOrEqualTo(bound);
  }
}
