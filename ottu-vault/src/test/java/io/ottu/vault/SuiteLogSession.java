package io.ottu.vault;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.LoggerFactory;

/**
 * Opens the suite's log at the start of every test JVM, so that slf4j-simple truncates the log file
 * of the previous run even if no test logs anything, and {@link SuiteLogScanTest} never reads a
 * stale file.
 */
public class SuiteLogSession implements LauncherSessionListener {
  /** Called by the JUnit Platform through {@code META-INF/services}. */
  public SuiteLogSession() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    LoggerFactory.getLogger(SuiteLogSession.class).info("vault test session started");
  }
}
