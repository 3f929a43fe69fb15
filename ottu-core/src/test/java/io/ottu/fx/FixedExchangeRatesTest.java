package io.ottu.fx;

import static io.ottu.fx.ExchangeRateTest.EUR;
import static io.ottu.fx.ExchangeRateTest.JPY;
import static io.ottu.fx.ExchangeRateTest.KWD;
import static io.ottu.fx.ExchangeRateTest.T0;
import static io.ottu.fx.ExchangeRateTest.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.testing.MutableClock;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FixedExchangeRatesTest {
  static final CurrencyUnit SAR = CurrencyUnit.of("SAR");

  private static FixedExchangeRates.Builder fixed() {
    return ExchangeRates.fixed().asOf(T0);
  }

  @Test
  void aSetRateIsReturnedExactly() {
    ExchangeRate r = fixed().rate("USD", "KWD", "0.3075").build().rate("USD", "KWD");
    assertThat(r.base()).isEqualTo(USD);
    assertThat(r.quote()).isEqualTo(KWD);
    assertThat(r.rate().toPlainString()).isEqualTo("0.3075");
    assertThat(r.asOf()).isEqualTo(T0);
    assertThat(r.source()).isEqualTo("fixed");
  }

  @Test
  void theReversePairIsTheInverseAtDecimal128() {
    ExchangeRate r = fixed().rate("USD", "KWD", "0.3075").build().rate(KWD, USD);
    assertThat(r.rate()).isEqualByComparingTo("3.252032520325203252032520325203252");
  }

  @Test
  void bothDirectionsMayBeSetAndEachUsesItsOwnRate() {
    FixedExchangeRates rates =
        fixed().rate("USD", "KWD", "0.3075").rate("KWD", "USD", "3.2").build();
    assertThat(rates.rate(USD, KWD).rate()).isEqualByComparingTo("0.3075");
    assertThat(rates.rate(KWD, USD).rate()).isEqualByComparingTo("3.2");
  }

  @Test
  void crossRatesGoThroughThePivotWithOneRounding() {
    // Legs quoted from the pivot (as central banks quote): USD/KWD = 0.3341 ÷ 1.0705.
    FixedExchangeRates fromPivot =
        fixed().rate("EUR", "USD", "1.0705").rate("EUR", "KWD", "0.3341").build();
    assertThat(fromPivot.rate(USD, KWD).rate())
        .isEqualByComparingTo("0.3120971508640822045773003269500234");
    // Legs in the direction of travel: USD/KWD = 0.9 × 0.3 exactly.
    FixedExchangeRates along = fixed().rate("USD", "EUR", "0.9").rate("EUR", "KWD", "0.3").build();
    assertThat(along.rate(USD, KWD).rate().toPlainString()).isEqualTo("0.27");
    // And back: KWD/USD = 1 ÷ (0.3 × 0.9).
    assertThat(along.rate(KWD, USD).rate())
        .isEqualByComparingTo("3.703703703703703703703703703703704");
    // Mixed: USD/EUR set, KWD/EUR set: USD/KWD = 0.9 ÷ 3.
    FixedExchangeRates mixed = fixed().rate("USD", "EUR", "0.9").rate("KWD", "EUR", "3").build();
    assertThat(mixed.rate(USD, KWD).rate().toPlainString()).isEqualTo("0.3");
    assertThat(mixed.rate(USD, KWD).source()).isEqualTo("fixed");
  }

  @Test
  void thePivotIsConfigurable() {
    FixedExchangeRates viaUsd =
        fixed().pivot("USD").rate("USD", "KWD", "0.3075").rate("USD", "SAR", "3.75").build();
    assertThat(viaUsd.pivot()).isEqualTo(USD);
    // SAR/KWD = 0.3075 ÷ 3.75 = 0.082 exactly.
    assertThat(viaUsd.rate(SAR, KWD).rate().toPlainString()).isEqualTo("0.082");
    // Through the default pivot (EUR) the same rates give no SAR/KWD.
    FixedExchangeRates viaEur =
        fixed().rate("USD", "KWD", "0.3075").rate("USD", "SAR", "3.75").build();
    assertThatThrownBy(() -> viaEur.rate(SAR, KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class);
  }

  @Test
  void sameCurrencyIsOne() {
    assertThat(fixed().build().rate(JPY, JPY).rate()).isEqualByComparingTo("1");
  }

  @Test
  void anUnknownPairFailsNamingThePairAndWhatIsSet() {
    FixedExchangeRates rates = fixed().rate("USD", "KWD", "0.3075").build();
    assertThatThrownBy(() -> rates.rate(USD, JPY))
        .isInstanceOfSatisfying(
            ExchangeRateUnavailableException.class,
            e -> {
              assertThat(e.base()).contains(USD);
              assertThat(e.quote()).contains(JPY);
            })
        .hasMessage(
            "no exchange rate for USD/JPY: no fixed rate is set for USD/JPY or JPY/USD, and not"
                + " both legs through the pivot EUR (rates are set for [EUR, USD, KWD])");
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .hasMessage(
            "no exchange rate for EUR/USD: no fixed rate is set for EUR/USD or USD/EUR (rates are"
                + " set for [EUR, USD, KWD])");
  }

  @Test
  void refusesBadRatesDuplicatesAndSelfPairs() {
    for (String bad : new String[] {"0", "-1", "1e3", " 0.3", "0,3", "", ".5", "0x10"}) {
      assertThatThrownBy(() -> fixed().rate("USD", "KWD", bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("rate"));
    }
    assertThatThrownBy(() -> fixed().rate("USD", "KWD", "0.3").rate("USD", "KWD", "0.31"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("rate: USD/KWD is already set to 0.3");
    assertThatThrownBy(() -> fixed().rate("USD", "USD", "1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("a currency's rate to itself is always 1");
    assertThatThrownBy(() -> fixed().rate("usd", "KWD", "1"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("currency"));
    assertThatThrownBy(() -> fixed().source(" ").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("source: must not be blank");
  }

  @Test
  void theBuilderIsReusableAndToBuilderCopies() {
    FixedExchangeRates.Builder b = fixed().rate("USD", "KWD", "0.3075");
    FixedExchangeRates first = b.build();
    b.rate("EUR", "KWD", "0.3341");
    assertThatThrownBy(() -> first.rate(EUR, KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class);
    FixedExchangeRates derived = first.toBuilder().source("treasury").build();
    assertThat(derived.rate(USD, KWD).source()).isEqualTo("treasury");
    assertThat(derived.rate(USD, KWD).asOf()).isEqualTo(T0);
    assertThat(derived.currencies()).containsExactly(EUR, USD, KWD);
  }

  @Test
  void withoutAsOfTheRatesAreDatedByTheClockAtBuild() {
    MutableClock clock = new MutableClock(T0);
    FixedExchangeRates rates =
        ExchangeRates.fixed().clock(clock).rate(USD, KWD, new BigDecimal("0.3075")).build();
    clock.advance(java.time.Duration.ofHours(1));
    assertThat(rates.rate(USD, KWD).asOf()).isEqualTo(T0);
  }
}
