package io.ottu.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ottu.CardBrand;
import io.ottu.Money;
import io.ottu.PaymentSource;
import io.ottu.gateway.GatewayCapabilities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  static GatewayView view(String id, double approvals, double failures) {
    return view(id, approvals, failures, CircuitState.CLOSED, Duration.ofMillis(100));
  }

  static GatewayView view(
      String id, double approvals, double failures, CircuitState c, Duration p95) {
    SegmentStats s = new SegmentStats(approvals, failures, p95.dividedBy(2), p95);
    return new GatewayView(id, GatewayCapabilities.builder().build(), c, true, s, s);
  }

  static RoutingContext context(String paymentId, Money amount, GatewayView... gateways) {
    return new RoutingContext(
        paymentId,
        amount,
        CardBrand.VISA,
        "424242",
        "KW",
        PaymentSource.Type.CARD,
        Map.of("channel", "web"),
        List.of(gateways),
        NOW);
  }

  static RoutingContext context(GatewayView... gateways) {
    return context("pay_1", Money.of("10.00", "USD"), gateways);
  }

  @Test
  void configuredKeepsTheConfigurationOrder() {
    RoutingDecision d = Routing.configured().route(context(view("a", 0, 0), view("b", 0, 0)));
    assertThat(d.gatewayIds()).containsExactly("a", "b");
  }

  @Test
  void priorityPutsListedGatewaysFirst() {
    RoutingDecision d =
        Routing.priority("c", "a")
            .route(context(view("a", 0, 0), view("b", 0, 0), view("c", 0, 0)));
    assertThat(d.gatewayIds()).containsExactly("c", "a", "b");
    assertThat(d.explain()).contains("priority 1");
  }

  @Test
  void weightedSplitsVolumeAndSticksToThePayment() {
    RoutingStrategy w = Routing.weighted(Map.of("a", 70, "b", 30));
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      RoutingDecision d =
          w.route(context("pay_" + i, Money.of("1.00", "USD"), view("a", 0, 0), view("b", 0, 0)));
      first.merge(d.gatewayIds().get(0), 1, Integer::sum);
      assertThat(d.gatewayIds()).hasSize(2);
    }
    assertThat(first.get("a")).isBetween(6_700, 7_300);
    RoutingDecision once =
        w.route(context("pay_42", Money.of("1.00", "USD"), view("a", 0, 0), view("b", 0, 0)));
    RoutingDecision again =
        w.route(context("pay_42", Money.of("1.00", "USD"), view("a", 0, 0), view("b", 0, 0)));
    assertThat(again.gatewayIds()).isEqualTo(once.gatewayIds());
    assertThatThrownBy(() -> Routing.weighted(Map.of("a", 0))).hasMessageContaining("\"a\"");
  }

  @Test
  void rulesMatchOnEveryKindOfConditionAndFallThrough() {
    RoutingStrategy rules =
        Routing.rules()
            .when(RouteCondition.currency("KWD"))
            .use("knet")
            .when(RouteCondition.binPrefix("4242").and(RouteCondition.country("KW")))
            .use("mpgs", "stripe")
            .when(RouteCondition.amountBetween(Money.of("1000.00", "USD"), null))
            .use(Routing.priority("adyen"))
            .when(RouteCondition.metadata("channel", "pos"))
            .use("tap")
            .otherwise(Routing.configured());
    GatewayView[] all = {
      view("stripe", 0, 0),
      view("adyen", 0, 0),
      view("knet", 0, 0),
      view("mpgs", 0, 0),
      view("tap", 0, 0)
    };
    assertThat(rules.route(context("p", Money.of("1.000", "KWD"), all)).gatewayIds())
        .containsExactly("knet");
    RoutingDecision bin = rules.route(context("p", Money.of("5.00", "USD"), all));
    assertThat(bin.gatewayIds()).containsExactly("mpgs", "stripe");
    assertThat(bin.chosen().get(0).reason()).contains("rule 2").contains("BIN");
    assertThat(bin.skipped())
        .extracting(RoutingDecision.Skip::gatewayId)
        .contains("knet", "adyen", "tap");

    RoutingContext notKw =
        new RoutingContext(
            "p",
            Money.of("5000.00", "USD"),
            CardBrand.MASTERCARD,
            "555555",
            "AE",
            PaymentSource.Type.CARD,
            Map.of(),
            List.of(all),
            NOW);
    assertThat(rules.route(notKw).gatewayIds().get(0)).isEqualTo("adyen");
    RoutingContext small =
        new RoutingContext(
            "p",
            Money.of("5.00", "USD"),
            CardBrand.MASTERCARD,
            "555555",
            "AE",
            PaymentSource.Type.CARD,
            Map.of(),
            List.of(all),
            NOW);
    RoutingDecision fall = rules.route(small);
    assertThat(fall.gatewayIds()).containsExactly("stripe", "adyen", "knet", "mpgs", "tap");
    assertThat(fall.chosen().get(0).reason()).contains("no rule matched");
    assertThat(RouteCondition.brand(CardBrand.VISA).negate().test(small)).isTrue();
    assertThatThrownBy(() -> RouteCondition.binPrefix("42a")).hasMessageContaining("42a");
  }

  @Test
  void aRuleNamingOnlyIncapableGatewaysFallsThrough() {
    RoutingStrategy rules =
        Routing.rules()
            .when(RouteCondition.currency("USD"))
            .use("gone")
            .otherwise(Routing.configured());
    assertThat(rules.route(context(view("a", 0, 0))).gatewayIds()).containsExactly("a");
  }

  @Test
  void successRateRanksByTheSmoothedRateAndUsesThePriorBelowMinSamples() {
    SuccessRateRouting sr = Routing.successRate().withExploration(0);
    RoutingDecision d =
        sr.route(context(view("low", 60, 40), view("high", 95, 5), view("new", 0, 0)));
    // "new" has no data and scores the prior (0.8); "high" ~0.93; "low" ~0.6.
    assertThat(d.gatewayIds()).containsExactly("high", "new", "low");
    assertThat(d.chosen().get(1).reason()).isEqualTo("prior (no samples)");
    // By default the prior (0.8, weight 10) smooths a few observations: (3 + 8) / (3 + 10).
    assertThat(sr.approvalRate(view("x", 3, 0))).isCloseTo(11.0 / 13, within(1e-9));
    // With a minimum sample count, fewer observations score the prior alone.
    SuccessRateRouting min10 = sr.withMinSamples(10);
    assertThat(min10.approvalRate(view("x", 3, 0))).isEqualTo(0.8);
    assertThat(min10.route(context(view("x", 3, 0))).chosen().get(0).reason())
        .isEqualTo("prior (3 samples)");
  }

  @Test
  void successRateExploresTheConfiguredShare() {
    SuccessRateRouting sr = Routing.successRate().withExploration(0.2);
    int explored = 0;
    for (int i = 0; i < 10_000; i++) {
      RoutingDecision d =
          sr.route(
              context(
                  "pay_" + i, Money.of("1.00", "USD"), view("best", 99, 1), view("worse", 50, 50)));
      if (d.chosen().get(0).reason().startsWith("exploration")) {
        explored++;
      }
    }
    assertThat(explored).isBetween(1_800, 2_200);
  }

  @Test
  void tiesAreBrokenByFee() {
    FeeSchedule fees =
        FeeSchedule.builder()
            .fee("dear", 300, Money.of("0.30", "USD"))
            .fee("cheap", 150, null)
            .build();
    RoutingDecision d =
        Routing.successRate()
            .withExploration(0)
            .withTieBreak(fees)
            .route(context(view("dear", 90, 10), view("cheap", 90, 10)));
    assertThat(d.gatewayIds()).containsExactly("cheap", "dear");
    assertThat(fees.fee("dear", CardBrand.VISA, Money.of("10.00", "USD")))
        .isEqualTo(Money.of("0.60", "USD"));
  }

  @Test
  void eliminationDropsABadGatewayAndBringsItBackAfterTheCoolDown() {
    EliminatingRouting e =
        Routing.eliminate(Routing.configured())
            .withMinApprovalRate(0.5)
            .withMinSamples(20)
            .withCoolDown(Duration.ofMinutes(5));
    GatewayView bad = view("bad", 5, 45);
    GatewayView good = view("good", 45, 5);
    RoutingDecision d = e.route(context(bad, good));
    assertThat(d.gatewayIds()).containsExactly("good");
    assertThat(d.skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("approval 0.100"));

    RoutingContext later = context(bad, good).withGateways(List.of(bad, good));
    RoutingContext afterCoolDown =
        new RoutingContext(
            later.paymentId(),
            later.amount(),
            later.brand(),
            later.bin(),
            later.country(),
            later.sourceType(),
            later.metadata(),
            later.gateways(),
            NOW.plus(Duration.ofMinutes(6)));
    assertThat(e.route(afterCoolDown).gatewayIds()).containsExactly("bad", "good");

    GatewayView slow = view("slow", 50, 0, CircuitState.CLOSED, Duration.ofSeconds(30));
    assertThat(e.route(context(slow, good)).skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("latency"));
    // Never leaves a payment without a gateway.
    assertThat(
            Routing.eliminate(Routing.configured())
                .withMinApprovalRate(0.9)
                .route(context(view("only", 1, 49)))
                .gatewayIds())
        .containsExactly("only");
  }

  @Test
  void lowestCostRanksByExpectedValue() {
    FeeSchedule fees =
        FeeSchedule.builder().fee("a", 0, Money.of("3.00", "USD")).fee("b", 100, null).build();
    RoutingDecision d =
        Routing.lowestCost(fees).route(context(view("a", 95, 5), view("b", 90, 10)));
    // a: 0.95*10 - 3 = 6.5; b: 0.9*10 - 0.1 = 8.9
    assertThat(d.gatewayIds()).containsExactly("b", "a");
  }

  @Test
  void healthySkipsOpenCircuitsButNeverAll() {
    RoutingDecision d =
        Routing.healthy(Routing.configured())
            .route(
                context(view("open", 10, 0, CircuitState.OPEN, Duration.ZERO), view("ok", 10, 0)));
    assertThat(d.gatewayIds()).containsExactly("ok");
    assertThat(d.skipped())
        .extracting(RoutingDecision.Skip::reason)
        .containsExactly("circuit open");
    RoutingDecision all =
        Routing.healthy(Routing.configured())
            .route(context(view("open", 10, 0, CircuitState.OPEN, Duration.ZERO)));
    assertThat(all.gatewayIds()).containsExactly("open");
  }

  @Test
  void smartComposesHealthEliminationAndSuccessRate() {
    List<String> firsts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      RoutingDecision d =
          Routing.smart()
              .route(
                  context(
                      "p" + i,
                      Money.of("1.00", "USD"),
                      view("open", 99, 1, CircuitState.OPEN, Duration.ZERO),
                      view("bad", 2, 48),
                      view("ok", 80, 20),
                      view("best", 97, 3)));
      assertThat(d.strategy()).isEqualTo("smart");
      assertThat(d.gatewayIds()).doesNotContain("open", "bad");
      firsts.add(d.gatewayIds().get(0));
    }
    assertThat(firsts.stream().filter("best"::equals).count()).isGreaterThan(90);
  }
}
