package io.ottu.gateways.tap;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that keeps what it is given, so a test can read exactly what the adapter's
 * logging wrote, whatever the test JVM's logging configuration. Thread-safe.
 */
final class CapturingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final StringBuilder lines = new StringBuilder();

  CapturingLogger() {
    this.name = "tap-test";
  }

  /** Everything logged so far, one line per call. */
  synchronized String text() {
    return lines.toString();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected synchronized void handleNormalizedLoggingCall(
      Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
    lines
        .append(level)
        .append(' ')
        .append(MessageFormatter.basicArrayFormat(messagePattern, arguments))
        .append('\n');
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
