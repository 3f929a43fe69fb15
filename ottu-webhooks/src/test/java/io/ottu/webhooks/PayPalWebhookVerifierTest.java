package io.ottu.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.ottu.webhooks.StandardWebhooksTest.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PayPalWebhookVerifierTest {
  private static final String TOKEN_PATH = "/v1/oauth2/token";
  private static final String VERIFY_PATH = "/v1/notifications/verify-webhook-signature";
  // Odd spacing and a number with a trailing zero: re-serializing would change both.
  private static final String EVENT =
      "{\"id\":\"WH-2WR32451HC0233532-67976317FL4543714\", \"event_type\":\"PAYMENT.CAPTURE.COMPLETED\","
          + "\"resource\":{\"id\":\"8MC585209K746392H\",\"amount\":{\"value\":\"10.50\",\"currency_code\":\"USD\"}},"
          + "\"weight\":1.10}";

  private WireMockServer paypal;

  @BeforeEach
  void start() {
    paypal = new WireMockServer(options().dynamicPort().gzipDisabled(true));
    paypal.start();
    paypal.stubFor(
        post(urlEqualTo(TOKEN_PATH))
            .willReturn(
                okJson(
                    "{\"scope\":\"https://uri.paypal.com/services/payments\","
                        + "\"access_token\":\"A21AAtoken1\",\"token_type\":\"Bearer\","
                        + "\"app_id\":\"APP-80W284485P519543T\",\"expires_in\":32400}")));
  }

  @AfterEach
  void stop() {
    paypal.stop();
  }

  private WebhookVerifier verifier() {
    return WebhookVerifiers.paypal()
        .baseUrl(paypal.baseUrl())
        .webhookId("1JE4291016473214C")
        .clientCredentials("client-id-1", TestSecrets.PAYPAL_SECRET)
        .build();
  }

  private static WebhookRequest request() {
    return Signing.request(
        EVENT,
        "PAYPAL-AUTH-ALGO",
        "SHA256withRSA",
        "PAYPAL-CERT-URL",
        "https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42",
        "PAYPAL-TRANSMISSION-ID",
        "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
        "PAYPAL-TRANSMISSION-SIG",
        "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3",
        "PAYPAL-TRANSMISSION-TIME",
        "2016-02-18T20:01:35Z");
  }

  private void verificationAnswers(String status) {
    paypal.stubFor(
        post(urlEqualTo(VERIFY_PATH))
            .withHeader("Authorization", equalTo("Bearer A21AAtoken1"))
            .willReturn(okJson("{\"verification_status\":\"" + status + "\"}")));
  }

  @Test
  void askesPayPalWithTheHeadersTheWebhookIdAndTheEventVerbatim() throws Exception {
    verificationAnswers("SUCCESS");

    assertThatCode(() -> verifier().verify(request())).doesNotThrowAnyException();

    String sent =
        paypal.findAll(postRequestedFor(urlEqualTo(VERIFY_PATH))).get(0).getBodyAsString();
    assertThat(sent).contains("\"webhook_event\":" + EVENT);
    JsonNode json = new ObjectMapper().readTree(sent);
    assertThat(json.path("auth_algo").asText()).isEqualTo("SHA256withRSA");
    assertThat(json.path("cert_url").asText()).endsWith("CERT-360caa42");
    assertThat(json.path("transmission_id").asText())
        .isEqualTo("69cd13f0-d67a-11e5-baa3-778b53f4ae55");
    assertThat(json.path("transmission_sig").asText()).startsWith("lmI95Jx3Y9nh");
    assertThat(json.path("transmission_time").asText()).isEqualTo("2016-02-18T20:01:35Z");
    assertThat(json.path("webhook_id").asText()).isEqualTo("1JE4291016473214C");
  }

  @Test
  void fetchesOneTokenAndReusesIt() {
    verificationAnswers("SUCCESS");
    WebhookVerifier v = verifier();

    v.verify(request());
    v.verify(request());
    v.verify(request());

    paypal.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    paypal.verify(
        1,
        postRequestedFor(urlEqualTo(TOKEN_PATH))
            .withHeader(
                "Authorization",
                equalTo("Basic Y2xpZW50LWlkLTE6cGF5cGFsLWNsaWVudC1zZWNyZXQtRUg3WWsy"))
            .withRequestBody(equalTo("grant_type=client_credentials")));
    paypal.verify(3, postRequestedFor(urlEqualTo(VERIFY_PATH)));
  }

  @Test
  void aFailureFromPayPalIsNoMatchingSignature() {
    verificationAnswers("FAILURE");

    expect(() -> verifier().verify(request()), Reason.NO_MATCHING_SIGNATURE, "FAILURE");
  }

  @Test
  void aRefusedTokenIsDroppedAndTheCallRetriedOnce() {
    paypal.stubFor(
        post(urlEqualTo(VERIFY_PATH))
            .inScenario("expired")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(401))
            .willSetStateTo("renewed"));
    paypal.stubFor(
        post(urlEqualTo(VERIFY_PATH))
            .inScenario("expired")
            .whenScenarioStateIs("renewed")
            .willReturn(okJson("{\"verification_status\":\"SUCCESS\"}")));

    assertThatCode(() -> verifier().verify(request())).doesNotThrowAnyException();
    paypal.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    paypal.verify(2, postRequestedFor(urlEqualTo(VERIFY_PATH)));
  }

  @Test
  void whenPayPalFailsTheWebhookIsUntrustedButWorthARetry() {
    paypal.stubFor(post(urlEqualTo(VERIFY_PATH)).willReturn(aResponse().withStatus(503)));

    expect(() -> verifier().verify(request()), Reason.VERIFIER_UNAVAILABLE, "HTTP 503");
  }

  @Test
  void aFailingTokenEndpointNeverShowsTheCredentials() {
    paypal.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)));

    Throwable t = catchThrowable(() -> verifier().verify(request()));
    assertThat(t)
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining(TestSecrets.PAYPAL_SECRET);
    assertThat(((WebhookVerificationException) t).reason()).isEqualTo(Reason.VERIFIER_UNAVAILABLE);
  }

  @Test
  void checksHeadersAndBodyBeforeCallingPayPal() {
    expect(
        () -> verifier().verify(Signing.request(EVENT)),
        Reason.MISSING_HEADER,
        "PAYPAL-AUTH-ALGO header is missing");
    WebhookRequest notJson =
        WebhookRequest.of(
            request().headerNames().stream()
                .collect(java.util.stream.Collectors.toMap(h -> h, h -> request().headers(h))),
            Signing.utf8("[1,2]"));
    expect(() -> verifier().verify(notJson), Reason.MALFORMED_BODY, "not a JSON object");
    assertThat(paypal.getAllServeEvents()).isEmpty();
  }

  @Test
  void aHostTokenSupplierReplacesClientCredentials() {
    verificationAnswers("SUCCESS");
    WebhookVerifier v =
        WebhookVerifiers.paypal()
            .baseUrl(paypal.baseUrl())
            .webhookId("WH-1")
            .accessTokens(() -> "A21AAtoken1")
            .build();

    assertThatCode(() -> v.verify(request())).doesNotThrowAnyException();
    paypal.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> WebhookVerifiers.paypal().clientCredentials("a", "b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("webhookId:");
    assertThatThrownBy(() -> WebhookVerifiers.paypal().webhookId("WH-1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("clientCredentials:");
  }
}
