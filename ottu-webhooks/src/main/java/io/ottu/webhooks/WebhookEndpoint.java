package io.ottu.webhooks;

import io.ottu.event.PaymentEventType;
import io.ottu.webhooks.internal.Cidr;
import io.ottu.webhooks.internal.HmacSha256;
import io.ottu.webhooks.internal.StandardSecrets;
import java.net.InetAddress;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * One of the host's endpoints for outbound webhooks: where to send ({@code https}; plain {@code
 * http} only to {@code localhost}), the {@code whsec_} secret to sign with, which event types it
 * wants, and how many deliveries may be in flight to it at once. Immutable and thread-safe; {@link
 * #toString()} never shows the secret.
 *
 * <pre>{@code
 * WebhookEndpoint orders = WebhookEndpoint.builder()
 *     .id("orders")
 *     .url("https://orders.example.com/ottu-webhooks")
 *     .secret("whsec_...")
 *     .eventTypes(PaymentEventType.PAYMENT_CAPTURED, PaymentEventType.PAYMENT_REFUNDED)
 *     .build();
 * }</pre>
 */
public final class WebhookEndpoint {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final String id;
  private final HttpUrl url;
  private final String secret;
  private final HmacSha256 key;
  private final Set<PaymentEventType> eventTypes;
  private final int maxConcurrency;

  private WebhookEndpoint(Builder b) {
    if (b.id == null || !ID.matcher(b.id).matches()) {
      throw new IllegalArgumentException(
          "id: is required, 1 to 64 letters, digits, '_', '.' or '-' (it is part of message ids)");
    }
    if (b.url == null) {
      throw new IllegalArgumentException("url: is required");
    }
    HttpUrl u = HttpUrl.parse(b.url);
    if (u == null) {
      throw new IllegalArgumentException("url: not an http(s) URL");
    }
    if (!u.isHttps() && !isLocal(u.host())) {
      throw new IllegalArgumentException("url: must be https (plain http only to localhost)");
    }
    if (b.secret == null) {
      throw new IllegalArgumentException("secret: is required (StandardWebhooks.newSecret())");
    }
    this.id = b.id;
    this.url = u;
    this.secret = b.secret;
    this.key = new HmacSha256(StandardSecrets.decode(b.secret));
    this.eventTypes = b.eventTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.eventTypes));
    this.maxConcurrency = b.maxConcurrency;
  }

  private static boolean isLocal(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    InetAddress literal = Cidr.literal(host);
    return literal != null && literal.isLoopbackAddress();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this endpoint's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.url = url.toString();
    b.secret = secret;
    b.eventTypes.addAll(eventTypes);
    b.maxConcurrency = maxConcurrency;
    return b;
  }

  /** The endpoint's id: stable, part of each outbox message id. */
  public String id() {
    return id;
  }

  /** Where deliveries are POSTed. */
  public String url() {
    return url.toString();
  }

  HttpUrl httpUrl() {
    return url;
  }

  HmacSha256 key() {
    return key;
  }

  /** The event types it receives; empty means every type. */
  public Set<PaymentEventType> eventTypes() {
    return eventTypes;
  }

  /** Whether it receives events of {@code type}. */
  public boolean accepts(PaymentEventType type) {
    return eventTypes.isEmpty() || eventTypes.contains(type);
  }

  /** How many deliveries may be in flight to it at once. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public String toString() {
    return "WebhookEndpoint["
        + id
        + " "
        + url.scheme()
        + "://"
        + url.host()
        + ":"
        + url.port()
        + url.encodedPath()
        + ", secret=***, types="
        + (eventTypes.isEmpty() ? "all" : eventTypes)
        + "]";
  }

  /** Builds a {@link WebhookEndpoint}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private String id;
    private String url;
    private String secret;
    private final Set<PaymentEventType> eventTypes = EnumSet.noneOf(PaymentEventType.class);
    private int maxConcurrency = 4;

    private Builder() {}

    /** The endpoint's stable id (letters, digits, {@code _ . -}). Required. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** The URL to POST to. Required. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The {@code whsec_<base64>} signing secret the receiver verifies with. Required. */
    public Builder secret(String secret) {
      this.secret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** Receive only these types (replaces earlier ones); none means every type. */
    public Builder eventTypes(PaymentEventType... types) {
      return eventTypes(Set.of(types));
    }

    /** Receive only these types (replaces earlier ones); empty means every type. */
    public Builder eventTypes(Collection<PaymentEventType> types) {
      eventTypes.clear();
      eventTypes.addAll(types);
      return this;
    }

    /**
     * How many deliveries may be in flight to this endpoint at once (default 4). Deliveries about
     * one payment are always one at a time, in order.
     *
     * @throws IllegalArgumentException unless 1 to 256
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1 || maxConcurrency > 256) {
        throw new IllegalArgumentException("maxConcurrency: must be 1 to 256");
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * Builds the endpoint.
     *
     * @throws IllegalArgumentException naming the field if the id, URL or secret is missing or
     *     invalid
     */
    public WebhookEndpoint build() {
      return new WebhookEndpoint(this);
    }
  }
}
