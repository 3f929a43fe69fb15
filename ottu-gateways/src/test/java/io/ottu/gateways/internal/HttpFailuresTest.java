package io.ottu.gateways.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The generic status table and Retry-After parsing. */
class HttpFailuresTest {
  private static final Request REQUEST =
      new Request.Builder()
          .url("https://api.example.com/v1/x")
          .post(okhttp3.RequestBody.create(new byte[0]))
          .build();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

  private static HttpReply reply(int status, String... headers) {
    return new HttpReply("gw", REQUEST, status, Headers.of(headers), "", "req_1", CLOCK);
  }

  @Test
  void retryAfterTakesSecondsOrAnHttpDate() {
    assertThat(HttpFailures.parseRetryAfter("7", CLOCK)).isEqualTo(Duration.ofSeconds(7));
    assertThat(HttpFailures.parseRetryAfter(" 0 ", CLOCK)).isEqualTo(Duration.ZERO);
    assertThat(HttpFailures.parseRetryAfter("Sun, 01 Jun 2025 12:02:00 GMT", CLOCK))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(HttpFailures.parseRetryAfter("Sun, 01 Jun 2025 11:00:00 GMT", CLOCK))
        .isEqualTo(Duration.ZERO);
    assertThat(HttpFailures.parseRetryAfter("soon", CLOCK)).isNull();
    assertThat(HttpFailures.parseRetryAfter("-5", CLOCK)).isNull();
    assertThat(HttpFailures.parseRetryAfter("99999999999999", CLOCK)).isNull();
    assertThat(HttpFailures.parseRetryAfter(null, CLOCK)).isNull();
  }

  @Test
  void statusesMapToTheClassificationTable() {
    assertClass(401, FailureClass.REJECTED);
    assertThat(HttpFailures.classify(reply(401), null, null).credentialsProblem()).isTrue();
    assertThat(HttpFailures.classify(reply(403), null, null).credentialsProblem()).isTrue();
    assertClass(429, FailureClass.UNAVAILABLE);
    assertClass(503, FailureClass.UNAVAILABLE);
    assertClass(500, FailureClass.UNKNOWN_OUTCOME);
    assertClass(502, FailureClass.UNKNOWN_OUTCOME);
    assertClass(504, FailureClass.UNKNOWN_OUTCOME);
    assertClass(408, FailureClass.UNKNOWN_OUTCOME);
    assertClass(302, FailureClass.REJECTED);
    assertClass(400, FailureClass.REJECTED);
    assertClass(404, FailureClass.REJECTED);
    assertClass(422, FailureClass.REJECTED);
    GatewayException e =
        HttpFailures.classify(reply(429, "Retry-After", "3"), "rate_limit", "slow down");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(e.requestId()).contains("req_1");
    assertThat(e.getMessage()).isEqualTo("POST /v1/x: HTTP 429 rate_limit: slow down");
    assertThat(HttpFailures.classify(reply(400), "parameter_missing", null).gatewayCode())
        .contains("parameter_missing");
  }

  @Test
  void anUnparsableSuccessfulBodyIsAnUnknownOutcome() {
    HttpReply empty = reply(200);
    GatewayException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(GatewayException.class, empty::json);
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.requestId()).contains("req_1");
  }

  private static void assertClass(int status, FailureClass expected) {
    assertThat(HttpFailures.classify(reply(status), null, null).failureClass())
        .as("HTTP %d", status)
        .isEqualTo(expected);
  }
}
