/**
 * Webhooks in and out.
 *
 * <p>In: {@link io.ottu.webhooks.InboundWebhooks} verifies gateway notifications with a {@link
 * io.ottu.webhooks.WebhookVerifier} ({@link io.ottu.webhooks.WebhookVerifiers}: Stripe, Adyen,
 * Checkout.com, Tap, MPGS, PayPal, Standard Webhooks), parses them with a {@link
 * io.ottu.webhooks.NotificationFormat}, de-duplicates them ({@link
 * io.ottu.webhooks.ProcessedEventStore}) and applies them through {@code
 * PaymentClient.notifications()}.
 *
 * <p>Out: {@link io.ottu.webhooks.WebhookPublisher} records payment events in an {@link
 * io.ottu.webhooks.OutboxStore} and delivers them to {@link io.ottu.webhooks.WebhookEndpoint}s as
 * Standard Webhooks ({@link io.ottu.webhooks.StandardWebhooks}), with retries, a dead letter,
 * replay, per-endpoint concurrency and an {@link io.ottu.webhooks.AddressGuard}.
 *
 * <p>Packages named {@code internal} are not API.
 */
package io.ottu.webhooks;
