/** Metrics: the {@link io.ottu.metrics.PaymentMetrics} SPI and its Micrometer binding. */
package io.ottu.metrics;
