package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.testing.MutableClock;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final ScriptedGateway gw = ScriptedGateway.approving("gw");
  private final AtomicReference<Optional<GatewayResult>> lookupAnswer =
      new AtomicReference<>(Optional.empty());

  private PaymentClient client() {
    gw.onLookup(r -> lookupAnswer.get());
    return PaymentClient.builder()
        .gateway(gw)
        .clock(clock)
        .defaultPolicy(GatewayPolicy.builder().maxRetries(0).build())
        .notFoundHorizon(Duration.ofMinutes(10))
        .stalePendingAfter(Duration.ofMinutes(5))
        .reconcileBackoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
        .build();
  }

  private static PaymentRequest request() {
    return PaymentRequest.builder()
        .amount(Money.of("7.00", "USD"))
        .source(PaymentSource.card(TestCards.visa()))
        .reference("order-r")
        .build();
  }

  @Test
  void settlesAnUnknownPaymentWhenTheGatewayConfirmsIt() {
    gw.onAuthorize(ScriptedGateway.fail(GatewayException.unknownOutcome("gw", "timeout", 0, null)));
    try (PaymentClient c = client()) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);

      ReconciliationReport nothing = c.reconciler().run();
      assertThat(nothing.examined()).isEqualTo(1);
      assertThat(nothing.stillOpen()).isEqualTo(1);
      assertThat(c.payments().get(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);

      // Backed off: not checked again until a minute has passed.
      lookupAnswer.set(Optional.of(GatewayResult.authorized("gw-9", Money.of("7.00", "USD"))));
      assertThat(c.reconciler().run().deferred()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(2));
      ReconciliationReport r = c.reconciler().run();
      assertThat(r.settled()).isEqualTo(1);
      assertThat(r.statusesAfter()).containsEntry(PaymentStatus.AUTHORIZED, 1);
      assertThat(c.payments().get(p.id()).orElseThrow().gatewayReference()).contains("gw-9");
    }
  }

  @Test
  void neverGuessesButClosesWhatTheGatewayNeverSawAfterTheHorizon() {
    gw.onAuthorize(ScriptedGateway.fail(GatewayException.unknownOutcome("gw", "timeout", 0, null)));
    try (PaymentClient c = client()) {
      Payment p = c.payments().authorize(request());
      c.reconciler().run();
      assertThat(c.payments().get(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
      clock.advance(Duration.ofMinutes(11));
      c.reconciler().run();
      Payment closed = c.payments().get(p.id()).orElseThrow();
      assertThat(closed.status()).isEqualTo(PaymentStatus.FAILED);
      assertThat(closed.failure().orElseThrow().code()).isEqualTo("not_processed");
    }
  }

  @Test
  void aLookupThatFailsLeavesThePaymentUnknown() {
    gw.onAuthorize(ScriptedGateway.fail(GatewayException.unknownOutcome("gw", "timeout", 0, null)));
    try (PaymentClient c = client()) {
      Payment p = c.payments().authorize(request());
      gw.onLookup(
          r -> {
            throw GatewayException.unavailable("gw", "down", 503, null);
          });
      clock.advance(Duration.ofHours(1));
      c.reconciler().run();
      assertThat(c.payments().get(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.UNKNOWN);
    }
  }

  @Test
  void settlesStalePendingPaymentsAndOperations() {
    gw.onAuthorize(r -> GatewayResult.pending("gw-p"));
    try (PaymentClient c = client()) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.PENDING);
      lookupAnswer.set(Optional.of(GatewayResult.authorized("gw-p", Money.of("7.00", "USD"))));
      assertThat(c.reconciler().run().deferred()).isEqualTo(1); // not stale yet
      clock.advance(Duration.ofMinutes(6));
      c.reconciler().run();
      assertThat(c.payments().get(p.id()).orElseThrow().status())
          .isEqualTo(PaymentStatus.AUTHORIZED);

      gw.onCapture(r -> GatewayResult.pending(r.gatewayReference()));
      c.payments().capture(p.id(), Money.of("7.00", "USD"));
      gw.onLookup(
          r ->
              r.operation() == GatewayOperation.CAPTURE
                  ? Optional.of(GatewayResult.captured("gw-p", r.amount()))
                  : Optional.empty());
      clock.advance(Duration.ofMinutes(6));
      c.reconciler().run();
      Payment after = c.payments().get(p.id()).orElseThrow();
      assertThat(after.status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(after.hasOpenTransactions()).isFalse();
    }
  }

  @Test
  void neverClosesAnOperationTheGatewayAcknowledgedAsPending() {
    try (PaymentClient c = client()) {
      Payment p = c.payments().authorize(request());
      gw.onCapture(
          r -> GatewayResult.pending(r.gatewayReference()).withTransactionReference("act_1"));
      c.payments().capture(p.id(), Money.of("7.00", "USD"));
      lookupAnswer.set(Optional.empty()); // some gateways list an operation only once processed
      clock.advance(Duration.ofHours(2));
      c.reconciler().run();
      Payment after = c.payments().get(p.id()).orElseThrow();
      assertThat(after.hasOpenTransactions()).isTrue();
      assertThat(after.capturableAmount().isZero()).isTrue();
    }
  }

  @Test
  void expiresAbandonedActions() {
    gw.onAuthorize(
        r -> GatewayResult.actionRequired("gw-a", NextAction.redirect("https://acs.example/a")));
    try (PaymentClient c = client()) {
      Payment p = c.payments().authorize(request());
      lookupAnswer.set(
          Optional.of(
              GatewayResult.actionRequired("gw-a", NextAction.redirect("https://acs.example/a"))));
      clock.advance(Duration.ofMinutes(16));
      c.reconciler().run();
      assertThat(c.payments().get(p.id()).orElseThrow().status()).isEqualTo(PaymentStatus.EXPIRED);
    }
  }

  @Test
  void runsOnAScheduleWithoutBlockingTheTimerThread() throws Exception {
    gw.onAuthorize(ScriptedGateway.fail(GatewayException.unknownOutcome("gw", "timeout", 0, null)));
    lookupAnswer.set(Optional.of(GatewayResult.authorized("gw-s", Money.of("7.00", "USD"))));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (PaymentClient c = client()) {
      gw.onLookup(r -> Optional.empty());
      Payment p = c.payments().authorize(request());
      gw.onLookup(r -> lookupAnswer.get());
      var handle = c.reconciler().schedule(scheduler, Duration.ofMillis(20));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> c.payments().get(p.id()).orElseThrow().status() == PaymentStatus.AUTHORIZED);
      handle.cancel(false);
    } finally {
      scheduler.shutdownNow();
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    }
  }
}
