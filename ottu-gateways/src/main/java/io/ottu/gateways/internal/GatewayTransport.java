package io.ottu.gateways.internal;

import io.ottu.gateway.GatewayException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Executes one HTTP exchange with a gateway and classifies what goes wrong on the wire (DESIGN §2).
 *
 * <ul>
 *   <li>Failed before a connection existed (DNS, refused, unreachable, connect timeout, TLS
 *       handshake, cleartext not permitted): {@code NOT_SENT}. The gateway never saw a byte.
 *   <li>Failed after the connection was handed the request (read timeout, reset, end of stream, a
 *       body cut short or too large): {@code UNKNOWN_OUTCOME}. The gateway may have acted.
 *   <li>Any HTTP status: returned as an {@link HttpReply}; its meaning is the adapter's to decide.
 * </ul>
 *
 * <p>Which side of the line a failure falls on is recorded per call by {@link SendState} (a network
 * interceptor), not guessed from exception messages. Nothing is retried here: the engine owns
 * retries. Bodies are never logged. Thread-safe.
 */
public final class GatewayTransport {
  /** Larger responses are refused: no payment answer is this big, and memory is not unlimited. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private final String gatewayId;
  private final OkHttpClient client;
  private final String requestIdHeader;
  private final Clock clock;

  /**
   * A transport for one adapter.
   *
   * @param gatewayId the adapter's id, for exceptions
   * @param client the adapter's client, from {@link GatewayHttpClients#forGateway}
   * @param requestIdHeader the response header carrying the gateway's request id ({@code
   *     Request-Id} for Stripe, {@code Cko-Request-Id} for Checkout.com), or null
   * @param clock the clock for {@code Retry-After} dates
   */
  public GatewayTransport(
      String gatewayId, OkHttpClient client, String requestIdHeader, Clock clock) {
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    this.client = Objects.requireNonNull(client, "client");
    this.requestIdHeader = requestIdHeader;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The client requests go through. */
  public OkHttpClient client() {
    return client;
  }

  /**
   * Sends {@code request} and reads the whole response.
   *
   * @return the reply, whatever its status
   * @throws GatewayException {@code NOT_SENT} when the request cannot have reached the gateway,
   *     {@code UNKNOWN_OUTCOME} when it may have and no complete response came back
   */
  public HttpReply execute(Request request) {
    SendState state = new SendState();
    Request tagged = request.newBuilder().tag(SendState.class, state).build();
    String operation = request.method() + " " + request.url().encodedPath();
    String requestId = null;
    try (Response response = client.newCall(tagged).execute()) {
      requestId = requestIdHeader == null ? null : response.header(requestIdHeader);
      String body = readBody(response.body());
      return new HttpReply(
          gatewayId, operation, response.code(), response.headers(), body, requestId, clock);
    } catch (IOException e) {
      GatewayException failure =
          state.connected()
              ? GatewayException.unknownOutcome(
                  gatewayId, operation + ": " + describe(e) + " after the request was sent", 0, e)
              : GatewayException.notSent(
                  gatewayId, operation + ": " + describe(e) + " before anything was sent", e);
      throw requestId == null ? failure : failure.withRequestId(requestId);
    }
  }

  private static String readBody(ResponseBody body) throws IOException {
    BufferedSource source = body.source();
    if (source.request(MAX_BODY_BYTES + 1)) {
      throw new IOException("response body larger than " + MAX_BODY_BYTES + " bytes");
    }
    MediaType type = body.contentType();
    Charset charset = type == null ? null : type.charset(null);
    return source.readString(charset == null ? StandardCharsets.UTF_8 : charset);
  }

  /** A short, card-free description of a wire failure. */
  static String describe(IOException e) {
    String kind;
    if (e instanceof UnknownHostException) {
      kind = "DNS lookup failed";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      kind = "connection failed";
    } else if (e instanceof SSLException) {
      kind = "TLS failed";
    } else if (e instanceof SocketTimeoutException) {
      kind = "timed out";
    } else if (e instanceof InterruptedIOException) {
      kind = "interrupted or timed out";
    } else {
      kind = "I/O failed";
    }
    String detail = e.getMessage();
    return kind
        + " ("
        + e.getClass().getSimpleName()
        + (detail == null || detail.isBlank() ? "" : ": " + detail)
        + ")";
  }
}
