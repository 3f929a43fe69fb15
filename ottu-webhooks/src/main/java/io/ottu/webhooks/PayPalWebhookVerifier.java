package io.ottu.webhooks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import io.ottu.webhooks.internal.BodyAccess;
import io.ottu.webhooks.internal.ClientCredentialsTokens;
import io.ottu.webhooks.internal.Http;
import io.ottu.webhooks.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * PayPal's webhooks, verified by PayPal itself: {@code POST
 * /v1/notifications/verify-webhook-signature} with the {@code PAYPAL-AUTH-ALGO}, {@code
 * PAYPAL-CERT-URL}, {@code PAYPAL-TRANSMISSION-ID}, {@code PAYPAL-TRANSMISSION-SIG} and {@code
 * PAYPAL-TRANSMISSION-TIME} headers, the webhook's id and the event; only {@code
 * verification_status: SUCCESS} passes.
 *
 * <p>The event is sent as the exact bytes received (checked to be one JSON object, never parsed and
 * re-serialized), because PayPal's check is over its own serialization and a re-encoded number or
 * escaped character would fail it.
 *
 * <p>The call needs an OAuth token: give the app's client id and secret ({@link
 * Builder#clientCredentials}; the token is cached until shortly before it expires and fetched by
 * one thread at a time) or a {@link Builder#accessTokens(Supplier)} of your own. A 401 drops the
 * token and retries once. When PayPal cannot be reached or fails, {@link #verify} throws {@link
 * Reason#VERIFIER_UNAVAILABLE}: not trusted, but worth a 5xx so PayPal sends it again.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows neither the secret nor tokens.
 */
public final class PayPalWebhookVerifier implements WebhookVerifier {
  /** PayPal's live API. */
  public static final String LIVE = "https://api-m.paypal.com";

  /** PayPal's sandbox API. */
  public static final String SANDBOX = "https://api-m.sandbox.paypal.com";

  private static final String SCHEME = "paypal";
  private static final int MAX_RESPONSE = 64 * 1024;
  private static final String[][] HEADERS = {
    {"auth_algo", "PAYPAL-AUTH-ALGO"},
    {"cert_url", "PAYPAL-CERT-URL"},
    {"transmission_id", "PAYPAL-TRANSMISSION-ID"},
    {"transmission_sig", "PAYPAL-TRANSMISSION-SIG"},
    {"transmission_time", "PAYPAL-TRANSMISSION-TIME"}
  };

  private final HttpUrl verifyUrl;
  private final String webhookId;
  private final OkHttpClient client;
  private final Supplier<String> tokens;

  private PayPalWebhookVerifier(Builder b) {
    HttpUrl base = HttpUrl.parse(b.baseUrl);
    if (base == null) {
      throw new IllegalArgumentException("baseUrl: not an http(s) URL");
    }
    this.verifyUrl =
        base.newBuilder().addPathSegments("v1/notifications/verify-webhook-signature").build();
    if (b.webhookId == null || b.webhookId.isBlank()) {
      throw new IllegalArgumentException("webhookId: is required");
    }
    this.webhookId = b.webhookId;
    OkHttpClient.Builder cb =
        b.httpClient == null ? new OkHttpClient.Builder() : b.httpClient.newBuilder();
    this.client =
        cb.callTimeout(b.timeout).followRedirects(false).followSslRedirects(false).build();
    if (b.tokens != null) {
      this.tokens = b.tokens;
    } else if (b.clientId != null) {
      this.tokens =
          new ClientCredentialsTokens(
              client,
              base.newBuilder().addPathSegments("v1/oauth2/token").build(),
              b.clientId,
              b.clientSecret,
              b.clock);
    } else {
      throw new IllegalArgumentException(
          "clientCredentials: either clientCredentials(...) or accessTokens(...) is required");
    }
  }

  /** A builder; {@code webhookId} and credentials are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    String[] values = new String[HEADERS.length];
    for (int i = 0; i < HEADERS.length; i++) {
      String name = HEADERS[i][1];
      values[i] =
          request
              .header(name)
              .orElseThrow(
                  () ->
                      new WebhookVerificationException(
                          SCHEME, Reason.MISSING_HEADER, "the " + name + " header is missing"));
    }
    JsonNode event;
    try {
      event = Json.parse(BodyAccess.raw(request));
    } catch (IOException e) {
      event = null;
    }
    if (event == null || !event.isObject()) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_BODY, "the body is not a JSON object");
    }
    byte[] body = verificationRequest(values, BodyAccess.raw(request));
    String token = token();
    String status = call(body, token, true);
    if (!"SUCCESS".equals(status)) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.NO_MATCHING_SIGNATURE,
          "PayPal did not confirm the signature (verification_status "
              + (status == null ? "absent" : Http.truncate(status, 40))
              + ")");
    }
  }

  private String token() {
    try {
      String t = tokens.get();
      if (t == null || t.isBlank()) {
        throw new WebhookVerificationException(
            SCHEME, Reason.VERIFIER_UNAVAILABLE, "no PayPal access token");
      }
      return t;
    } catch (WebhookVerificationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WebhookVerificationException(
          SCHEME, Reason.VERIFIER_UNAVAILABLE, "no PayPal access token: " + e.getMessage(), e);
    }
  }

  private String call(byte[] body, String token, boolean mayRetry) {
    Request req =
        new Request.Builder()
            .url(verifyUrl)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .post(RequestBody.create(body, Http.JSON))
            .build();
    try (Response response = client.newCall(req).execute()) {
      String text = Http.readCapped(response.body(), MAX_RESPONSE);
      if (response.code() == 401 && mayRetry) {
        if (tokens instanceof ClientCredentialsTokens cached) {
          cached.invalidate(token);
        }
        return call(body, token(), false);
      }
      if (!response.isSuccessful()) {
        throw new WebhookVerificationException(
            SCHEME,
            Reason.VERIFIER_UNAVAILABLE,
            "PayPal's verify-webhook-signature answered HTTP " + response.code());
      }
      try {
        return Json.text(Json.MAPPER.readTree(text), "verification_status");
      } catch (IOException e) {
        throw new WebhookVerificationException(
            SCHEME,
            Reason.VERIFIER_UNAVAILABLE,
            "PayPal's verify-webhook-signature answered something that is not JSON",
            e);
      }
    } catch (IOException e) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.VERIFIER_UNAVAILABLE,
          "PayPal's verify-webhook-signature failed: " + Http.describe(e),
          e);
    }
  }

  private byte[] verificationRequest(String[] values, byte[] rawEvent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rawEvent.length + 1024);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < HEADERS.length; i++) {
        g.writeStringField(HEADERS[i][0], values[i]);
      }
      g.writeStringField("webhook_id", webhookId);
      g.writeFieldName("webhook_event");
      // Verbatim: PayPal checks its own serialization of the event.
      g.writeRawValue(new String(rawEvent, StandardCharsets.UTF_8));
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[paypal, " + verifyUrl + ", webhookId=" + webhookId + "]";
  }

  /** Builds a {@link PayPalWebhookVerifier}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private String baseUrl = LIVE;
    private String webhookId;
    private String clientId;
    private String clientSecret;
    private Supplier<String> tokens;
    private OkHttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /** PayPal's API: {@link #LIVE} (the default), {@link #SANDBOX}, or a test server. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** The id PayPal gave the webhook subscription ({@code WH-...} in the dashboard). */
    public Builder webhookId(String webhookId) {
      this.webhookId = Objects.requireNonNull(webhookId, "webhookId");
      return this;
    }

    /** The REST app's credentials; tokens are fetched and cached. */
    public Builder clientCredentials(String clientId, String clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** Bearer tokens from the host's own token cache (one shared with the PayPal gateway). */
    public Builder accessTokens(Supplier<String> tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** The client to share pools with; a copy gets this verifier's timeout. */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The clock for token expiry. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The whole-call timeout for each request to PayPal (default 10 s).
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
     * Builds the verifier.
     *
     * @throws IllegalArgumentException naming the field if the base URL is invalid, the webhook id
     *     is missing, or no credentials were given
     */
    public PayPalWebhookVerifier build() {
      return new PayPalWebhookVerifier(this);
    }
  }
}
