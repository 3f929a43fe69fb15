package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.cancel;
import static io.ottu.gateway.simulated.Sim.capture;
import static io.ottu.gateway.simulated.Sim.card;
import static io.ottu.gateway.simulated.Sim.failure;
import static io.ottu.gateway.simulated.Sim.lookup;
import static io.ottu.gateway.simulated.Sim.refund;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.Decline;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import org.junit.jupiter.api.Test;

class SimulatedGatewayLookupTest {
  private final SimulatedGateway gateway = SimulatedGateway.builder("sim").build();

  @Test
  void findsAnAuthorizationByReferenceAndKey() {
    gateway.authorize(authorize("p1", "k1", usd("10.00")));

    GatewayResult found =
        gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")).orElseThrow();

    assertThat(found.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(found.gatewayReference()).hasValue("sim_sim_1");
    assertThat(found.amount()).hasValue(usd("10.00"));
  }

  @Test
  void anotherAttemptsKeyIsNotFound() {
    gateway.authorize(authorize("p1", "k1", usd("10.00")));

    assertThat(gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k2")))
        .isEmpty();
    assertThat(
            gateway.lookup(
                new LookupRequest(
                    "p1", "another-order", null, GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .isEmpty();
  }

  @Test
  void reportsTheCurrentStateOfTheAuthorizationWithTheRawStatus() {
    String ref = gateway.authorize(authorize("p1", "k1", usd("10.00"))).gatewayReference().get();
    gateway.capture(capture("p1", ref, usd("4.00"), "c1"));

    GatewayResult found =
        gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")).orElseThrow();

    assertThat(found.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(found.rawStatus()).hasValue("partially_captured");
  }

  @Test
  void findsADecline() {
    gateway.authorize(
        authorize(
            "p1",
            "k1",
            usd("10.00"),
            card(TestCards.INSUFFICIENT_FUNDS),
            false,
            ThreeDSecure.AUTOMATIC));

    assertThat(gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .flatMap(GatewayResult::decline)
        .map(Decline::rawCode)
        .hasValue("51");
  }

  @Test
  void findsCapturesRefundsAndCancelsByTheirOwnKeys() {
    String ref = gateway.authorize(authorize("p1", "k1", usd("10.00"))).gatewayReference().get();
    gateway.capture(capture("p1", ref, usd("4.00"), "c1"));
    gateway.capture(capture("p1", ref, usd("6.00"), "c2"));
    gateway.refund(refund("p1", ref, usd("1.00"), "r1"));
    String other = gateway.authorize(authorize("p2", "k2", usd("3.00"))).gatewayReference().get();
    gateway.cancel(cancel("p2", other, usd("3.00"), "v1"));

    GatewayResult capture2 =
        gateway.lookup(lookup("p1", GatewayOperation.CAPTURE, usd("6.00"), "c2")).orElseThrow();
    assertThat(capture2.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(capture2.amount()).hasValue(usd("6.00"));
    assertThat(capture2.transactionReference()).hasValue(ref + "_cap_2");

    GatewayResult refund =
        gateway.lookup(lookup("p1", GatewayOperation.REFUND, usd("1.00"), "r1")).orElseThrow();
    assertThat(refund.type()).isEqualTo(GatewayResult.Type.REFUNDED);
    assertThat(refund.amount()).hasValue(usd("1.00"));

    assertThat(gateway.lookup(lookup("p2", GatewayOperation.CANCEL, usd("3.00"), "v1")))
        .map(GatewayResult::type)
        .hasValue(GatewayResult.Type.CANCELLED);
    assertThat(gateway.lookup(lookup("p1", GatewayOperation.CAPTURE, usd("1.00"), "c3"))).isEmpty();
    // A key of another kind of operation does not answer for this one.
    assertThat(gateway.lookup(lookup("p1", GatewayOperation.REFUND, usd("4.00"), "c1"))).isEmpty();
  }

  @Test
  void canBeNarrowedByGatewayReference() {
    String ref = gateway.authorize(authorize("p1", "k1", usd("10.00"))).gatewayReference().get();

    assertThat(
            gateway.lookup(
                new LookupRequest(
                    "p1", "order-p1", ref, GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .isPresent();
    assertThat(
            gateway.lookup(
                new LookupRequest(
                    "p1", "order-p1", "sim_sim_9", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .isEmpty();
  }

  @Test
  void unsupportedLookupIsRejectedWithLookupUnsupported() {
    SimulatedGateway noLookup = SimulatedGateway.builder("sim").lookupSupported(false).build();

    GatewayException e =
        failure(() -> noLookup.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("1.00"), "k")));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).hasValue("lookup_unsupported");
    assertThat(e.httpStatus()).isZero();
    assertThat(noLookup.capabilities().supports(GatewayOperation.LOOKUP)).isFalse();
  }

  @Test
  void lookingUpALookupIsRejected() {
    assertThat(
            failure(() -> gateway.lookup(lookup("p1", GatewayOperation.LOOKUP, usd("1.00"), "k")))
                .gatewayCode())
        .hasValue("invalid_operation");
  }
}
