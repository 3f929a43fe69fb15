package io.ottu.webhooks;

import io.ottu.webhooks.alerts.Alert;
import io.ottu.webhooks.alerts.AlertSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records alerts. Thread-safe. */
final class RecordingAlertSink implements AlertSink {
  final List<Alert> alerts = new CopyOnWriteArrayList<>();

  @Override
  public void send(Alert alert) {
    alerts.add(alert);
  }

  List<Alert> of(Alert.Type type) {
    return alerts.stream().filter(a -> a.type() == type).toList();
  }
}
