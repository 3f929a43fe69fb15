package io.ottu.webhooks.alerts;

import io.ottu.AdminEvent;
import io.ottu.AdminListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns operators' changes to a running client into {@link Alert.Type#ADMIN_CHANGE} alerts, so the
 * on-call channel sees a gateway taken out of routing or a circuit forced open: register it with
 * {@code PaymentClient.builder().adminListener(...)}. Disabling a gateway and forcing a circuit
 * open are warnings; the rest is information. Reconciler runs are not alerted. Thread-safe.
 */
public final class AlertingAdminListener implements AdminListener {
  private final AlertSink sink;

  /** A listener sending to {@code sink}. */
  public AlertingAdminListener(AlertSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void onAdminEvent(AdminEvent event) {
    Objects.requireNonNull(event, "event");
    Alert.Severity severity =
        switch (event.type()) {
          case GATEWAY_DISABLED, CIRCUIT_OPENED -> Alert.Severity.WARNING;
          case GATEWAY_ENABLED, CIRCUIT_CLOSED, ROUTING_CHANGED -> Alert.Severity.INFO;
          case RECONCILIATION_RUN -> null;
        };
    if (severity == null) {
      return;
    }
    String subject = event.gatewayId() == null ? "" : event.gatewayId();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("change", event.type().name());
    if (event.gatewayId() != null) {
      attrs.put("gateway", event.gatewayId());
    }
    AlertSink.sendQuietly(
        sink,
        Alert.of(
            Alert.Type.ADMIN_CHANGE,
            severity,
            subject,
            event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (subject.isEmpty() ? "" : " (" + subject + ")")
                + (event.detail().isEmpty() ? "" : ": " + event.detail()),
            event.at(),
            attrs));
  }

  @Override
  public String toString() {
    return "AlertingAdminListener[" + sink + "]";
  }
}
