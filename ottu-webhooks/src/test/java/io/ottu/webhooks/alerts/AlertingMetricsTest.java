package io.ottu.webhooks.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.AdminEvent;
import io.ottu.Attempt.Outcome;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayOperation;
import io.ottu.metrics.PaymentMetrics;
import io.ottu.routing.CircuitState;
import io.ottu.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlertingMetricsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final List<String> delegated = new CopyOnWriteArrayList<>();
  private final PaymentMetrics recording =
      new PaymentMetrics() {
        @Override
        public void gatewayCall(String g, GatewayOperation op, Outcome outcome, Duration took) {
          delegated.add("call " + g + " " + outcome);
        }

        @Override
        public void circuitState(String g, CircuitState state) {
          delegated.add("circuit " + g + " " + state);
        }

        @Override
        public void paymentOperation(String op, PaymentStatus s, String currency, Duration took) {
          delegated.add("op " + op);
        }

        @Override
        public void listenerFailure() {
          delegated.add("listener");
        }
      };

  private AlertingMetrics metrics() {
    return AlertingMetrics.builder()
        .delegate(recording)
        .sink(alerts::add)
        .clock(clock)
        .threshold(0.8)
        .minimumCalls(20)
        .window(Duration.ofMinutes(5))
        .build();
  }

  private static List<Alert.Type> types(List<Alert> alerts) {
    return alerts.stream().map(Alert::type).toList();
  }

  @Test
  void aCircuitOpeningAlertsOnceAndClosingSaysSo() {
    AlertingMetrics m = metrics();

    m.circuitState("stripe", CircuitState.OPEN);
    m.circuitState("stripe", CircuitState.OPEN);
    m.circuitState("stripe", CircuitState.HALF_OPEN);
    m.circuitState("stripe", CircuitState.CLOSED);
    m.circuitState("adyen", CircuitState.CLOSED);

    assertThat(types(alerts)).containsExactly(Alert.Type.CIRCUIT_OPENED, Alert.Type.CIRCUIT_CLOSED);
    assertThat(alerts.get(0).severity()).isEqualTo(Alert.Severity.CRITICAL);
    assertThat(alerts.get(0).subject()).isEqualTo("stripe");
    assertThat(delegated).hasSize(5).allMatch(s -> s.startsWith("circuit "));
  }

  @Test
  void aDropInSuccessRateAlertsOncePerCrossing() {
    AlertingMetrics m = metrics();
    for (int i = 0; i < 20; i++) {
      m.gatewayCall("stripe", GatewayOperation.AUTHORIZE, Outcome.APPROVED, Duration.ofMillis(1));
    }
    for (int i = 0; i < 10; i++) {
      m.gatewayCall("stripe", GatewayOperation.AUTHORIZE, Outcome.DECLINED, Duration.ofMillis(1));
    }
    assertThat(alerts).as("declines are answers, not failures").isEmpty();

    for (int i = 0; i < 20; i++) {
      m.gatewayCall(
          "stripe", GatewayOperation.AUTHORIZE, Outcome.UNAVAILABLE, Duration.ofMillis(1));
      m.gatewayCall("stripe", GatewayOperation.AUTHORIZE, Outcome.NOT_FOUND, Duration.ofMillis(1));
    }
    assertThat(types(alerts)).containsExactly(Alert.Type.SUCCESS_RATE_DROPPED);
    Alert dropped = alerts.get(0);
    assertThat(dropped.severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(dropped.attributes()).containsEntry("gateway", "stripe").containsKey("success_rate");
    assertThat(Double.parseDouble(dropped.attributes().get("success_rate"))).isLessThan(0.8);

    // The bad calls age out of the window; new good ones bring the rate back.
    clock.advance(Duration.ofMinutes(6));
    for (int i = 0; i < 25; i++) {
      m.gatewayCall("stripe", GatewayOperation.AUTHORIZE, Outcome.APPROVED, Duration.ofMillis(1));
    }
    assertThat(types(alerts))
        .containsExactly(Alert.Type.SUCCESS_RATE_DROPPED, Alert.Type.SUCCESS_RATE_RECOVERED);
    assertThat(delegated).hasSize(20 + 10 + 40 + 25);
  }

  @Test
  void fewCallsAreNotJudged() {
    AlertingMetrics m = metrics();
    for (int i = 0; i < 19; i++) {
      m.gatewayCall(
          "adyen", GatewayOperation.CAPTURE, Outcome.UNKNOWN_OUTCOME, Duration.ofMillis(1));
    }
    assertThat(alerts).isEmpty();
    m.gatewayCall("adyen", GatewayOperation.CAPTURE, Outcome.UNKNOWN_OUTCOME, Duration.ofMillis(1));
    assertThat(types(alerts)).containsExactly(Alert.Type.SUCCESS_RATE_DROPPED);
  }

  @Test
  void declinesCanBeCountedAsFailures() {
    AlertingMetrics m =
        AlertingMetrics.builder()
            .sink(alerts::add)
            .clock(clock)
            .countDeclinesAsFailures(true)
            .minimumCalls(5)
            .build();
    for (int i = 0; i < 5; i++) {
      m.gatewayCall("tap", GatewayOperation.AUTHORIZE, Outcome.DECLINED, Duration.ofMillis(1));
    }
    assertThat(types(alerts)).containsExactly(Alert.Type.SUCCESS_RATE_DROPPED);
  }

  @Test
  void otherMeasurementsPassThroughAndASinkThatThrowsIsContained() {
    AlertingMetrics m =
        AlertingMetrics.builder()
            .delegate(recording)
            .sink(
                a -> {
                  throw new IllegalStateException("pager down");
                })
            .build();

    m.paymentOperation("authorize", PaymentStatus.AUTHORIZED, "KWD", Duration.ofMillis(3));
    m.listenerFailure();
    m.circuitState("stripe", CircuitState.OPEN);

    assertThat(delegated).containsExactly("op authorize", "listener", "circuit stripe OPEN");
    assertThatThrownBy(() -> AlertingMetrics.builder().build()).hasMessageStartingWith("sink:");
  }

  @Test
  void operatorsChangesBecomeAlerts() {
    AlertingAdminListener l = new AlertingAdminListener(alerts::add);
    Instant at = clock.instant();

    l.onAdminEvent(new AdminEvent(AdminEvent.Type.GATEWAY_DISABLED, "stripe", "maintenance", at));
    l.onAdminEvent(new AdminEvent(AdminEvent.Type.RECONCILIATION_RUN, null, "", at));
    l.onAdminEvent(new AdminEvent(AdminEvent.Type.ROUTING_CHANGED, null, "smart", at));

    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).type()).isEqualTo(Alert.Type.ADMIN_CHANGE);
    assertThat(alerts.get(0).severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(alerts.get(0).message()).isEqualTo("gateway disabled (stripe): maintenance");
    assertThat(alerts.get(0).at()).isEqualTo(at);
    assertThat(alerts.get(1).severity()).isEqualTo(Alert.Severity.INFO);
  }
}
