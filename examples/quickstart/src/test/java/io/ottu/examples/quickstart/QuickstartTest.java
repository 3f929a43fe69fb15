package io.ottu.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.PaymentStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartTest {
  @Test
  void theDemoRunsEveryFlowAndTheLedgersAgree() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.Summary s =
        Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 300, 20261126L);
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(s.payments).isEqualTo(300);
    assertThat(s.byStatus)
        .containsKeys(
            PaymentStatus.CAPTURED,
            PaymentStatus.DECLINED,
            PaymentStatus.CANCELLED,
            PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(s.byGateway).containsKeys("gulf-bank", "global-psp", "backup-psp");
    assertThat(s.threeDs).isPositive();
    assertThat(s.retried).isPositive();
    assertThat(s.failovers).isPositive();
    assertThat(s.health).hasSize(3);
    assertThat(s.routingExample).isNotNull();
    assertThat(s.reconciliation.stillOpen()).isZero();
    assertThat(s.replays).isEqualTo(6);
    assertThat(s.conflictsRefused).isEqualTo(6);
    assertThat(s.totals).containsKeys("USD", "KWD", "JPY");
    assertThat(s.ledgersAgree()).isTrue();
    assertThat(printed)
        .contains("By status", "Per currency", "KWD", "JPY", "USD")
        .contains("Gateways' own ledgers agree with the payments: yes")
        .doesNotContain("4242424242424242");
  }
}
