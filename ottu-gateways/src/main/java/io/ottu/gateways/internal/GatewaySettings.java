package io.ottu.gateways.internal;

import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.GatewayCapabilities;
import java.time.Clock;
import okhttp3.HttpUrl;

/**
 * The validated settings every adapter shares, as {@link io.ottu.gateways.GatewayBuilder} returns
 * them from {@code build()}: the adapter's constructor reads its common fields from here.
 *
 * <p>Immutable and thread-safe when its parts are (they are: the transport is shared by every call
 * of one adapter).
 *
 * @param id the gateway's id in the client, not blank
 * @param baseUrl the parsed base URL, without a trailing slash
 * @param transport the transport over the adapter's own client, derived from the host's
 * @param declineTable the decline table
 * @param capabilities what routing may offer the gateway
 * @param clock the clock for {@code Retry-After} dates and the adapter's own use
 */
public record GatewaySettings(
    String id,
    HttpUrl baseUrl,
    GatewayTransport transport,
    DeclineTable declineTable,
    GatewayCapabilities capabilities,
    Clock clock) {}
