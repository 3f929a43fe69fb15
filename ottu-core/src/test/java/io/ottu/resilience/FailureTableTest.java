package io.ottu.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.Attempt;
import io.ottu.Decline;
import io.ottu.DeclineReason;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.Transaction;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.DeclineAction;
import io.ottu.gateway.DeclineRule;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.routing.CircuitState;
import io.ottu.routing.Routing;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each row of the failure classification table of DESIGN §2, proven end to end. */
class FailureTableTest {
  static final GatewayPolicy FAST =
      GatewayPolicy.builder()
          .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
          .maxRetryAfter(Duration.ofMillis(200))
          .build();

  private final ScriptedGateway a = ScriptedGateway.approving("a");
  private final ScriptedGateway b = ScriptedGateway.approving("b");

  private PaymentClient client(GatewayPolicy policy) {
    return PaymentClient.builder()
        .gateway(a)
        .gateway(b)
        .routing(Routing.configured())
        .defaultPolicy(policy)
        .build();
  }

  private static PaymentRequest request() {
    return PaymentRequest.builder()
        .amount(Money.of("25.00", "USD"))
        .source(PaymentSource.card(TestCards.visa()))
        .reference("order-ft")
        .build();
  }

  private static List<String> keysSentBy(ScriptedGateway g) {
    return g.calls.stream()
        .filter(AuthorizeRequest.class::isInstance)
        .map(c -> ((AuthorizeRequest) c).idempotencyKey())
        .toList();
  }

