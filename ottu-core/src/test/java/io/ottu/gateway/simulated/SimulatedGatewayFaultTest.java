package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.capture;
import static io.ottu.gateway.simulated.Sim.failure;
import static io.ottu.gateway.simulated.Sim.lookup;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulatedGatewayFaultTest {
  private final Sim.RecordingSleeper sleeper = new Sim.RecordingSleeper();
  private final SimulatedGateway gateway =
      SimulatedGateway.builder("sim")
          .sleeper(sleeper)
          .latency(Duration.ofMillis(40))
          .slowResponseDelay(Duration.ofSeconds(31))
          .unavailableRetryAfter(Duration.ofSeconds(7))
          .seed(1)
          .build();

  @Test
  void notSentFailsAtOnceWithoutLatencyAndLeavesNoTrace() {
    gateway.injectFaults(Fault.NOT_SENT, 1);

    GatewayException e = failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(e.failureClass().knownNotProcessed()).isTrue();
    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
    assertThat(e.gatewayId()).isEqualTo("sim");
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(gateway.ledger().size()).isZero();
    assertThat(gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .isEmpty();
  }

  @Test
  void unavailableCarriesRetryAfterAndLeavesNoTrace() {
    gateway.injectFaults(Fault.UNAVAILABLE, 1);

    GatewayException e = failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
    assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(40));
    assertThat(gateway.ledger().size()).isZero();
    // Nothing was stored under the key: the retry is processed for the first time.
    assertThat(gateway.authorize(authorize("p1", "k1", usd("10.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(gateway.ledger().chargesForPayment("p1")).hasSize(1);
  }

  @Test
  void rejectedAndCredentialsRejectedAreRejectedClassWithoutTrace() {
    gateway.injectFaults(Fault.REJECTED, 1);
    gateway.injectFaults(Fault.CREDENTIALS_REJECTED, 1);

    GatewayException invalid =
        failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));
    GatewayException credentials =
        failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(invalid.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(invalid.httpStatus()).isEqualTo(400);
    assertThat(invalid.gatewayCode()).hasValue("simulated_invalid_request");
    assertThat(invalid.credentialsProblem()).isFalse();
    assertThat(credentials.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(credentials.credentialsProblem()).isTrue();
    assertThat(credentials.httpStatus()).isEqualTo(401);
    assertThat(gateway.ledger().size()).isZero();
  }

  @Test
  void lostBeforeProcessingIsUnknownOutcomeButNothingHappened() {
    gateway.injectFaults(Fault.LOST_BEFORE_PROCESSING, 1);

    GatewayException e = failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.failureClass().knownNotProcessed()).isFalse();
    assertThat(gateway.ledger().size()).isZero();
    assertThat(gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .isEmpty();
  }

  @Test
  void processedResponseLostChargesThenThrowsUnknownOutcome() {
    gateway.injectFaults(Fault.PROCESSED_RESPONSE_LOST, 1);

    GatewayException e = failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(gateway.ledger().chargesForPayment("p1")).hasSize(1);
    assertThat(gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("10.00"), "k1")))
        .map(GatewayResult::type)
        .hasValue(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void malformedChargesThenThrowsUnknownOutcomeWithStatus200() {
    gateway.injectFaults(Fault.MALFORMED, 1);

    GatewayException e = failure(() -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(gateway.ledger().chargesForPayment("p1")).hasSize(1);
  }

  @Test
  void slowAnswersNormallyAfterTheSlowDelay() {
    gateway.injectFaults(Fault.SLOW, 1);

    GatewayResult r = gateway.authorize(authorize("p1", "k1", usd("10.00")));

    assertThat(r.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(40), Duration.ofSeconds(31));
  }

  @Test
  void amountMismatchMisreportsTheAmountButTheLedgerAndReplayAreTrue() {
    gateway.injectFaults(Fault.AMOUNT_MISMATCH, 1);

    GatewayResult lying = gateway.authorize(authorize("p1", "k1", usd("10.00")));
    GatewayResult replay = gateway.authorize(authorize("p1", "k1", usd("10.00")));

    assertThat(lying.amount()).hasValue(usd("10.01"));
    assertThat(replay.amount()).hasValue(usd("10.00"));
    assertThat(gateway.ledger().totalAuthorized("USD")).isEqualTo(usd("10.00"));
  }

  @Test
  void interruptedLatencyIsAnUnknownOutcomeAndKeepsTheInterruptFlag() {
    SimulatedGateway interrupting =
        SimulatedGateway.builder("sim")
            .latency(Duration.ofMillis(5))
            .sleeper(
                d -> {
                  throw new InterruptedException("test");
                })
            .build();

    GatewayException e = failure(() -> interrupting.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(interrupting.ledger().size()).isZero();
  }

  @Test
  void latencyRangeStaysWithinBounds() {
    Sim.RecordingSleeper recording = new Sim.RecordingSleeper();
    SimulatedGateway ranged =
        SimulatedGateway.builder("sim")
            .latency(Duration.ofMillis(10), Duration.ofMillis(20))
            .sleeper(recording)
            .seed(4)
            .build();
    for (int i = 0; i < 200; i++) {
      ranged.authorize(authorize("p" + i, "k" + i, usd("1.00")));
    }
    assertThat(recording.sleeps)
        .hasSize(200)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(10), Duration.ofMillis(20)));
    assertThat(recording.sleeps.stream().distinct().count()).isGreaterThan(100);
  }

  @Test
  void instantGatewayNeverSleeps() {
    Sim.RecordingSleeper recording = new Sim.RecordingSleeper();
    SimulatedGateway instant =
        SimulatedGateway.builder("sim")
            .latency(Duration.ofSeconds(1))
            .approvalRate(0.1)
            .sleeper(recording)
            .instant()
            .build();

    assertThat(instant.authorize(authorize("p1", "k1", usd("1.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(recording.sleeps).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyFaultOnCaptureAppliesExactlyWhenItSaysItApplies(Fault fault) {
    String ref =
        gateway.authorize(authorize("p1", "k1", usd("10.00"))).gatewayReference().orElseThrow();
    gateway.injectFaults(GatewayOperation.CAPTURE, fault, 1);

    Throwable thrown = null;
    GatewayResult result = null;
    try {
      result = gateway.capture(capture("p1", ref, usd("4.00"), "c1"));
    } catch (GatewayException e) {
      thrown = e;
    }

    assertThat(thrown == null).isEqualTo(fault.failureClass().isEmpty());
    if (thrown != null) {
      assertThat(((GatewayException) thrown).failureClass()).isEqualTo(fault.failureClass().get());
    } else {
      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    }
    LedgerEntry entry = gateway.ledger().entry(ref).orElseThrow();
    assertThat(entry.captured()).isEqualTo(fault.applies() ? usd("4.00") : usd("0.00"));
    // Whatever happened, a retry with the same key ends with exactly one capture of 4.00.
    gateway.capture(capture("p1", ref, usd("4.00"), "c1"));
    assertThat(gateway.ledger().entry(ref).orElseThrow().captured()).isEqualTo(usd("4.00"));
  }

  @Test
  void operationSpecificInjectionTargetsOnlyThatOperation() {
    gateway.injectFaults(GatewayOperation.REFUND, Fault.NOT_SENT, 1);

    GatewayResult auth = gateway.authorize(authorize("p1", "k1", usd("10.00")));
    String ref = auth.gatewayReference().orElseThrow();
    gateway.capture(capture("p1", ref, usd("10.00"), "c1"));

    assertThat(
            failure(() -> gateway.refund(Sim.refund("p1", ref, usd("1.00"), "r1"))).failureClass())
        .isEqualTo(FailureClass.NOT_SENT);
    assertThat(gateway.refund(Sim.refund("p1", ref, usd("1.00"), "r1")).type())
        .isEqualTo(GatewayResult.Type.REFUNDED);
  }

  @Test
  void injectedFaultsAreConsumedInOrderAndCanBeCleared() {
    gateway.injectFaults(Fault.NOT_SENT, 2);
    gateway.injectFaults(Fault.UNAVAILABLE, 1);

    List<FailureClass> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(failure(() -> gateway.authorize(authorize("p", "k", usd("1.00")))).failureClass());
    }
    assertThat(seen)
        .containsExactly(FailureClass.NOT_SENT, FailureClass.NOT_SENT, FailureClass.UNAVAILABLE);

    gateway.injectFaults(Fault.NOT_SENT, 5);
    gateway.clearInjectedFaults();
    assertThat(gateway.authorize(authorize("p", "k", usd("1.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void sequencePlanScriptsCallsThenStops() {
    SimulatedGateway scripted =
        SimulatedGateway.builder("sim")
            .faults(FaultPlan.sequence(Fault.UNAVAILABLE, Fault.PROCESSED_RESPONSE_LOST))
            .build();

    assertThat(failure(() -> scripted.authorize(authorize("p1", "k1", usd("1.00")))).failureClass())
        .isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(failure(() -> scripted.authorize(authorize("p1", "k1", usd("1.00")))).failureClass())
        .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(scripted.authorize(authorize("p1", "k1", usd("1.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(scripted.ledger().chargesForPayment("p1")).hasSize(1);
  }

  @Test
  void randomFaultsAreReproducibleWithASeedAndNearTheirRates() {
    Map<Fault, Double> rates = Map.of(Fault.NOT_SENT, 0.10, Fault.PROCESSED_RESPONSE_LOST, 0.05);
    List<Optional<FailureClass>> first = run(rates, 21);
    List<Optional<FailureClass>> second = run(rates, 21);

    assertThat(second).isEqualTo(first);
    long notSent = first.stream().filter(o -> o.equals(Optional.of(FailureClass.NOT_SENT))).count();
    long lost =
        first.stream().filter(o -> o.equals(Optional.of(FailureClass.UNKNOWN_OUTCOME))).count();
    // 4 000 calls: 400 ± 19 and 200 ± 14 expected.
    assertThat(notSent).isBetween(400L - 95, 400L + 95);
    assertThat(lost).isBetween(200L - 70, 200L + 70);
  }

  private static List<Optional<FailureClass>> run(Map<Fault, Double> rates, long seed) {
    SimulatedGateway g =
        SimulatedGateway.builder("sim").faults(FaultPlan.random(rates)).seed(seed).build();
    List<Optional<FailureClass>> outcomes = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      try {
        g.authorize(authorize("p" + i, "k" + i, usd("1.00")));
        outcomes.add(Optional.empty());
      } catch (GatewayException e) {
        outcomes.add(Optional.of(e.failureClass()));
      }
    }
    return outcomes;
  }

  @Test
  void lookupFaultsAreSeparateFromOperationFaults() {
    SimulatedGateway g =
        SimulatedGateway.builder("sim")
            .faults(FaultPlan.always(Fault.NOT_SENT).onlyFor(GatewayOperation.CAPTURE))
            .lookupFaults(FaultPlan.sequence(Fault.UNAVAILABLE, Fault.MALFORMED))
            .build();
    g.authorize(authorize("p1", "k1", usd("1.00")));

    assertThat(
            failure(() -> g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("1.00"), "k1")))
                .failureClass())
        .isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(
            failure(() -> g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("1.00"), "k1")))
                .failureClass())
        .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("1.00"), "k1"))).isPresent();

    g.injectFaults(GatewayOperation.LOOKUP, Fault.AMOUNT_MISMATCH, 1);
    assertThat(g.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("1.00"), "k1")))
        .flatMap(GatewayResult::amount)
        .hasValue(usd("1.01"));
  }

  @Test
  void genericInjectionDoesNotTouchLookups() {
    gateway.authorize(authorize("p1", "k1", usd("1.00")));
    gateway.injectFaults(Fault.NOT_SENT, 1);

    assertThat(gateway.lookup(lookup("p1", GatewayOperation.AUTHORIZE, usd("1.00"), "k1")))
        .isPresent();
    assertThat(failure(() -> gateway.authorize(authorize("p2", "k2", usd("1.00")))).failureClass())
        .isEqualTo(FailureClass.NOT_SENT);
  }

  @Test
  void faultTableMatchesTheDesign() {
    Map<Fault, FailureClass> expected = new EnumMap<>(Fault.class);
    expected.put(Fault.NOT_SENT, FailureClass.NOT_SENT);
    expected.put(Fault.UNAVAILABLE, FailureClass.UNAVAILABLE);
    expected.put(Fault.REJECTED, FailureClass.REJECTED);
    expected.put(Fault.CREDENTIALS_REJECTED, FailureClass.REJECTED);
    expected.put(Fault.LOST_BEFORE_PROCESSING, FailureClass.UNKNOWN_OUTCOME);
    expected.put(Fault.PROCESSED_RESPONSE_LOST, FailureClass.UNKNOWN_OUTCOME);
    expected.put(Fault.MALFORMED, FailureClass.UNKNOWN_OUTCOME);
    for (Fault f : Fault.values()) {
      assertThat(f.failureClass()).isEqualTo(Optional.ofNullable(expected.get(f)));
      // The invariant that makes failover safe: a fault that charges never allows failover.
      if (f.applies() && f.failureClass().isPresent()) {
        assertThat(f.failureClass().get().knownNotProcessed()).isFalse();
      }
    }
  }
}
