package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ottu.gateway.GatewayException;
import io.ottu.metrics.MicrometerPaymentMetrics;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void paymentsGatewayCallsAndCircuitsAreMetered() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ScriptedGateway gw = ScriptedGateway.approving("gw");
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(gw)
            .metrics(MicrometerPaymentMetrics.of(registry))
            .defaultPolicy(
                GatewayPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build())
            .listener(
                e -> {
                  throw new IllegalStateException("boom");
                })
            .build()) {
      PaymentRequest r =
          PaymentRequest.builder()
              .amount(Money.of("1.00", "USD"))
              .source(PaymentSource.card(TestCards.visa()))
              .reference("m")
              .build();
      Payment p = c.payments().authorize(r);
      c.payments().capture(p.id(), Money.of("1.00", "USD"));
      gw.onAuthorize(ScriptedGateway.fail(GatewayException.notSent("gw", "refused", null)));
      c.payments().authorize(r.toBuilder().source(PaymentSource.card(TestCards.visa())).build());
    }
    assertThat(
            registry
                .get("ottu.payments")
                .tags("operation", "authorize", "status", "authorized", "currency", "USD")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("ottu.gateway.requests")
                .tags("gateway", "gw", "operation", "authorize", "outcome", "not_sent")
                .timer()
                .count())
        .isEqualTo(3);
    assertThat(
            registry
                .get("ottu.gateway.requests")
                .tags("gateway", "gw", "operation", "capture", "outcome", "approved")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("ottu.gateway.circuit").tags("gateway", "gw").gauge().value()).isZero();
    assertThat(registry.get("ottu.listener.failures").counter().count()).isGreaterThan(2);
  }
}
