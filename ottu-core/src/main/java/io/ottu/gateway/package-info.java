/**
 * The {@link io.ottu.gateway.Gateway} SPI that every adapter implements, the requests the engine
 * sends through it, and the classified results and failures it returns.
 */
package io.ottu.gateway;
