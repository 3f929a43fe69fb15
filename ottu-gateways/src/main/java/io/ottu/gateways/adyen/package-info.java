/**
 * {@link io.ottu.gateways.adyen.AdyenGateway}: Adyen's Checkout API v71 (JSON, {@code X-API-Key},
 * {@code Idempotency-Key} on every POST, amounts in Adyen's minor units, modifications acknowledged
 * and settled by webhook, no payment lookup).
 */
package io.ottu.gateways.adyen;
