package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.card.CardTokenResolver;
import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentEventType;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.store.PaymentStore;
import io.ottu.testing.MutableClock;
import io.ottu.testing.RecordingListener;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentClientTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final RecordingListener events = new RecordingListener();
  private final ScriptedGateway gw = ScriptedGateway.approving("primary");
  private final ScriptedGateway backup = ScriptedGateway.approving("backup");

  /** Retries as in production, without the waiting. */
  static final io.ottu.resilience.GatewayPolicy FAST =
      io.ottu.resilience.GatewayPolicy.builder()
          .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
          .maxRetryAfter(Duration.ofMillis(10))
          .build();

  private PaymentClient client =
      PaymentClient.builder()
          .gateway(gw)
          .gateway(backup)
          .listener(events)
          .clock(clock)
          .defaultPolicy(FAST)
          .routing(io.ottu.routing.Routing.configured())
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  private static PaymentRequest.Builder request(String amount, String currency) {
    return PaymentRequest.builder()
        .amount(Money.of(amount, currency))
        .source(PaymentSource.card(TestCards.visa()))
        .reference("order-1");
  }

  @Test
  void aStrategyCanOnlyOrderAndDropCapableGatewaysEachOnce() {
    io.ottu.routing.RoutingDecision.Route ghost =
        new io.ottu.routing.RoutingDecision.Route("ghost", 1, "not configured");
    io.ottu.routing.RoutingDecision.Route b =
        new io.ottu.routing.RoutingDecision.Route("backup", 0.9, "first");
    io.ottu.routing.RoutingDecision.Route bAgain =
        new io.ottu.routing.RoutingDecision.Route("backup", 0.8, "again");
    io.ottu.routing.RoutingDecision.Route p =
        new io.ottu.routing.RoutingDecision.Route("primary", 0.7, "last");
    try (PaymentClient odd =
        PaymentClient.builder()
            .gateway(gw)
            .gateway(backup)
            .clock(clock)
            .routing(
                context ->
                    new io.ottu.routing.RoutingDecision(
                        "odd", List.of(b, ghost, bAgain, p), List.of()))
            .build()) {
      Payment paid = odd.payments().authorize(request("10.00", "USD").build());
      assertThat(paid.gatewayId()).contains("backup");
      assertThat(paid.routing().orElseThrow().chosen()).containsExactly(b, p);
      assertThat(paid.routing().orElseThrow().strategy()).isEqualTo("odd");
    }
    try (PaymentClient plain =
        PaymentClient.builder()
            .gateway(gw)
            .gateway(backup)
            .clock(clock)
            .routing(
                context -> new io.ottu.routing.RoutingDecision("plain", List.of(p, b), List.of()))
            .build()) {
      Payment paid = plain.payments().authorize(request("10.00", "USD").build());
      assertThat(paid.routing().orElseThrow().chosen()).containsExactly(p, b);
    }
  }

  @Test
  void authorizeCaptureInPartsThenRefundInParts() {
    Payment p = client.payments().authorize(request("12.500", "KWD").build());
    assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(p.gatewayId()).contains("primary");
    assertThat(p.authorizedAmount()).isEqualTo(Money.of("12.500", "KWD"));
    assertThat(p.source().cardSummary().orElseThrow().last4()).isEqualTo("4242");

    p = client.payments().capture(p.id(), Money.of("5.000", "KWD"));
    assertThat(p.status()).isEqualTo(PaymentStatus.PARTIALLY_CAPTURED);
    p = client.payments().capture(p.id(), Money.of("7.500", "KWD"));
    assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(p.capturedAmount()).isEqualTo(Money.of("12.500", "KWD"));

    p = client.payments().refund(p.id(), Money.of("1.000", "KWD"));
    assertThat(p.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    p = client.payments().refund(p.id(), Money.of("11.500", "KWD"));
    assertThat(p.status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(p.refundedAmount()).isEqualTo(p.capturedAmount());

    assertThat(events.typesFor(p.id()))
        .containsExactly(
            PaymentEventType.PAYMENT_CREATED,
            PaymentEventType.PAYMENT_AUTHORIZED,
            PaymentEventType.PAYMENT_PARTIALLY_CAPTURED,
            PaymentEventType.PAYMENT_CAPTURED,
            PaymentEventType.PAYMENT_PARTIALLY_REFUNDED,
            PaymentEventType.PAYMENT_REFUNDED);
    assertThat(p.transactions())
        .extracting(Transaction::type)
        .containsExactly(
            Transaction.Type.AUTHORIZATION,
            Transaction.Type.CAPTURE,
            Transaction.Type.CAPTURE,
            Transaction.Type.REFUND,
            Transaction.Type.REFUND);
    assertThat(client.payments().get(p.id())).contains(p);
  }

  @Test
  void purchaseCapturesInOneStepAndWipesTheCvc() {
    CardData card = TestCards.visa();
    Payment p =
        client.payments().purchase(request("1000", "JPY").source(PaymentSource.card(card)).build());
    assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(p.capturedAmount()).isEqualTo(Money.of("1000", "JPY"));
    assertThat(((AuthorizeRequest) gw.calls.get(0)).capture()).isTrue();
    assertThat(card.cvc()).isEmpty();
  }

  @Test
  void purchaseOnAGatewayWithoutSalesAuthorizesThenCaptures() {
    ScriptedGateway authOnly =
        ScriptedGateway.approving(
            "auth-only",
            GatewayCapabilities.builder()
                .operations(
                    io.ottu.gateway.GatewayOperation.AUTHORIZE,
                    io.ottu.gateway.GatewayOperation.CAPTURE)
                .build());
    try (PaymentClient c = PaymentClient.builder().gateway(authOnly).build()) {
      Payment p = c.payments().purchase(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(authOnly.count(AuthorizeRequest.class)).isEqualTo(1);
      assertThat(authOnly.count(CaptureRequest.class)).isEqualTo(1);
    }
  }

  @Test
  void cancelReleasesAnAuthorization() {
    Payment p = client.payments().authorize(request("10.00", "USD").build());
    assertThat(client.payments().cancel(p.id()).status()).isEqualTo(PaymentStatus.CANCELLED);
    assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("1.00", "USD")))
        .isInstanceOf(PaymentStateException.class)
        .hasMessageContaining("CANCELLED");
  }

  @Test
  void cancelAfterAPartialCaptureClosesThePaymentAsCaptured() {
    Payment p = client.payments().authorize(request("10.00", "USD").build());
    client.payments().capture(p.id(), Money.of("4.00", "USD"));
    Payment closed = client.payments().cancel(p.id());
    assertThat(closed.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(closed.capturedAmount()).isEqualTo(Money.of("4.00", "USD"));
    assertThat(client.payments().refund(p.id(), Money.of("4.00", "USD")).status())
        .isEqualTo(PaymentStatus.REFUNDED);
  }

  @Test
  void aDeclineIsAResultNotAnException() {
    gw.onAuthorize(
        r ->
            GatewayResult.declined(
                "ref-1",
                Decline.hard(DeclineReason.INSUFFICIENT_FUNDS, "51", "Insufficient funds")));
    Payment p = client.payments().authorize(request("10.00", "USD").build());
    assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
    Decline d = p.decline().orElseThrow();
    assertThat(d.reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
    assertThat(d.rawCode()).isEqualTo("51");
    assertThat(d.hard()).isTrue();
    assertThat(d.gatewayId()).isEqualTo("primary");
    assertThat(backup.calls).isEmpty();
  }

  @Test
  void theFirstAttemptIsOnRecordWhenThePaymentIsCreated() {
    Payment p = client.payments().purchase(request("10.00", "USD").build());
    PaymentEvent created =
        events.events.stream()
            .filter(e -> e.type() == PaymentEventType.PAYMENT_CREATED)
            .findFirst()
            .orElseThrow();
    // Before any gateway call, the payment already names the gateway and the key it will use.
    assertThat(created.payment().gatewayId()).contains("primary");
    assertThat(created.payment().transactions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(Transaction.Status.PENDING);
              assertThat(t.gatewayId()).isEqualTo("primary");
              assertThat(t.gatewayIdempotencyKey())
                  .isEqualTo(((AuthorizeRequest) gw.calls.get(0)).idempotencyKey());
            });
    // The same transaction is the one the answer settled, and nothing else was recorded.
    assertThat(p.transactions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo(created.payment().transactions().get(0).id());
              assertThat(t.status()).isEqualTo(Transaction.Status.SUCCEEDED);
            });
  }

  @Test
  void aVaultTokenErasedBeforeTheCallFailsThePaymentAndClosesItsAttempt() {
    CardTokenResolver erasedMeanwhile =
        new CardTokenResolver() {
          @Override
          public CardSummary describe(String token) {
            return new CardSummary(CardBrand.VISA, "424242", "4242", 12, 2034);
          }

          @Override
          public CardData resolve(String token, String paymentId) {
            throw new InvalidRequestException("source.token", "no such token (erased)");
          }
        };
    PaymentStore store = PaymentStore.inMemory();
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(gw)
            .vault(erasedMeanwhile)
            .store(store)
            .clock(clock)
            .build()) {
      assertThatThrownBy(
              () ->
                  c.payments()
                      .purchase(
                          request("5.00", "USD").source(PaymentSource.token("tok_1")).build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("erased");
      Payment p = store.findByReference("order-1").get(0);
      assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
      assertThat(p.transactions())
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.status()).isEqualTo(Transaction.Status.FAILED));
      assertThat(p.hasOpenTransactions()).isFalse();
      assertThat(gw.calls).isEmpty();
    }
  }

  @Nested
  class FailureClassification {
    @Test
    void notSentFailsOverToTheNextGateway() {
      gw.onAuthorize(
          ScriptedGateway.fail(GatewayException.notSent("primary", "connection refused", null)));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(p.gatewayId()).contains("backup");
      // The same gateway is retried (max 2 retries) before the engine fails over.
      assertThat(p.attempts())
          .extracting(Attempt::outcome)
          .containsExactly(
              Attempt.Outcome.NOT_SENT,
              Attempt.Outcome.NOT_SENT,
              Attempt.Outcome.NOT_SENT,
              Attempt.Outcome.APPROVED);
      assertThat(p.routing().orElseThrow().gatewayIds()).containsExactly("primary", "backup");
      assertThat(p.transactions())
          .extracting(Transaction::status)
          .containsExactly(Transaction.Status.FAILED, Transaction.Status.SUCCEEDED);
    }

    @Test
    void unavailableEverywhereFailsThePayment() {
      gw.onAuthorize(
          ScriptedGateway.fail(
              GatewayException.unavailable("primary", "503", 503, Duration.ofSeconds(1))));
      backup.onAuthorize(
          ScriptedGateway.fail(GatewayException.unavailable("backup", "429", 429, null)));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
      assertThat(p.failure().orElseThrow().code()).isEqualTo("no_gateway_available");
    }

    @Test
    void unknownOutcomeLooksUpAndNeverFailsOver() {
      gw.onAuthorize(
          ScriptedGateway.fail(
              GatewayException.unknownOutcome("primary", "read timeout", 0, null)));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(p.failure().orElseThrow().code()).isEqualTo("unknown_outcome");
      assertThat(backup.calls).isEmpty();
      assertThat(gw.count(LookupRequest.class)).isEqualTo(1);
      LookupRequest lookup =
          (LookupRequest)
              gw.calls.stream().filter(LookupRequest.class::isInstance).findFirst().get();
      AuthorizeRequest sent = (AuthorizeRequest) gw.calls.get(0);
      assertThat(lookup.idempotencyKey()).isEqualTo(sent.idempotencyKey());
      assertThat(lookup.reference()).isEqualTo("order-1");

      // No follow-up while unknown; a refresh that finds the charge settles it.
      assertThatThrownBy(() -> client.payments().cancel(p.id()))
          .isInstanceOf(PaymentStateException.class);
      gw.onLookup(r -> Optional.of(GatewayResult.authorized("found-1", r.amount())));
      Payment settled = client.payments().refresh(p.id());
      assertThat(settled.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(settled.gatewayReference()).contains("found-1");
    }

    @Test
    void unknownOutcomeResolvedByTheImmediateLookup() {
      gw.onAuthorize(
          ScriptedGateway.fail(GatewayException.unknownOutcome("primary", "reset", 0, null)));
      gw.onLookup(r -> Optional.of(GatewayResult.authorized("charged-1", r.amount())));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(backup.calls).isEmpty();
    }

    @Test
    void rejectedStopsWithTheGatewaysReason() {
      gw.onAuthorize(
          ScriptedGateway.fail(
              GatewayException.rejected("primary", "amount: invalid", 400, "parameter_invalid")));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
      assertThat(p.failure().orElseThrow().code()).isEqualTo("gateway_rejected");
      assertThat(backup.calls).isEmpty();
    }

    @Test
    void anAmountMismatchIsNeverASuccess() {
      gw.onAuthorize(r -> GatewayResult.authorized("ref-x", Money.of("1.00", "USD")));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(p.failure().orElseThrow().code()).isEqualTo("amount_mismatch");
      assertThat(p.attempts())
          .extracting(Attempt::outcome)
          .contains(Attempt.Outcome.INTEGRITY_FAILURE);
      assertThat(backup.calls).isEmpty();
    }

    @Test
    void anAdapterBugIsTreatedAsUnknownNotAsNotSent() {
      gw.onAuthorize(
          r -> {
            throw new IllegalStateException("bug");
          });
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(backup.calls).isEmpty();
    }

    @Test
    void captureFailuresLeaveThePaymentAndSayWhy() {
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      gw.onCapture(ScriptedGateway.fail(GatewayException.rejected("primary", "no", 422, "x")));
      assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("10.00", "USD")))
          .isInstanceOf(GatewayException.class);
      Payment after = client.payments().get(p.id()).orElseThrow();
      assertThat(after.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(after.capturableAmount()).isEqualTo(Money.of("10.00", "USD"));
      assertThat(events.typesFor(p.id())).contains(PaymentEventType.OPERATION_FAILED);
    }

    @Test
    void captureOfUnknownOutcomeBlocksUntilRefreshed() {
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      gw.onCapture(
          ScriptedGateway.fail(GatewayException.unknownOutcome("primary", "timeout", 0, null)));
      assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("4.00", "USD")))
          .isInstanceOf(GatewayException.class);
      assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("1.00", "USD")))
          .isInstanceOf(PaymentStateException.class)
          .hasMessageContaining("unknown outcome");
      gw.onLookup(
          r ->
              r.operation() == io.ottu.gateway.GatewayOperation.CAPTURE
                  ? Optional.of(GatewayResult.captured(p.gatewayReference().get(), r.amount()))
                  : Optional.empty());
      Payment settled = client.payments().capture(p.id(), Money.of("6.00", "USD"));
      assertThat(settled.capturedAmount()).isEqualTo(Money.of("10.00", "USD"));
      assertThat(settled.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void aPendingRefundReservesItsAmountUntilSettled() {
      Payment p = client.payments().purchase(request("10.00", "USD").build());
      gw.onRefund(r -> GatewayResult.pending(r.gatewayReference()));
      Payment pending = client.payments().refund(p.id(), Money.of("10.00", "USD"));
      assertThat(pending.refundableAmount()).isEqualTo(Money.of("0.00", "USD"));
      assertThatThrownBy(() -> client.payments().refund(p.id(), Money.of("0.01", "USD")))
          .isInstanceOf(PaymentStateException.class);
      gw.onLookup(r -> Optional.of(GatewayResult.refunded(p.gatewayReference().get(), r.amount())));
      assertThat(client.payments().refresh(p.id()).status()).isEqualTo(PaymentStatus.REFUNDED);
    }
  }

  @Nested
  class ThreeDSecure {
    @Test
    void challengeThenComplete() {
      gw.onAuthorize(
          r ->
              GatewayResult.actionRequired(
                  "ref-3ds", NextAction.redirect("https://acs.example/c")));
      Payment p = client.payments().purchase(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
      assertThat(p.nextAction().orElseThrow().url()).isEqualTo("https://acs.example/c");
      assertThat(p.actionExpiresAt()).contains(clock.instant().plus(Duration.ofMinutes(15)));

      Payment done = client.payments().completeAction(p.id(), Map.of("result", "ok"));
      assertThat(done.status()).isEqualTo(PaymentStatus.CAPTURED);
      assertThat(done.nextAction()).isEmpty();
    }

    @Test
    void anAbandonedChallengeExpires() {
      gw.onAuthorize(
          r ->
              GatewayResult.actionRequired(
                  "ref-3ds", NextAction.redirect("https://acs.example/c")));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      clock.advance(Duration.ofMinutes(16));
      assertThatThrownBy(() -> client.payments().completeAction(p.id(), Map.of()))
          .isInstanceOf(PaymentStateException.class)
          .hasMessageContaining("expired");
      assertThat(client.payments().get(p.id()).orElseThrow().status())
          .isEqualTo(PaymentStatus.EXPIRED);
    }

    @Test
    void aChallengeCanBeCancelled() {
      gw.onAuthorize(
          r ->
              GatewayResult.actionRequired(
                  "ref-3ds", NextAction.redirect("https://acs.example/c")));
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      assertThat(client.payments().cancel(p.id()).status()).isEqualTo(PaymentStatus.CANCELLED);
    }
  }

  @Nested
  class BadInput {
    @Test
    void requestValidationNamesTheField() {
      assertThatThrownBy(() -> PaymentRequest.builder().build())
          .isInstanceOf(InvalidRequestException.class)
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("amount");
      assertThatThrownBy(() -> request("-1.00", "USD").build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("positive");
      assertThatThrownBy(() -> request("1.005", "USD").build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("1.005");
      assertThatThrownBy(() -> request("1.00", "XYZ").build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("XYZ");
      assertThatThrownBy(() -> request("1.00", "USD").reference(null).build())
          .isInstanceOf(InvalidRequestException.class)
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("reference");
      assertThatThrownBy(() -> client.payments().authorize(null))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void anExpiredCardIsRefusedBeforeAnythingIsStored() {
      CardData expired = CardData.builder().number(TestCards.VISA).expiry(1, 2020).build();
      assertThatThrownBy(
              () ->
                  client
                      .payments()
                      .authorize(
                          request("1.00", "USD").source(PaymentSource.card(expired)).build()))
          .isInstanceOf(InvalidRequestException.class)
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("source.card.expiry");
      assertThat(events.events).isEmpty();
      assertThat(gw.calls).isEmpty();
    }

    @Test
    void aCurrencyNoGatewayTakesIsRefusedNamingTheField() {
      ScriptedGateway usdOnly =
          ScriptedGateway.approving("usd", GatewayCapabilities.builder().currencies("USD").build());
      try (PaymentClient c = PaymentClient.builder().gateway(usdOnly).build()) {
        assertThatThrownBy(() -> c.payments().authorize(request("1.000", "KWD").build()))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("KWD")
            .extracting(e -> ((InvalidRequestException) e).field())
            .isEqualTo("amount.currency");
      }
    }

    @Test
    void aVaultTokenWithoutAVaultIsRefused() {
      assertThatThrownBy(
              () ->
                  client
                      .payments()
                      .authorize(
                          request("1.00", "USD").source(PaymentSource.token("tok_1")).build()))
          .isInstanceOf(InvalidRequestException.class)
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("source.token");
    }

    @Test
    void followUpsRefuseBadAmountsAndChangeNothing() {
      Payment p = client.payments().authorize(request("10.00", "USD").build());
      long version = client.payments().get(p.id()).orElseThrow().version();
      assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("10.01", "USD")))
          .isInstanceOf(PaymentStateException.class)
          .hasMessageContaining("exceeds the capturable amount 10.00 USD");
      assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("1.000", "KWD")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("KWD");
      assertThatThrownBy(() -> client.payments().capture(p.id(), Money.of("-1.00", "USD")))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> client.payments().capture(p.id(), null))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> client.payments().refund(p.id(), Money.of("1.00", "USD")))
          .isInstanceOf(PaymentStateException.class)
          .hasMessageContaining("cannot refund");
      assertThatThrownBy(() -> client.payments().capture("pay_missing", Money.of("1.00", "USD")))
          .isInstanceOf(PaymentNotFoundException.class);
      assertThatThrownBy(() -> client.payments().completeAction(p.id(), Map.of()))
          .isInstanceOf(PaymentStateException.class);
      assertThat(client.payments().get(p.id()).orElseThrow().version()).isEqualTo(version);
      assertThat(gw.count(CaptureRequest.class)).isZero();
    }

    @Test
    void aSinglCaptureGatewayRefusesASecondCapture() {
      ScriptedGateway single =
          ScriptedGateway.approving(
              "single", GatewayCapabilities.builder().multipleCaptures(false).build());
      try (PaymentClient c = PaymentClient.builder().gateway(single).build()) {
        Payment p = c.payments().authorize(request("10.00", "USD").build());
        Payment captured = c.payments().capture(p.id(), Money.of("4.00", "USD"));
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(((CaptureRequest) single.calls.get(1)).finalCapture()).isTrue();
        assertThatThrownBy(() -> c.payments().capture(p.id(), Money.of("1.00", "USD")))
            .isInstanceOf(PaymentStateException.class);
      }
    }

    @Test
    void clientBuilderNamesWhatIsMissing() {
      assertThatThrownBy(() -> PaymentClient.builder().build()).hasMessageContaining("gateways");
      assertThatThrownBy(
              () ->
                  PaymentClient.builder()
                      .gateway(ScriptedGateway.approving("a"))
                      .gateway(ScriptedGateway.approving("a"))
                      .build())
          .hasMessageContaining("\"a\"");
    }
  }

  @Test
  void aThrowingListenerNeverUndoesThePayment() {
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(gw)
            .listener(
                e -> {
                  throw new IllegalStateException("listener down");
                })
            .listener(events)
            .build()) {
      Payment p = c.payments().authorize(request("10.00", "USD").build());
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(c.listenerFailures()).isEqualTo(2);
      assertThat(events.typesFor(p.id())).contains(PaymentEventType.PAYMENT_AUTHORIZED);
    }
  }

  @Test
  void asyncFormsCompleteWithTheSameResults() throws Exception {
    Payment p = client.payments().authorizeAsync(request("10.00", "USD").build()).get();
    assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(client.payments().captureAsync(p.id(), Money.of("10.00", "USD")).get().status())
        .isEqualTo(PaymentStatus.CAPTURED);
    assertThat(client.payments().getAsync(p.id()).get()).isPresent();
    assertThat(client.payments().refundAsync("nope", Money.of("1.00", "USD")))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(PaymentNotFoundException.class);
  }
}
