/** Payment events and the {@link io.ottu.event.PaymentListener} SPI. */
package io.ottu.event;
