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
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.Call;
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
 *
 * <p>Time: an adapter runs each of its {@code Gateway} methods through {@link #withinCallTimeout},
 * which gives the whole operation one deadline, the adapter's {@code callTimeout}; every exchange
 * made inside it gets what is left as its OkHttp call timeout (outside one, the client's own call
 * timeout bounds each exchange). So the adapter bounds its calls itself and declares so with {@code
 * Gateway.callTimeout()}, and the engine needs no timer thread per call.
 */
public final class GatewayTransport {
  /** Larger responses are refused: no payment answer is this big, and memory is not unlimited. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private final String gatewayId;
  private final OkHttpClient client;
  private final String requestIdHeader;
  private final Duration callTimeout;
  private final long callTimeoutNanos;
  private final Clock clock;

  /** The deadline of the gateway operation running on this thread, if any. */
  private static final ThreadLocal<Deadline> DEADLINE = ThreadLocal.withInitial(Deadline::new);

  /**
   * A transport for one adapter.
   *
   * @param gatewayId the adapter's id, for exceptions
   * @param client the adapter's client, from {@link GatewayHttpClients#forGateway}
   * @param requestIdHeader the response header carrying the gateway's request id ({@code
   *     Request-Id} for Stripe, {@code Cko-Request-Id} for Checkout.com), or null
   * @param callTimeout the bound on one gateway operation, positive
   * @param clock the clock for {@code Retry-After} dates
   */
  public GatewayTransport(
      String gatewayId,
      OkHttpClient client,
      String requestIdHeader,
      Duration callTimeout,
      Clock clock) {
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    this.client = Objects.requireNonNull(client, "client");
    this.requestIdHeader = requestIdHeader;
    this.callTimeout = GatewayHttpClients.checkTimeout("callTimeout", callTimeout);
    this.callTimeoutNanos = callTimeout.toNanos();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The bound on one gateway operation, as the adapter declares it in {@code callTimeout()}. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * Runs one gateway operation within {@link #callTimeout()}: the exchanges it makes on this thread
   * share one deadline, each getting the time that is left. An operation run inside another keeps
   * the outer deadline.
   *
   * @param operation the adapter's work
   * @return what the operation returns
   */
  public <T> T withinCallTimeout(Supplier<T> operation) {
    Deadline deadline = DEADLINE.get();
    if (deadline.active) {
      return operation.get();
    }
    deadline.at = System.nanoTime() + callTimeoutNanos;
    deadline.active = true;
    try {
      return operation.get();
    } finally {
      deadline.active = false;
    }
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
    Call call = client.newCall(request);
    Deadline deadline = DEADLINE.get();
    if (deadline.active) {
      long left = deadline.at - System.nanoTime();
      if (left <= 0) {
        throw GatewayException.notSent(
            gatewayId,
            HttpReply.operation(request)
                + ": not sent, the operation's call timeout of "
                + callTimeout
                + " ran out before it",
            null);
      }
      call.timeout().timeout(left, TimeUnit.NANOSECONDS);
    }
    SendState state = new SendState();
    call.tag(SendState.class, () -> state);
    String requestId = null;
    try (Response response = call.execute()) {
      requestId = requestIdHeader == null ? null : response.header(requestIdHeader);
      String body = readBody(response.body());
      return new HttpReply(
          gatewayId, request, response.code(), response.headers(), body, requestId, clock);
    } catch (IOException e) {
      String operation = HttpReply.operation(request);
      GatewayException failure =
          state.connected()
              ? GatewayException.unknownOutcome(
                  gatewayId, operation + ": " + describe(e) + " after the request was sent", 0, e)
              : GatewayException.notSent(
                  gatewayId, operation + ": " + describe(e) + " before anything was sent", e);
      throw requestId == null ? failure : failure.withRequestId(requestId);
    }
  }

  /** A thread's operation deadline; {@code at} is a {@link System#nanoTime()} reading. */
  private static final class Deadline {
    boolean active;
    long at;
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
