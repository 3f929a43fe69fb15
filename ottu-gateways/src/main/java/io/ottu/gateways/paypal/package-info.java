/**
 * {@link io.ottu.gateways.paypal.PayPalGateway}: PayPal's Orders v2 and Payments v2 REST APIs
 * (OAuth 2.0 client-credentials token, JSON bodies, {@code PayPal-Request-Id} on every
 * state-changing POST that takes it, amounts as decimal strings in major units).
 */
package io.ottu.gateways.paypal;
