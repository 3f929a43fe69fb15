package io.ottu.webhooks.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Small OkHttp helpers shared by the verifier, the publisher and the alert sinks. */
public final class Http {
  /** {@code application/json; charset=utf-8}. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private Http() {}

  /**
   * At most {@code limit} bytes of a response body, decoded as UTF-8; the rest is never read into
   * memory (a hostile or broken receiver cannot make us buffer megabytes).
   */
  public static String readCapped(ResponseBody body, int limit) throws IOException {
    if (body == null || limit <= 0) {
      return "";
    }
    BufferedSource source = body.source();
    source.request(limit);
    Buffer buffer = source.getBuffer();
    return buffer.readString(Math.min(limit, buffer.size()), StandardCharsets.UTF_8);
  }

  /** A short description of a transport failure, for attempt records and logs. */
  public static String describe(IOException e) {
    String kind;
    if (e instanceof BlockedAddressException) {
      return "refused by the address guard (" + e.getMessage() + ")";
    } else if (e instanceof UnknownHostException) {
      kind = "DNS lookup failed";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      kind = "connection failed";
    } else if (e instanceof SSLException) {
      kind = "TLS failed";
    } else if (e instanceof SocketTimeoutException) {
      kind = "timed out";
    } else if (e instanceof InterruptedIOException) {
      kind = "timed out or interrupted";
    } else {
      kind = "I/O failed";
    }
    String detail = e.getMessage();
    return kind
        + " ("
        + e.getClass().getSimpleName()
        + (detail == null || detail.isBlank() ? "" : ": " + truncate(detail, 200))
        + ")";
  }

  /** {@code s} cut to {@code max} characters. */
  public static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
