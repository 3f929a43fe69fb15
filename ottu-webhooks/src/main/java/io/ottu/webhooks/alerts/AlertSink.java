package io.ottu.webhooks.alerts;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where operational {@link Alert}s go: a signed webhook ({@link WebhookAlertSink}), a Slack-style
 * incoming webhook ({@link SlackAlertSink}), the host's pager, a log. Alerts are raised on threads
 * that do other work (payment calls, webhook deliveries), so {@link #send} must be thread-safe and
 * must not block: hand I/O to another thread, as the built-in sinks do. Exceptions it throws are
 * logged and dropped by callers in this library.
 */
@FunctionalInterface
public interface AlertSink {
  /** Drops every alert. */
  AlertSink NONE = alert -> {};

  /** Sends (or queues) one alert. */
  void send(Alert alert);

  /**
   * A sink that sends each alert to every one of {@code sinks}; one that throws does not stop the
   * others (the failure is logged).
   */
  static AlertSink all(AlertSink... sinks) {
    List<AlertSink> copy = List.of(sinks);
    return alert -> {
      for (AlertSink s : copy) {
        sendQuietly(s, alert);
      }
    };
  }

  /** Sends through {@code sink}, logging instead of throwing if it fails. */
  static void sendQuietly(AlertSink sink, Alert alert) {
    Objects.requireNonNull(sink, "sink");
    try {
      sink.send(alert);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(AlertSink.class)
          .warn("alert sink {} failed for {} {}: {}", sink, alert.type(), alert.id(), e.toString());
    }
  }

  /** A sink that writes each alert to SLF4J (WARN, or ERROR when critical). */
  static AlertSink logging() {
    Logger log = LoggerFactory.getLogger("io.ottu.alerts");
    return alert -> {
      if (alert.severity() == Alert.Severity.CRITICAL) {
        log.error(
            "{} [{}] {}: {}", alert.type(), alert.subject(), alert.message(), alert.attributes());
      } else {
        log.warn(
            "{} [{}] {}: {}", alert.type(), alert.subject(), alert.message(), alert.attributes());
      }
    };
  }
}
