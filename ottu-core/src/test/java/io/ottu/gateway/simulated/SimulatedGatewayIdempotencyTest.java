package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.capture;
import static io.ottu.gateway.simulated.Sim.card;
import static io.ottu.gateway.simulated.Sim.failure;
import static io.ottu.gateway.simulated.Sim.lookup;
import static io.ottu.gateway.simulated.Sim.refund;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.ThreeDSecure;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import org.junit.jupiter.api.Test;

class SimulatedGatewayIdempotencyTest {
  private final SimulatedGateway gateway =
      SimulatedGateway.builder("sim").approvalRate(0.5).seed(17).build();

  @Test
  void replayReturnsTheStoredResultAndDoesNotChargeAgain() {
    GatewayResult first = gateway.authorize(authorize("p1", "k1", usd("10.00")));
    GatewayResult second = gateway.authorize(authorize("p1", "k1", usd("10.00")));

    assertThat(second).isSameAs(first);
    assertThat(gateway.ledger().entriesForPayment("p1")).hasSize(1);
    assertThat(gateway.ledger().size()).isEqualTo(1);
  }

  @Test
  void replayOfADeclineIsTheSameDecline() {
    SimulatedGateway declining = SimulatedGateway.builder("sim").approvalRate(0.0).build();
    GatewayResult first = declining.authorize(authorize("p1", "k1", usd("10.00")));
    GatewayResult second = declining.authorize(authorize("p1", "k1", usd("10.00")));

    assertThat(second).isSameAs(first);
    assertThat(declining.ledger().size()).isEqualTo(1);
  }

  @Test
  void sameKeyWithDifferentParametersIsRejected() {
    gateway.authorize(authorize("p1", "k1", usd("10.00")));

    GatewayException otherAmount =
        failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.01"))));
    GatewayException otherCard =
        failure(
            () ->
                gateway.authorize(
                    authorize(
                        "p1",
                        "k1",
                        usd("10.00"),
                        card(TestCards.MASTERCARD),
                        false,
                        ThreeDSecure.AUTOMATIC)));
    GatewayException otherOperation =
        failure(
            () ->
                gateway.authorize(
                    authorize(
                        "p1",
                        "k1",
                        usd("10.00"),
                        card(Sim.ORDINARY),
                        true,
                        ThreeDSecure.AUTOMATIC)));

    for (GatewayException e : new GatewayException[] {otherAmount, otherCard, otherOperation}) {
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).hasValue("idempotency_key_reused");
      assertThat(e.httpStatus()).isEqualTo(400);
    }
    assertThat(gateway.ledger().size()).isEqualTo(1);
  }

  @Test
  void sameCardDetailsWithAWipedCvcStillReplay() {
    io.ottu.CardData card = TestCards.card(Sim.ORDINARY);
    GatewayResult first =
        gateway.authorize(
            authorize(
                "p1",
                "k1",
                usd("10.00"),
                io.ottu.gateway.GatewaySource.card(card),
                false,
                ThreeDSecure.AUTOMATIC));
    card.wipeCvc();

    GatewayResult replay =
        gateway.authorize(
            authorize(
                "p1",
                "k1",
                usd("10.00"),
                io.ottu.gateway.GatewaySource.card(card),
                false,
                ThreeDSecure.AUTOMATIC));

    assertThat(replay).isSameAs(first);
  }

  @Test
  void keyReusedAcrossOperationsIsRejected() {
    String ref =
        gateway
            .authorize(
                authorize(
                    "p1", "k1", usd("10.00"), card(TestCards.VISA), false, ThreeDSecure.AUTOMATIC))
            .gatewayReference()
            .orElseThrow();

    assertThat(failure(() -> gateway.capture(capture("p1", ref, usd("1.00"), "k1"))).gatewayCode())
        .hasValue("idempotency_key_reused");
  }

  @Test
  void processedResponseLostThenRetryReturnsTheOriginalResultWithOneCharge() {
    SimulatedGateway g = SimulatedGateway.builder("sim").build();
    g.injectFaults(Fault.PROCESSED_RESPONSE_LOST, 1);

    GatewayException lost = failure(() -> g.authorize(authorize("p1", "k1", usd("25.00"))));
    GatewayResult retry = g.authorize(authorize("p1", "k1", usd("25.00")));

    assertThat(lost.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(retry.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(retry.gatewayReference()).hasValue("sim_sim_1");
    assertThat(g.ledger().chargesForPayment("p1")).hasSize(1);
    assertThat(g.ledger().countAuthorizations()).isEqualTo(1);
  }

  @Test
  void processedResponseLostOnCaptureThenRetryCapturesOnce() {
    SimulatedGateway g = SimulatedGateway.builder("sim").build();
    String ref = g.authorize(authorize("p1", "k1", usd("25.00"))).gatewayReference().get();
    g.injectFaults(GatewayOperation.CAPTURE, Fault.PROCESSED_RESPONSE_LOST, 1);

    failure(() -> g.capture(capture("p1", ref, usd("25.00"), "c1")));
    GatewayResult retry = g.capture(capture("p1", ref, usd("25.00"), "c1"));

    assertThat(retry.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(g.ledger().totalCaptured("USD")).isEqualTo(usd("25.00"));
    assertThat(g.ledger().entry(ref).orElseThrow().operations())
        .filteredOn(op -> op.operation() == GatewayOperation.CAPTURE)
        .hasSize(1);
  }

  @Test
  void lostBeforeProcessingThenLookupIsEmptyAndTheRetryChargesOnce() {
    SimulatedGateway g = SimulatedGateway.builder("sim").build();
    g.injectFaults(Fault.LOST_BEFORE_PROCESSING, 1);

    failure(() -> g.authorize(authorize("p1", "k1", usd("25.00"))));

    assertThat(g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("25.00"), "k1"))).isEmpty();
    assertThat(g.authorize(authorize("p1", "k1", usd("25.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(g.ledger().chargesForPayment("p1")).hasSize(1);
  }

  @Test
  void refusedRequestBindsNothingSoTheKeyCanCarryAValidRequest() {
    SimulatedGateway g = SimulatedGateway.builder("sim").build();
    String ref = g.authorize(authorize("p1", "k1", usd("10.00"))).gatewayReference().get();

    GatewayException over = failure(() -> g.capture(capture("p1", ref, usd("10.01"), "c1")));
    GatewayResult ok = g.capture(capture("p1", ref, usd("10.00"), "c1"));

    assertThat(over.gatewayCode()).hasValue("capture_exceeds_authorized");
    assertThat(ok.type()).isEqualTo(GatewayResult.Type.CAPTURED);
  }

  @Test
  void replayedRefundDoesNotRefundTwice() {
    SimulatedGateway g = SimulatedGateway.builder("sim").build();
    String ref =
        g.authorize(
                authorize(
                    "p1", "k1", usd("10.00"), card(Sim.ORDINARY), true, ThreeDSecure.AUTOMATIC))
            .gatewayReference()
            .get();

    GatewayResult first = g.refund(refund("p1", ref, usd("4.00"), "r1"));
    GatewayResult second = g.refund(refund("p1", ref, usd("4.00"), "r1"));

    assertThat(second).isSameAs(first);
    assertThat(g.ledger().totalRefunded("USD")).isEqualTo(usd("4.00"));
  }
}
