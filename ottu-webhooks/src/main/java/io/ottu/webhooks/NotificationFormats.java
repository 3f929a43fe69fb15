package io.ottu.webhooks;

import io.ottu.webhooks.internal.formats.AdyenFormat;
import io.ottu.webhooks.internal.formats.CheckoutComFormat;
import io.ottu.webhooks.internal.formats.MpgsFormat;
import io.ottu.webhooks.internal.formats.PayPalFormat;
import io.ottu.webhooks.internal.formats.StripeFormat;
import io.ottu.webhooks.internal.formats.TapFormat;

/**
 * The built-in {@link NotificationFormat}s. Each maps the gateway's documented webhook events to
 * {@link io.ottu.gateway.GatewayNotification.Kind}s, reads amounts exactly into {@link
 * io.ottu.Money}, and finds the payment by the ids Ottu's adapters send: our payment id in the
 * gateway's metadata ({@code ottu_payment_id}), the gateway's own payment id, or the merchant
 * reference. Thread-safe and stateless.
 */
public final class NotificationFormats {
  private NotificationFormats() {}

  /**
   * Stripe events: {@code payment_intent.succeeded} (captured), {@code
   * payment_intent.amount_capturable_updated} (authorized), {@code payment_intent.payment_failed}
   * (declined, with {@code last_payment_error}), {@code payment_intent.canceled}, {@code
   * payment_intent.processing} (pending), {@code charge.refunded} (the refund of this event: the
   * newest listed refund, else the growth of {@code amount_refunded}), {@code refund.updated} and
   * {@code charge.refund.updated} (a failed refund), {@code charge.dispute.created} and {@code
   * charge.dispute.closed} (won or lost). The PaymentIntent is the gateway reference and {@code
   * metadata.ottu_payment_id} our payment id. Amounts are in Stripe's minor units.
   */
  public static NotificationFormat stripe() {
    return StripeFormat.INSTANCE;
  }

  /**
   * Adyen's standard notifications, one per {@code NotificationRequestItem}: {@code AUTHORISATION}
   * (authorized, or declined with the refusal {@code reason}), {@code CAPTURE}, {@code
   * CAPTURE_FAILED}, {@code CANCELLATION}, {@code TECHNICAL_CANCEL}, {@code REFUND}, {@code
   * REFUND_FAILED}, {@code CANCEL_OR_REFUND} (by {@code additionalData.modification.action}),
   * {@code NOTIFICATION_OF_CHARGEBACK} and {@code CHARGEBACK} (dispute opened), {@code
   * CHARGEBACK_REVERSED} and {@code PREARBITRATION_WON} (won), {@code SECOND_CHARGEBACK} and {@code
   * PREARBITRATION_LOST} (lost), {@code PENDING}, {@code OFFER_CLOSED} (expired). The event id is
   * {@code pspReference:eventCode:success}, as Adyen advises for de-duplication. Acknowledged with
   * {@code [accepted]}.
   */
  public static NotificationFormat adyen() {
    return AdyenFormat.INSTANCE;
  }

  /**
   * Checkout.com events: {@code payment_approved} (authorized), {@code payment_captured}, {@code
   * payment_declined}, {@code payment_refunded}, {@code payment_voided}, {@code
   * payment_capture_declined}, {@code payment_refund_declined}, {@code payment_void_declined},
   * {@code payment_pending}, {@code payment_expired}, {@code dispute_received} and {@code
   * dispute_evidence_required} (opened), {@code dispute_won}, {@code dispute_lost}. The payment's
   * {@code pay_...} id is the gateway reference and the {@code action_id} the transaction
   * reference.
   */
  public static NotificationFormat checkoutCom() {
    return CheckoutComFormat.INSTANCE;
  }

  /**
   * Tap's posted charge, authorize and refund objects, by {@code status}: {@code CAPTURED}, {@code
   * AUTHORIZED}, {@code DECLINED}/{@code RESTRICTED}/{@code FAILED}/{@code CANCELLED} (declined,
   * with {@code response.code}), {@code VOID} (cancelled), {@code ABANDONED} (expired), {@code
   * INITIATED} (pending); refunds {@code REFUNDED} or failed. Amounts are decimals in major units.
   */
  public static NotificationFormat tap() {
    return TapFormat.INSTANCE;
  }

  /**
   * Mastercard Gateway notifications (the transaction as the Retrieve Transaction operation returns
   * it): {@code transaction.type} AUTHORIZATION, PAYMENT, CAPTURE, REFUND, VOID_* by {@code result}
   * SUCCESS, FAILURE or PENDING. The order id is the gateway reference; the event id is the {@code
   * X-Notification-Id} header when present.
   */
  public static NotificationFormat mpgs() {
    return MpgsFormat.INSTANCE;
  }

  /**
   * PayPal events: {@code PAYMENT.CAPTURE.COMPLETED}, {@code PAYMENT.CAPTURE.PENDING}, {@code
   * PAYMENT.CAPTURE.DENIED}, {@code PAYMENT.CAPTURE.DECLINED}, {@code PAYMENT.CAPTURE.REFUNDED},
   * {@code PAYMENT.AUTHORIZATION.CREATED}, {@code PAYMENT.AUTHORIZATION.VOIDED}, {@code
   * CUSTOMER.DISPUTE.CREATED} and {@code CUSTOMER.DISPUTE.RESOLVED}. {@code custom_id} is our
   * payment id and {@code invoice_id} the reference; the order id the gateway reference. A denied
   * capture of an authorization is a failed capture; of a one-step sale, a decline.
   */
  public static NotificationFormat paypal() {
    return PayPalFormat.INSTANCE;
  }
}
