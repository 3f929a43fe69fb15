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
    "smart,false,gateway",
    "smart,true,gateway",
    "smart,false,engine",
    "configured,false,gateway",
    "configured,true,engine"
  })
  void purchaseCapturesEveryPaymentOnce(String routing, boolean idempotencyKey, String timer) {
    EngineBenchmark.Engine engine = new EngineBenchmark.Engine();
    engine.routing = routing;
    engine.idempotencyKey = idempotencyKey;
    engine.timer = timer;
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
    engine.timer = "gateway";
    engine.newClient();
    engine.closeClient();
    assertThat(engine.gateway.callTimeout()).contains(java.time.Duration.ofSeconds(30));
    engine.timer = "engine";
    engine.newClient();
    engine.closeClient();
    assertThat(engine.gateway.callTimeout()).isEmpty();
    engine.timer = "nobody";
    org.assertj.core.api.Assertions.assertThatThrownBy(engine::newClient)
        .hasMessageContaining("timer: gateway or engine, was nobody");
  }

  @Test
  void floorCallsTheGatewayAlone() {
    EngineBenchmark.Floor floor = new EngineBenchmark.Floor();
    floor.newGateway();
    EngineBenchmark.FloorSequence seq = new EngineBenchmark.FloorSequence();
    seq.prefix(floor);
    for (int i = 0; i < 100; i++) {
      assertThat(benchmark.gatewayFloor(floor, seq).type()).isEqualTo(GatewayResult.Type.CAPTURED);
    }
    assertThat(floor.gateway.ledger().countAuthorizations()).isEqualTo(100);
  }
}
