package io.ottu;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's change to a running client, delivered to {@link AdminListener}s and appended to the
 * audit log when one is configured. Immutable.
 *
 * @param type what changed
 * @param gatewayId the gateway concerned, or null
 * @param detail a description
 * @param at when
 */
public record AdminEvent(Type type, String gatewayId, String detail, Instant at) {
  /** Kinds of change. */
  public enum Type {
    /** A gateway was taken out of routing. */
    GATEWAY_DISABLED,
    /** A gateway was put back into routing. */
    GATEWAY_ENABLED,
    /** The routing strategy was replaced. */
    ROUTING_CHANGED,
    /** A circuit was forced open. */
    CIRCUIT_OPENED,
    /** A circuit was forced closed. */
    CIRCUIT_CLOSED,
    /** The reconciler ran on an operator's request. */
    RECONCILIATION_RUN
  }

  /** Validates. */
  public AdminEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    detail = detail == null ? "" : detail;
  }
}
