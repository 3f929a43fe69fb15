package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.ORDINARY;
import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.card;
import static io.ottu.gateway.simulated.Sim.complete;
import static io.ottu.gateway.simulated.Sim.failure;
import static io.ottu.gateway.simulated.Sim.lookup;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.Decline;
import io.ottu.DeclineReason;
import io.ottu.NextAction;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedGatewayThreeDSecureTest {
  private final SimulatedGateway gateway = SimulatedGateway.builder("sim").seed(5).build();

  private GatewayResult challenge(SimulatedGateway g, String paymentId, boolean capture) {
    GatewayResult r =
        g.authorize(
            authorize(
                paymentId,
                paymentId + "-auth",
                usd("20.00"),
                card(TestCards.THREE_D_SECURE_REQUIRED),
                capture,
                ThreeDSecure.AUTOMATIC));
    assertThat(r.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    return r;
  }

  @Test
  void challengeRedirectsToTheSimulatedAcsWithTheReturnUrl() {
    GatewayResult r = challenge(gateway, "p1", false);

    NextAction action = r.nextAction().orElseThrow();
    assertThat(action.type()).isEqualTo(NextAction.Type.REDIRECT);
    assertThat(action.method()).isEqualTo("GET");
    assertThat(action.url())
        .isEqualTo(
            "https://sim.example/3ds/sim_sim_1"
                + "?return_url=https%3A%2F%2Fshop.example%2Freturn%3Forder%3Dp1");
    assertThat(r.rawStatus()).hasValue("requires_action");
    LedgerEntry entry = gateway.ledger().entry("sim_sim_1").orElseThrow();
    assertThat(entry.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
    assertThat(entry.isCharge()).isFalse();
  }

  @Test
  void successfulChallengeAuthorizes() {
    String ref = challenge(gateway, "p1", false).gatewayReference().orElseThrow();

    GatewayResult done = gateway.completeAction(complete("p1", ref, usd("20.00"), "success", "c1"));

    assertThat(done.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(done.amount()).hasValue(usd("20.00"));
    LedgerEntry entry = gateway.ledger().entry(ref).orElseThrow();
    assertThat(entry.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(entry.isCharge()).isTrue();
    assertThat(entry.operations())
        .extracting(LedgerOperation::operation)
        .containsExactly(GatewayOperation.AUTHORIZE, GatewayOperation.COMPLETE_ACTION);
  }

  @Test
  void successfulChallengeOfASaleCaptures() {
    String ref = challenge(gateway, "p1", true).gatewayReference().orElseThrow();

    GatewayResult done = gateway.completeAction(complete("p1", ref, usd("20.00"), "success", "c1"));

    assertThat(done.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(gateway.ledger().totalCaptured("USD")).isEqualTo(usd("20.00"));
  }

  @Test
  void failedChallengeDeclinesWithAuthenticationFailed() {
    String ref = challenge(gateway, "p1", false).gatewayReference().orElseThrow();

    GatewayResult done = gateway.completeAction(complete("p1", ref, usd("20.00"), "failure", "c1"));

    assertThat(done.type()).isEqualTo(GatewayResult.Type.DECLINED);
    Decline decline = done.decline().orElseThrow();
    assertThat(decline.reason()).isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
    assertThat(decline.hard()).isTrue();
    assertThat(gateway.ledger().charges()).isEmpty();
  }

  @Test
  void abandonedChallengeDeclinesAsCancelledByShopper() {
    String ref = challenge(gateway, "p1", false).gatewayReference().orElseThrow();

    GatewayResult done =
        gateway.completeAction(complete("p1", ref, usd("20.00"), "cancelled", "c1"));

    assertThat(done.decline()).map(Decline::reason).hasValue(DeclineReason.CANCELLED_BY_SHOPPER);
  }

  @Test
  void cardThatDeclinesAfterAuthenticationDeclinesOnSuccess() {
    GatewayResult r =
        gateway.authorize(
            authorize(
                "p1",
                "a1",
                usd("20.00"),
                card(TestCards.THREE_D_SECURE_THEN_DECLINED),
                false,
                ThreeDSecure.AUTOMATIC));
    String ref = r.gatewayReference().orElseThrow();

    GatewayResult done = gateway.completeAction(complete("p1", ref, usd("20.00"), "success", "c1"));

    assertThat(done.decline()).map(Decline::rawCode).hasValue("05");
  }

  @Test
  void requiredThreeDSecureChallengesEvenApprovingTestCards() {
    GatewayResult r =
        gateway.authorize(
            authorize("p1", "a1", usd("5.00"), card(TestCards.VISA), false, ThreeDSecure.REQUIRED));

    assertThat(r.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
  }

  @Test
  void requiredCardSentWithSkipOrToAGatewayWithout3dsIsDeclined1A() {
    GatewayResult skipped =
        gateway.authorize(
            authorize(
                "p1",
                "a1",
                usd("5.00"),
                card(TestCards.THREE_D_SECURE_REQUIRED),
                false,
                ThreeDSecure.SKIP));
    assertThat(skipped.decline()).map(Decline::rawCode).hasValue("1A");
    assertThat(skipped.decline()).map(Decline::soft).hasValue(true);

    SimulatedGateway no3ds =
        SimulatedGateway.builder("sim")
            .capabilities(GatewayCapabilities.builder().threeDSecure(false).build())
            .build();
    GatewayResult unsupported =
        no3ds.authorize(
            authorize(
                "p2",
                "a2",
                usd("5.00"),
                card(TestCards.THREE_D_SECURE_REQUIRED),
                false,
                ThreeDSecure.AUTOMATIC));
    assertThat(unsupported.decline())
        .map(Decline::reason)
        .hasValue(DeclineReason.AUTHENTICATION_REQUIRED);
  }

  @Test
  void threeDSecureTokenIsChallenged() {
    GatewayResult r =
        gateway.authorize(
            authorize(
                "p1",
                "a1",
                usd("5.00"),
                GatewaySource.gatewayToken(TestCards.TOKEN_THREE_D_SECURE_REQUIRED),
                false,
                ThreeDSecure.AUTOMATIC));

    assertThat(r.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
  }

  @Test
  void threeDSecureRateChallengesThatShareOfOrdinaryCardsOnly() {
    SimulatedGateway g = SimulatedGateway.builder("sim").threeDSecureRate(0.3).seed(8).build();
    int challenged = 0;
    for (int i = 0; i < 5_000; i++) {
      GatewayResult r = g.authorize(authorize("p" + i, "k" + i, usd("10.00")));
      if (r.type() == GatewayResult.Type.ACTION_REQUIRED) {
        challenged++;
      }
    }
    // 1 500 expected, standard deviation about 32.
    assertThat(challenged).isBetween(1_500 - 160, 1_500 + 160);

    for (int i = 0; i < 200; i++) {
      assertThat(
              g.authorize(
                      authorize(
                          "t" + i,
                          "t" + i,
                          usd("10.00"),
                          card(TestCards.VISA),
                          false,
                          ThreeDSecure.AUTOMATIC))
                  .type())
          .isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(
              g.authorize(
                      authorize(
                          "s" + i, "s" + i, usd("10.00"), card(ORDINARY), false, ThreeDSecure.SKIP))
                  .type())
          .isEqualTo(GatewayResult.Type.AUTHORIZED);
    }
  }

  @Test
  void randomlyChallengedPaymentKeepsItsDeclineForAfterAuthentication() {
    SimulatedGateway g =
        SimulatedGateway.builder("sim").threeDSecureRate(1.0).approvalRate(0.0).seed(2).build();
    String ref = g.authorize(authorize("p1", "a1", usd("10.00"))).gatewayReference().orElseThrow();

    GatewayResult done = g.completeAction(complete("p1", ref, usd("10.00"), "success", "c1"));

    assertThat(done.type()).isEqualTo(GatewayResult.Type.DECLINED);
  }

  @Test
  void completeActionFindsThePaymentByPaymentIdWhenNoGatewayReferenceIsGiven() {
    challenge(gateway, "p1", false);

    GatewayResult done =
        gateway.completeAction(
            new CompleteActionRequest(
                "p1", "order-p1", null, usd("20.00"), false, Map.of("result", "success"), "c1"));

    assertThat(done.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void completingTwiceAnswersTheCurrentState() {
    String ref = challenge(gateway, "p1", false).gatewayReference().orElseThrow();
    gateway.completeAction(complete("p1", ref, usd("20.00"), "success", "c1"));

    GatewayResult again =
        gateway.completeAction(complete("p1", ref, usd("20.00"), "failure", "c2"));

    assertThat(again.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(gateway.ledger().chargesForPayment("p1")).hasSize(1);
  }

  @Test
  void missingOrUnknownResultIsRejected() {
    String ref = challenge(gateway, "p1", false).gatewayReference().orElseThrow();

    assertThat(
            failure(() -> gateway.completeAction(complete("p1", ref, usd("20.00"), null, "c1")))
                .gatewayCode())
        .hasValue("invalid_action_result");
    assertThat(
            failure(() -> gateway.completeAction(complete("p1", ref, usd("20.00"), "maybe", "c2")))
                .gatewayCode())
        .hasValue("invalid_action_result");
    assertThat(gateway.ledger().entry(ref).orElseThrow().status())
        .isEqualTo(PaymentStatus.REQUIRES_ACTION);
  }

  @Test
  void unknownPaymentIsRejected404() {
    assertThat(
            failure(
                    () ->
                        gateway.completeAction(
                            complete("p1", "sim_sim_404", usd("1.00"), "success", "c1")))
                .httpStatus())
        .isEqualTo(404);
  }

  @Test
  void challengeExpiresAfterTheConfiguredTime() {
    Sim.MutableClock clock = new Sim.MutableClock(Instant.now());
    SimulatedGateway g =
        SimulatedGateway.builder("sim")
            .clock(clock)
            .challengeExpiry(Duration.ofMinutes(10))
            .build();
    String ref = challenge(g, "p1", false).gatewayReference().orElseThrow();

    clock.advance(Duration.ofMinutes(9));
    assertThat(g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("20.00"), "p1-auth")))
        .map(GatewayResult::type)
        .hasValue(GatewayResult.Type.ACTION_REQUIRED);

    clock.advance(Duration.ofMinutes(1));
    assertThat(g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("20.00"), "p1-auth")))
        .map(GatewayResult::type)
        .hasValue(GatewayResult.Type.EXPIRED);
    assertThat(g.completeAction(complete("p1", ref, usd("20.00"), "success", "c1")).type())
        .isEqualTo(GatewayResult.Type.EXPIRED);
    assertThat(g.ledger().entry(ref).orElseThrow().status()).isEqualTo(PaymentStatus.EXPIRED);
    assertThat(g.ledger().charges()).isEmpty();
  }

  @Test
  void unfinishedChallengeCanBeCancelled() {
    String ref = challenge(gateway, "p1", false).gatewayReference().orElseThrow();

    GatewayResult cancelled = gateway.cancel(Sim.cancel("p1", ref, usd("20.00"), "v1"));

    assertThat(cancelled.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(gateway.ledger().entry(ref).orElseThrow().status())
        .isEqualTo(PaymentStatus.CANCELLED);
    assertThat(gateway.ledger().charges()).isEmpty();
  }
}
