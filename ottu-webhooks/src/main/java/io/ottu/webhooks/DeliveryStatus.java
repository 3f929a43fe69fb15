package io.ottu.webhooks;

/** Where one outbound webhook message stands. */
public enum DeliveryStatus {
  /** Waiting for its next attempt (the first, or a retry). */
  PENDING,
  /** Claimed by a dispatcher and being sent; the claim expires if the dispatcher dies. */
  DELIVERING,
  /** The endpoint answered 2xx. */
  DELIVERED,
  /** Every attempt failed; kept for inspection and {@link WebhookPublisher#redeliver(String)}. */
  DEAD_LETTERED
}
