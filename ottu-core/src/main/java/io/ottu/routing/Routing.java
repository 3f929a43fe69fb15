package io.ottu.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in routing strategies. Each returns an immutable, thread-safe {@link RoutingStrategy};
 * the configurable ones return types whose {@code with...} methods give changed copies. They
 * compose: {@link #healthy(RoutingStrategy)}, {@link #eliminate(RoutingStrategy)} and {@link
 * RoutingRules#otherwise(RoutingStrategy)} wrap another strategy.
 *
 * <pre>{@code
 * RoutingStrategy routing = Routing.rules()
 *     .when(RouteCondition.currency("KWD")).use("knet", "mpgs")
 *     .when(RouteCondition.brand(CardBrand.AMERICAN_EXPRESS)).use("adyen")
 *     .otherwise(Routing.smart());
 * }</pre>
 */
public final class Routing {
  private Routing() {}

  /** The gateways in the order they were configured on the client. */
  public static RoutingStrategy configured() {
    return context -> {
      List<RoutingDecision.Route> chosen = new ArrayList<>();
      for (GatewayView g : context.gateways()) {
        chosen.add(new RoutingDecision.Route(g.id(), Double.NaN, "configuration order"));
      }
      return new RoutingDecision("configured", chosen, List.of());
    };
  }

  /**
   * The listed gateways first, in the listed order; capable gateways not listed follow in
   * configuration order.
   */
  public static RoutingStrategy priority(String... gatewayIds) {
    List<String> order = List.of(gatewayIds);
    if (order.isEmpty()) {
      throw new IllegalArgumentException("priority: list at least one gateway id");
    }
    return context -> {
      List<RoutingDecision.Route> chosen = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        String id = order.get(i);
        if (context.gateway(id).isPresent()) {
          chosen.add(new RoutingDecision.Route(id, order.size() - i, "priority " + (i + 1)));
        }
      }
      for (GatewayView g : context.gateways()) {
        if (!order.contains(g.id())) {
          chosen.add(new RoutingDecision.Route(g.id(), 0, "not in the priority list"));
        }
      }
      return new RoutingDecision("priority", chosen, List.of());
    };
  }

  /**
   * Splits volume by weight: each payment goes first to a gateway drawn with probability
   * proportional to its weight, the others following by weight. The draw is a function of the
   * payment id, so a payment sticks to its gateway across retries and replays. Capable gateways
   * without a weight come last.
   *
   * @param weights gateway id to a positive weight
   */
  public static RoutingStrategy weighted(Map<String, Integer> weights) {
    Map<String, Integer> w = new LinkedHashMap<>(weights);
    if (w.isEmpty()) {
      throw new IllegalArgumentException("weighted: give at least one weight");
    }
    w.forEach(
        (id, weight) -> {
          if (weight == null || weight <= 0) {
            throw new IllegalArgumentException(
                "weighted: the weight of \"" + id + "\" must be positive, was " + weight);
          }
        });
    return context -> {
      List<GatewayView> weighted = new ArrayList<>();
      long total = 0;
      for (GatewayView g : context.gateways()) {
        if (w.containsKey(g.id())) {
          weighted.add(g);
          total += w.get(g.id());
        }
      }
      List<RoutingDecision.Route> chosen = new ArrayList<>();
      if (total > 0) {
        long draw = Math.floorMod(stableHash(context.paymentId()), total);
        GatewayView first = null;
        long acc = 0;
        for (GatewayView g : weighted) {
          acc += w.get(g.id());
          if (draw < acc) {
            first = g;
            break;
          }
        }
        final long sum = total;
        chosen.add(
            new RoutingDecision.Route(
                first.id(),
                (double) w.get(first.id()) / sum,
                "drawn by weight, sticky per payment"));
        GatewayView picked = first;
        weighted.stream()
            .filter(g -> g != picked)
            .sorted(Comparator.comparing((GatewayView g) -> -w.get(g.id())))
            .forEach(
                g ->
                    chosen.add(
                        new RoutingDecision.Route(
                            g.id(), (double) w.get(g.id()) / sum, "fallback by weight")));
      }
      for (GatewayView g : context.gateways()) {
        if (!w.containsKey(g.id())) {
          chosen.add(new RoutingDecision.Route(g.id(), 0, "no weight"));
        }
      }
      return new RoutingDecision("weighted", chosen, List.of());
    };
  }

  /** Rule-based routing; see {@link RoutingRules}. */
  public static RoutingRules rules() {
    return RoutingRules.empty();
  }

  /**
   * Ranks gateways by their time-decayed approval rate for the payment's segment (gateway ×
   * currency × brand), with a prior, a minimum sample size and an exploration share; see {@link
   * SuccessRateRouting}.
   */
  public static SuccessRateRouting successRate() {
    return SuccessRateRouting.defaults();
  }

  /**
   * Drops gateways whose approval rate or latency crossed a threshold, for a cool-down; see {@link
   * EliminatingRouting}.
   */
  public static EliminatingRouting eliminate(RoutingStrategy inner) {
    return EliminatingRouting.wrapping(inner);
  }

  /**
   * Ranks gateways by expected value: approval rate × amount − fee, using the success-rate
   * statistics (with their prior) and the fee schedule.
   */
  public static RoutingStrategy lowestCost(FeeSchedule fees) {
    Objects.requireNonNull(fees, "fees");
    SuccessRateRouting rates = SuccessRateRouting.defaults().withExploration(0);
    return context -> {
      List<RoutingDecision.Route> chosen = new ArrayList<>();
      for (GatewayView g : context.gateways()) {
        double approval = rates.approvalRate(g);
        double amount = context.amount().amount().doubleValue();
        double fee = fees.fee(g.id(), context.brand(), context.amount()).amount().doubleValue();
        double value = approval * amount - fee;
        chosen.add(
            new RoutingDecision.Route(
                g.id(),
                value,
                String.format(java.util.Locale.ROOT, "approval %.3f, fee %s", approval, fee)));
      }
      chosen.sort(Comparator.comparingDouble((RoutingDecision.Route r) -> -r.score()));
      return new RoutingDecision("lowestCost", chosen, List.of());
    };
  }

  /**
   * Leaves out gateways whose circuit breaker is open (they would refuse the call unsent anyway,
   * but skipping them keeps the payment's time budget); half-open gateways stay, so they can
   * recover.
   */
  public static RoutingStrategy healthy(RoutingStrategy inner) {
    Objects.requireNonNull(inner, "inner");
    return context -> {
      List<GatewayView> all = context.gateways();
      int open = 0;
      for (GatewayView g : all) {
        if (g.circuit() == CircuitState.OPEN) {
          open++;
        }
      }
      if (open == 0) {
        // The common case: every circuit is closed, and the inner strategy sees the context as is.
        return inner.route(context);
      }
      List<GatewayView> ok = new ArrayList<>(all.size() - open);
      List<RoutingDecision.Skip> skipped = new ArrayList<>(open);
      for (GatewayView g : all) {
        if (g.circuit() == CircuitState.OPEN) {
          skipped.add(new RoutingDecision.Skip(g.id(), "circuit open"));
        } else {
          ok.add(g);
        }
      }
      if (ok.isEmpty()) {
        // Every circuit is open: try them anyway rather than fail without trying.
        return inner.route(context).withSkipped(List.of());
      }
      RoutingDecision d = inner.route(context.withGateways(ok));
      return new RoutingDecision(d.strategy(), d.chosen(), d.skipped()).withSkipped(skipped);
    };
  }

  /**
   * The default: skips open circuits, eliminates gateways performing badly, ranks the rest by
   * success rate, and breaks ties by cost.
   */
  public static RoutingStrategy smart() {
    return smart(FeeSchedule.none());
  }

  /** {@link #smart()} with a fee schedule for the tie-break. */
  public static RoutingStrategy smart(FeeSchedule fees) {
    RoutingStrategy inner = healthy(eliminate(successRate().withTieBreak(fees)));
    return context -> {
      RoutingDecision d = inner.route(context);
      return new RoutingDecision("smart", d.chosen(), d.skipped());
    };
  }

  /** A stable hash of a string (FNV-1a, 64 bit), independent of the JVM's String.hashCode. */
  static long stableHash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** A number in [0, 1) drawn from the payment id and a salt. */
  static double unitDraw(String paymentId, long salt) {
    long h = stableHash(paymentId) ^ (salt * 0x9E3779B97F4A7C15L);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }
}