  @Test
  void notSentIsRetriedThenFailsOver() {
    a.onAuthorize(ScriptedGateway.fail(GatewayException.notSent("a", "refused", null)));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(p.gatewayId()).contains("b");
      assertThat(a.count(AuthorizeRequest.class)).isEqualTo(3);
    }
  }

  @Test
  void unavailableHonoursRetryAfterThenFailsOver() {
    a.onAuthorize(
        ScriptedGateway.fail(GatewayException.unavailable("a", "429", 429, Duration.ofMillis(60))));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.gatewayId()).contains("b");
      List<Attempt> onA = p.attempts().stream().filter(x -> x.gatewayId().equals("a")).toList();
      assertThat(onA).hasSize(3).allMatch(x -> x.outcome() == Attempt.Outcome.UNAVAILABLE);
      // The gateway asked for 60 ms between tries, far more than the 1-2 ms back-off.
      assertThat(Duration.between(onA.get(0).startedAt(), onA.get(1).startedAt()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(55));
    }
  }

  @Test
  void aRetryAfterLongerThanTheCapFailsOverAtOnce() {
    a.onAuthorize(
        ScriptedGateway.fail(GatewayException.unavailable("a", "503", 503, Duration.ofMinutes(5))));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.gatewayId()).contains("b");
      assertThat(a.count(AuthorizeRequest.class)).isEqualTo(1);
    }
  }

  @Test
  void unknownOutcomeRetriesTheSameGatewayWithTheSameKeyThenLooksUpThenStaysUnknown() {
    a.onAuthorize(
        ScriptedGateway.fail(GatewayException.unknownOutcome("a", "read timeout", 0, null)));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(b.calls).isEmpty();
      List<String> keys = keysSentBy(a);
      assertThat(keys).hasSize(3).containsOnly(keys.get(0));
      assertThat(a.count(LookupRequest.class)).isEqualTo(1);
      assertThat(p.failure().orElseThrow().message()).contains("read timeout");
    }
  }

  /**
   * Regression (found by ChaosTest): the last attempt's refusal must not erase an earlier unknown.
   */
  @Test
  void anUnknownAttemptFollowedByARefusedRetryStaysUnknownAndNeverFailsOver() {
    AtomicInteger calls = new AtomicInteger();
    a.onAuthorize(
        r -> {
          switch (calls.incrementAndGet()) {
            case 1 -> throw GatewayException.unknownOutcome("a", "response lost", 0, null);
            case 2 -> throw GatewayException.unavailable("a", "503", 503, null);
            default -> throw GatewayException.rejected("a", "400", 400, "invalid");
          }
        });
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(p.failure().orElseThrow().message())
          .contains("an earlier attempt's outcome is unknown");
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void anAnswerToAnyAttemptIsTheAnswer() {
    AtomicInteger calls = new AtomicInteger();
    a.onAuthorize(
        r -> {
          if (calls.incrementAndGet() == 1) {
            throw GatewayException.unknownOutcome("a", "response lost", 0, null);
          }
          return GatewayResult.authorized("a-1", r.amount());
        });
    try (PaymentClient c = client(FAST)) {
      assertThat(c.payments().authorize(request()).status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }
  }

  @Test
  void unknownOutcomeOnAGatewayWithoutIdempotencyIsNotRetried() {
    ScriptedGateway plain =
        ScriptedGateway.approving(
            "plain", GatewayCapabilities.builder().idempotencyKeys(false).build());
    plain.onAuthorize(
        ScriptedGateway.fail(GatewayException.unknownOutcome("plain", "reset", 0, null)));
    plain.onLookup(r -> Optional.of(GatewayResult.authorized("found", r.amount())));
    try (PaymentClient c = PaymentClient.builder().gateway(plain).defaultPolicy(FAST).build()) {
      Payment p = c.payments().authorize(request());
      assertThat(plain.count(AuthorizeRequest.class)).isEqualTo(1);
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }
  }

  @Test
  void aRetryAfterAnUnknownOutcomeThatSucceedsChargesOnce() {
    AtomicInteger calls = new AtomicInteger();
    a.onAuthorize(
        r -> {
          if (calls.incrementAndGet() == 1) {
            throw GatewayException.unknownOutcome("a", "reset after send", 0, null);
          }
          return GatewayResult.authorized("a-1", r.amount());
        });
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(keysSentBy(a)).hasSize(2).containsOnly(keysSentBy(a).get(0));
      assertThat(p.transactions()).hasSize(1);
    }
  }

  @Test
  void aTimeoutIsAnUnknownOutcome() {
    CountDownLatch never = new CountDownLatch(1);
    a.onAuthorize(
        r -> {
          try {
            never.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayException.unknownOutcome("a", "interrupted while waiting", 0, e);
          }
          return GatewayResult.authorized("late", r.amount());
        });
    GatewayPolicy quick = FAST.toBuilder().timeout(Duration.ofMillis(50)).maxRetries(0).build();
    try (PaymentClient c = client(quick)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
      assertThat(p.failure().orElseThrow().message()).contains("no answer within 50 ms");
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void softDeclinesCascadeHardDeclinesStop() {
    a.onAuthorize(
        r ->
            GatewayResult.declined(
                "a-1", Decline.soft(DeclineReason.DO_NOT_HONOR, "05", "do not honor")));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.AUTHORIZED);
      assertThat(p.gatewayId()).contains("b");
      assertThat(p.transactions())
          .extracting(Transaction::status)
          .containsExactly(Transaction.Status.DECLINED, Transaction.Status.SUCCEEDED);
      assertThat(p.decline()).isEmpty();
    }
    a.onAuthorize(
        r ->
            GatewayResult.declined(
                "a-2", Decline.hard(DeclineReason.LOST_OR_STOLEN, "43", "stolen")));
    try (PaymentClient c = client(FAST)) {
      b.calls.clear();
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
      assertThat(p.decline().orElseThrow().rawCode()).isEqualTo("43");
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void softDeclinesEverywhereEndDeclinedWithTheLastDecline() {
    a.onAuthorize(
        r -> GatewayResult.declined("a-1", Decline.soft(DeclineReason.DO_NOT_HONOR, "05", "")));
    b.onAuthorize(
        r ->
            GatewayResult.declined(
                "b-1", Decline.soft(DeclineReason.ISSUER_UNAVAILABLE, "91", "")));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
      assertThat(p.decline().orElseThrow().rawCode()).isEqualTo("91");
      assertThat(p.decline().orElseThrow().gatewayId()).isEqualTo("b");
    }
  }

  @Test
  void theHostCanOverrideADeclineRow() {
    a.onAuthorize(
        r -> GatewayResult.declined("a-1", Decline.soft(DeclineReason.DO_NOT_HONOR, "05", "")));
    GatewayPolicy stopOn05 =
        FAST.toBuilder()
            .declineOverride("05", DeclineRule.hard(DeclineReason.DO_NOT_HONOR))
            .build();
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(a)
            .gateway(b)
            .routing(Routing.configured())
            .defaultPolicy(FAST)
            .policy("a", stopOn05)
            .build()) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
      assertThat(p.decline().orElseThrow().action()).isEqualTo(DeclineAction.STOP);
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void authenticationRequiredStepsUpToThreeDSecureOnTheSameGateway() {
    a.thenAuthorize(
        r ->
            GatewayResult.declined(
                "a-1", Decline.soft(DeclineReason.AUTHENTICATION_REQUIRED, "1A", "SCA required")));
    a.onAuthorize(
        r ->
            r.threeDSecure() == ThreeDSecure.REQUIRED
                ? GatewayResult.actionRequired("a-2", NextAction.redirect("https://acs.example/x"))
                : GatewayResult.declined("a-3", Decline.hard(DeclineReason.OTHER, "x", "")));
    try (PaymentClient c = client(FAST)) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
      assertThat(p.gatewayId()).contains("a");
      List<String> keys = keysSentBy(a);
      assertThat(keys).hasSize(2).doesNotHaveDuplicates();
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void theCircuitOpensAfterRepeatedFailuresAndRoutingSkipsTheGateway() {
    a.onAuthorize(ScriptedGateway.fail(GatewayException.unavailable("a", "503", 503, null)));
    GatewayPolicy policy =
        FAST.toBuilder().maxRetries(0).circuitBreaker(3, 5, Duration.ofMinutes(1), 1).build();
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(a)
            .gateway(b)
            .routing(Routing.healthy(Routing.configured()))
            .defaultPolicy(policy)
            .build()) {
      for (int i = 0; i < 3; i++) {
        c.payments().authorize(request());
      }
      assertThat(c.admin().health("a").circuit()).isEqualTo(CircuitState.OPEN);
      int before = (int) a.count(AuthorizeRequest.class);
      Payment p = c.payments().authorize(request());
      assertThat(p.gatewayId()).contains("b");
      assertThat(a.count(AuthorizeRequest.class)).isEqualTo(before);
      assertThat(p.routing().orElseThrow().skipped())
          .anySatisfy(s -> assertThat(s.reason()).isEqualTo("circuit open"));
    }
  }

  @Test
  void anOpenCircuitOnAPinnedGatewayIsNotSentAndFailsThePayment() {
    try (PaymentClient c = client(FAST)) {
      c.admin().openCircuit("a");
      Payment p =
          c.payments()
              .authorize(
                  PaymentRequest.builder()
                      .amount(Money.of("25.00", "USD"))
                      .source(PaymentSource.card(TestCards.visa()))
                      .reference("pinned")
                      .gateway("a")
                      .build());
      assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
      assertThat(p.attempts())
          .singleElement()
          .satisfies(
              x -> {
                assertThat(x.outcome()).isEqualTo(Attempt.Outcome.NOT_SENT);
                assertThat(x.detail()).contains("circuit open");
              });
      assertThat(a.calls).isEmpty();
    }
  }

  @Test
  void aFullBulkheadIsNotSentAndFailsOver() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.onAuthorize(
        r -> {
          inside.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return GatewayResult.authorized("a-slow", r.amount());
        });
    GatewayPolicy one = FAST.toBuilder().bulkhead(1).build();
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(a)
            .gateway(b)
            .routing(Routing.configured())
            .defaultPolicy(one)
            .build()) {
      var first = c.payments().authorizeAsync(request());
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
      Payment second = c.payments().authorize(request());
      assertThat(second.gatewayId()).contains("b");
      assertThat(second.attempts().get(0).detail()).contains("too many calls in flight");
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS).gatewayId()).contains("a");
    }
  }

  @Test
  void maxGatewaysPerPaymentBoundsTheCascade() {
    ScriptedGateway c3 = ScriptedGateway.approving("c");
    a.onAuthorize(
        r -> GatewayResult.declined("x", Decline.soft(DeclineReason.DO_NOT_HONOR, "05", "")));
    b.onAuthorize(
        r -> GatewayResult.declined("y", Decline.soft(DeclineReason.DO_NOT_HONOR, "05", "")));
    try (PaymentClient c =
        PaymentClient.builder()
            .gateway(a)
            .gateway(b)
            .gateway(c3)
            .routing(Routing.configured())
            .defaultPolicy(FAST)
            .maxGatewaysPerPayment(2)
            .build()) {
      Payment p = c.payments().authorize(request());
      assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
      assertThat(c3.calls).isEmpty();
    }
  }

  @Test
  void policiesValidateAndNameTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GatewayPolicy.builder().maxRetries(11).build())
        .hasMessageContaining("maxRetries");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GatewayPolicy.builder().circuitBreaker(5, 3, Duration.ofSeconds(1), 1).build())
        .hasMessageContaining("circuitBreaker");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GatewayPolicy.builder().jitter(2).build())
        .hasMessageContaining("jitter");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PaymentClient.builder().gateway(a).policy("nope", FAST).build())
        .hasMessageContaining("\"nope\"");
  }
}
