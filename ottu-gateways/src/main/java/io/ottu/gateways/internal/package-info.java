/**
 * Not API: the HTTP transport, failure classification, form encoding, amount conversion and
 * redaction shared by the adapters in {@code io.ottu.gateways.*}. Nothing outside this module may
 * import it, and it may change in any release.
 *
 * <p>How an adapter uses it (see {@code StripeGateway} for the worked example):
 *
 * <ol>
 *   <li>The adapter's builder extends {@link io.ottu.gateways.GatewayBuilder}. In {@code build()},
 *       after its own checks, its {@code settings(...)} validates the shared settings: {@link
 *       io.ottu.gateways.internal.GatewayHttpClients#baseUrl(String)} validates the base URL;
 *       {@link io.ottu.gateways.internal.GatewayHttpClients#forGateway(okhttp3.OkHttpClient,
 *       okhttp3.HttpUrl, java.time.Duration, java.time.Duration, java.time.Duration,
 *       okhttp3.Interceptor)} derives the adapter's client (no silent retries, TLS 1.2+, no
 *       redirects); a {@link io.ottu.gateways.internal.GatewayTransport} wraps it; all of it comes
 *       back as {@link io.ottu.gateways.internal.GatewaySettings} for the adapter's constructor.
 *   <li>Per call: convert the amount with the adapter's {@link
 *       io.ottu.gateways.internal.AmountCodec} (unrepresentable amounts fail before sending), build
 *       the request, and call {@link
 *       io.ottu.gateways.internal.GatewayTransport#execute(okhttp3.Request)}. It throws {@code
 *       NOT_SENT} or {@code UNKNOWN_OUTCOME} for wire failures and otherwise returns an {@link
 *       io.ottu.gateways.internal.HttpReply} for any status.
 *   <li>Map a 2xx body with {@link io.ottu.gateways.internal.HttpReply#json()} (unparsable means
 *       {@code UNKNOWN_OUTCOME}); handle the gateway's own error shapes (declines, idempotency
 *       conflicts, retry headers); hand everything else to {@link
 *       io.ottu.gateways.internal.HttpFailures#classify(HttpReply, String, String)}.
 * </ol>
 */
package io.ottu.gateways.internal;
