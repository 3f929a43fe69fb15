package io.ottu.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateways.stripe.StripeFixtures;
import io.ottu.testing.LogScanner;
import io.ottu.testing.TestCards;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last: no test card number, CVC-bearing field or test secret key may appear in anything the
 * module's suite logged (the adapters' tests turn redacted body logging on, so this checks the
 * redaction end to end).
 */
@Order(Integer.MAX_VALUE)
class LogHygieneTest {
  @Test
  void noCardNumberOrSecretReachedAnyLog() throws Exception {
    List<Path> logs = LogScanner.moduleLogs(Path.of("target"));
    assertThat(logs).as("the suite's log files").isNotEmpty();
    assertThat(LogScanner.findings(logs, TestCards.ALL)).isEmpty();
    assertThat(LogScanner.findings(logs, StripeFixtures.SECRET_KEY)).isEmpty();
    String testLog = Files.readString(Path.of("target/test.log"), StandardCharsets.UTF_8);
    assertThat(testLog)
        .as("the adapters' tests log redacted traffic")
        .contains("--> POST")
        .contains("[REDACTED]");
  }
}
