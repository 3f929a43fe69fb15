package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.gateway.GatewayResult;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchTest {
  @Test
  void everyItemGetsItsOwnResultWithBoundedConcurrency() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    ScriptedGateway gw = ScriptedGateway.approving("gw");
    gw.onAuthorize(
        r -> {
          int n = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(n, Math::max);
          try {
            // Give the other batch items time to pile up behind the concurrency bound.
            for (int i = 0; i < 1000; i++) {
              Thread.onSpinWait();
            }
            return r.capture()
                ? GatewayResult.captured(gw.ref(), r.amount())
                : GatewayResult.authorized(gw.ref(), r.amount());
          } finally {
            inFlight.decrementAndGet();
          }
        });
    try (PaymentClient c = PaymentClient.builder().gateway(gw).build()) {
      List<PaymentRequest> requests = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        requests.add(
            PaymentRequest.builder()
                .amount(Money.of("1.00", "USD"))
                .source(PaymentSource.card(TestCards.visa()))
                .reference("batch-" + i)
                .idempotencyKey(i == 7 ? "dup" : "k" + i)
                .build());
      }
      // Item 8 reuses item 7's key with another amount: it fails, alone.
      requests.set(
          8,
          requests.get(8).toBuilder()
              .idempotencyKey("dup")
              .amount(Money.of("2.00", "USD"))
              .build());
      List<BatchOptions.Progress> progress = new CopyOnWriteArrayList<>();
      BatchResult r =
          c.payments()
              .batch(requests, BatchOptions.concurrency(4).purchase().onProgress(progress::add));
      assertThat(r.items()).hasSize(200);
      assertThat(r.failed()).isEqualTo(1);
      // Whichever of the two ran second lost the key.
      BatchResult.Item loser = r.items().get(7).failed() ? r.items().get(7) : r.items().get(8);
      assertThat(loser.error()).isInstanceOf(IdempotencyConflictException.class);
      assertThat(r.items().get(0).payment().status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(r.items().get(199).reference()).isEqualTo("batch-199");
      assertThat(maxInFlight.get()).isBetween(1, 4);
      assertThat(progress).hasSize(200);
      assertThat(progress.stream().mapToInt(BatchOptions.Progress::done).max().orElse(0))
          .isEqualTo(200);
    }
  }

  @Test
  void badArgumentsAreRefused() {
    try (PaymentClient c =
        PaymentClient.builder().gateway(ScriptedGateway.approving("gw")).build()) {
      assertThatThrownBy(() -> c.payments().batch(null, BatchOptions.concurrency(2)))
          .isInstanceOf(InvalidRequestException.class);
      List<PaymentRequest> withNull = new ArrayList<>();
      withNull.add(null);
      assertThatThrownBy(() -> c.payments().batch(withNull, BatchOptions.concurrency(2)))
          .hasMessageContaining("requests[0]");
      assertThatThrownBy(() -> BatchOptions.concurrency(0)).hasMessageContaining("concurrency");
    }
  }
}
