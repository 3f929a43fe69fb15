package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.internal.GatewayKeys;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private final ScriptedGateway gw = ScriptedGateway.approving("gw");
  private final PaymentClient client = PaymentClient.builder().gateway(gw).build();

  @AfterEach
  void close() {
    client.close();
  }

  private static PaymentRequest request(String key, String amount) {
    return PaymentRequest.builder()
        .amount(Money.of(amount, "USD"))
        .source(PaymentSource.card(TestCards.visa()))
        .reference("order-7")
        .idempotencyKey(key)
        .build();
  }

  @Test
  void theSameKeyAndRequestReturnTheSamePaymentWithoutASecondCall() {
    Payment first = client.payments().authorize(request("k1", "10.00"));
    Payment again = client.payments().authorize(request("k1", "10.00"));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(gw.count(AuthorizeRequest.class)).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherRequestIsAConflictAndChangesNothing() {
    Payment first = client.payments().authorize(request("k2", "10.00"));
    assertThatThrownBy(() -> client.payments().authorize(request("k2", "11.00")))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("k2")
        .satisfies(
            e -> assertThat(((IdempotencyConflictException) e).paymentId()).isEqualTo(first.id()));
    assertThatThrownBy(() -> client.payments().purchase(request("k2", "10.00")))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(client.payments().get(first.id()).orElseThrow()).isEqualTo(first);
    assertThat(gw.count(AuthorizeRequest.class)).isEqualTo(1);
  }

  @Test
  void sixtyFourThreadsWithOneKeyMakeExactlyOneGatewayCall() throws Exception {
    CountDownLatch gatewayEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    gw.onAuthorize(
        r -> {
          gatewayEntered.countDown();
          try {
            // Hold the first call inside the gateway so the others arrive while it is in flight.
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return GatewayResult.authorized("ref-1", r.amount());
        });
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Payment>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return client.payments().authorize(request("same-key", "10.00"));
                }));
      }
      start.countDown();
      assertThat(gatewayEntered.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      Set<String> ids = ConcurrentHashMap.newKeySet();
      for (Future<Payment> f : futures) {
        Payment p = f.get(10, TimeUnit.SECONDS);
        ids.add(p.id());
        assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      }
      assertThat(ids).hasSize(1);
      assertThat(gw.count(AuthorizeRequest.class)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void gatewayKeysAreDerivedDeterministically() {
    Payment p = client.payments().authorize(request("k3", "10.00"));
    AuthorizeRequest sent = (AuthorizeRequest) gw.calls.get(0);
    assertThat(sent.idempotencyKey())
        .isEqualTo(GatewayKeys.derive(p.id(), GatewayOperation.AUTHORIZE, 1, "gw", 1))
        .hasSizeLessThanOrEqualTo(64);
    assertThat(GatewayKeys.derive(p.id(), GatewayOperation.AUTHORIZE, 1, "gw", 1))
        .isEqualTo(sent.idempotencyKey());
    assertThat(GatewayKeys.derive(p.id(), GatewayOperation.CAPTURE, 1, "gw", 1))
        .isNotEqualTo(sent.idempotencyKey());
    assertThat(p.transactions().get(0).gatewayIdempotencyKey()).isEqualTo(sent.idempotencyKey());
  }

  @Test
  void followUpsAreIdempotentByKey() {
    Payment p = client.payments().authorize(request("k4", "10.00"));
    client.payments().capture(p.id(), Money.of("3.00", "USD"), "cap-1");
    Payment again = client.payments().capture(p.id(), Money.of("3.00", "USD"), "cap-1");
    assertThat(again.capturedAmount()).isEqualTo(Money.of("3.00", "USD"));
    assertThat(gw.count(CaptureRequest.class)).isEqualTo(1);
    assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("4.00", "USD"), "cap-1"))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("cap-1");
    Payment second = client.payments().capture(p.id(), Money.of("4.00", "USD"), "cap-2");
    assertThat(second.capturedAmount()).isEqualTo(Money.of("7.00", "USD"));
    List<CaptureRequest> captures =
        gw.calls.stream()
            .filter(CaptureRequest.class::isInstance)
            .map(c -> (CaptureRequest) c)
            .toList();
    assertThat(captures.get(0).idempotencyKey()).isNotEqualTo(captures.get(1).idempotencyKey());
  }
}
