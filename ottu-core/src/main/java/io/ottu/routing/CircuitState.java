package io.ottu.routing;

/** The state of a gateway's circuit breaker, as routing and health reports see it. */
public enum CircuitState {
  /** Calls flow normally. */
  CLOSED,
  /** A few trial calls are let through to see whether the gateway recovered. */
  HALF_OPEN,
  /** Calls are refused without being sent; routing skips the gateway. */
  OPEN
}
