/**
 * {@link io.ottu.gateways.stripe.StripeGateway}: Stripe's PaymentIntents API (form-encoded, {@code
 * Idempotency-Key} on every POST, amounts in Stripe's minor units).
 */
package io.ottu.gateways.stripe;
