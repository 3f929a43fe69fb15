package io.ottu.testkit.example;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.testkit.GatewayCompatibilityKit;
import java.time.Duration;
import java.util.List;

/**
 * The README's example: a user's own adapter (JDK HTTP client, no Ottu infrastructure) runs the kit
 * with a handful of factory methods. {@link KitSelfTest} also runs a broken copy of it.
 */
public class AcmePayGatewayCompatibilityTest extends GatewayCompatibilityKit {
  static final String API_KEY = "acme_test_3f9a8b7c6d5e";

  /** Whether to build the adapter with its deliberate timeout bug (for {@link KitSelfTest}). */
  protected boolean broken() {
    return false;
  }

  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return new AcmePayGateway(baseUrl, API_KEY, readTimeout, broken());
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    return post(urlPathEqualTo("/v1/charges"))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY))
        .withRequestBody(containing("\"number\":\"" + CARD_NUMBER + "\""));
  }

  private static ResponseDefinitionBuilder charge(
      AuthorizeRequest r, String status, long amount, String currency, String extra) {
    return okJson(
        "{\"id\":\"ch_1\",\"status\":\""
            + status
            + "\",\"amount\":"
            + amount
            + ",\"currency\":\""
            + currency
            + "\""
            + extra
            + "}");
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest r) {
    return charge(r, r.capture() ? "captured" : "authorized", r.amount().toMinorUnits(), "USD", "");
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest r) {
    return charge(r, "declined", 1000, "USD", ",\"decline_code\":\"issuer_down\",\"soft\":true");
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest r) {
    return charge(r, "declined", 1000, "USD", ",\"decline_code\":\"stolen\",\"soft\":false");
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest r) {
    return charge(
        r, "action_required", 1000, "USD", ",\"redirect_url\":\"https://acs.example/challenge\"");
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest r) {
    return charge(r, "authorized", 999, "USD", "");
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest r) {
    return charge(r, "authorized", 1000, "EUR", "");
  }

  @Override
  protected String idempotencyHeaderName() {
    return "Idempotency-Key";
  }

  @Override
  protected List<String> secrets() {
    return List.of(API_KEY);
  }
}
