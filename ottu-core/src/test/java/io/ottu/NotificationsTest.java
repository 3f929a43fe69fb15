package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.NotificationResult.Outcome;
import io.ottu.event.PaymentEventType;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import io.ottu.gateway.GatewayResult;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.testing.RecordingListener;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationsTest {
  private final ScriptedGateway gw = ScriptedGateway.approving("gw");
  private final RecordingListener events = new RecordingListener();
  private final PaymentClient client =
      PaymentClient.builder()
          .gateway(gw)
          .listener(events)
          .defaultPolicy(GatewayPolicy.builder().maxRetries(0).build())
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  private Payment authorize(String amount) {
    return client
        .payments()
        .authorize(
            PaymentRequest.builder()
                .amount(Money.of(amount, "USD"))
                .source(PaymentSource.card(TestCards.visa()))
                .reference("order-n")
                .build());
  }

  private static GatewayNotification note(
      Kind kind, String eventId, Payment p, String amount, String txRef) {
    return new GatewayNotification(
        "gw",
        eventId,
        kind,
        null,
        null,
        p.gatewayReference().orElse(null),
        txRef,
        amount == null ? null : Money.of(amount, "USD"),
        null,
        Instant.now(),
        Map.of());
  }

  @Test
  void anUnknownPaymentIsSettledByItsAuthorizationNotification() {
    gw.onAuthorize(ScriptedGateway.fail(GatewayException.unknownOutcome("gw", "timeout", 0, null)));
    Payment p = authorize("10.00");
    assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
    GatewayNotification n =
        new GatewayNotification(
            "gw",
            "evt-1",
            Kind.AUTHORIZED,
            p.id(),
            null,
            "gw-77",
            null,
            Money.of("10.00", "USD"),
            null,
            Instant.now(),
            Map.of());
    NotificationResult r = client.notifications().apply(n);
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(r.payment().status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(r.payment().gatewayReference()).contains("gw-77");
    // The same notification again changes nothing.
    assertThat(client.notifications().apply(n).outcome()).isEqualTo(Outcome.ALREADY_APPLIED);
    assertThat(events.typesFor(p.id())).containsOnlyOnce(PaymentEventType.PAYMENT_AUTHORIZED);
  }

  @Test
  void aNotificationThatArrivesWhileTheCallIsInFlightIsKeptWhenTheAnswerLands() {
    // The gateway's webhook overtakes its own answer: the engine's copy of the payment is stale
    // when the answer is applied, so the write must go to what the store holds by then.
    gw.onAuthorize(
        r -> {
          GatewayNotification n =
              new GatewayNotification(
                  "gw",
                  "evt-early",
                  Kind.AUTHORIZED,
                  r.paymentId(),
                  null,
                  "gw-early",
                  null,
                  Money.of("10.00", "USD"),
                  null,
                  Instant.now(),
                  Map.of());
          assertThat(client.notifications().apply(n).outcome()).isEqualTo(Outcome.APPLIED);
          return GatewayResult.authorized("gw-early", Money.of("10.00", "USD"));
        });

    Payment p = authorize("10.00");

    assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(p.gatewayReference()).contains("gw-early");
    assertThat(p.version()).isEqualTo(3); // stored, the notification, the answer
    assertThat(client.payments().get(p.id())).contains(p);
    assertThat(p.transactions())
        .singleElement()
        .satisfies(
            tx -> {
              assertThat(tx.status()).isEqualTo(Transaction.Status.SUCCEEDED);
              assertThat(tx.gatewayReference()).contains("gw-early");
            });
    assertThat(p.attempts()).isNotEmpty();
    assertThat(events.typesFor(p.id())).containsOnlyOnce(PaymentEventType.PAYMENT_AUTHORIZED);
  }

  @Test
  void pendingCapturesAndRefundsAreConfirmedAndDuplicatesAreHarmless() {
    gw.onCapture(
        r -> GatewayResult.pending(r.gatewayReference()).withTransactionReference("cap-1"));
    gw.onRefund(r -> GatewayResult.pending(r.gatewayReference()).withTransactionReference("ref-1"));
    Payment p = authorize("10.00");
    client.payments().capture(p.id(), Money.of("10.00", "USD"));
    NotificationResult captured =
        client.notifications().apply(note(Kind.CAPTURED, "e1", p, "10.00", "cap-1"));
    assertThat(captured.payment().status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(
            client.notifications().apply(note(Kind.CAPTURED, "e1", p, "10.00", "cap-1")).outcome())
        .isEqualTo(Outcome.ALREADY_APPLIED);

    client.payments().refund(p.id(), Money.of("4.00", "USD"));
    // A late AUTHORIZED arrives after the capture: it must not move the payment back.
    assertThat(
            client.notifications().apply(note(Kind.AUTHORIZED, "e0", p, "10.00", null)).outcome())
        .isEqualTo(Outcome.ALREADY_APPLIED);
    NotificationResult refunded =
        client.notifications().apply(note(Kind.REFUNDED, "e2", p, "4.00", "ref-1"));
    assertThat(refunded.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(refunded.payment().refundedAmount()).isEqualTo(Money.of("4.00", "USD"));
  }

  @Test
  void capturesAndRefundsMadeOutsideTheClientAreRecorded() {
    Payment p = authorize("10.00");
    NotificationResult r =
        client.notifications().apply(note(Kind.CAPTURED, "e1", p, "6.00", "dash-cap"));
    assertThat(r.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(r.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_CAPTURED);
    assertThat(r.payment().transactions())
        .extracting(Transaction::type)
        .contains(Transaction.Type.CAPTURE);
  }

  @Test
  void amountsOrCurrenciesThatContradictThePaymentAreRefused() {
    Payment p = authorize("10.00");
    long version = client.payments().get(p.id()).orElseThrow().version();
    assertThat(client.notifications().apply(note(Kind.CAPTURED, "e1", p, "10.01", "x")).outcome())
        .isEqualTo(Outcome.MISMATCH);
    GatewayNotification eur =
        new GatewayNotification(
            "gw",
            "e2",
            Kind.CAPTURED,
            p.id(),
            null,
            null,
            null,
            Money.of("10.00", "EUR"),
            null,
            Instant.now(),
            Map.of());
    assertThat(client.notifications().apply(eur).outcome()).isEqualTo(Outcome.MISMATCH);
    assertThat(client.payments().get(p.id()).orElseThrow().version()).isEqualTo(version);
  }

  @Test
  void cancellationsDeclinesAndDisputes() {
    Payment p = authorize("10.00");
    assertThat(
            client
                .notifications()
                .apply(note(Kind.CANCELLED, "c1", p, null, null))
                .payment()
                .status())
        .isEqualTo(PaymentStatus.CANCELLED);
    assertThat(
            client.notifications().apply(note(Kind.AUTHORIZED, "c2", p, "10.00", null)).outcome())
        .isEqualTo(Outcome.ALREADY_APPLIED);

    Payment q =
        client
            .payments()
            .purchase(
                PaymentRequest.builder()
                    .amount(Money.of("20.00", "USD"))
                    .source(PaymentSource.card(TestCards.visa()))
                    .reference("order-d")
                    .build());
    NotificationResult opened =
        client.notifications().apply(note(Kind.DISPUTE_OPENED, "d1", q, "20.00", "cb-1"));
    assertThat(opened.payment().status()).isEqualTo(PaymentStatus.DISPUTED);
    NotificationResult lost =
        client.notifications().apply(note(Kind.DISPUTE_LOST, "d2", q, "20.00", "cb-1"));
    assertThat(lost.payment().status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(lost.payment().transactions())
        .filteredOn(t -> t.type() == Transaction.Type.DISPUTE)
        .singleElement()
        .satisfies(t -> assertThat(t.status()).isEqualTo(Transaction.Status.SUCCEEDED));
    assertThat(client.notifications().apply(note(Kind.DECLINED, "d3", q, null, null)).outcome())
        .isEqualTo(Outcome.IGNORED);
  }

  @Test
  void unknownPaymentsAreReportedNotInvented() {
    GatewayNotification n =
        new GatewayNotification(
            "gw",
            "e9",
            Kind.CAPTURED,
            null,
            "no-such-order",
            null,
            null,
            Money.of("1.00", "USD"),
            null,
            Instant.now(),
            Map.of());
    assertThat(client.notifications().apply(n).outcome()).isEqualTo(Outcome.PAYMENT_NOT_FOUND);
  }
}
