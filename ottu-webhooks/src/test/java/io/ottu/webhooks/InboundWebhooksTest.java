package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.NotificationResult;
import io.ottu.NotificationResult.Outcome;
import io.ottu.testing.MutableClock;
import io.ottu.webhooks.alerts.Alert;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The inbound pipeline against a hand-written fake {@code Notifications}. */
class InboundWebhooksTest {
  private static final long T = 1_764_158_400L;

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T));
  private final FakeNotifications notifications = new FakeNotifications();
  private final RecordingAlertSink alerts = new RecordingAlertSink();
  private final AtomicInteger verifications = new AtomicInteger();

  private InboundWebhooks inbound() {
    WebhookVerifier stripe = WebhookVerifiers.stripe(TestSecrets.STRIPE).withClock(clock);
    WebhookVerifier counting =
        r -> {
          verifications.incrementAndGet();
          stripe.verify(r);
        };
    return InboundWebhooks.builder()
        .notifications(notifications)
        .gateway("stripe", counting, NotificationFormats.stripe())
        .gateway(
            "adyen", WebhookVerifiers.adyen(TestSecrets.ADYEN_HEX), NotificationFormats.adyen())
        .maxBodyBytes(4096)
        .alertSink(alerts)
        .clock(clock)
        .build();
  }

  static String stripeEvent(String eventId, String type, long amount) {
    return "{\"id\":\""
        + eventId
        + "\",\"type\":\""
        + type
        + "\",\"created\":"
        + T
        + ",\"data\":{\"object\":{\"id\":\"pi_1\",\"amount\":"
        + amount
        + ",\"amount_received\":"
        + amount
        + ",\"amount_capturable\":"
        + amount
        + ",\"currency\":\"kwd\",\"metadata\":{\"ottu_payment_id\":\"pay_1\"}}}}";
  }

  private WebhookRequest signed(String body) {
    return Signing.request(
        body, "Stripe-Signature", Signing.stripeHeader(TestSecrets.STRIPE, T, body));
  }

  @Test
  void aVerifiedNotificationIsAppliedAndAcknowledged() {
    InboundResult r =
        inbound().handle("stripe", signed(stripeEvent("evt_1", "payment_intent.succeeded", 12500)));

    assertThat(r.status()).isEqualTo(InboundResult.Status.PROCESSED);
    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(r.acknowledged()).isTrue();
    assertThat(r.items()).singleElement().satisfies(i -> assertThat(i.duplicate()).isFalse());
    assertThat(notifications.applied)
        .singleElement()
        .satisfies(n -> assertThat(n.eventId()).isEqualTo("evt_1"));
  }

  @Test
  void aDuplicateIsAcknowledgedWithoutTouchingThePayment() {
    InboundWebhooks in = inbound();
    WebhookRequest req = signed(stripeEvent("evt_1", "payment_intent.succeeded", 12500));

    in.handle("stripe", req);
    InboundResult second = in.handle("stripe", req);

    assertThat(second.httpStatus()).isEqualTo(200);
    assertThat(second.items())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.duplicate()).isTrue();
              assertThat(i.result()).isNull();
            });
    assertThat(notifications.applied).hasSize(1);
  }

  @Test
  void aNotificationForAnUnknownPaymentIsAcknowledgedButNotRemembered() {
    notifications.answer = n -> new NotificationResult(Outcome.PAYMENT_NOT_FOUND, null, "none");
    InboundWebhooks in = inbound();
    WebhookRequest req = signed(stripeEvent("evt_1", "payment_intent.succeeded", 12500));

    assertThat(in.handle("stripe", req).httpStatus()).isEqualTo(200);
    in.handle("stripe", req);

    assertThat(notifications.applied).hasSize(2);
  }

  @Test
  void anUnverifiedNotificationIsNeverApplied() {
    String body = stripeEvent("evt_1", "payment_intent.succeeded", 12500);
    InboundResult r =
        inbound()
            .handle(
                "stripe",
                Signing.request(
                    body, "Stripe-Signature", Signing.stripeHeader("whsec_wrong", T, body)));

    assertThat(r.status()).isEqualTo(InboundResult.Status.UNVERIFIED);
    assertThat(r.httpStatus()).isEqualTo(401);
    assertThat(r.detail()).contains("no v1 signature").doesNotContain("lookup");
    assertThat(notifications.applied).isEmpty();
  }

  @Test
  void anOversizedBodyIsRefusedBeforeVerificationAndParsing() {
    String body = stripeEvent("evt_1", "payment_intent.succeeded", 12500) + " ".repeat(5000);
    InboundResult r = inbound().handle("stripe", signed(body));

    assertThat(r.status()).isEqualTo(InboundResult.Status.TOO_LARGE);
    assertThat(r.httpStatus()).isEqualTo(413);
    assertThat(verifications).hasValue(0);
    assertThat(notifications.applied).isEmpty();
  }

  @Test
  void anOversizedStreamIsNotReadToItsEnd() throws Exception {
    AtomicInteger read = new AtomicInteger();
    InputStream big =
        new ByteArrayInputStream(new byte[1_000_000]) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read.addAndGet(Math.max(n, 0));
            return n;
          }
        };

    InboundResult r = inbound().handle("stripe", Map.of(), big);

    assertThat(r.httpStatus()).isEqualTo(413);
    assertThat(read.get()).isEqualTo(4097);
  }

  @Test
  void aVerifiedBodyInTheWrongFormatIsMalformed() {
    InboundResult r = inbound().handle("stripe", signed("{\"object\":\"event\"}"));

    assertThat(r.status()).isEqualTo(InboundResult.Status.MALFORMED);
    assertThat(r.httpStatus()).isEqualTo(400);
    assertThat(r.detail()).contains("id is missing");
    assertThat(notifications.applied).isEmpty();
  }

  @Test
  void anUnknownGatewayIs404() {
    InboundResult r = inbound().handle("paypal", signed("{}"));

    assertThat(r.status()).isEqualTo(InboundResult.Status.UNKNOWN_GATEWAY);
    assertThat(r.httpStatus()).isEqualTo(404);
  }

  @Test
  void aVerifierThatCannotRunAsksForARetry() {
    InboundWebhooks in =
        InboundWebhooks.builder()
            .notifications(notifications)
            .gateway(
                "paypal",
                r -> {
                  throw new WebhookVerificationException(
                      "paypal", WebhookVerificationException.Reason.VERIFIER_UNAVAILABLE, "down");
                },
                NotificationFormats.paypal())
            .build();

    InboundResult r = in.handle("paypal", signed("{}"));
    assertThat(r.status()).isEqualTo(InboundResult.Status.VERIFIER_UNAVAILABLE);
    assertThat(r.httpStatus()).isEqualTo(503);
  }

  @Test
  void aVerifierThatBreaksDoesNotLetTheRequestThrough() {
    InboundWebhooks in =
        InboundWebhooks.builder()
            .notifications(notifications)
            .gateway(
                "x",
                r -> {
                  throw new IllegalStateException("bug");
                },
                NotificationFormats.stripe())
            .build();

    assertThat(in.handle("x", signed(stripeEvent("e", "payment_intent.succeeded", 1))).httpStatus())
        .isEqualTo(401);
    assertThat(notifications.applied).isEmpty();
  }

  @Test
  void whenApplyingFailsTheGatewayIsAskedToRetryAndNothingIsRemembered() {
    notifications.answer =
        n -> {
          throw new IllegalStateException("store down");
        };
    InboundWebhooks in = inbound();
    WebhookRequest req = signed(stripeEvent("evt_1", "payment_intent.succeeded", 12500));

    InboundResult r = in.handle("stripe", req);
    assertThat(r.status()).isEqualTo(InboundResult.Status.FAILED);
    assertThat(r.httpStatus()).isEqualTo(500);

    notifications.answer = n -> new NotificationResult(Outcome.APPLIED, null, "ok");
    assertThat(in.handle("stripe", req).items())
        .singleElement()
        .satisfies(i -> assertThat(i.duplicate()).isFalse());
    assertThat(notifications.applied).hasSize(2);
  }

  @Test
  void aMismatchRaisesACriticalAlert() {
    notifications.answer =
        n -> new NotificationResult(Outcome.MISMATCH, null, "captured 99.000 KWD of 12.500 KWD");

    inbound().handle("stripe", signed(stripeEvent("evt_1", "payment_intent.succeeded", 99000)));

    assertThat(alerts.of(Alert.Type.NOTIFICATION_MISMATCH))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Alert.Severity.CRITICAL);
              assertThat(a.subject()).isEqualTo("stripe");
              assertThat(a.attributes())
                  .containsEntry("event_id", "evt_1")
                  .containsEntry("notified_amount", "99.000 KWD");
            });
  }

  @Test
  void adyenIsAcknowledgedWithAccepted() {
    String signed = "PSP1::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true";
    String body =
        GatewayVerifiersTest.adyenBody(
            GatewayVerifiersTest.adyenItem(
                "PSP1",
                null,
                "AUTHORISATION",
                "true",
                Signing.adyen(TestSecrets.ADYEN_HEX, signed)));

    InboundResult r = inbound().handle("adyen", Signing.request(body));

    assertThat(r.responseBody()).isEqualTo("[accepted]");
    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(notifications.applied)
        .singleElement()
        .satisfies(n -> assertThat(n.gatewayReference()).isEqualTo("PSP1"));
  }

  @Test
  void anEventThatMovesNoPaymentIsAcknowledged() {
    InboundResult r =
        inbound()
            .handle(
                "stripe",
                signed(
                    "{\"id\":\"evt_9\",\"type\":\"customer.created\",\"data\":{\"object\":{}}}"));

    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(r.items()).isEmpty();
    assertThat(r.detail()).contains("no notification");
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> InboundWebhooks.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("notifications:");
    assertThatThrownBy(() -> InboundWebhooks.builder().notifications(notifications).build())
        .hasMessageStartingWith("gateway:");
    assertThatThrownBy(
            () ->
                InboundWebhooks.builder()
                    .gateway("a", r -> {}, NotificationFormats.stripe())
                    .gateway("a", r -> {}, NotificationFormats.stripe()))
        .hasMessageContaining("already configured");
    assertThat(inbound().gatewayIds()).containsExactly("stripe", "adyen");
    assertThat(inbound().toBuilder().build().gatewayIds()).containsExactly("stripe", "adyen");
  }
}
