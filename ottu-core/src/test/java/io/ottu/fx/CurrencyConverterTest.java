package io.ottu.fx;

import static io.ottu.fx.ExchangeRateTest.EUR;
import static io.ottu.fx.ExchangeRateTest.JPY;
import static io.ottu.fx.ExchangeRateTest.KWD;
import static io.ottu.fx.ExchangeRateTest.T0;
import static io.ottu.fx.ExchangeRateTest.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.testing.MutableClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurrencyConverterTest {
  private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);

  private CurrencyConverter.Builder converter(ExchangeRateProvider provider) {
    return CurrencyConverter.builder().provider(provider).clock(clock);
  }

  private static FixedExchangeRates usdKwd() {
    return ExchangeRates.fixed().asOf(T0).rate("USD", "KWD", "0.3075").build();
  }

  @Test
  void convertsWithMarkupAsDocumented() {
    // 100.00 USD × 0.3075 × (1 + 150/10000) = 31.21125 KWD → 31.211 KWD (3 decimals, half-even).
    CurrencyConverter c = converter(usdKwd()).markupBasisPoints(150).build();
    Conversion conversion = c.convert(Money.of("100.00", "USD"), "KWD");
    assertThat(conversion.converted()).isEqualTo(Money.of("31.211", "KWD"));
    assertThat(conversion.converted().amount().scale()).isEqualTo(3);
    assertThat(conversion.source()).isEqualTo(Money.of("100.00", "USD"));
    assertThat(conversion.rate().rate()).isEqualByComparingTo("0.3075");
    assertThat(conversion.effectiveRate().toPlainString()).isEqualTo("0.3121125");
    assertThat(conversion.markupBasisPoints()).isEqualTo(150);
    assertThat(conversion.asOf()).isEqualTo(T0);
    assertThat(conversion.rateSource()).isEqualTo("fixed");
    assertThat(conversion.convertedAt()).isEqualTo(NOW);
    assertThat(conversion)
        .hasToString("100.00 USD -> 31.211 KWD at 0.3075 +150 bp (fixed, " + T0 + ")");
  }

  @Test
  void withoutMarkupTheRateIsUsedAsIs() {
    Conversion conversion = converter(usdKwd()).build().convert(Money.of("100.00", "USD"), KWD);
    assertThat(conversion.converted()).isEqualTo(Money.of("30.750", "KWD"));
    assertThat(conversion.effectiveRate()).isEqualByComparingTo("0.3075");
    assertThat(conversion.markupBasisPoints()).isZero();
  }

  @Test
  void theLargestMarkupDoublesTheRate() {
    Conversion conversion =
        converter(usdKwd()).markupBasisPoints(10_000).build().convert(Money.of("1", "USD"), KWD);
    assertThat(conversion.converted()).isEqualTo(Money.of("0.615", "KWD"));
  }

  @Test
  void threeDecimalTargetToTwoDecimalTargetThroughTheInverse() {
    // KWD → USD uses 1 ÷ 0.3075 = 3.252032520325203252032520325203252;
    // 250.000 × that × 1.0025 = 815.04065... → 815.04 USD.
    CurrencyConverter c = converter(usdKwd()).markupBasisPoints(25).build();
    assertThat(c.convert(Money.of("250.000", "KWD"), USD).converted())
        .isEqualTo(Money.of("815.04", "USD"));
    assertThat(c.convert(Money.of("12.345", "KWD"), USD).converted())
        .isEqualTo(Money.of("40.25", "USD"));
  }

  @Test
  void zeroDecimalTargetRoundsToWholeYenThroughTheEuroCross() {
    CurrencyConverter c = converter(RateTableTest.ecbSample()).build();
    // 100.00 × (171.94 ÷ 1.0705) = 16061.65... → 16062 JPY.
    Conversion conversion = c.convert(Money.of("100.00", "USD"), JPY);
    assertThat(conversion.converted()).isEqualTo(Money.of("16062", "JPY"));
    assertThat(conversion.converted().amount().scale()).isZero();
    assertThat(conversion.rate().rate())
        .isEqualByComparingTo("160.6165343297524521251751517982251");
    assertThat(c.convert(Money.of("1234.56", "USD"), JPY).converted())
        .isEqualTo(Money.of("198291", "JPY"));
    // And back: 10000 JPY × (1.0705 ÷ 171.94) = 62.2600907... → 62.26 USD.
    assertThat(c.convert(Money.of("10000", "JPY"), USD).converted())
        .isEqualTo(Money.of("62.26", "USD"));
  }

  @ParameterizedTest(name = "{0} USD at {1} → {3} {2}")
  @CsvSource({
    // Exact ties go to the even neighbour.
    "1.00, 0.125, EUR, 0.12",
    "1.00, 0.135, EUR, 0.14",
    "1.00, 0.145, EUR, 0.14",
    "-1.00, 0.125, EUR, -0.12",
    "-1.00, 0.135, EUR, -0.14",
    "1.00, 150.5, JPY, 150",
    "1.00, 151.5, JPY, 152",
    "1.00, 0.0025, KWD, 0.002",
    "1.00, 0.0035, KWD, 0.004",
    // Not ties: the nearest neighbour, whatever its parity.
    "1.00, 0.12500001, EUR, 0.13",
    "1.00, 0.1249999, EUR, 0.12",
    "0.01, 49.99, JPY, 0",
    "0.01, 50.01, JPY, 1",
  })
  void roundsHalfEvenToTheTargetsMinorUnits(
      String amount, String rate, String target, String expected) {
    ExchangeRateProvider p = ExchangeRates.fixed().asOf(T0).rate("USD", target, rate).build();
    assertThat(converter(p).build().convert(Money.of(amount, "USD"), target).converted())
        .isEqualTo(Money.of(expected, target));
  }

  @Test
  void anotherRoundingModeCanBeChosenButNotUnnecessary() {
    ExchangeRateProvider p = ExchangeRates.fixed().asOf(T0).rate("USD", "EUR", "0.125").build();
    CurrencyConverter halfUp = converter(p).roundingMode(RoundingMode.HALF_UP).build();
    assertThat(halfUp.roundingMode()).isEqualTo(RoundingMode.HALF_UP);
    assertThat(halfUp.convert(Money.of("1.00", "USD"), EUR).converted())
        .isEqualTo(Money.of("0.13", "EUR"));
    assertThat(converter(p).build().roundingMode()).isEqualTo(RoundingMode.HALF_EVEN);
    assertThatThrownBy(() -> converter(p).roundingMode(RoundingMode.UNNECESSARY).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("roundingMode"));
  }

  @ParameterizedTest
  @CsvSource({"-1", "10001", "-2147483648", "2147483647"})
  void refusesAMarkupOutsideZeroToTenThousandBasisPoints(int bps) {
    assertThatThrownBy(() -> converter(usdKwd()).markupBasisPoints(bps).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("markupBasisPoints"))
        .hasMessage("markupBasisPoints: must be between 0 and 10000 (100%), was " + bps);
  }

  @Test
  void validatesTheOtherSettingsByName() {
    assertThatThrownBy(() -> CurrencyConverter.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("provider: is required");
    assertThatThrownBy(() -> converter(usdKwd()).clock(null).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("clock: is required");
    assertThatThrownBy(() -> converter(usdKwd()).maxRateAge(Duration.ZERO).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("maxRateAge"));
  }

  @Test
  void sameCurrencyIsTheIdentityWithoutMarkupOrProvider() {
    AtomicInteger calls = new AtomicInteger();
    ExchangeRateProvider counting =
        (base, quote) -> {
          calls.incrementAndGet();
          throw new ExchangeRateUnavailableException(base, quote, "never", null);
        };
    CurrencyConverter c = converter(counting).markupBasisPoints(300).build();
    Conversion conversion = c.convert(Money.of("12.500", "KWD"), "KWD");
    assertThat(conversion.converted()).isEqualTo(Money.of("12.500", "KWD"));
    assertThat(conversion.rate().rate()).isEqualByComparingTo("1");
    assertThat(conversion.effectiveRate()).isEqualByComparingTo("1");
    assertThat(conversion.markupBasisPoints()).isZero();
    assertThat(conversion.asOf()).isEqualTo(NOW);
    assertThat(calls).hasValue(0);
  }

  @Test
  void anUnknownPairFailsNamingThePair() {
    CurrencyConverter c = converter(usdKwd()).build();
    assertThatThrownBy(() -> c.convert(Money.of("1.00", "USD"), "JPY"))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("no exchange rate for USD/JPY: ");
  }

  @Test
  void refusesARateForAnotherPairFromABrokenProvider() {
    ExchangeRateProvider broken =
        (base, quote) -> ExchangeRate.of(quote, base, BigDecimal.TEN, T0, "broken");
    assertThatThrownBy(() -> converter(broken).build().convert(Money.of("1.00", "USD"), KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("no exchange rate for USD/KWD: the provider returned KWD/USD 10");
    assertThatThrownBy(() -> converter((b, q) -> null).build().convert(Money.of("1", "USD"), KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("the provider returned null");
  }

  @Test
  void maxRateAgeRefusesRatesPublishedTooLongAgo() {
    CurrencyConverter c = converter(usdKwd()).maxRateAge(Duration.ofDays(4)).build();
    clock.advance(Duration.between(NOW, T0.plus(Duration.ofDays(4))));
    assertThat(c.convert(Money.of("1.00", "USD"), KWD).converted())
        .isEqualTo(Money.of("0.308", "KWD"));
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> c.convert(Money.of("1.00", "USD"), KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("USD/KWD")
        .hasMessageContaining("is older than maxRateAge PT96H");
  }

  @Test
  void aResultOutOfMoneysRangeIsRefused() {
    ExchangeRateProvider p =
        ExchangeRates.fixed()
            .asOf(T0)
            .rate("JPY", "KWD", "1000000000000000000000000000000")
            .build();
    assertThatThrownBy(() -> converter(p).build().convert(Money.of("1000", "JPY"), KWD))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("amount"));
  }

  @Test
  void toBuilderDerivesAConverterWithoutMarkupForPayouts() {
    CurrencyConverter charge = converter(usdKwd()).markupBasisPoints(150).build();
    CurrencyConverter payout = charge.toBuilder().markupBasisPoints(0).build();
    assertThat(charge.markupBasisPoints()).isEqualTo(150);
    assertThat(payout.convert(Money.of("100.00", "USD"), KWD).converted())
        .isEqualTo(Money.of("30.750", "KWD"));
    assertThat(payout.toString()).contains("markup 0 bp", "HALF_EVEN");
  }
}
