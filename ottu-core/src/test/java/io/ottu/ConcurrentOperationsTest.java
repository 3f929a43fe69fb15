package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentOperationsTest {
  private final ScriptedGateway gw = ScriptedGateway.approving("gw");
  private final PaymentClient client = PaymentClient.builder().gateway(gw).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(32);

  @AfterEach
  void close() {
    pool.shutdownNow();
    client.close();
  }

  private Payment authorize(String amount) {
    return client
        .payments()
        .authorize(
            PaymentRequest.builder()
                .amount(Money.of(amount, "USD"))
                .source(PaymentSource.card(TestCards.visa()))
                .reference("order-c")
                .build());
  }

  /** Runs {@code n} copies of {@code op} at once; returns how many succeeded. */
  private int race(int n, java.util.concurrent.Callable<Payment> op) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Payment>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return op.call();
              }));
    }
    start.countDown();
    int ok = 0;
    for (Future<Payment> f : futures) {
      try {
        f.get(20, TimeUnit.SECONDS);
        ok++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(PaymentStateException.class);
      }
    }
    return ok;
  }

  @Test
  void concurrentPartialCapturesNeverExceedTheAuthorization() throws Exception {
    Payment p = authorize("10.00");
    int ok = race(40, () -> client.payments().capture(p.id(), Money.of("0.50", "USD")));
    Payment after = client.payments().get(p.id()).orElseThrow();
    assertThat(ok).isEqualTo(20);
    assertThat(after.capturedAmount()).isEqualTo(Money.of("10.00", "USD"));
    assertThat(after.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(after.hasOpenTransactions()).isFalse();
  }

  @Test
  void concurrentRefundsNeverExceedTheCapture() throws Exception {
    Payment p = authorize("10.00");
    client.payments().capture(p.id(), Money.of("10.00", "USD"));
    int ok = race(40, () -> client.payments().refund(p.id(), Money.of("1.00", "USD")));
    Payment after = client.payments().get(p.id()).orElseThrow();
    assertThat(ok).isEqualTo(10);
    assertThat(after.refundedAmount()).isEqualTo(Money.of("10.00", "USD"));
    assertThat(after.status()).isEqualTo(PaymentStatus.REFUNDED);
  }

  @Test
  void captureAndCancelRacingLeaveAConsistentPayment() throws Exception {
    for (int round = 0; round < 20; round++) {
      Payment p = authorize("10.00");
      int ok =
          race(
              8,
              () ->
                  Math.random() < 0.5
                      ? client.payments().cancel(p.id())
                      : client.payments().capture(p.id(), Money.of("10.00", "USD")));
      Payment after = client.payments().get(p.id()).orElseThrow();
      assertThat(ok).isEqualTo(1);
      assertThat(after.status()).isIn(PaymentStatus.CANCELLED, PaymentStatus.CAPTURED);
      if (after.status() == PaymentStatus.CANCELLED) {
        assertThat(after.capturedAmount().isZero()).isTrue();
      }
    }
  }
}
