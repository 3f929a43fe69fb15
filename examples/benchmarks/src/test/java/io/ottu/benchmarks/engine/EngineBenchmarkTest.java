package io.ottu.benchmarks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.simulated.SimulatedGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark's set-up and operations work outside JMH (no timing here). */
class EngineBenchmarkTest {
  private final EngineBenchmark benchmark = new EngineBenchmark();

  @ParameterizedTest
  @CsvSource({
    "smart,false,inMemory",
    "smart,true,inMemory",
    "configured,false,inMemory",
    "configured,true,recent",
    "smart,true,recent"
  })
  void purchaseCapturesEveryPaymentOnce(String routing, boolean idempotencyKey, String store) {
    EngineBenchmark.Engine engine = new EngineBenchmark.Engine();
    engine.routing = routing;
    engine.idempotencyKey = idempotencyKey;
    engine.store = store;
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
  void theRecentStoreKeepsOnlyTheLatestPayments() {
    RecentPaymentStore store = new RecentPaymentStore(10);
    try (PaymentClient client =
        PaymentClient.builder()
            .gateway(SimulatedGateway.builder("sim").instant().build())
            .store(store)
            .build()) {
      List<Payment> made = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        made.add(
            client
                .payments()
                .purchase(
                    PaymentRequest.builder()
                        .amount(EngineBenchmark.AMOUNT)
                        .source(PaymentSource.card(EngineBenchmark.card()))
                        .reference("ord-" + i)
                        .idempotencyKey("key-" + i)
                        .build()));
      }
      Payment first = made.get(0);
      Payment last = made.get(24);
      assertThat(store.size()).isEqualTo(10);
      assertThat(client.payments().get(first.id())).isEmpty();
      assertThat(store.findByIdempotencyKey("key-0")).isEmpty();
      assertThat(client.payments().get(last.id())).contains(last);
      assertThat(store.findByIdempotencyKey("key-24")).contains(last);
      assertThat(store.findByReference("ord-24")).containsExactly(last);
      assertThat(last.status()).isEqualTo(PaymentStatus.CAPTURED);
    }
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
