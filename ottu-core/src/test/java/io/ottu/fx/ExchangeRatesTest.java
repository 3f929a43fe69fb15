package io.ottu.fx;

import static io.ottu.fx.ExchangeRateTest.EUR;
import static io.ottu.fx.ExchangeRateTest.JPY;
import static io.ottu.fx.ExchangeRateTest.KWD;
import static io.ottu.fx.ExchangeRateTest.T0;
import static io.ottu.fx.ExchangeRateTest.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.Money;
import org.junit.jupiter.api.Test;

class ExchangeRatesTest {
  private final ExchangeRateProvider ecb = RateTableTest.ecbSample();
  private final ExchangeRateProvider kwd =
      ExchangeRates.fixed().asOf(T0).source("treasury").rate("USD", "KWD", "0.3075").build();

  @Test
  void firstAvailableTakesTheFirstProviderThatHasThePair() {
    ExchangeRateProvider rates = ExchangeRates.firstAvailable(ecb, kwd);
    assertThat(rates.rate(USD, JPY).source()).isEqualTo("ECB");
    assertThat(rates.rate(USD, KWD).source()).isEqualTo("treasury");
    assertThat(rates.rate(KWD, USD).rate())
        .isEqualByComparingTo("3.252032520325203252032520325203252");
    Conversion c =
        CurrencyConverter.builder().provider(rates).build().convert(Money.of("100.00", "USD"), KWD);
    assertThat(c.converted()).isEqualTo(Money.of("30.750", "KWD"));
  }

  @Test
  void whenAllFailTheErrorNamesThePairAndEveryReason() {
    ExchangeRateProvider rates = ExchangeRates.firstAvailable(ecb, kwd);
    assertThatThrownBy(() -> rates.rate(EUR, KWD))
        .isInstanceOfSatisfying(
            ExchangeRateUnavailableException.class,
            e -> {
              assertThat(e.base()).contains(EUR);
              assertThat(e.quote()).contains(KWD);
              assertThat(e.getCause()).isInstanceOf(ExchangeRateUnavailableException.class);
              assertThat(e.getSuppressed()).hasSize(1);
            })
        .hasMessage(
            "no exchange rate for EUR/KWD: none of 2 providers has it; [1] ECB has no rate for"
                + " KWD (it quotes 3 currencies against EUR); [2] no treasury rate is set for"
                + " EUR/KWD or KWD/EUR (rates are set for [EUR, USD, KWD])");
  }

  @Test
  void otherExceptionsAreBugsAndPropagate() {
    ExchangeRateProvider buggy =
        (b, q) -> {
          throw new IllegalStateException("bug");
        };
    assertThatThrownBy(() -> ExchangeRates.firstAvailable(buggy, kwd).rate(USD, KWD))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bug");
  }

  @Test
  void needsAtLeastOneProvider() {
    assertThatThrownBy(ExchangeRates::firstAvailable)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("providers: give at least one");
    assertThatThrownBy(() -> ExchangeRates.firstAvailable(ecb, null))
        .isInstanceOf(NullPointerException.class);
  }
}
