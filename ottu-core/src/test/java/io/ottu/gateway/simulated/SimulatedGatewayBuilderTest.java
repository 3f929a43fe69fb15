package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.card;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CardBrand;
import io.ottu.PaymentSource;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedGatewayBuilderTest {

  @Test
  void defaultsDeclareEveryCapability() {
    GatewayCapabilities caps = SimulatedGateway.builder("sim").build().capabilities();

    assertThat(caps.currencies()).isEmpty();
    assertThat(caps.supportsCurrency("KWD")).isTrue();
    assertThat(caps.brands()).contains(CardBrand.values());
    assertThat(caps.sourceTypes()).contains(PaymentSource.Type.values());
    assertThat(caps.operations()).contains(GatewayOperation.values());
    assertThat(caps.threeDSecure()).isTrue();
    assertThat(caps.idempotencyKeys()).isTrue();
    assertThat(caps.partialCapture()).isTrue();
    assertThat(caps.multipleCaptures()).isTrue();
    assertThat(caps.partialRefund()).isTrue();
  }

  @Test
  void invalidSettingsFailNamingTheField() {
    SimulatedGateway.Builder b = SimulatedGateway.builder("sim");

    assertThatThrownBy(() -> SimulatedGateway.builder(" ")).hasMessageContaining("id");
    assertThatThrownBy(() -> b.approvalRate(1.5)).hasMessageContaining("approvalRate");
    assertThatThrownBy(() -> b.approvalRate(Double.NaN)).hasMessageContaining("approvalRate");
    assertThatThrownBy(() -> b.threeDSecureRate(-0.1)).hasMessageContaining("threeDSecureRate");
    assertThatThrownBy(() -> b.latency(Duration.ofMillis(5), Duration.ofMillis(1)))
        .hasMessageContaining("latency");
    assertThatThrownBy(() -> b.latency(Duration.ofMillis(-1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> b.slowResponseDelay(Duration.ofDays(2)))
        .hasMessageContaining("slowResponseDelay");
    assertThatThrownBy(() -> b.declineMix(Map.of())).hasMessageContaining("declineMix");
    assertThatThrownBy(() -> b.declineMix(Map.of(DeclineCode.DO_NOT_HONOR, -1.0)))
        .hasMessageContaining("declineMix");
    assertThatThrownBy(() -> b.retainPayments(0)).hasMessageContaining("retainPayments");
    assertThatThrownBy(() -> b.challengeExpiry(Duration.ZERO))
        .hasMessageContaining("challengeExpiry");
    assertThatThrownBy(() -> b.unavailableRetryAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("unavailableRetryAfter");
    assertThatThrownBy(() -> b.challengeUrl("")).hasMessageContaining("challengeUrl");
  }

  @Test
  void buildCopiesSoTheBuilderCanBeReused() {
    SimulatedGateway.Builder b = SimulatedGateway.builder("sim").approvalRate(1.0);
    SimulatedGateway approving = b.build();
    SimulatedGateway declining = b.approvalRate(0.0).build();

    assertThat(approving.authorize(authorize("p", "k", usd("1.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(declining.authorize(authorize("p", "k", usd("1.00"))).type())
        .isEqualTo(GatewayResult.Type.DECLINED);
  }

  @Test
  void toBuilderKeepsTheConfigurationWithAFreshLedger() {
    SimulatedGateway original =
        SimulatedGateway.builder("sim-a")
            .approvalRate(0.0)
            .declines(DeclineCode.ISSUER_UNAVAILABLE)
            .challengeUrl("http://localhost:8080/acs/")
            .build();
    original.authorize(authorize("p1", "k1", usd("1.00")));

    SimulatedGateway copy = original.toBuilder().build();

    assertThat(copy.id()).isEqualTo("sim-a");
    assertThat(copy.ledger().size()).isZero();
    assertThat(copy.authorize(authorize("p1", "k1", usd("1.00"))).decline().get().rawCode())
        .isEqualTo("91");
    GatewayResult challenged =
        copy.authorize(
            authorize("p2", "k2", usd("1.00"), card(Sim.ORDINARY), false, ThreeDSecure.REQUIRED));
    assertThat(challenged.nextAction().get().url()).startsWith("http://localhost:8080/acs/");
  }

  @Test
  void toStringShowsTheConfigurationAndNoCardData() {
    SimulatedGateway gateway =
        SimulatedGateway.builder("sim")
            .approvalRate(0.9)
            .faults(FaultPlan.always(Fault.NOT_SENT).onlyFor(GatewayOperation.REFUND))
            .build();
    gateway.authorize(
        authorize("p1", "k1", usd("1.00"), card(TestCards.VISA), false, ThreeDSecure.AUTOMATIC));

    assertThat(gateway.toString())
        .contains("id=sim", "approvalRate=0.9", "NOT_SENT", "payments=")
        .doesNotContain(TestCards.VISA);
    assertThat(gateway.ledger().entries().get(0).toString()).doesNotContain(TestCards.VISA);
    assertThat(gateway.ledger().toString()).isEqualTo("SimulatedLedger[payments=1]");
  }

  @Test
  void declineCodeTableIsConsistent() {
    assertThat(DeclineCode.forRawCode("51")).hasValue(DeclineCode.INSUFFICIENT_FUNDS);
    assertThat(DeclineCode.forRawCode("xx")).isEmpty();
    assertThat(DeclineCode.forRawCode(null)).isEmpty();
    assertThat(DeclineCode.iso8583()).extracting(DeclineCode::rawCode).doesNotHaveDuplicates();
    assertThat(DeclineCode.INSUFFICIENT_FUNDS.toDecline("g").gatewayId()).isEqualTo("g");
    assertThat(DeclineCode.soft("x1", io.ottu.DeclineReason.OTHER, null).message()).isEmpty();
    assertThatThrownBy(() -> DeclineCode.hard(" ", io.ottu.DeclineReason.OTHER, "m"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void testCardsAreValidCards() {
    for (String number :
        new String[] {
          TestCards.VISA,
          TestCards.VISA_DEBIT,
          TestCards.MASTERCARD,
          TestCards.AMERICAN_EXPRESS,
          TestCards.DECLINED,
          TestCards.INSUFFICIENT_FUNDS,
          TestCards.LOST_CARD,
          TestCards.STOLEN_CARD,
          TestCards.EXPIRED_CARD,
          TestCards.INCORRECT_CVC,
          TestCards.PROCESSING_ERROR,
          TestCards.FRAUDULENT,
          TestCards.VELOCITY_EXCEEDED,
          TestCards.THREE_D_SECURE_REQUIRED,
          TestCards.THREE_D_SECURE_THEN_DECLINED
        }) {
      assertThat(TestCards.card(number).isExpired(java.time.YearMonth.now())).isFalse();
    }
    assertThat(TestCards.card(TestCards.AMERICAN_EXPRESS).brand())
        .isEqualTo(CardBrand.AMERICAN_EXPRESS);
  }
}
