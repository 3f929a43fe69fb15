package io.ottu.gateways.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.InvalidRequestException;
import io.ottu.Money;
import org.junit.jupiter.api.Test;

/** Minor units and decimal strings with per-gateway exceptions to ISO 4217. */
class AmountCodecTest {
  private static final AmountCodec DECIMALS =
      AmountCodec.builder("PayPal").exponent(0, "HUF", "JPY", "TWD").build();
  private static final AmountCodec THREE =
      AmountCodec.builder("Checkout.com")
          .multipleOf(10, "amounts must end in 0", "KWD", "BHD")
          .build();

  @Test
  void isoMinorUnitsByDefault() {
    assertThat(THREE.toMinorUnits(Money.of("12.50", "USD"))).isEqualTo(1250);
    assertThat(THREE.toMinorUnits(Money.of("12.340", "KWD"))).isEqualTo(12340);
    assertThat(THREE.fromMinorUnits(12340, "kwd")).isEqualTo(Money.of("12.340", "KWD"));
    assertThat(THREE.exponent("bhd")).isEqualTo(3);
  }

  @Test
  void minorUnitsInTheGatewaysOwnExponent() {
    // Stripe writes ISK with two decimals although ISO 4217 gives it none.
    AmountCodec stripe = AmountCodec.builder("Stripe").exponent(2, "ISK").build();
    assertThat(stripe.fromMinorUnits(150000, "isk")).isEqualTo(Money.of("1500", "ISK"));
    assertThat(stripe.toMinorUnits(Money.of("1500", "ISK"))).isEqualTo(150000);
    // 1500.50 ISK does not exist: the answer is unreadable, not rounded.
    assertThatThrownBy(() -> stripe.fromMinorUnits(150050, "isk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISK");
    // PayPal writes JPY without decimals, which is ISO's own exponent for it.
    assertThat(DECIMALS.fromMinorUnits(1500, "JPY")).isEqualTo(Money.of("1500", "JPY"));
  }

  @Test
  void everySpellingOfACurrencyReadsTheSameAndRepeatsAgree() {
    for (int i = 0; i < 3; i++) {
      assertThat(THREE.fromMinorUnits(1250, "usd")).isEqualTo(Money.of("12.50", "USD"));
      assertThat(THREE.fromMinorUnits(1250, "Usd")).isEqualTo(Money.of("12.50", "USD"));
      assertThat(THREE.fromMinorUnits(1250, " USD ")).isEqualTo(Money.of("12.50", "USD"));
    }
    assertThatThrownBy(() -> THREE.fromMinorUnits(Long.MIN_VALUE, "usd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USD");
    assertThatThrownBy(() -> THREE.fromMinorUnits(1, "usdx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usdx");
  }

  @Test
  void unrepresentableAmountsAreRejectedNamingTheRuleAndNeighbours() {
    assertThatThrownBy(() -> THREE.toMinorUnits(Money.of("0.125", "BHD")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("amount")
        .hasMessageContaining("Checkout.com")
        .hasMessageContaining("amounts must end in 0")
        .hasMessageContaining("0.120")
        .hasMessageContaining("0.130");
    assertThatThrownBy(() -> DECIMALS.toDecimalString(Money.of("1000.50", "HUF")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("0 decimals");
  }

  @Test
  void decimalStrings() {
    assertThat(DECIMALS.toDecimalString(Money.of("12.5", "USD"))).isEqualTo("12.50");
    assertThat(DECIMALS.toDecimalString(Money.of("1000", "HUF"))).isEqualTo("1000");
    assertThat(DECIMALS.toDecimalString(Money.of("1.5", "KWD"))).isEqualTo("1.500");
    assertThat(DECIMALS.fromDecimalString("1000", "HUF")).isEqualTo(Money.of("1000", "HUF"));
    assertThat(DECIMALS.fromDecimalString("12.5", "usd")).isEqualTo(Money.of("12.50", "USD"));
  }

  @Test
  void unreadableAnswersAreIllegalArguments() {
    assertThatThrownBy(() -> DECIMALS.fromDecimalString("12.345", "USD"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DECIMALS.fromDecimalString("twelve", "USD"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DECIMALS.fromMinorUnits(1, "XYZ"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DECIMALS.fromMinorUnits(1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
