package io.ottu.gateway;

import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.NextAction;
import java.util.Objects;
import java.util.Optional;

/**
 * A gateway's answer about a payment: the answers of the classification table that are not failures
 * (approved, declined, action required, pending). Adapters build it with the static factories.
 * Immutable.
 *
 * <p>{@link #amount()} is what the gateway says it processed. When present, the engine checks it
 * against the request: a different amount or currency is an integrity failure, never a success.
 */
public final class GatewayResult {
  /** What the gateway answered. */
  public enum Type {
    /** Funds reserved. */
    AUTHORIZED,
    /** Funds captured (a sale, or a capture). */
    CAPTURED,
    /** Funds returned. */
    REFUNDED,
    /** The authorization was released. */
    CANCELLED,
    /** The issuer or gateway declined; see {@link #decline()}. */
    DECLINED,
    /** The shopper must act; see {@link #nextAction()}. */
    ACTION_REQUIRED,
    /** Accepted; the final answer comes later (webhook or lookup). */
    PENDING,
    /** The shopper's action window passed (only from lookups). */
    EXPIRED
  }

  private final Type type;
  private final String gatewayReference;
  private final String transactionReference;
  private final Money amount;
  private final Decline decline;
  private final NextAction nextAction;
  private final String rawStatus;

  private GatewayResult(
      Type type,
      String gatewayReference,
      String transactionReference,
      Money amount,
      Decline decline,
      NextAction nextAction,
      String rawStatus) {
    this.type = type;
    this.gatewayReference = gatewayReference;
    this.transactionReference = transactionReference;
    this.amount = amount;
    this.decline = decline;
    this.nextAction = nextAction;
    this.rawStatus = rawStatus;
  }

  /** The payment was authorized; {@code amount} is what the gateway reports, or null. */
  public static GatewayResult authorized(String gatewayReference, Money amount) {
    return new GatewayResult(
        Type.AUTHORIZED, requireRef(gatewayReference), null, amount, null, null, null);
  }

  /** The payment (or a capture) was captured. */
  public static GatewayResult captured(String gatewayReference, Money amount) {
    return new GatewayResult(
        Type.CAPTURED, requireRef(gatewayReference), null, amount, null, null, null);
  }

  /** A refund went through. */
  public static GatewayResult refunded(String gatewayReference, Money amount) {
    return new GatewayResult(
        Type.REFUNDED, requireRef(gatewayReference), null, amount, null, null, null);
  }

  /** The authorization was released. */
  public static GatewayResult cancelled(String gatewayReference) {
    return new GatewayResult(
        Type.CANCELLED, requireRef(gatewayReference), null, null, null, null, null);
  }

  /** Declined; {@code gatewayReference} may be null when the gateway assigned none. */
  public static GatewayResult declined(String gatewayReference, Decline decline) {
    return new GatewayResult(
        Type.DECLINED,
        gatewayReference,
        null,
        null,
        Objects.requireNonNull(decline, "decline"),
        null,
        null);
  }

  /** The shopper must act. */
  public static GatewayResult actionRequired(String gatewayReference, NextAction nextAction) {
    return new GatewayResult(
        Type.ACTION_REQUIRED,
        requireRef(gatewayReference),
        null,
        null,
        null,
        Objects.requireNonNull(nextAction, "nextAction"),
        null);
  }

  /** Accepted, final answer later. */
  public static GatewayResult pending(String gatewayReference) {
    return new GatewayResult(Type.PENDING, gatewayReference, null, null, null, null, null);
  }

  /** The shopper's action window passed. */
  public static GatewayResult expired(String gatewayReference) {
    return new GatewayResult(Type.EXPIRED, gatewayReference, null, null, null, null, null);
  }

  private static String requireRef(String ref) {
    if (ref == null || ref.isEmpty()) {
      throw new IllegalArgumentException("gatewayReference is required for this result");
    }
    return ref;
  }

  /**
   * A copy carrying the gateway's raw status string (for example Stripe's {@code
   * requires_capture}).
   */
  public GatewayResult withRawStatus(String rawStatus) {
    return new GatewayResult(
        type, gatewayReference, transactionReference, amount, decline, nextAction, rawStatus);
  }

  /**
   * A copy carrying the gateway's id of this operation when it differs from the payment's (a
   * capture id, a refund id, an action id).
   */
  public GatewayResult withTransactionReference(String transactionReference) {
    return new GatewayResult(
        type, gatewayReference, transactionReference, amount, decline, nextAction, rawStatus);
  }

  /** A copy reporting the processed amount. */
  public GatewayResult withAmount(Money amount) {
    return new GatewayResult(
        type, gatewayReference, transactionReference, amount, decline, nextAction, rawStatus);
  }

  /** What the gateway answered. */
  public Type type() {
    return type;
  }

  /** The gateway's id of the payment. */
  public Optional<String> gatewayReference() {
    return Optional.ofNullable(gatewayReference);
  }

  /** The gateway's id of this operation (capture, refund), if it has its own. */
  public Optional<String> transactionReference() {
    return Optional.ofNullable(transactionReference);
  }

  /** The amount the gateway says it processed. */
  public Optional<Money> amount() {
    return Optional.ofNullable(amount);
  }

  /** The decline, for {@link Type#DECLINED}. */
  public Optional<Decline> decline() {
    return Optional.ofNullable(decline);
  }

  /** The shopper's next action, for {@link Type#ACTION_REQUIRED}. */
  public Optional<NextAction> nextAction() {
    return Optional.ofNullable(nextAction);
  }

  /** The gateway's raw status string. */
  public Optional<String> rawStatus() {
    return Optional.ofNullable(rawStatus);
  }

  @Override
  public String toString() {
    return "GatewayResult["
        + type
        + (gatewayReference == null ? "" : " " + gatewayReference)
        + (amount == null ? "" : " " + amount)
        + (decline == null ? "" : " " + decline.reason() + "/" + decline.rawCode())
        + (rawStatus == null ? "" : " raw=" + rawStatus)
        + "]";
  }
}
