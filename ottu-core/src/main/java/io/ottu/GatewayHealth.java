package io.ottu;

import io.ottu.routing.CircuitState;
import java.time.Duration;
import java.util.List;

/**
 * A gateway's health as the engine sees it: whether it is enabled, its circuit, its time-decayed
 * approval rate, latency percentiles of recent calls, and its most recent errors. Immutable.
 *
 * @param gatewayId the gateway
 * @param enabled false when an operator disabled it
 * @param circuit its circuit breaker's state
 * @param approvalRate approvals over approvals and gateway-attributable failures (NaN without data)
 * @param samples the decayed number of observations behind the rate
 * @param latencyP50 median latency of recent calls
 * @param latencyP95 95th percentile latency
 * @param latencyP99 99th percentile latency
 * @param recentErrors the latest error descriptions, newest first
 */
public record GatewayHealth(
    String gatewayId,
    boolean enabled,
    CircuitState circuit,
    double approvalRate,
    double samples,
    Duration latencyP50,
    Duration latencyP95,
    Duration latencyP99,
    List<String> recentErrors) {

  /** Copies the error list. */
  public GatewayHealth {
    recentErrors = List.copyOf(recentErrors);
  }
}
