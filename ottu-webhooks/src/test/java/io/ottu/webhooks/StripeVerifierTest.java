package io.ottu.webhooks;

import static io.ottu.webhooks.StandardWebhooksTest.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ottu.testing.MutableClock;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StripeVerifierTest {
  private static final long T = 1_760_000_000L;
  private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T + 10));
  private final TimestampedWebhookVerifier verifier =
      WebhookVerifiers.stripe(TestSecrets.STRIPE).withClock(clock);

  @Test
  void acceptsTheSignatureOfTheRawBody() {
    String header = Signing.stripeHeader(TestSecrets.STRIPE, T, BODY);

    assertThatCode(() -> verifier.verify(Signing.request(BODY, "stripe-signature", header)))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsAnyV1WhileTheSecretIsRolled() {
    String oldSig = Signing.stripeHeader("whsec_old_secret_value", T, BODY).split(",")[1];
    String newSig = Signing.stripeHeader(TestSecrets.STRIPE, T, BODY).split(",")[1];
    String header = "t=" + T + "," + oldSig + "," + newSig + ",v0=ignored";

    assertThatCode(() -> verifier.verify(Signing.request(BODY, "Stripe-Signature", header)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesATamperedBodyOrTimestamp() {
    String header = Signing.stripeHeader(TestSecrets.STRIPE, T, BODY);
    expect(
        () -> verifier.verify(Signing.request(BODY + " ", "Stripe-Signature", header)),
        Reason.NO_MATCHING_SIGNATURE,
        "no v1 signature in Stripe-Signature matches");
    String shifted = header.replace("t=" + T, "t=" + (T + 1));
    expect(
        () -> verifier.verify(Signing.request(BODY, "Stripe-Signature", shifted)),
        Reason.NO_MATCHING_SIGNATURE,
        "matches the body");
  }

  @Test
  void refusesATimestampOutsideTheToleranceOnlyAfterTheSignatureMatched() {
    String header = Signing.stripeHeader(TestSecrets.STRIPE, T, BODY);
    clock.advance(Duration.ofMinutes(5));

    expect(
        () -> verifier.verify(Signing.request(BODY, "Stripe-Signature", header)),
        Reason.TIMESTAMP_OUT_OF_TOLERANCE,
        "outside the tolerance of 300 s");
    assertThatCode(
            () ->
                verifier
                    .withTolerance(Duration.ofMinutes(10))
                    .verify(Signing.request(BODY, "Stripe-Signature", header)))
        .doesNotThrowAnyException();
  }

  @Test
  void saysWhichPartOfTheHeaderIsWrong() {
    expect(
        () -> verifier.verify(Signing.request(BODY)),
        Reason.MISSING_HEADER,
        "Stripe-Signature header is missing");
    expect(
        () -> verifier.verify(Signing.request(BODY, "Stripe-Signature", "v1=abc")),
        Reason.MALFORMED_HEADER,
        "has no t= timestamp");
    expect(
        () -> verifier.verify(Signing.request(BODY, "Stripe-Signature", "t=abc,v1=00")),
        Reason.MALFORMED_HEADER,
        "not a Unix time");
    expect(
        () -> verifier.verify(Signing.request(BODY, "Stripe-Signature", "t=" + T + ",v1=zz")),
        Reason.MALFORMED_HEADER,
        "no well-formed v1= signature");
    expect(
        () ->
            verifier.verify(
                Signing.request(BODY, "Stripe-Signature", "t=1," + "v1=ab,".repeat(20))),
        Reason.MALFORMED_HEADER,
        "more than 16 signatures");
  }

  @Test
  void neverEchoesTheSecretOrTheExpectedSignature() {
    String header = "t=" + T + ",v1=" + "0".repeat(64);
    Throwable t =
        catchThrowable(() -> verifier.verify(Signing.request(BODY, "Stripe-Signature", header)));
    String expected = Signing.stripeHeader(TestSecrets.STRIPE, T, BODY).split("v1=")[1];

    assertThat(t.getMessage()).doesNotContain(TestSecrets.STRIPE).doesNotContain(expected);
    assertThat(verifier.toString()).doesNotContain(TestSecrets.STRIPE);
  }
}
