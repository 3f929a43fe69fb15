package io.ottu.benchmarks.routing;

import io.ottu.routing.GatewayView;
import io.ottu.routing.RoutingContext;
import io.ottu.routing.RoutingDecision;
import io.ottu.routing.RoutingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The yardstick: a {@link RoutingStrategy} that knows the {@link Scenario}'s true approval rates at
 * the payment's moment (before or after the drift) and ranks the gateways by them. No strategy that
 * learns from outcomes can do better on average. Immutable and thread-safe.
 */
public final class OracleRouting implements RoutingStrategy {
  private final Scenario scenario;

  /** An oracle for {@code scenario}. */
  public OracleRouting(Scenario scenario) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
  }

  @Override
  public RoutingDecision route(RoutingContext context) {
    int i = ScenarioGateway.sequence(context.metadata());
    Scenario.Segment segment = scenario.segment(i);
    boolean drifted = scenario.drifted(i);
    List<RoutingDecision.Route> chosen = new ArrayList<>();
    for (GatewayView g : context.gateways()) {
      double rate = segment.rate(Scenario.gatewayIndex(g.id()), drifted);
      chosen.add(
          new RoutingDecision.Route(
              g.id(), rate, String.format(Locale.ROOT, "true rate %.2f", rate)));
    }
    // Stable sort: equal rates keep configuration order.
    chosen.sort(Comparator.comparingDouble((RoutingDecision.Route r) -> -r.score()));
    return new RoutingDecision("oracle", chosen, List.of());
  }
}
