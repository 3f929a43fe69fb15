package io.ottu.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExchangeRateTest {
  static final CurrencyUnit USD = CurrencyUnit.of("USD");
  static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  static final CurrencyUnit KWD = CurrencyUnit.of("KWD");
  static final CurrencyUnit JPY = CurrencyUnit.of("JPY");
  static final Instant T0 = Instant.parse("2026-11-25T13:10:00Z");
  static final Instant T1 = Instant.parse("2026-11-26T13:10:00Z");

  static ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote, String rate) {
    return ExchangeRate.of(base, quote, new BigDecimal(rate), T0, "test");
  }

  @Test
  void holdsThePairTheRateTheTimeAndTheSource() {
    ExchangeRate r = rate(USD, KWD, "0.30750");
    assertThat(r.base()).isEqualTo(USD);
    assertThat(r.quote()).isEqualTo(KWD);
    assertThat(r.rate()).isEqualByComparingTo("0.3075");
    assertThat(r.rate().toPlainString()).isEqualTo("0.3075");
    assertThat(r.asOf()).isEqualTo(T0);
    assertThat(r.source()).isEqualTo("test");
    assertThat(r).isEqualTo(rate(USD, KWD, "0.3075")).hasSameHashCodeAs(rate(USD, KWD, "0.3075"));
    assertThat(r).isNotEqualTo(rate(USD, KWD, "0.3076"));
    assertThat(r).hasToString("USD/KWD 0.3075 (test, 2026-11-25T13:10:00Z)");
  }

  @Test
  void inverseIsOneDividedByTheRateAtDecimal128() {
    ExchangeRate inverse = rate(USD, KWD, "0.3075").inverse();
    assertThat(inverse.base()).isEqualTo(KWD);
    assertThat(inverse.quote()).isEqualTo(USD);
    assertThat(inverse.rate()).isEqualByComparingTo("3.252032520325203252032520325203252");
    assertThat(inverse.rate().precision()).isEqualTo(34);
    assertThat(inverse.asOf()).isEqualTo(T0);
    assertThat(inverse.source()).isEqualTo("test");
    assertThat(rate(EUR, USD, "1.25").inverse().rate().toPlainString()).isEqualTo("0.8");
  }

  @Test
  void crossMultipliesTheLegsAtDecimal128AndKeepsTheOlderTime() {
    ExchangeRate usdEur = rate(EUR, USD, "1.0705").inverse();
    ExchangeRate eurKwd = ExchangeRate.of(EUR, KWD, new BigDecimal("0.3341"), T1, "treasury");
    ExchangeRate usdKwd = usdEur.cross(eurKwd);
    assertThat(usdKwd.base()).isEqualTo(USD);
    assertThat(usdKwd.quote()).isEqualTo(KWD);
    // 0.9341429238673517048108360579168613 × 0.3341, rounded to 34 digits.
    assertThat(usdKwd.rate()).isEqualByComparingTo("0.3120971508640822045773003269500234");
    assertThat(usdKwd.asOf()).isEqualTo(T0);
    assertThat(usdKwd.source()).isEqualTo("test x treasury");
  }

  @Test
  void crossRefusesLegsThatDoNotMeet() {
    assertThatThrownBy(() -> rate(USD, EUR, "0.9").cross(rate(USD, KWD, "0.3075")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("next")
        .hasMessageContaining("must start from EUR");
    assertThatThrownBy(() -> rate(USD, EUR, "0.9").cross(rate(EUR, USD, "1.1")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("use inverse()");
  }

  @Test
  void refusesUnusableRates() {
    for (String bad : new String[] {"0", "-0.3", "1E-31", "1.0000001E+30"}) {
      assertThatThrownBy(() -> rate(USD, KWD, bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("rate"));
    }
    assertThatThrownBy(() -> rate(USD, KWD, "1E+999999999"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("between 1E-30 and 1E+30");
    assertThatThrownBy(() -> rate(USD, KWD, "0.12345678901234567890123456789012345"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("34 significant digits");
    assertThatThrownBy(() -> ExchangeRate.of(USD, KWD, null, T0, "x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("rate: is required");
    assertThatThrownBy(() -> ExchangeRate.of(USD, KWD, BigDecimal.ONE, T0, " "))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("source"));
    assertThatThrownBy(() -> ExchangeRate.of(USD, KWD, BigDecimal.ONE, null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("asOf");
    // The extremes themselves are usable, and each is the other's inverse.
    assertThat(rate(USD, KWD, "1E-30").inverse().rate()).isEqualByComparingTo("1E+30");
  }

  @Test
  void aCurrencyAgainstItselfIsExactlyOne() {
    assertThat(rate(USD, USD, "1.000").rate()).isEqualByComparingTo("1");
    assertThatThrownBy(() -> rate(USD, USD, "1.01"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the rate of USD to itself is 1");
  }
}
