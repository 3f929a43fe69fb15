package io.ottu.testkit.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottu.CardData;
import io.ottu.Decline;
import io.ottu.DeclineReason;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A user's own adapter for a made-up JSON gateway, written with the JDK's HTTP client and no Ottu
 * infrastructure: the kind of adapter the README shows running the compatibility kit. Only
 * authorize is implemented; that is what the kit exercises.
 */
final class AcmePayGateway implements Gateway {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private final String apiKey;
  private final Duration readTimeout;
  private final boolean brokenTimeouts;

  AcmePayGateway(String baseUrl, String apiKey, Duration readTimeout, boolean brokenTimeouts) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.readTimeout = readTimeout;
    this.brokenTimeouts = brokenTimeouts;
  }

  @Override
  public String id() {
    return "acmepay";
  }

  @Override
  public GatewayCapabilities capabilities() {
    return GatewayCapabilities.builder().build();
  }

  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("amount", request.amount().toMinorUnits());
    body.put("currency", request.amount().currencyCode());
    body.put("capture", request.capture());
    body.put("reference", request.reference());
    CardData card = request.source().card().orElseThrow();
    body.putObject("card")
        .put("number", card.number())
        .put("exp_month", card.expiryMonth())
        .put("exp_year", card.expiryYear())
        .put("cvc", card.cvc().orElse(null));
    HttpRequest http =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/charges"))
            .timeout(readTimeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", request.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = this.http.send(http, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw GatewayException.notSent(id(), "could not connect", e);
    } catch (IOException e) {
      if (brokenTimeouts) {
        throw GatewayException.notSent(id(), "wrongly treated as not sent", e);
      }
      throw GatewayException.unknownOutcome(id(), "sent, no answer: " + e.getClass(), 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayException.unknownOutcome(id(), "interrupted", 0, e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw GatewayException.credentialsRejected(id(), "bad key", status);
    }
    if (status == 429 || status == 503) {
      Duration retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .map(s -> Duration.ofSeconds(Long.parseLong(s)))
              .orElse(null);
      throw GatewayException.unavailable(id(), "try later", status, retryAfter);
    }
    if (status >= 500) {
      throw GatewayException.unknownOutcome(id(), "HTTP " + status, status, null);
    }
    if (status >= 400) {
      throw GatewayException.rejected(id(), "HTTP " + status, status, null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw GatewayException.unknownOutcome(id(), "unparsable body", status, e);
    }
    if (json == null || !json.hasNonNull("status")) {
      throw GatewayException.unknownOutcome(id(), "no status", status, null);
    }
    String id = json.path("id").asText();
    Money amount = Money.ofMinor(json.path("amount").asLong(), json.path("currency").asText());
    return switch (json.path("status").asText()) {
      case "authorized" -> GatewayResult.authorized(id, amount);
      case "captured" -> GatewayResult.captured(id, amount);
      case "action_required" ->
          GatewayResult.actionRequired(id, NextAction.redirect(json.path("redirect_url").asText()));
      case "declined" ->
          GatewayResult.declined(
              id,
              new Decline(
                  DeclineReason.OTHER,
                  json.path("decline_code").asText(),
                  null,
                  json.path("soft").asBoolean(),
                  id()));
      default -> throw GatewayException.unknownOutcome(id(), "unknown status", status, null);
    };
  }

  @Override
  public GatewayResult capture(CaptureRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public GatewayResult cancel(CancelRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public GatewayResult refund(RefundRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    throw GatewayException.rejected(id(), "no lookup", 0, null);
  }

  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    throw new UnsupportedOperationException();
  }
}
