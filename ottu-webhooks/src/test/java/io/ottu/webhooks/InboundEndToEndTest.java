package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottu.Money;
import io.ottu.NotificationResult.Outcome;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.event.PaymentEventType;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.simulated.SimulatedGateway;
import io.ottu.testing.MutableClock;
import io.ottu.testing.RecordingListener;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import io.ottu.webhooks.alerts.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gateway webhooks through a real {@link PaymentClient}: the engine applies what was verified. */
class InboundEndToEndTest {
  private static final long T = 1_764_158_400L;

  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T));
  private final RecordingListener events = new RecordingListener();
  private final RecordingAlertSink alerts = new RecordingAlertSink();
  private final AtomicInteger lookups = new AtomicInteger();
  private final ScriptedGateway stripe =
      ScriptedGateway.approving("stripe")
          .onAuthorize(r -> GatewayResult.pending("pi_" + r.paymentId()))
          .onLookup(
              r -> {
                lookups.incrementAndGet();
                return Optional.of(
                    GatewayResult.captured(r.gatewayReference(), Money.of("12.500", "KWD")));
              });
  private PaymentClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private PaymentClient client(io.ottu.gateway.Gateway... gateways) {
    PaymentClient.Builder b = PaymentClient.builder().clock(clock).listener(events);
    for (io.ottu.gateway.Gateway g : gateways) {
      b.gateway(g);
    }
    client = b.build();
    return client;
  }

  private InboundWebhooks.Builder inbound() {
    return InboundWebhooks.builder()
        .notifications(client.notifications())
        .gateway(
            "stripe",
            WebhookVerifiers.stripe(TestSecrets.STRIPE).withClock(clock),
            NotificationFormats.stripe())
        .alertSink(alerts)
        .clock(clock);
  }

  private Payment authorize(String source) {
    return client
        .payments()
        .authorize(
            PaymentRequest.builder()
                .amount(Money.of("12.500", "KWD"))
                .source(
                    source == null
                        ? PaymentSource.card(TestCards.visa())
                        : PaymentSource.gatewayToken(source))
                .reference("order-1001")
                .idempotencyKey("order-1001-" + System.nanoTime())
                .build());
  }

  private static String intentEvent(String eventId, String type, Payment p, long amount) {
    return "{\"id\":\""
        + eventId
        + "\",\"type\":\""
        + type
        + "\",\"created\":"
        + T
        + ",\"data\":{\"object\":{\"id\":\""
        + p.gatewayReference().orElseThrow()
        + "\",\"object\":\"payment_intent\",\"amount\":12500,\"amount_capturable\":"
        + amount
        + ",\"amount_received\":"
        + amount
        + ",\"currency\":\"kwd\",\"latest_charge\":\"ch_1\",\"metadata\":{\"ottu_payment_id\":\""
        + p.id()
        + "\",\"order_id\":\"order-1001\"}}}}";
  }

  private static WebhookRequest signed(String body) {
    return Signing.request(
        body, "Stripe-Signature", Signing.stripeHeader(TestSecrets.STRIPE, T, body));
  }

  private Payment current(Payment p) {
    return client.payments().get(p.id()).orElseThrow();
  }

  @Test
  void aPendingPaymentIsAuthorizedThenCapturedByVerifiedWebhooks() {
    client(stripe);
    InboundWebhooks in = inbound().build();
    Payment p = authorize(null);
    assertThat(p.status()).isEqualTo(PaymentStatus.PENDING);

    InboundResult auth =
        in.handle(
            "stripe",
            signed(intentEvent("evt_a", "payment_intent.amount_capturable_updated", p, 12500)));
    assertThat(auth.items())
        .singleElement()
        .satisfies(i -> assertThat(i.result().outcome()).isEqualTo(Outcome.APPLIED));
    assertThat(current(p).status()).isEqualTo(PaymentStatus.AUTHORIZED);

    in.handle("stripe", signed(intentEvent("evt_c", "payment_intent.succeeded", p, 12500)));
    Payment captured = current(p);
    assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(captured.capturedAmount()).isEqualTo(Money.of("12.500", "KWD"));
    assertThat(events.typesFor(p.id()))
        .contains(PaymentEventType.PAYMENT_AUTHORIZED, PaymentEventType.PAYMENT_CAPTURED);
  }

  @Test
  void duplicatedLateAndOutOfOrderNotificationsAreHarmless() {
    client(stripe);
    InboundWebhooks in = inbound().build();
    Payment p = authorize(null);

    // The capture arrives before the authorization.
    in.handle("stripe", signed(intentEvent("evt_c", "payment_intent.succeeded", p, 12500)));
    Payment afterCapture = current(p);
    assertThat(afterCapture.status()).isEqualTo(PaymentStatus.CAPTURED);

    InboundResult late =
        in.handle(
            "stripe",
            signed(intentEvent("evt_a", "payment_intent.amount_capturable_updated", p, 12500)));
    InboundResult duplicate =
        in.handle("stripe", signed(intentEvent("evt_c", "payment_intent.succeeded", p, 12500)));

    assertThat(late.items())
        .singleElement()
        .satisfies(i -> assertThat(i.result().outcome()).isEqualTo(Outcome.ALREADY_APPLIED));
    assertThat(duplicate.items())
        .singleElement()
        .satisfies(i -> assertThat(i.duplicate()).isTrue());
    Payment after = current(p);
    assertThat(after.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(after.version()).isEqualTo(afterCapture.version());
    assertThat(after.capturedAmount()).isEqualTo(Money.of("12.500", "KWD"));
  }

  @Test
  void anAmountThatContradictsThePaymentChangesNothingAndAlerts() {
    client(stripe);
    InboundWebhooks in = inbound().build();
    Payment p = authorize(null);

    InboundResult r =
        in.handle("stripe", signed(intentEvent("evt_x", "payment_intent.succeeded", p, 99000)));

    assertThat(r.items())
        .singleElement()
        .satisfies(i -> assertThat(i.result().outcome()).isEqualTo(Outcome.MISMATCH));
    assertThat(current(p).status()).isEqualTo(PaymentStatus.PENDING);
    assertThat(current(p).version()).isEqualTo(p.version());
    assertThat(alerts.of(Alert.Type.NOTIFICATION_MISMATCH)).hasSize(1);
  }

  @Test
  void anUnverifiedNotificationChangesNothingAndTriggersNoLookupByDefault() {
    client(stripe);
    InboundWebhooks in = inbound().build();
    Payment p = authorize(null);
    String body = intentEvent("evt_f", "payment_intent.succeeded", p, 12500);

    InboundResult r =
        in.handle(
            "stripe",
            Signing.request(
                body, "Stripe-Signature", Signing.stripeHeader("whsec_forged", T, body)));

    assertThat(r.httpStatus()).isEqualTo(401);
    assertThat(current(p).status()).isEqualTo(PaymentStatus.PENDING);
    assertThat(current(p).version()).isEqualTo(p.version());
    assertThat(stripe.count(LookupRequest.class)).isZero();
  }

  @Test
  void whenAllowedAnUnverifiedNotificationOnlyMakesTheClientAskTheGateway() {
    client(stripe);
    InboundWebhooks in =
        inbound().lookupUnverified(client.payments()).lookupCooldown(Duration.ofMinutes(1)).build();
    Payment p = authorize(null);
    // A forged body claiming a small capture: only the gateway's own answer may count.
    String body = intentEvent("evt_f", "payment_intent.succeeded", p, 10);
    WebhookRequest forged =
        Signing.request(body, "Stripe-Signature", Signing.stripeHeader("whsec_forged", T, body));

    InboundResult r = in.handle("stripe", forged);
    assertThat(r.detail()).contains("lookup started for " + p.id());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> current(p).status() == PaymentStatus.CAPTURED);
    assertThat(current(p).capturedAmount()).isEqualTo(Money.of("12.500", "KWD"));
    assertThat(lookups).hasValue(1);

    // Within the cooldown, more forgeries cause no more lookups.
    in.handle("stripe", forged);
    clock.advance(Duration.ofSeconds(30));
    in.handle("stripe", forged);
    assertThat(lookups).hasValue(1);

    // A payment this client does not have is never looked up.
    String stranger = body.replace(p.id(), "pay_unknown");
    InboundResult s =
        in.handle(
            "stripe",
            Signing.request(stranger, "Stripe-Signature", "t=" + T + ",v1=" + "0".repeat(64)));
    assertThat(s.detail()).doesNotContain("lookup");
  }

  @Test
  void aSimulatedGatewaysPaymentFollowsRefundAndDisputeWebhooks() {
    SimulatedGateway sim = SimulatedGateway.builder("stripe").instant().clock(clock).build();
    client(sim);
    InboundWebhooks in = inbound().build();
    Payment p = authorize(null);
    assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    client.payments().capture(p.id(), Money.of("12.500", "KWD"));
    String pi = p.gatewayReference().orElseThrow();

    // A late confirmation of what the client already did.
    InboundResult late =
        in.handle("stripe", signed(intentEvent("evt_s", "payment_intent.succeeded", p, 12500)));
    assertThat(late.items().get(0).result().outcome()).isEqualTo(Outcome.ALREADY_APPLIED);

    // A partial refund made in the gateway's dashboard.
    String refund =
        "{\"id\":\"evt_r\",\"type\":\"charge.refunded\",\"created\":"
            + T
            + ",\"data\":{\"object\":{\"id\":\"ch_1\",\"payment_intent\":\""
            + pi
            + "\",\"amount\":12500,\"amount_refunded\":2000,\"currency\":\"kwd\","
            + "\"refunds\":{\"data\":[{\"id\":\"re_1\",\"amount\":2000,\"currency\":\"kwd\"}]}}}}";
    in.handle("stripe", signed(refund));
    Payment refunded = current(p);
    assertThat(refunded.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(refunded.refundedAmount()).isEqualTo(Money.of("2.000", "KWD"));
    assertThat(in.handle("stripe", signed(refund)).items().get(0).duplicate()).isTrue();
    assertThat(current(p).refundedAmount()).isEqualTo(Money.of("2.000", "KWD"));

    String dispute =
        "{\"id\":\"dp_1\",\"amount\":10500,\"currency\":\"kwd\",\"charge\":\"ch_1\",\"payment_intent\":\""
            + pi
            + "\",\"reason\":\"fraudulent\",\"status\":\"won\"}";
    in.handle(
        "stripe",
        signed(
            "{\"id\":\"evt_d1\",\"type\":\"charge.dispute.created\",\"data\":{\"object\":"
                + dispute
                + "}}"));
    assertThat(current(p).status()).isEqualTo(PaymentStatus.DISPUTED);
    in.handle(
        "stripe",
        signed(
            "{\"id\":\"evt_d2\",\"type\":\"charge.dispute.closed\",\"data\":{\"object\":"
                + dispute
                + "}}"));
    assertThat(current(p).status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(events.typesFor(p.id())).contains(PaymentEventType.PAYMENT_DISPUTED);
  }

  @Test
  void aChallengeTheGatewayExpiredExpiresThePayment() {
    SimulatedGateway sim = SimulatedGateway.builder("cko").instant().clock(clock).build();
    client(sim);
    InboundWebhooks in =
        InboundWebhooks.builder()
            .notifications(client.notifications())
            .gateway(
                "cko",
                WebhookVerifiers.checkoutCom(TestSecrets.CHECKOUT),
                NotificationFormats.checkoutCom())
            .build();
    Payment p = authorize("tok_threeDSecure2Required");
    assertThat(p.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);

    String body =
        "{\"id\":\"evt_e\",\"type\":\"payment_expired\",\"created_on\":\"2026-11-26T12:00:00Z\",\"data\":{\"id\":\""
            + p.gatewayReference().orElseThrow()
            + "\",\"reference\":\"order-1001\"}}";
    InboundResult r =
        in.handle(
            "cko",
            Signing.request(body, "Cko-Signature", Signing.hexHmac(TestSecrets.CHECKOUT, body)));

    assertThat(r.items().get(0).result().outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(current(p).status()).isEqualTo(PaymentStatus.EXPIRED);
  }
}
