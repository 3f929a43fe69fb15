package io.ottu.gateways.paypal;

import io.ottu.InvalidRequestException;
import java.util.Objects;

/**
 * The adapter's {@code gatewayReference}: one opaque string from which every later call can find
 * the PayPal object it needs, because the engine hands back only that string (and, for refunds, the
 * last capture's transaction reference).
 *
 * <ul>
 *   <li>{@code ORDER_ID}: an order that has no payment yet (waiting for the payer's approval or 3-D
 *       Secure). Lookup and {@code completeAction} read the order.
 *   <li>{@code ORDER_ID/authorizations/AUTHORIZATION_ID}: an authorized order. Capture and void act
 *       on the authorization; lookup reads the order.
 *   <li>{@code ORDER_ID/captures/CAPTURE_ID}: a captured order (a purchase). Refunds act on the
 *       capture; lookup reads the order.
 * </ul>
 *
 * <p>The segments are PayPal's own resource names, so the reference reads like the path of the
 * object it names. PayPal ids are upper-case letters and digits and never contain {@code /}.
 * Immutable.
 *
 * @param orderId the PayPal order id
 * @param kind what {@code paymentId} is, or {@link Kind#ORDER} when there is none
 * @param paymentId the authorization or capture id, or null for {@link Kind#ORDER}
 */
record PayPalReference(String orderId, Kind kind, String paymentId) {
  /** What the reference's second id names. */
  enum Kind {
    /** Only the order. */
    ORDER(null),
    /** An authorization of the order. */
    AUTHORIZATION("authorizations"),
    /** A capture of the order. */
    CAPTURE("captures");

    private final String segment;

    Kind(String segment) {
      this.segment = segment;
    }
  }

  PayPalReference {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.ORDER) != (paymentId == null)) {
      throw new IllegalArgumentException("paymentId must be given exactly for " + kind);
    }
  }

  /** An order without a payment. */
  static PayPalReference order(String orderId) {
    return new PayPalReference(orderId, Kind.ORDER, null);
  }

  /** An authorization of an order. */
  static PayPalReference authorization(String orderId, String authorizationId) {
    return new PayPalReference(orderId, Kind.AUTHORIZATION, authorizationId);
  }

  /** A capture of an order. */
  static PayPalReference capture(String orderId, String captureId) {
    return new PayPalReference(orderId, Kind.CAPTURE, captureId);
  }

  /**
   * Reads a reference this adapter wrote.
   *
   * @param field the request field it came from, for the error
   * @throws InvalidRequestException naming {@code field} if it is blank or not of this adapter's
   *     form
   */
  static PayPalReference parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "a PayPal reference is required");
    }
    String[] parts = value.strip().split("/", -1);
    if (parts.length == 1 && !parts[0].isEmpty()) {
      return order(parts[0]);
    }
    if (parts.length == 3 && !parts[0].isEmpty() && !parts[2].isEmpty()) {
      for (Kind kind : Kind.values()) {
        if (kind.segment != null && kind.segment.equals(parts[1])) {
          return new PayPalReference(parts[0], kind, parts[2]);
        }
      }
    }
    throw new InvalidRequestException(
        field,
        "is not a PayPal reference of this adapter (ORDER_ID, ORDER_ID/authorizations/ID or"
            + " ORDER_ID/captures/ID)");
  }

  /** The authorization id. */
  String authorizationId(String field) {
    if (kind != Kind.AUTHORIZATION) {
      throw new InvalidRequestException(
          field, "names no PayPal authorization (expected ORDER_ID/authorizations/ID): " + this);
    }
    return paymentId;
  }

  @Override
  public String toString() {
    return kind == Kind.ORDER ? orderId : orderId + "/" + kind.segment + "/" + paymentId;
  }
}
