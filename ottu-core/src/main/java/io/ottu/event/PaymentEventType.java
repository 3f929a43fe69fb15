package io.ottu.event;

import java.util.Locale;

/**
 * What happened to a payment. {@link #wireName()} is the dotted lower-case name used in outbound
 * webhooks ({@code payment.authorized}).
 */
public enum PaymentEventType {
  /** The payment was created and is about to be sent. */
  PAYMENT_CREATED,
  /** The shopper must act (3-D Secure, redirect). */
  PAYMENT_ACTION_REQUIRED,
  /** The gateway accepted the payment; the result comes later. */
  PAYMENT_PENDING,
  /** Funds were authorized. */
  PAYMENT_AUTHORIZED,
  /** Part of the authorization was captured. */
  PAYMENT_PARTIALLY_CAPTURED,
  /** The payment was captured. */
  PAYMENT_CAPTURED,
  /** Part of the captured amount was refunded. */
  PAYMENT_PARTIALLY_REFUNDED,
  /** All of the captured amount was refunded. */
  PAYMENT_REFUNDED,
  /** The authorization was released. */
  PAYMENT_CANCELLED,
  /** The payment was declined. */
  PAYMENT_DECLINED,
  /** The payment failed. */
  PAYMENT_FAILED,
  /** The shopper's action window passed. */
  PAYMENT_EXPIRED,
  /** The outcome at the gateway is unknown until a lookup settles it. */
  PAYMENT_UNKNOWN,
  /** A chargeback was opened. */
  PAYMENT_DISPUTED,
  /** A capture, refund or cancellation was sent and awaits the gateway's answer. */
  OPERATION_PENDING,
  /** A capture, refund or cancellation failed without changing the payment. */
  OPERATION_FAILED,
  /** A capture, refund or cancellation was sent and its outcome is unknown. */
  OPERATION_UNKNOWN;

  /** The dotted lower-case name, such as {@code payment.partially_captured}. */
  public String wireName() {
    String n = name().toLowerCase(Locale.ROOT);
    int i = n.indexOf('_');
    return n.substring(0, i) + "." + n.substring(i + 1);
  }
}
