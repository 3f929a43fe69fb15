package io.ottu.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateways.GatewayBuilder;
import org.junit.jupiter.api.Test;

/**
 * The HTTP benchmark's three sides work outside JMH against the stub server (no timing here): its
 * set-up checks pass (same form fields and headers on both sides, a sub-millisecond round trip),
 * and each side gets a captured payment.
 */
class StripeHttpBenchmarkTest {
  @Test
  void everySideCapturesAgainstTheStub() throws Exception {
    StripeHttpBenchmark.Http http = new StripeHttpBenchmark.Http();
    http.start();
    try {
      StripeHttpBenchmark.Sequence seq = new StripeHttpBenchmark.Sequence();
      seq.prefix = "test-";
      // The adapter bounds its own calls within the default policy's timeout, so the engine
      // runs no timer per call.
      assertThat(http.stripe.callTimeout()).contains(GatewayBuilder.DEFAULT_CALL_TIMEOUT);
      try (PaymentClient client = StripeHttpBenchmark.newClient(http.stripe)) {
        Payment p = StripeHttpBenchmark.library(client, seq);
        assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(p.reference()).isEqualTo("test-0");
      }
      GatewayResult r = StripeHttpBenchmark.adapterOnly(http.stripe, seq);
      assertThat(r.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(r.gatewayReference()).hasValueSatisfying(ref -> assertThat(ref).startsWith("pi_"));
      JsonNode pi = StripeHttpBenchmark.handWritten(http, seq);
      assertThat(pi.path("status").asText()).isEqualTo("succeeded");
      assertThat(pi.path("amount").asLong()).isEqualTo(StripeHttpBenchmark.AMOUNT_MINOR);
    } finally {
      http.stop();
    }
  }

  @Test
  void callCpuComparesTwoSidesCallByCall() throws Exception {
    String line = HttpCallCpu.measure("hand", "library", "2", "2", "1");

    assertThat(line)
        .startsWith("2 callers: hand ")
        .containsPattern("library/hand [0-9]+\\.[0-9]{3}")
        .containsPattern("library - hand median -?[0-9]+\\.[0-9] us");
  }
}
