package io.ottu.gateways.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateways.internal.FormEncoder;
import io.ottu.gateways.internal.GatewayTransport;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * PayPal's OAuth 2.0 client-credentials access token for one adapter: fetched with {@code POST
 * /v1/oauth2/token} (HTTP Basic {@code client_id:secret}, form body {@code
 * grant_type=client_credentials}), cached, and replaced before it expires.
 *
 * <ul>
 *   <li>A token is used until {@code expires_in} minus the refresh margin has passed since it was
 *       requested (at most half its lifetime is given up, so a short-lived token is still used).
 *   <li>One refresh at a time: the first caller that finds no usable token fetches one; every other
 *       caller meanwhile waits for that same fetch and gets its token or its failure. A fetch that
 *       fails is not remembered: the next caller tries again.
 *   <li>{@link #invalidate(AccessToken)} drops a token PayPal rejected (HTTP 401), unless another
 *       thread has already replaced it, so a burst of 401s causes one refresh.
 * </ul>
 *
 * <p>A failed fetch never means the payment may have been charged: the payment request was not
 * sent. So a connection failure before the token request left is {@code NOT_SENT}; PayPal's token
 * service failing in any other way (5xx, 429, timeout, an unusable answer) is {@code UNAVAILABLE},
 * whatever the transport would say about the token request itself; 400 and 401 (bad client id or
 * secret, {@code invalid_client}) are {@code REJECTED} with {@code credentialsProblem()}.
 *
 * <p>The token and the credentials are never logged or put in a message; {@link AccessToken}'s
 * {@code toString()} masks the value. Thread-safe.
 */
final class PayPalAccessTokens {
  /**
   * A token and the instant from which the adapter no longer uses it.
   *
   * @param value the bearer token
   * @param refreshAt when to fetch a new one
   */
  record AccessToken(String value, Instant refreshAt) {
    @Override
    public String toString() {
      return "AccessToken[**** until " + refreshAt + "]";
    }
  }

  /**
   * A token handed to one call.
   *
   * @param token the token
   * @param fresh whether it was fetched while this call waited (so a 401 with it is not staleness)
   */
  record Lease(AccessToken token, boolean fresh) {}

  private final String gatewayId;
  private final GatewayTransport transport;
  private final HttpUrl tokenUrl;
  private final String basicCredentials;
  private final Clock clock;
  private final Duration refreshMargin;
  private final Object lock = new Object();

  /** The cached token; guarded by {@link #lock}. */
  private AccessToken current;

  /** The fetch in flight, which every caller without a usable token joins; guarded by lock. */
  private CompletableFuture<AccessToken> refreshing;

  PayPalAccessTokens(
      String gatewayId,
      GatewayTransport transport,
      HttpUrl tokenUrl,
      String basicCredentials,
      Clock clock,
      Duration refreshMargin) {
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
    this.basicCredentials = Objects.requireNonNull(basicCredentials, "basicCredentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
  }

  /**
   * A usable token: the cached one, or one fetched now (or by the fetch already in flight).
   *
   * @throws GatewayException {@code NOT_SENT}, {@code UNAVAILABLE} or credentials {@code REJECTED}
   *     when no token could be had; the payment request was then not sent
   */
  Lease lease() {
    CompletableFuture<AccessToken> pending;
    boolean leader = false;
    synchronized (lock) {
      AccessToken token = current;
      if (token != null && clock.instant().isBefore(token.refreshAt())) {
        return new Lease(token, false);
      }
      if (refreshing == null) {
        refreshing = new CompletableFuture<>();
        leader = true;
      }
      pending = refreshing;
    }
    if (!leader) {
      return new Lease(await(pending), true);
    }
    AccessToken fetched;
    try {
      fetched = fetch();
    } catch (Throwable t) {
      synchronized (lock) {
        refreshing = null;
      }
      pending.completeExceptionally(t);
      throw t;
    }
    synchronized (lock) {
      current = fetched;
      refreshing = null;
    }
    pending.complete(fetched);
    return new Lease(fetched, true);
  }

  /** Drops {@code rejected} if it is still the cached token. */
  void invalidate(AccessToken rejected) {
    synchronized (lock) {
      if (current == rejected) {
        current = null;
      }
    }
  }

  private AccessToken await(CompletableFuture<AccessToken> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayException.notSent(
          gatewayId,
          "interrupted while waiting for a PayPal access token; the payment request was not sent",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GatewayException g) {
        // Each waiting caller gets its own exception (callers may add suppressed exceptions).
        throw new GatewayException(
            g.failureClass(),
            g.gatewayId(),
            g.getMessage(),
            g.httpStatus(),
            g.gatewayCode().orElse(null),
            g.requestId().orElse(null),
            g.retryAfter().orElse(null),
            g.credentialsProblem(),
            g);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("fetching a PayPal access token failed", cause);
    }
  }

  private AccessToken fetch() {
    Instant requestedAt = clock.instant();
    Request request =
        new Request.Builder()
            .url(tokenUrl)
            .header("Authorization", basicCredentials)
            .header("Accept", "application/json")
            .header("User-Agent", PayPalGateway.USER_AGENT)
            .post(new FormEncoder().add("grant_type", "client_credentials").toRequestBody())
            .build();
    HttpReply reply;
    try {
      reply = transport.execute(request);
    } catch (GatewayException e) {
      throw e.failureClass() == FailureClass.NOT_SENT
          ? withRequestId(
              GatewayException.notSent(
                  gatewayId,
                  "getting a PayPal access token: "
                      + e.getMessage()
                      + "; the payment request was not sent",
                  e),
              e)
          : withRequestId(
              new GatewayException(
                  FailureClass.UNAVAILABLE,
                  gatewayId,
                  "PayPal's token service did not answer: "
                      + e.getMessage()
                      + "; the payment request was not sent",
                  0,
                  null,
                  null,
                  null,
                  false,
                  e),
              e);
    }
    if (!reply.isSuccessful()) {
      throw failure(reply);
    }
    JsonNode body = reply.jsonOrMissing();
    String value = Json.text(body, "access_token");
    String type = Json.text(body, "token_type");
    Long expiresIn = Json.longValue(body, "expires_in");
    if (value == null
        || value.isBlank()
        || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)
        || (type != null && !type.equalsIgnoreCase("Bearer"))
        || expiresIn == null
        || expiresIn <= 0) {
      throw reply.withRequestId(
          GatewayException.unavailable(
              gatewayId,
              reply.prefix(
                  "HTTP "
                      + reply.status()
                      + " without a usable Bearer access_token and expires_in; the payment request"
                      + " was not sent"),
              reply.status(),
              null));
    }
    long margin = Math.min(refreshMargin.toSeconds(), expiresIn / 2);
    return new AccessToken(value, requestedAt.plusSeconds(expiresIn - margin));
  }

  /** A non-2xx answer of the token endpoint, classified for the payment that was not sent. */
  private GatewayException failure(HttpReply reply) {
    JsonNode body = reply.jsonOrMissing();
    String error = Json.text(body, "error");
    String description = Json.text(body, "error_description");
    int status = reply.status();
    String message =
        reply.prefix(
            "HTTP "
                + status
                + (error == null ? "" : " " + error)
                + (description == null ? "" : ": " + description)
                + "; the payment request was not sent");
    GatewayException e;
    if (status == 401 || status == 403 || (status == 400 && error != null)) {
      // invalid_client, unauthorized_client, invalid_request: the client id or secret is wrong,
      // or the REST app may not use client credentials. An operator must fix the configuration.
      e =
          new GatewayException(
              FailureClass.REJECTED, gatewayId, message, status, error, null, null, true, null);
    } else if (status == 429 || status >= 500) {
      // PayPal's token service failed; nothing about the payment happened.
      e = GatewayException.unavailable(gatewayId, message, status, reply.retryAfter().orElse(null));
    } else {
      e =
          GatewayException.rejected(
              gatewayId,
              message
                  + (status == 404 || (status >= 300 && status < 400) ? " (check baseUrl)" : ""),
              status,
              error);
    }
    return reply.withRequestId(e);
  }

  private static GatewayException withRequestId(GatewayException e, GatewayException from) {
    return from.requestId().map(e::withRequestId).orElse(e);
  }

  @Override
  public String toString() {
    return "PayPalAccessTokens[" + gatewayId + " " + tokenUrl + "]";
  }
}
