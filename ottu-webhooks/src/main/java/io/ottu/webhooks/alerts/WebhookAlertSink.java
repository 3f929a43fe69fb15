package io.ottu.webhooks.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ottu.webhooks.AddressGuard;
import io.ottu.webhooks.StandardWebhooks;
import io.ottu.webhooks.internal.Http;
import io.ottu.webhooks.internal.Json;
import io.ottu.webhooks.internal.StandardSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends each alert as a Standard Webhooks signed POST, like the payment webhooks, so a receiver
 * verifies it the same way ({@link io.ottu.webhooks.WebhookVerifiers#standard(String)}):
 *
 * <pre>{@code
 * {"id": "alt_...", "type": "alert.circuit_opened", "created_at": "2026-...Z",
 *  "data": {"severity": "critical", "subject": "stripe", "message": "...",
 *           "attributes": {"state": "OPEN"}}}
 * }</pre>
 *
 * with {@code webhook-id} = the alert id. Sending never blocks the caller (OkHttp's dispatcher
 * threads do it); alerts are best effort, without retries or an outbox. Immutable and thread-safe;
 * {@link #toString()} never shows the secret.
 */
public final class WebhookAlertSink implements AlertSink {
  private final HttpUrl url;
  private final String secret;
  private final Clock clock;
  private final HttpAlertSender sender;

  private WebhookAlertSink(Builder b) {
    HttpUrl u = b.url == null ? null : HttpUrl.parse(b.url);
    if (u == null) {
      throw new IllegalArgumentException("url: is required, an http(s) URL");
    }
    if (b.secret == null) {
      throw new IllegalArgumentException("secret: is required");
    }
    StandardSecrets.decode(b.secret);
    this.url = u;
    this.secret = b.secret;
    this.clock = b.clock;
    this.sender = new HttpAlertSender(b.httpClient, b.guard, b.timeout, "webhook");
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    byte[] body = payload(alert);
    Instant now = clock.instant();
    Request request =
        new Request.Builder()
            .url(url)
            .header(StandardWebhooks.ID_HEADER, alert.id())
            .header(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
            .header(
                StandardWebhooks.SIGNATURE_HEADER,
                StandardWebhooks.sign(secret, alert.id(), now, body))
            .post(RequestBody.create(body, Http.JSON))
            .build();
    sender.post(request, alert.id());
  }

  static byte[] payload(Alert alert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", alert.id());
      g.writeStringField("type", alert.type().wireName());
      g.writeStringField("created_at", alert.at().toString());
      g.writeObjectFieldStart("data");
      g.writeStringField("severity", alert.severity().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("subject", alert.subject());
      g.writeStringField("message", alert.message());
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> e : alert.sortedAttributes().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "WebhookAlertSink["
        + url.scheme()
        + "://"
        + url.host()
        + url.encodedPath()
        + ", secret=***]";
  }

  /** Builds a {@link WebhookAlertSink}. Not thread-safe. */
  public static final class Builder {
    private String url;
    private String secret;
    private OkHttpClient httpClient;
    private AddressGuard guard = AddressGuard.strict();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The receiver's URL. Required. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The {@code whsec_} secret to sign with. Required. */
    public Builder secret(String secret) {
      this.secret = Objects.requireNonNull(secret, "secret");
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

    /** The clock for the signed timestamp. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
     * @throws IllegalArgumentException naming the field if the URL or secret is missing or invalid
     */
    public WebhookAlertSink build() {
      return new WebhookAlertSink(this);
    }
  }
}
