package io.ottu.gateways.internal;

import okhttp3.Interceptor;

/**
 * Records, per call, whether OkHttp got as far as a connection to the gateway, which is what
 * separates {@code NOT_SENT} from {@code UNKNOWN_OUTCOME} after an {@code IOException}.
 *
 * <p>{@link GatewayTransport} attaches a fresh instance to each call as a call tag, and {@link
 * #MARKER}, installed as the first network interceptor of every adapter client, flips it. OkHttp
 * calls network interceptors only once a connection is established (DNS resolved, TCP connected,
 * TLS handshake done) and immediately before the request is written. So a failure with the flag
 * unset happened before a single byte could reach the gateway: DNS, connect refusal or timeout, TLS
 * handshake, proxy tunnel, cleartext refused. A failure with the flag set may have happened after
 * the gateway read the request, and is treated as an unknown outcome (even a write failure on a
 * stale pooled connection: conservative, and safe with idempotency keys).
 *
 * <p>A network interceptor plus a call tag is used instead of an {@code EventListener} because it
 * composes with whatever listener a host already set on its shared client.
 */
final class SendState {
  /** The network interceptor that marks the call's state as connected. Stateless; shared. */
  static final Interceptor MARKER =
      chain -> {
        SendState state = chain.call().tag(SendState.class);
        if (state != null) {
          state.connected = true;
        }
        return chain.proceed(chain.request());
      };

  private volatile boolean connected;

  /** Whether a connection was established, so request bytes may have reached the gateway. */
  boolean connected() {
    return connected;
  }
}
