/** The {@link io.ottu.store.PaymentStore} SPI: where payments are persisted. */
package io.ottu.store;
