package io.ottu.gateways;

import io.ottu.gateways.internal.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * An opt-in OkHttp interceptor that logs gateway calls with card data and secrets masked. The
 * adapters log nothing of their traffic by default; give one of these to an adapter's builder
 * ({@code logging(...)}) to see it:
 *
 * <pre>{@code
 * StripeGateway.builder()
 *     .secretKey(key)
 *     .logging(RedactingLoggingInterceptor.builder().bodies(true).build())
 *     .build();
 * }</pre>
 *
 * <p>Each call logs one line out ({@code --> POST https://api.stripe.com/v1/payment_intents}) and
 * one line back ({@code <-- 402 POST ... (231 ms)} with the gateway's request id), or the failure.
 * With {@link Builder#headers(boolean)} the headers follow, with {@code Authorization}, API-key and
 * cookie headers masked. With {@link Builder#bodies(boolean)} JSON and form bodies follow, with
 * card numbers reduced to first six and last four, CVC and other sensitive fields replaced, and
 * secret-looking keys masked; other content types are not logged. Bodies are never logged unless
 * asked for.
 *
 * <p>Redaction is a safety net, not a licence: keep body logging for development and incidents.
 * Immutable and thread-safe.
 */
public final class RedactingLoggingInterceptor implements Interceptor {
  private static final Set<String> DEFAULT_SECRET_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "api-key",
          "cookie",
          "set-cookie",
          "x-notification-secret");

  private final Logger logger;
  private final Level level;
  private final boolean headers;
  private final boolean bodies;
  private final int maxBodyChars;
  private final Set<String> secretHeaders;
  private final Redactor redactor;

  private RedactingLoggingInterceptor(Builder b) {
    this.logger = b.logger;
    this.level = b.level;
    this.headers = b.headers;
    this.bodies = b.bodies;
    this.maxBodyChars = b.maxBodyChars;
    Set<String> names = new LinkedHashSet<>(DEFAULT_SECRET_HEADERS);
    for (String h : b.extraHeaders) {
      names.add(h.toLowerCase(Locale.ROOT));
    }
    this.secretHeaders = Set.copyOf(names);
    this.redactor = new Redactor(b.extraFields);
  }

  /** A builder: logger {@code io.ottu.gateways.http}, level INFO, no headers, no bodies. */
  public static Builder builder() {
    return new Builder();
  }

  /** Logs request and response lines only (no headers, no bodies). */
  public static RedactingLoggingInterceptor basic() {
    return builder().build();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!logger.isEnabledForLevel(level)) {
      return chain.proceed(request);
    }
    String target = request.method() + " " + redactor.redactText(request.url().toString());
    StringBuilder out = new StringBuilder("--> ").append(target);
    if (headers) {
      appendHeaders(out, request.headers());
    }
    if (bodies && request.body() != null) {
      appendRequestBody(out, request.body());
    }
    log(out.toString());
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      log(
          "<-- FAILED "
              + target
              + " ("
              + elapsed(start)
              + " ms): "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + redactor.redactText(e.getMessage())));
      throw e;
    }
    StringBuilder in =
        new StringBuilder("<-- ")
            .append(response.code())
            .append(' ')
            .append(target)
            .append(" (")
            .append(elapsed(start))
            .append(" ms)");
    String requestId = firstHeader(response, "Request-Id", "Cko-Request-Id", "Paypal-Debug-Id");
    if (requestId != null) {
      in.append(" request-id=").append(redactor.redactText(requestId));
    }
    if (headers) {
      appendHeaders(in, response.headers());
    }
    if (bodies) {
      appendResponseBody(in, response);
    }
    log(in.toString());
    return response;
  }

  private void appendHeaders(StringBuilder sb, Headers h) {
    for (int i = 0; i < h.size(); i++) {
      String name = h.name(i);
      String value =
          secretHeaders.contains(name.toLowerCase(Locale.ROOT)) || redactor.isSensitiveField(name)
              ? Redactor.REDACTED
              : redactor.redactText(h.value(i));
      sb.append("\n    ").append(name).append(": ").append(value);
    }
  }

  private void appendRequestBody(StringBuilder sb, RequestBody body) {
    MediaType type = body.contentType();
    if (!isText(type) || body.isDuplex() || body.isOneShot()) {
      sb.append("\n    (body not logged: ").append(type).append(')');
      return;
    }
    try (Buffer buffer = new Buffer()) {
      body.writeTo(buffer);
      appendBody(sb, buffer.readString(StandardCharsets.UTF_8), type);
    } catch (IOException e) {
      sb.append("\n    (body unreadable)");
    }
  }

  private void appendResponseBody(StringBuilder sb, Response response) {
    MediaType type = response.body().contentType();
    if (!isText(type)) {
      sb.append("\n    (body not logged: ").append(type).append(')');
      return;
    }
    try {
      ResponseBody peeked = response.peekBody(maxBodyChars * 4L);
      appendBody(sb, peeked.string(), type);
    } catch (IOException e) {
      // The adapter reads the body itself and classifies the failure; logging must not mask it.
      sb.append("\n    (body unreadable: ").append(e.getClass().getSimpleName()).append(')');
    }
  }

  private void appendBody(StringBuilder sb, String text, MediaType type) {
    String redacted = redactor.redactBody(text, type == null ? null : type.toString());
    if (redacted.length() > maxBodyChars) {
      redacted = redacted.substring(0, maxBodyChars) + "...(truncated)";
    }
    sb.append("\n    ").append(redacted);
  }

  private static boolean isText(MediaType type) {
    if (type == null) {
      return true;
    }
    String subtype = type.subtype().toLowerCase(Locale.ROOT);
    return type.type().equals("text")
        || subtype.contains("json")
        || subtype.contains("x-www-form-urlencoded")
        || subtype.contains("xml");
  }

  private static String firstHeader(Response response, String... names) {
    for (String n : names) {
      String v = response.header(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static long elapsed(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private void log(String message) {
    logger.atLevel(level).log(message);
  }

  @Override
  public String toString() {
    return "RedactingLoggingInterceptor[" + logger.getName() + " " + level + "]";
  }

  /** Builds a {@link RedactingLoggingInterceptor}. Not thread-safe; reusable. */
  public static final class Builder {
    private Logger logger = LoggerFactory.getLogger("io.ottu.gateways.http");
    private Level level = Level.INFO;
    private boolean headers;
    private boolean bodies;
    private int maxBodyChars = 8192;
    private final Set<String> extraHeaders = new LinkedHashSet<>();
    private final Set<String> extraFields = new LinkedHashSet<>();

    private Builder() {}

    /** The logger to write to; {@code io.ottu.gateways.http} by default. */
    public Builder logger(Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /** The level to log at; INFO by default (the interceptor is opt-in). */
    public Builder level(Level level) {
      this.level = Objects.requireNonNull(level, "level");
      return this;
    }

    /** Whether to log headers (secret ones masked); false by default. */
    public Builder headers(boolean headers) {
      this.headers = headers;
      return this;
    }

    /** Whether to log JSON and form bodies (redacted); false by default. */
    public Builder bodies(boolean bodies) {
      this.bodies = bodies;
      return this;
    }

    /** The longest body logged, in characters, before truncation; 8192 by default. */
    public Builder maxBodyChars(int maxBodyChars) {
      if (maxBodyChars < 1) {
        throw new IllegalArgumentException("maxBodyChars: must be positive, was " + maxBodyChars);
      }
      this.maxBodyChars = maxBodyChars;
      return this;
    }

    /** More header names whose values are always masked (case-insensitive). */
    public Builder redactHeaders(String... names) {
      for (String n : names) {
        extraHeaders.add(Objects.requireNonNull(n, "name"));
      }
      return this;
    }

    /** More body field names whose values are always masked (ignoring case, '_' and '-'). */
    public Builder redactFields(String... names) {
      for (String n : names) {
        extraFields.add(Objects.requireNonNull(n, "name"));
      }
      return this;
    }

    /** Builds the interceptor. */
    public RedactingLoggingInterceptor build() {
      return new RedactingLoggingInterceptor(this);
    }
  }
}
