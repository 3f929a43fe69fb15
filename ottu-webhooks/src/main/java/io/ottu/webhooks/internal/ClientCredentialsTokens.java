package io.ottu.webhooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.OttuException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OAuth 2.0 client-credentials tokens (PayPal's {@code POST /v1/oauth2/token}), cached until a
 * minute before they expire and refreshed by one thread at a time. {@link #invalidate(String)}
 * drops a token the server refused, so the next call fetches a new one. Thread-safe.
 */
public final class ClientCredentialsTokens implements Supplier<String> {
  private static final Duration MARGIN = Duration.ofSeconds(60);
  private static final int MAX_BODY = 64 * 1024;

  private final OkHttpClient client;
  private final HttpUrl tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;

  private String token;
  private Instant expiresAt = Instant.MIN;

  /** A token source for {@code tokenUrl} with these credentials. */
  public ClientCredentialsTokens(
      OkHttpClient client, HttpUrl tokenUrl, String clientId, String clientSecret, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A valid access token, fetched if none is cached or the cached one is about to expire.
   *
   * @throws TokenUnavailableException if the token endpoint fails
   */
  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (token != null && now.isBefore(expiresAt)) {
      return token;
    }
    Request request =
        new Request.Builder()
            .url(tokenUrl)
            .header("Authorization", Credentials.basic(clientId, clientSecret))
            .header("Accept", "application/json")
            .post(new FormBody.Builder().add("grant_type", "client_credentials").build())
            .build();
    try (Response response = client.newCall(request).execute()) {
      String body = Http.readCapped(response.body(), MAX_BODY);
      if (!response.isSuccessful()) {
        throw new TokenUnavailableException("the token endpoint answered HTTP " + response.code());
      }
      JsonNode json = Json.MAPPER.readTree(body);
      String access = Json.text(json, "access_token");
      if (access == null || access.isBlank()) {
        throw new TokenUnavailableException("the token endpoint answered without an access_token");
      }
      Long expiresIn;
      try {
        expiresIn = Json.integer(json, "expires_in");
      } catch (NumberFormatException e) {
        expiresIn = null;
      }
      long seconds = expiresIn == null ? 300 : Math.max(0, expiresIn);
      Duration life = Duration.ofSeconds(seconds);
      // A short-lived token is kept for half its life rather than not at all.
      Duration keep =
          life.compareTo(MARGIN.multipliedBy(2)) > 0 ? life.minus(MARGIN) : life.dividedBy(2);
      token = access;
      expiresAt = now.plus(keep);
      return token;
    } catch (IOException e) {
      throw new TokenUnavailableException("the token endpoint failed: " + Http.describe(e), e);
    }
  }

  /** Forgets {@code refused} if it is the cached token. */
  public synchronized void invalidate(String refused) {
    if (refused != null && refused.equals(token)) {
      token = null;
      expiresAt = Instant.MIN;
    }
  }

  @Override
  public String toString() {
    return "ClientCredentialsTokens[" + tokenUrl + ", clientId=" + clientId + ", secret=***]";
  }

  /** The token endpoint failed; the message never contains the credentials. */
  public static final class TokenUnavailableException extends OttuException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public TokenUnavailableException(String message) {
      super(message);
    }

    /** Creates the exception with its cause. */
    public TokenUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
