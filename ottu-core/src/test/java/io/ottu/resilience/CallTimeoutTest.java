package io.ottu.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.Attempt;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.simulated.Fault;
import io.ottu.gateway.simulated.SimulatedGateway;
import io.ottu.internal.GatewayExecutor;
import io.ottu.metrics.PaymentMetrics;
import io.ottu.testing.TestCards;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code Gateway.callTimeout()}: an adapter that bounds its own calls spares the engine a timer per
 * call, but only when its bound is within the policy's timeout.
 */
class CallTimeoutTest {
  private static PaymentRequest request(String reference) {
    return PaymentRequest.builder()
        .amount(Money.of("25.00", "USD"))
        .source(PaymentSource.card(TestCards.visa()))
        .reference(reference)
        .build();
  }

  private static GatewayPolicy policy(Duration timeout) {
    return GatewayPolicy.builder().timeout(timeout).maxRetries(0).build();
  }

  private static GatewayExecutor executor(SimulatedGateway g, GatewayPolicy p) {
    return new GatewayExecutor(
        g,
        p,
        Clock.systemUTC(),
        PaymentMetrics.NONE,
        new io.ottu.internal.GatewayStatistics(Clock.systemUTC(), Duration.ofMinutes(30), 200));
  }

  @Test
  void anAdapterBoundWithinThePolicyReplacesTheEnginesTimer() {
    // The gateway records its waits instead of sleeping, so nothing here depends on timing.
    List<Duration> waits = new CopyOnWriteArrayList<>();
    SimulatedGateway g =
        SimulatedGateway.builder("sim")
            .instant()
            .latency(Duration.ofMillis(400))
            .callTimeout(Duration.ofMillis(50))
            .sleeper(waits::add)
            .build();
    assertThat(g.callTimeout()).contains(Duration.ofMillis(50));
    assertThat(executor(g, policy(Duration.ofSeconds(1))).boundsItsOwnCalls()).isTrue();

    try (PaymentClient c =
        PaymentClient.builder().gateway(g).defaultPolicy(policy(Duration.ofSeconds(1))).build()) {
      Payment p = c.payments().purchase(request("ord-bound"));
      // The gateway's own timeout ended the call: an unknown outcome, never a failover or a guess.
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(p.attempts().get(0).detail())
          .contains("no answer within the call timeout of 50 ms");
      // It waited out at most its own bound, never the 400 ms latency.
      assertThat(waits)
          .isNotEmpty()
          .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(50)));
    }
  }

  @Test
  void aLongerAdapterBoundIsStillCutAtThePolicysTimeout() {
    SimulatedGateway g =
        SimulatedGateway.builder("sim")
            .instant()
            .latency(Duration.ofSeconds(5))
            .callTimeout(Duration.ofSeconds(10))
            .build();
    GatewayPolicy quick = policy(Duration.ofMillis(50));
    assertThat(executor(g, quick).boundsItsOwnCalls()).isFalse();
    try (PaymentClient c = PaymentClient.builder().gateway(g).defaultPolicy(quick).build()) {
      Payment p = c.payments().purchase(request("ord-cut"));
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(p.failure().orElseThrow().message()).contains("no answer within 50 ms");
    }
  }

  @Test
  void withoutABoundTheEngineTimesEveryCall() {
    SimulatedGateway g = SimulatedGateway.builder("sim").instant().build();
    assertThat(g.callTimeout()).isEmpty();
    assertThat(executor(g, policy(Duration.ofSeconds(30))).boundsItsOwnCalls()).isFalse();
  }

  @Test
  void aSlowResponsePastTheBoundIsUnknownAndSettledByTheLookup() {
    SimulatedGateway g =
        SimulatedGateway.builder("sim")
            .instant()
            .slowResponseDelay(Duration.ofSeconds(5))
            .callTimeout(Duration.ofMillis(50))
            .build();
    g.injectFaults(GatewayOperation.PURCHASE, Fault.SLOW, 1);
    try (PaymentClient c =
        PaymentClient.builder().gateway(g).defaultPolicy(policy(Duration.ofSeconds(1))).build()) {
      Payment p = c.payments().purchase(request("ord-slow"));
      // The gateway charged before its response timed out; the engine treated the timeout as an
      // unknown outcome and looked the payment up instead of failing over or guessing.
      assertThat(p.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.UNKNOWN_OUTCOME);
      assertThat(p.attempts().get(0).detail())
          .contains("no answer within the call timeout of 50 ms");
      assertThat(p.attempts()).extracting(Attempt::operation).contains(GatewayOperation.LOOKUP);
      assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(g.ledger().chargesForPayment(p.id())).hasSize(1);
    }
  }

  @Test
  void theBoundMustBePositive() {
    assertThatThrownBy(() -> SimulatedGateway.builder("sim").callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callTimeout must be positive");
    assertThatThrownBy(() -> SimulatedGateway.builder("sim").callTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callTimeout");
  }
}
