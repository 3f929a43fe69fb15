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
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateTableTest {
  static final CurrencyUnit GBP = CurrencyUnit.of("GBP");

  /** Three rates of the ECB's table of 28 June 2024. */
  static RateTable ecbSample() {
    return RateTable.of(
        EUR,
        Map.of(
            USD, new BigDecimal("1.0705"),
            JPY, new BigDecimal("171.94"),
            GBP, new BigDecimal("0.84638")),
        T0,
        "ECB");
  }

  @Test
  void pivotToQuoteIsThePublishedRateExactly() {
    ExchangeRate eurUsd = ecbSample().rate(EUR, USD);
    assertThat(eurUsd.rate().toPlainString()).isEqualTo("1.0705");
    assertThat(eurUsd.asOf()).isEqualTo(T0);
    assertThat(eurUsd.source()).isEqualTo("ECB");
  }

  @Test
  void quoteToPivotIsTheInverseAtDecimal128() {
    assertThat(ecbSample().rate(USD, EUR).rate())
        .isEqualByComparingTo("0.9341429238673517048108360579168613");
  }

  @Test
  void crossRateIsOneDivisionThroughThePivot() {
    // USD → EUR → JPY: 171.94 ÷ 1.0705, rounded once to 34 significant digits.
    ExchangeRate usdJpy = ecbSample().rate(USD, JPY);
    assertThat(usdJpy.rate()).isEqualByComparingTo("160.6165343297524521251751517982251");
    assertThat(ecbSample().rate(GBP, JPY).rate())
        .isEqualByComparingTo("203.1475223894704506250147687799806");
    // One division is at least as exact as the two roundings of inverse() then cross().
    ExchangeRate twoSteps = ecbSample().rate(USD, EUR).cross(ecbSample().rate(EUR, JPY));
    assertThat(twoSteps.rate().subtract(usdJpy.rate()).abs())
        .isLessThanOrEqualTo(new BigDecimal("1E-30"));
  }

  @Test
  void sameCurrencyIsOneEvenWhenNotListed() {
    assertThat(ecbSample().rate(KWD, KWD).rate()).isEqualByComparingTo("1");
    assertThat(ecbSample().rate(EUR, EUR).rate()).isEqualByComparingTo("1");
  }

  @Test
  void aCurrencyNotInTheTableFailsNamingThePair() {
    assertThatThrownBy(() -> ecbSample().rate(USD, KWD))
        .isInstanceOfSatisfying(
            ExchangeRateUnavailableException.class,
            e -> {
              assertThat(e.base()).contains(USD);
              assertThat(e.quote()).contains(KWD);
            })
        .hasMessage(
            "no exchange rate for USD/KWD: ECB has no rate for KWD (it quotes 3 currencies"
                + " against EUR)");
    assertThatThrownBy(() -> ecbSample().rate(CurrencyUnit.of("SAR"), KWD))
        .hasMessageContaining("ECB has no rate for SAR nor KWD");
  }

  @Test
  void exposesItsContentsAndCopiesTheMap() {
    Map<CurrencyUnit, BigDecimal> rates = new HashMap<>();
    rates.put(USD, new BigDecimal("1.07050"));
    RateTable t = RateTable.of(EUR, rates, T0, "ECB");
    rates.put(JPY, BigDecimal.TEN);
    assertThat(t.rates()).containsOnlyKeys(USD);
    assertThat(t.rates().get(USD).toPlainString()).isEqualTo("1.0705");
    assertThat(t.currencies()).containsExactly(EUR, USD);
    assertThat(t.rateAgainstPivot(EUR)).contains(BigDecimal.ONE);
    assertThat(t.rateAgainstPivot(JPY)).isEmpty();
    assertThat(t.pivot()).isEqualTo(EUR);
    assertThat(t).isEqualTo(RateTable.of(EUR, Map.of(USD, new BigDecimal("1.0705")), T0, "ECB"));
    assertThat(t).hasToString("RateTable[ECB, 1 EUR against 1 currencies, as of " + T0 + "]");
  }

  @Test
  void refusesAnEmptyTableThePivotItselfAndBadRates() {
    assertThatThrownBy(() -> RateTable.of(EUR, Map.of(), T0, "ECB"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("rates: must list at least one currency");
    assertThatThrownBy(() -> RateTable.of(EUR, Map.of(EUR, BigDecimal.ONE), T0, "ECB"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("lists the pivot EUR itself");
    assertThatThrownBy(() -> RateTable.of(EUR, Map.of(USD, new BigDecimal("-1")), T0, "ECB"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("rates.USD"));
    assertThatThrownBy(() -> RateTable.of(EUR, Map.of(USD, BigDecimal.ONE), T0, ""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("source: must not be blank");
  }
}
