package io.ottu.webhooks.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ottu.webhooks.AddressGuard;
import io.ottu.webhooks.internal.Http;
import io.ottu.webhooks.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends each alert to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Teams
 * connectors that accept it) as {@code {"text": "..."}}:
 *
 * <pre>
 * :rotating_light: [CRITICAL] circuit opened: stripe
 * The circuit breaker of gateway stripe opened ... (state=OPEN)
 * </pre>
 *
 * Sending never blocks the caller; alerts are best effort. The webhook URL is a secret (it carries
 * the token), so {@link #toString()} shows only its host. Immutable and thread-safe.
 */
public final class SlackAlertSink implements AlertSink {
  private final HttpUrl url;
  private final HttpAlertSender sender;

  private SlackAlertSink(Builder b) {
    HttpUrl u = b.url == null ? null : HttpUrl.parse(b.url);
    if (u == null) {
      throw new IllegalArgumentException("url: is required, the incoming webhook's URL");
    }
    this.url = u;
    this.sender = new HttpAlertSender(b.httpClient, b.guard, b.timeout, "slack");
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    Request request =
        new Request.Builder().url(url).post(RequestBody.create(payload(alert), Http.JSON)).build();
    sender.post(request, alert.id());
  }

  /** The text of an alert, as posted. */
  static String text(Alert alert) {
    String icon =
        switch (alert.severity()) {
          case CRITICAL -> ":rotating_light:";
          case WARNING -> ":warning:";
          case INFO -> ":information_source:";
        };
    StringBuilder sb =
        new StringBuilder()
            .append(icon)
            .append(" [")
            .append(alert.severity())
            .append("] ")
            .append(alert.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
            .append(alert.subject().isEmpty() ? "" : ": " + alert.subject())
            .append('\n')
            .append(alert.message());
    Map<String, String> attrs = alert.sortedAttributes();
    if (!attrs.isEmpty()) {
      sb.append(" (");
      boolean first = true;
      for (Map.Entry<String, String> e : attrs.entrySet()) {
        sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
        first = false;
      }
      sb.append(')');
    }
    return sb.toString();
  }

  static byte[] payload(Alert alert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("text", text(alert));
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "SlackAlertSink[" + url.host() + ", path=***]";
  }

  /** Builds a {@link SlackAlertSink}. Not thread-safe. */
  public static final class Builder {
    private String url;
    private OkHttpClient httpClient;
    private AddressGuard guard = AddressGuard.strict();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The incoming webhook's URL. Required. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The client to share pools with (a guarded copy is made). */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The guard against private-address targets (default {@link AddressGuard#strict()}). */
    public Builder addressGuard(AddressGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /**
     * The timeout of each post (default 10 s).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout: must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the sink.
     *
     * @throws IllegalArgumentException if the URL is missing or invalid
     */
    public SlackAlertSink build() {
      return new SlackAlertSink(this);
    }
  }
}
