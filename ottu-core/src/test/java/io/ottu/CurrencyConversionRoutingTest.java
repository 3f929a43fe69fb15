package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.fx.CurrencyConverter;
import io.ottu.fx.ExchangeRates;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import org.junit.jupiter.api.Test;

class CurrencyConversionRoutingTest {
  private final ScriptedGateway usdOnly =
      ScriptedGateway.approving(
          "usd-only", GatewayCapabilities.builder().currencies("USD").build());
  private final CurrencyConverter fx =
      CurrencyConverter.builder()
          .provider(ExchangeRates.fixed().rate("USD", "KWD", "0.3075").build())
          .markupBasisPoints(150)
          .build();

  private static PaymentRequest kwd(String amount) {
    return PaymentRequest.builder()
        .amount(Money.of(amount, "KWD"))
        .source(PaymentSource.card(TestCards.visa()))
        .reference("order-fx")
        .idempotencyKey("fx-1")
        .build();
  }

  @Test
  void aCurrencyNoGatewayTakesIsConvertedIntoASettlementCurrency() {
    try (PaymentClient c =
        PaymentClient.builder().gateway(usdOnly).currencyConversion(fx, "USD").build()) {
      Payment p = c.payments().authorize(kwd("30.750"));
      // 30.750 KWD at 1/0.3075 = 100 USD, plus 1.5% markup = 101.50 USD
      assertThat(p.amount()).isEqualTo(Money.of("101.50", "USD"));
      assertThat(p.conversion().orElseThrow().source()).isEqualTo(Money.of("30.750", "KWD"));
      assertThat(((AuthorizeRequest) usdOnly.calls.get(0)).amount())
          .isEqualTo(Money.of("101.50", "USD"));

      // Follow-ups in the presented currency use the locked rate.
      Payment captured = c.payments().capture(p.id(), Money.of("30.750", "KWD"));
      assertThat(captured.capturedAmount()).isEqualTo(Money.of("101.50", "USD"));
      assertThat(((CaptureRequest) usdOnly.calls.get(1)).amount())
          .isEqualTo(Money.of("101.50", "USD"));
      Payment refunded = c.payments().refund(p.id(), Money.of("3.075", "KWD"));
      assertThat(refunded.refundedAmount()).isEqualTo(Money.of("10.15", "USD"));

      // The same request again is a replay of the converted payment, not a new conversion.
      assertThat(c.payments().authorize(kwd("30.750")).id()).isEqualTo(p.id());
    }
  }

  @Test
  void withoutConversionTheCurrencyIsRefused() {
    try (PaymentClient c = PaymentClient.builder().gateway(usdOnly).build()) {
      assertThatThrownBy(() -> c.payments().authorize(kwd("1.000")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("KWD");
    }
    try (PaymentClient c =
        PaymentClient.builder().gateway(usdOnly).currencyConversion(fx, "EUR").build()) {
      assertThatThrownBy(() -> c.payments().authorize(kwd("1.000")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("no settlement currency [EUR]");
    }
  }
}
