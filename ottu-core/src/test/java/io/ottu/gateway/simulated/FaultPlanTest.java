package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.gateway.GatewayOperation;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  private static SimulatedCall call(GatewayOperation op) {
    return new SimulatedCall(
        "sim", op, "p1", "order-p1", "k1", usd("1.00"), new SplittableRandom(1));
  }

  @Test
  void noneAndAlways() {
    assertThat(FaultPlan.none().decide(call(GatewayOperation.AUTHORIZE))).isEqualTo(Fault.NONE);
    assertThat(FaultPlan.always(Fault.SLOW).decide(call(GatewayOperation.AUTHORIZE)))
        .isEqualTo(Fault.SLOW);
    assertThat(FaultPlan.always(Fault.SLOW).toString()).isEqualTo("FaultPlan.always(SLOW)");
  }

  @Test
  void sequenceRunsOnceThenNone() {
    FaultPlan plan = FaultPlan.sequence(Fault.NOT_SENT, Fault.MALFORMED);
    SimulatedCall c = call(GatewayOperation.CAPTURE);

    assertThat(plan.decide(c)).isEqualTo(Fault.NOT_SENT);
    assertThat(plan.decide(c)).isEqualTo(Fault.MALFORMED);
    assertThat(plan.decide(c)).isEqualTo(Fault.NONE);
    assertThat(plan.decide(c)).isEqualTo(Fault.NONE);
  }

  @Test
  void onlyForAndOrElseCompose() {
    FaultPlan plan =
        FaultPlan.always(Fault.UNAVAILABLE)
            .onlyFor(GatewayOperation.REFUND)
            .orElse(FaultPlan.always(Fault.SLOW).onlyFor(GatewayOperation.CAPTURE));

    assertThat(plan.decide(call(GatewayOperation.REFUND))).isEqualTo(Fault.UNAVAILABLE);
    assertThat(plan.decide(call(GatewayOperation.CAPTURE))).isEqualTo(Fault.SLOW);
    assertThat(plan.decide(call(GatewayOperation.AUTHORIZE))).isEqualTo(Fault.NONE);
    assertThat(plan.toString()).contains("REFUND", "CAPTURE", "orElse");
  }

  @Test
  void randomDrawsFromTheCallsGenerator() {
    FaultPlan plan = FaultPlan.random(Map.of(Fault.NOT_SENT, 0.25, Fault.UNAVAILABLE, 0.25));
    SplittableRandom random = new SplittableRandom(9);
    int notSent = 0;
    int none = 0;
    for (int i = 0; i < 10_000; i++) {
      Fault f =
          plan.decide(
              new SimulatedCall(
                  "sim", GatewayOperation.AUTHORIZE, "p", null, "k", usd("1.00"), random));
      if (f == Fault.NOT_SENT) {
        notSent++;
      } else if (f == Fault.NONE) {
        none++;
      }
    }
    assertThat(notSent).isBetween(2_500 - 220, 2_500 + 220);
    assertThat(none).isBetween(5_000 - 250, 5_000 + 250);
  }

  @Test
  void invalidPlansAreRefused() {
    assertThatThrownBy(() -> FaultPlan.random(Map.of(Fault.NOT_SENT, 0.7, Fault.MALFORMED, 0.4)))
        .hasMessageContaining("at most 1");
    assertThatThrownBy(() -> FaultPlan.random(Map.of(Fault.NONE, 0.1)))
        .hasMessageContaining("NONE");
    assertThatThrownBy(() -> FaultPlan.withProbability(Fault.SLOW, 1.1))
        .hasMessageContaining("within 0 and 1");
    assertThatThrownBy(() -> FaultPlan.none().onlyFor())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            FaultPlan.random(Map.of(Fault.NOT_SENT, 0.1, Fault.SLOW, 0.2, Fault.MALFORMED, 0.7))
                .decide(call(GatewayOperation.AUTHORIZE)))
        .isNotNull();
  }

  @Test
  void callCarriesTheReferenceWhenPresent() {
    assertThat(call(GatewayOperation.AUTHORIZE).referenceOptional()).hasValue("order-p1");
  }
}
