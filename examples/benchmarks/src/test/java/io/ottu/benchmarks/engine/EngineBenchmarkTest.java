package io.ottu.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.Payment;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark's set-up and operations work outside JMH (no timing here). */
class EngineBenchmarkTest {
  private final EngineBenchmark benchmark = new EngineBenchmark();

  @ParameterizedTest
  @CsvSource({
    "smart,false,gateway,instant",
    "smart,true,gateway,instant",
    "smart,false,engine,instant",
    "smart,false,gateway,simulated",
    "smart,true,engine,simulated",
    "configured,false,gateway,instant",
    "configured,true,engine,simulated"
  })
  void purchaseCapturesEveryPaymentOnce(
      String routing, boolean idempotencyKey, String timer, String gateway) {
    EngineBenchmark.Engine engine = new EngineBenchmark.Engine();
    engine.routing = routing;
    engine.idempotencyKey = idempotencyKey;
    engine.timer = timer;
    engine.gateway = gateway;
    engine.newClient();
    EngineBenchmark.Sequence seq = new EngineBenchmark.Sequence();
    seq.prefix(engine);
    try {
      for (int i = 0; i < 100; i++) {
        Payment p = benchmark.purchase(engine, seq);
        assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(p.reference()).isEqualTo("ord-1-" + i);
        assertThat(p.idempotencyKey().isPresent()).isEqualTo(idempotencyKey);
        assertThat(engine.client.payments().get(p.id())).contains(p);
      }
    } finally {
      engine.closeClient();
    }
  }

  @Test
  void theTimerParameterDecidesWhoBoundsTheCalls() {
    EngineBenchmark.Engine engine = new EngineBenchmark.Engine();
    engine.routing = "smart";
    for (String gateway : new String[] {"instant", "simulated"}) {
      engine.gateway = gateway;
      engine.timer = "gateway";
      engine.newClient();
      engine.closeClient();
      assertThat(engine.built.callTimeout()).isPresent();
      engine.timer = "engine";
      engine.newClient();
      engine.closeClient();
      assertThat(engine.built.callTimeout()).isEmpty();
    }
    engine.timer = "nobody";
    org.assertj.core.api.Assertions.assertThatThrownBy(engine::newClient)
        .hasMessageContaining("timer: gateway or engine, was nobody");
    engine.timer = "engine";
    engine.gateway = "remote";
    org.assertj.core.api.Assertions.assertThatThrownBy(engine::newClient)
        .hasMessageContaining("gateway: instant or simulated, was remote");
  }

  @Test
  void instantFloorAnswersAtOnce() {
    EngineBenchmark.Floor floor = new EngineBenchmark.Floor();
    floor.gateway = "instant";
    floor.newGateway();
    EngineBenchmark.FloorSequence seq = new EngineBenchmark.FloorSequence();
    seq.prefix(floor);
    GatewayResult r = benchmark.gatewayFloor(floor, seq);
    assertThat(r.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(r.gatewayReference()).contains("in_pay_ord-1-0");
  }

  @Test
  void floorCallsTheGatewayAlone() {
    EngineBenchmark.Floor floor = new EngineBenchmark.Floor();
    floor.gateway = "simulated";
    floor.newGateway();
    EngineBenchmark.FloorSequence seq = new EngineBenchmark.FloorSequence();
    seq.prefix(floor);
    for (int i = 0; i < 100; i++) {
      assertThat(benchmark.gatewayFloor(floor, seq).type()).isEqualTo(GatewayResult.Type.CAPTURED);
    }
    assertThat(
            ((io.ottu.gateway.simulated.SimulatedGateway) floor.built)
                .ledger()
                .countAuthorizations())
        .isEqualTo(100);
  }
}
