/**
 * {@link io.ottu.gateways.tap.TapGateway}: Tap Payments' Charges API v2 for the GCC (cards, and
 * KNET, Benefit and mada as redirect sources; JSON bodies, {@code reference.idempotent} on every
 * payment-creating call, decimal amounts in major units with three decimals for KWD, BHD and OMR).
 */
package io.ottu.gateways.tap;
