/**
 * Operational alerts: the {@link io.ottu.webhooks.alerts.AlertSink} SPI and its {@link
 * io.ottu.webhooks.alerts.Alert}s, a signed-webhook sink and a Slack-compatible sink, and sources
 * of alerts over the engine's hooks: {@link io.ottu.webhooks.alerts.AlertingMetrics} (circuit
 * opened, success rate dropped) and {@link io.ottu.webhooks.alerts.AlertingAdminListener}.
 */
package io.ottu.webhooks.alerts;
