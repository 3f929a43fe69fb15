package io.ottu.webhooks;

import io.ottu.webhooks.internal.BodyAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One incoming webhook as it arrived: its headers and its raw body bytes. Signatures are computed
 * over the exact bytes, so hand over the body before any framework parses or re-encodes it.
 * Immutable and thread-safe.
 *
 * <p>Header names are case-insensitive ({@code Stripe-Signature} and {@code stripe-signature} are
 * the same header), as HTTP says. {@link #toString()} names the headers but never shows their
 * values, since some of them ({@code X-Notification-Secret}) are secrets.
 */
public final class WebhookRequest {
  static {
    BodyAccess.install(r -> r.body);
  }

  private final Map<String, List<String>> headers;
  private final byte[] body;

  private WebhookRequest(Map<String, List<String>> headers, byte[] body) {
    this.headers = headers;
    this.body = body;
  }

  /**
   * A request from headers as most HTTP servers give them (the JDK's {@code HttpExchange}, the
   * Servlet API through a small loop, Spring's {@code HttpHeaders}) and the raw body. Both are
   * copied. Null header names (the JDK's status line) and null values are skipped.
   *
   * @throws NullPointerException if {@code headers} or {@code body} is null
   */
  public static WebhookRequest of(Map<String, List<String>> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        continue;
      }
      List<String> values = copy.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
      for (String v : e.getValue()) {
        if (v != null) {
          values.add(v);
        }
      }
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    return new WebhookRequest(Collections.unmodifiableMap(copy), body.clone());
  }

  /**
   * A request whose body is read from {@code body}, refusing it as soon as it passes {@code
   * maxBytes}: a hostile sender cannot make the host buffer an unbounded body. The stream is read
   * but not closed.
   *
   * @throws WebhookVerificationException with {@link
   *     WebhookVerificationException.Reason#BODY_TOO_LARGE} if the body is longer than {@code
   *     maxBytes}
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public static WebhookRequest read(
      Map<String, List<String>> headers, InputStream body, int maxBytes) throws IOException {
    Objects.requireNonNull(body, "body");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes: must not be negative");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192) + 1);
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = body.read(buf, 0, (int) Math.min(buf.length, (long) maxBytes + 1 - total))) > 0) {
      total += n;
      if (total > maxBytes) {
        throw new WebhookVerificationException(
            "webhook",
            WebhookVerificationException.Reason.BODY_TOO_LARGE,
            "the body is longer than the limit of " + maxBytes + " bytes");
      }
      out.write(buf, 0, n);
    }
    return of(headers, out.toByteArray());
  }

  /** The first value of the header, if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(Objects.requireNonNull(name, "name"));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of the header, in arrival order; empty if absent. */
  public List<String> headers(String name) {
    List<String> values = headers.get(Objects.requireNonNull(name, "name"));
    return values == null ? List.of() : values;
  }

  /** The header names present (case-insensitive set). */
  public Set<String> headerNames() {
    return headers.keySet();
  }

  /** A copy of the raw body. */
  public byte[] body() {
    return body.clone();
  }

  /** The raw body as a read-only view, without copying: for hashing large bodies. */
  public ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** The body's length in bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** The body decoded as UTF-8 (malformed sequences become U+FFFD). */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "WebhookRequest[headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
  }
}
