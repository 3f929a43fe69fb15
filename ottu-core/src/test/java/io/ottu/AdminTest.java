package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.audit.AuditLog;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.GatewayException;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.routing.CircuitState;
import io.ottu.routing.Routing;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AdminTest {
  private final ScriptedGateway a = ScriptedGateway.approving("a");
  private final ScriptedGateway b = ScriptedGateway.approving("b");
  private final List<AdminEvent> events = new CopyOnWriteArrayList<>();
  private final AuditLog audit = AuditLog.inMemory();

  private PaymentClient client() {
    return PaymentClient.builder()
        .gateway(a)
        .gateway(b)
        .routing(Routing.configured())
        .defaultPolicy(
            GatewayPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build())
        .adminListener(events::add)
        .auditLog(audit)
        .build();
  }

  private static PaymentRequest request() {
    return PaymentRequest.builder()
        .amount(Money.of("3.00", "USD"))
        .source(PaymentSource.card(TestCards.visa()))
        .reference("order-a")
        .build();
  }

  @Test
  void disablingAGatewayTakesItOutOfRoutingAndIsRecorded() {
    try (PaymentClient c = client()) {
      c.admin().disable("a");
      Payment p = c.payments().authorize(request());
      assertThat(p.gatewayId()).contains("b");
      assertThat(p.routing().orElseThrow().skipped())
          .anySatisfy(s -> assertThat(s.reason()).contains("disabled"));
      assertThat(a.calls).isEmpty();
      c.admin().enable("a");
      assertThat(c.payments().authorize(request()).gatewayId()).contains("a");
      assertThat(events)
          .extracting(AdminEvent::type)
          .containsExactly(AdminEvent.Type.GATEWAY_DISABLED, AdminEvent.Type.GATEWAY_ENABLED);
      assertThat(audit.records())
          .anySatisfy(r -> assertThat(r.event().action()).isEqualTo("admin.gateway_disabled"))
          .anySatisfy(r -> assertThat(r.event().action()).isEqualTo("payment.authorized"));
      assertThat(audit.verify().intact()).isTrue();
    }
  }

  @Test
  void routingSwapsAtomically() {
    try (PaymentClient c = client()) {
      c.admin().routing(Routing.priority("b"));
      assertThat(c.payments().authorize(request()).gatewayId()).contains("b");
      assertThat(events)
          .extracting(AdminEvent::type)
          .containsExactly(AdminEvent.Type.ROUTING_CHANGED);
    }
  }

  @Test
  void healthReportsCircuitRatesLatencyAndErrors() {
    try (PaymentClient c = client()) {
      for (int i = 0; i < 5; i++) {
        c.payments().authorize(request());
      }
      a.onAuthorize(
          ScriptedGateway.fail(GatewayException.unavailable("a", "maintenance", 503, null)));
      c.payments().authorize(request());
      GatewayHealth h = c.admin().health("a");
      assertThat(h.enabled()).isTrue();
      assertThat(h.circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(h.samples()).isGreaterThan(5);
      assertThat(h.approvalRate()).isBetween(0.5, 0.9);
      assertThat(h.recentErrors())
          .first()
          .asString()
          .contains("UNAVAILABLE")
          .contains("maintenance");
      assertThat(h.latencyP95()).isGreaterThanOrEqualTo(h.latencyP50());
      assertThat(c.admin().health()).extracting(GatewayHealth::gatewayId).containsExactly("a", "b");

      c.admin().openCircuit("a");
      assertThat(c.admin().health("a").circuit()).isEqualTo(CircuitState.OPEN);
      long before = a.count(AuthorizeRequest.class);
      assertThat(c.payments().authorize(request()).gatewayId()).contains("b");
      assertThat(a.count(AuthorizeRequest.class)).isEqualTo(before);
      c.admin().closeCircuit("a");
      assertThat(c.admin().health("a").circuit()).isEqualTo(CircuitState.CLOSED);
      assertThatThrownBy(() -> c.admin().health("zzz"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("zzz");
    }
  }
}
