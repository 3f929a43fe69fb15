/**
 * {@link io.ottu.gateways.mpgs.MpgsGateway}: the Mastercard Gateway (MPGS) REST API ({@code PUT}
 * with an {@code apiOperation} on merchant-named orders and transactions, HTTP Basic, JSON, amounts
 * as decimal strings, EMV 3-D Secure through payment sessions and the payer authentication API).
 */
package io.ottu.gateways.mpgs;
