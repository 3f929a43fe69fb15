package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.testing.LogScanner;
import io.ottu.testing.TestCards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution after the module's other tests (see the parent pom): no test
 * card number and no secret may appear in anything the module's suite logged.
 */
class LogHygieneTest {
  @Test
  void noCardNumberReachedAnyLog() {
    List<Path> logs = LogScanner.moduleLogs(Path.of("target"));
    assertThat(logs).as("the suite's log files").isNotEmpty();
    assertThat(LogScanner.findings(logs, TestCards.ALL)).isEmpty();
  }

  @Test
  void noSecretReachedAnyLog() {
    List<Path> logs = LogScanner.moduleLogs(Path.of("target"));
    assertThat(logs).isNotEmpty();
    assertThat(secretsIn(logs)).isEmpty();
  }

  @Test
  void theScanFindsASecretWhenOneIsThere() throws Exception {
    Path planted = Files.createTempFile("planted", ".log");
    try {
      Files.writeString(planted, "oops " + TestSecrets.STRIPE + " leaked");
      assertThat(secretsIn(List.of(planted)))
          .singleElement()
          .asString()
          .doesNotContain(TestSecrets.STRIPE);
    } finally {
      Files.delete(planted);
    }
  }

  private static List<String> secretsIn(List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < TestSecrets.ALL.length; i++) {
        if (text.contains(TestSecrets.ALL[i])) {
          out.add(f + ": test secret #" + i);
        }
      }
    }
    return out;
  }
}
