package io.ottu.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ordered gateways to try for a payment, and why: every candidate's score and reason, and every
 * skipped gateway with the reason it was skipped. Recorded on the payment ({@code
 * Payment.routing()}) so every routing decision can be explained afterwards. Immutable.
 *
 * @param strategy the name of the strategy that decided
 * @param chosen the gateways to try, in order
 * @param skipped the gateways left out, with reasons
 */
public record RoutingDecision(String strategy, List<Route> chosen, List<Skip> skipped) {

  /**
   * One gateway to try.
   *
   * @param gatewayId the gateway
   * @param score the strategy's score (higher is better), or {@link Double#NaN} if it scores none
   * @param reason why it is where it is in the order
   */
  public record Route(String gatewayId, double score, String reason) {
    /** Validates. */
    public Route {
      Objects.requireNonNull(gatewayId, "gatewayId");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * One gateway left out.
   *
   * @param gatewayId the gateway
   * @param reason why
   */
  public record Skip(String gatewayId, String reason) {
    /** Validates. */
    public Skip {
      Objects.requireNonNull(gatewayId, "gatewayId");
      reason = reason == null ? "" : reason;
    }
  }

  /** Validates and copies. */
  public RoutingDecision {
    Objects.requireNonNull(strategy, "strategy");
    chosen = List.copyOf(chosen);
    skipped = List.copyOf(skipped);
  }

  /** The chosen gateway ids, in order. */
  public List<String> gatewayIds() {
    List<String> ids = new ArrayList<>(chosen.size());
    for (Route r : chosen) {
      ids.add(r.gatewayId());
    }
    return ids;
  }

  /** A copy that also records {@code more} as skipped. */
  public RoutingDecision withSkipped(List<Skip> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Skip> all = new ArrayList<>(skipped);
    all.addAll(more);
    return new RoutingDecision(strategy, chosen, all);
  }

  /**
   * A one-line explanation, such as {@code smart: stripe(0.93 best approval), adyen(0.90); skipped
   * tap: circuit open}.
   */
  public String explain() {
    StringBuilder sb = new StringBuilder(strategy).append(": ");
    for (int i = 0; i < chosen.size(); i++) {
      Route r = chosen.get(i);
      sb.append(i == 0 ? "" : ", ").append(r.gatewayId());
      if (!Double.isNaN(r.score())) {
        sb.append(String.format(java.util.Locale.ROOT, "(%.3f)", r.score()));
      }
      if (!r.reason().isEmpty()) {
        sb.append(" ").append(r.reason());
      }
    }
    for (Skip s : skipped) {
      sb.append("; skipped ").append(s.gatewayId()).append(": ").append(s.reason());
    }
    return sb.toString();
  }
}
