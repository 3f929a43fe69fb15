package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.testing.MutableClock;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long T = 1614265330;
  private static final byte[] BODY = Signing.utf8("{\"test\": 2432232314}");
  private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T));
  private final TimestampedWebhookVerifier verifier =
      WebhookVerifiers.standard(TestSecrets.STANDARD_VECTOR).withClock(clock);

  @Test
  void signingReproducesThePublishedTestVector() {
    assertThat(
            StandardWebhooks.sign(TestSecrets.STANDARD_VECTOR, ID, Instant.ofEpochSecond(T), BODY))
        .isEqualTo(EXPECTED);
    assertThat(Signing.standardSignature(TestSecrets.STANDARD_VECTOR, ID, T, BODY))
        .isEqualTo(EXPECTED);
  }

  @Test
  void verificationAcceptsThePublishedTestVectorWithOrWithoutThePrefix() {
    WebhookRequest r = request(ID, Long.toString(T), EXPECTED, BODY);

    assertThatCode(() -> verifier.verify(r)).doesNotThrowAnyException();
    assertThatCode(
            () ->
                WebhookVerifiers.standard(TestSecrets.STANDARD_VECTOR.substring(6))
                    .withClock(clock)
                    .verify(r))
        .doesNotThrowAnyException();
  }

  @Test
  void anyOfSeveralSignaturesMayMatchAndOtherVersionsAreSkipped() {
    String header = "v1a,c29tZS1lZDI1NTE5 v1,bm9wZQ== " + EXPECTED;

    assertThatCode(() -> verifier.verify(request(ID, Long.toString(T), header, BODY)))
        .doesNotThrowAnyException();
  }

  @Test
  void aTamperedBodyOrIdMatchesNoSignature() {
    expect(
        () ->
            verifier.verify(request(ID, Long.toString(T), EXPECTED, Signing.utf8("{\"test\": 1}"))),
        Reason.NO_MATCHING_SIGNATURE,
        "no v1 signature");
    expect(
        () -> verifier.verify(request("msg_other", Long.toString(T), EXPECTED, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no v1 signature");
  }

  @Test
  void aSignatureUnderAnotherSecretMatchesNothing() {
    String other = StandardWebhooks.newSecret();
    String sig = StandardWebhooks.sign(other, ID, Instant.ofEpochSecond(T), BODY);

    expect(
        () -> verifier.verify(request(ID, Long.toString(T), sig, BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "webhook-signature");
  }

  @Test
  void timestampsOutsideTheToleranceAreRefusedInBothDirections() {
    WebhookRequest r = request(ID, Long.toString(T), EXPECTED, BODY);
    clock.advance(Duration.ofSeconds(301));
    expect(() -> verifier.verify(r), Reason.TIMESTAMP_OUT_OF_TOLERANCE, "301 s in the past");

    MutableClock early = new MutableClock(Instant.ofEpochSecond(T - 301));
    expect(
        () -> verifier.withClock(early).verify(r),
        Reason.TIMESTAMP_OUT_OF_TOLERANCE,
        "301 s in the future");

    assertThatCode(() -> verifier.withTolerance(Duration.ofMinutes(6)).verify(r))
        .doesNotThrowAnyException();
  }

  @Test
  void withCopiesLeaveTheOriginalUnchanged() {
    TimestampedWebhookVerifier wider = verifier.withTolerance(Duration.ofHours(1));

    assertThat(wider.tolerance()).isEqualTo(Duration.ofHours(1));
    assertThat(verifier.tolerance()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void missingAndMalformedHeadersSaySo() {
    expect(
        () -> verifier.verify(WebhookRequest.of(Map.of(), BODY)),
        Reason.MISSING_HEADER,
        "webhook-id header is missing");
    expect(
        () ->
            verifier.verify(
                WebhookRequest.of(
                    Signing.headers("webhook-id", ID, "webhook-timestamp", "1"), BODY)),
        Reason.MISSING_HEADER,
        "webhook-signature header is missing");
    expect(
        () -> verifier.verify(request(ID, "yesterday", EXPECTED, BODY)),
        Reason.MALFORMED_HEADER,
        "not a Unix time");
    expect(
        () -> verifier.verify(request(ID, Long.toString(T), "v2,abc", BODY)),
        Reason.NO_MATCHING_SIGNATURE,
        "no well-formed v1");
  }

  @Test
  void messagesNeverContainTheSecretAndBadSecretsAreRefusedWithoutShowingThem() {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> verifier.verify(request(ID, Long.toString(T), "v1,AAAA", BODY)));
    assertThat(t.getMessage()).doesNotContain(TestSecrets.STANDARD_VECTOR.substring(6));

    assertThatThrownBy(() -> WebhookVerifiers.standard("whsec_not base64!!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("secret:")
        .hasMessageNotContaining("not base64!!");
    assertThatThrownBy(() -> WebhookVerifiers.standard("whsec_c2hvcnQ="))
        .hasMessageContaining("16 to 64 bytes");
  }

  @Test
  void newSecretsAreRandomAndUsable() {
    String a = StandardWebhooks.newSecret();
    String b = StandardWebhooks.newSecret();

    assertThat(a).startsWith("whsec_").isNotEqualTo(b);
    String sig = StandardWebhooks.sign(a, "evt_1", Instant.ofEpochSecond(T), BODY);
    assertThatCode(
            () ->
                WebhookVerifiers.standard(a)
                    .withClock(clock)
                    .verify(request("evt_1", Long.toString(T), sig, BODY)))
        .doesNotThrowAnyException();
  }

  private static WebhookRequest request(String id, String ts, String sig, byte[] body) {
    return WebhookRequest.of(
        Map.of(
            "webhook-id", List.of(id),
            "webhook-timestamp", List.of(ts),
            "webhook-signature", List.of(sig)),
        body);
  }

  static void expect(ThrowingCallable call, Reason reason, String text) {
    assertThatThrownBy(call)
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining(text)
        .satisfies(e -> assertThat(((WebhookVerificationException) e).reason()).isEqualTo(reason));
  }
}
