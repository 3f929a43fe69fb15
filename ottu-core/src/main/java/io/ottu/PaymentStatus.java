package io.ottu;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a payment stands. The allowed moves between statuses are the arrows of the state machine in
 * the design (DESIGN §2); {@link #canTransitionTo(PaymentStatus)} answers whether a move is one of
 * them. The engine refuses every other move, so a late or duplicated gateway notification can never
 * move a payment backwards.
 */
public enum PaymentStatus {
  /** Created; the gateway has not answered yet, or answered that the result will come later. */
  PENDING,
  /** The shopper must act (3-D Secure, a redirect to a wallet or bank); see {@link NextAction}. */
  REQUIRES_ACTION,
  /** Funds are reserved and can be captured. */
  AUTHORIZED,
  /** Part of the authorized amount has been captured; more captures may follow. */
  PARTIALLY_CAPTURED,
  /** The whole payment has been captured (or, for a capture that closed it, what was captured). */
  CAPTURED,
  /** Part of the captured amount has been refunded. */
  PARTIALLY_REFUNDED,
  /** All of the captured amount has been refunded. */
  REFUNDED,
  /** The authorization was released (voided) before capture. */
  CANCELLED,
  /** The issuer or the gateway declined; see {@link Payment#decline()}. Final. */
  DECLINED,
  /** The payment could not be processed (our request was rejected, no gateway could take it). */
  FAILED,
  /** The shopper never finished the required action in time. Final. */
  EXPIRED,
  /**
   * A request was sent and no trustworthy answer came back. No new attempt runs until a lookup
   * settles it; the reconciler finishes it later.
   */
  UNKNOWN,
  /** A chargeback was opened on a captured payment. */
  DISPUTED;

  private static final Map<PaymentStatus, Set<PaymentStatus>> ARROWS = arrows();

  private static Map<PaymentStatus, Set<PaymentStatus>> arrows() {
    Map<PaymentStatus, Set<PaymentStatus>> m = new EnumMap<>(PaymentStatus.class);
    // A pending authorization can be voided: a cancel sent while the shopper was still acting may
    // be confirmed after a lookup found the payment pending.
    m.put(
        PENDING,
        EnumSet.of(REQUIRES_ACTION, AUTHORIZED, CAPTURED, DECLINED, FAILED, UNKNOWN, CANCELLED));
    m.put(
        REQUIRES_ACTION,
        EnumSet.of(AUTHORIZED, CAPTURED, DECLINED, FAILED, EXPIRED, CANCELLED, PENDING, UNKNOWN));
    m.put(AUTHORIZED, EnumSet.of(PARTIALLY_CAPTURED, CAPTURED, CANCELLED));
    // Cancelling a partially captured payment releases the rest: it is then fully captured.
    m.put(PARTIALLY_CAPTURED, EnumSet.of(PARTIALLY_CAPTURED, CAPTURED));
    m.put(CAPTURED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, DISPUTED));
    m.put(PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED, DISPUTED));
    m.put(REFUNDED, EnumSet.noneOf(PaymentStatus.class));
    m.put(CANCELLED, EnumSet.noneOf(PaymentStatus.class));
    m.put(DECLINED, EnumSet.noneOf(PaymentStatus.class));
    m.put(FAILED, EnumSet.noneOf(PaymentStatus.class));
    m.put(EXPIRED, EnumSet.noneOf(PaymentStatus.class));
    m.put(
        UNKNOWN,
        EnumSet.of(
            REQUIRES_ACTION,
            AUTHORIZED,
            PARTIALLY_CAPTURED,
            CAPTURED,
            PARTIALLY_REFUNDED,
            REFUNDED,
            CANCELLED,
            DECLINED,
            FAILED,
            PENDING));
    m.put(DISPUTED, EnumSet.of(CAPTURED, PARTIALLY_REFUNDED));
    m.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    return Collections.unmodifiableMap(m);
  }

  /** Whether the state machine has an arrow from this status to {@code next}. */
  public boolean canTransitionTo(PaymentStatus next) {
    return ARROWS.get(this).contains(next);
  }

  /** The statuses reachable from this one in a single move. */
  public Set<PaymentStatus> next() {
    return ARROWS.get(this);
  }

  /** Whether no further move is possible (declined, failed, expired, cancelled, refunded). */
  public boolean isFinal() {
    return ARROWS.get(this).isEmpty();
  }

  /**
   * Whether a gateway holds funds for this payment: authorized or captured and not all refunded.
   */
  public boolean holdsFunds() {
    return this == AUTHORIZED
        || this == PARTIALLY_CAPTURED
        || this == CAPTURED
        || this == PARTIALLY_REFUNDED
        || this == DISPUTED;
  }
}
