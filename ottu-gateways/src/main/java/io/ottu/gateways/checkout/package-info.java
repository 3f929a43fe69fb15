/**
 * {@link io.ottu.gateways.checkout.CheckoutComGateway}: Checkout.com's Unified Payments API (JSON,
 * {@code Cko-Idempotency-Key} on every POST, amounts in Checkout.com's minor units, asynchronous
 * captures, voids and refunds, lookups by payment id, reference and payment actions).
 */
package io.ottu.gateways.checkout;
