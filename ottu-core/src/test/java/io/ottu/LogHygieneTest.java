package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.testing.LogScanner;
import io.ottu.testing.TestCards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution after the module's other tests (see the parent pom): no test
 * card number may appear in anything the module's suite logged.
 */
class LogHygieneTest {
  @Test
  void noCardNumberReachedAnyLog() {
    List<Path> logs = LogScanner.moduleLogs(Path.of("target"));
    assertThat(logs).as("the suite's log files").isNotEmpty();
    assertThat(logs.stream().anyMatch(Files::isRegularFile)).isTrue();
    assertThat(LogScanner.findings(logs, TestCards.ALL)).isEmpty();
  }

  @Test
  void theScannerFindsACardNumberWhenOneIsThere() throws Exception {
    Path planted = Files.createTempFile("planted", ".log");
    try {
      Files.writeString(planted, "oops " + TestCards.VISA + " leaked");
      assertThat(LogScanner.findings(List.of(planted), TestCards.ALL))
          .singleElement()
          .asString()
          .contains("ending in 4242")
          .doesNotContain(TestCards.VISA);
    } finally {
      Files.delete(planted);
    }
  }
}
