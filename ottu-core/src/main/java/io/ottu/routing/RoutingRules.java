package io.ottu.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rule-based routing: the first rule whose condition matches decides, either with a fixed list of
 * gateways or with another strategy; payments no rule matches go to the fall-through strategy
 * ({@link Routing#smart()} unless set). Immutable: every method returns a new value.
 *
 * <pre>{@code
 * Routing.rules()
 *     .when(RouteCondition.currency("KWD")).use("knet-tap")
 *     .when(RouteCondition.binPrefix("4847")).use("nbk-mpgs", "stripe")
 *     .when(RouteCondition.amountBetween(Money.of("1000.00", "USD"), null)).use(Routing.lowestCost(fees))
 *     .otherwise(Routing.smart());
 * }</pre>
 */
public final class RoutingRules implements RoutingStrategy {
  private record Rule(
      RouteCondition condition, List<String> gatewayIds, RoutingStrategy strategy) {}

  private final List<Rule> rules;
  private final RoutingStrategy otherwise;

  private RoutingRules(List<Rule> rules, RoutingStrategy otherwise) {
    this.rules = List.copyOf(rules);
    this.otherwise = otherwise;
  }

  static RoutingRules empty() {
    return new RoutingRules(List.of(), Routing.smart());
  }

  /**
   * Starts a rule; finish it with {@link When#use(String...)} or {@link When#use(RoutingStrategy)}.
   */
  public When when(RouteCondition condition) {
    return new When(Objects.requireNonNull(condition, "condition"));
  }

  /** The strategy for payments that no rule matches. */
  public RoutingRules otherwise(RoutingStrategy strategy) {
    return new RoutingRules(rules, Objects.requireNonNull(strategy, "strategy"));
  }

  @Override
  public RoutingDecision route(RoutingContext context) {
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (!rule.condition().test(context)) {
        continue;
      }
      String why = "rule " + (i + 1) + " (" + rule.condition() + ")";
      if (rule.strategy() != null) {
        RoutingDecision d = rule.strategy().route(context);
        return new RoutingDecision("rules/" + d.strategy(), prefix(d.chosen(), why), d.skipped());
      }
      List<RoutingDecision.Route> chosen = new ArrayList<>();
      List<RoutingDecision.Skip> skipped = new ArrayList<>();
      for (String id : rule.gatewayIds()) {
        if (context.gateway(id).isPresent()) {
          chosen.add(new RoutingDecision.Route(id, Double.NaN, why));
        }
      }
      for (GatewayView g : context.gateways()) {
        if (!rule.gatewayIds().contains(g.id())) {
          skipped.add(new RoutingDecision.Skip(g.id(), "not named by " + why));
        }
      }
      if (!chosen.isEmpty()) {
        return new RoutingDecision("rules", chosen, skipped);
      }
      // The rule names only gateways that cannot take this payment: fall through.
    }
    RoutingDecision d = otherwise.route(context);
    return new RoutingDecision(
        "rules/" + d.strategy(), prefix(d.chosen(), "no rule matched"), d.skipped());
  }

  private static List<RoutingDecision.Route> prefix(
      List<RoutingDecision.Route> routes, String why) {
    List<RoutingDecision.Route> out = new ArrayList<>(routes.size());
    for (RoutingDecision.Route r : routes) {
      out.add(
          new RoutingDecision.Route(
              r.gatewayId(), r.score(), why + (r.reason().isEmpty() ? "" : "; " + r.reason())));
    }
    return out;
  }

  /** A rule being written: its condition, waiting for its target. */
  public final class When {
    private final RouteCondition condition;

    private When(RouteCondition condition) {
      this.condition = condition;
    }

    /** Matching payments go to these gateways, in this order. */
    public RoutingRules use(String... gatewayIds) {
      if (gatewayIds.length == 0) {
        throw new IllegalArgumentException("use: name at least one gateway");
      }
      List<Rule> more = new ArrayList<>(rules);
      more.add(new Rule(condition, List.of(gatewayIds), null));
      return new RoutingRules(more, otherwise);
    }

    /** Matching payments are routed by {@code strategy}. */
    public RoutingRules use(RoutingStrategy strategy) {
      List<Rule> more = new ArrayList<>(rules);
      more.add(new Rule(condition, List.of(), Objects.requireNonNull(strategy, "strategy")));
      return new RoutingRules(more, otherwise);
    }
  }
}
