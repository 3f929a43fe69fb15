package io.ottu.gateways.paypal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ottu.gateways.paypal.PayPalFixtures.ACCESS_TOKEN;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testkit.GatewayCompatibilityKit;
import io.ottu.testkit.KitWireMock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link PayPalGateway} passes the gateway compatibility kit, with redacted header and body logging
 * on. The token endpoint is a default mapping of the kit's WireMock ({@code
 * paypal/kit/mappings/oauth2-token.json}), so it survives the kit's resets: every adapter the kit
 * builds first fetches a token, then sends the order the kit stubs.
 */
class PayPalGatewayCompatibilityTest extends GatewayCompatibilityKit {
  @Override
  protected WireMockConfiguration wireMockOptions() {
    return KitWireMock.options().usingFilesUnderClasspath("paypal/kit");
  }

  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return PayPalGateway.builder()
        .clientId(PayPalFixtures.CLIENT_ID)
        .clientSecret(PayPalFixtures.CLIENT_SECRET)
        .baseUrl(baseUrl)
        .readTimeout(readTimeout)
        .connectTimeout(Duration.ofSeconds(2))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build())
        .build();
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    return post(urlPathEqualTo("/v2/checkout/orders"))
        .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("Prefer", equalTo("return=representation"))
        .withHeader("PayPal-Request-Id", matching("kit-[0-9]+-(authorize|purchase)"))
        .withRequestBody(matchingJsonPath("$.intent", matching("AUTHORIZE|CAPTURE")))
        .withRequestBody(
            matchingJsonPath("$.purchase_units[0].reference_id", matching("pay_kit_[0-9]+")))
        .withRequestBody(
            matchingJsonPath("$.purchase_units[0].custom_id", matching("pay_kit_[0-9]+")))
        .withRequestBody(
            matchingJsonPath("$.purchase_units[0].invoice_id", matching("order-kit-[0-9]+")))
        .withRequestBody(
            matchingJsonPath("$.purchase_units[0].amount.currency_code", equalTo("USD")))
        .withRequestBody(matchingJsonPath("$.purchase_units[0].amount.value", equalTo("10.00")))
        .withRequestBody(matchingJsonPath("$.payment_source.card.number", equalTo(CARD_NUMBER)))
        .withRequestBody(matchingJsonPath("$.payment_source.card.expiry", equalTo("2034-12")))
        .withRequestBody(matchingJsonPath("$.payment_source.card.security_code", equalTo(CARD_CVC)))
        .withRequestBody(matchingJsonPath("$.payment_source.card.name", equalTo("Kit Tester")))
        .withRequestBody(
            matchingJsonPath(
                "$.payment_source.card.attributes.verification.method",
                equalTo("SCA_WHEN_REQUIRED")))
        .withRequestBody(
            matchingJsonPath(
                "$.payment_source.card.experience_context.return_url",
                equalTo("https://shop.example/return")));
  }

  @Override
  protected int successStatus() {
    return 201;
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request) {
    return PayPalFixtures.json(201, PayPalFixtures.approvedOrderFor(request).toString());
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request) {
    ObjectNode order = PayPalFixtures.authorizedOrder(request, "DENIED");
    PayPalFixtures.withProcessorResponse(
        (ObjectNode) PayPalFixtures.payments(order).get("authorizations").get(0), "0500");
    return PayPalFixtures.json(201, order.toString());
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request) {
    ObjectNode order = PayPalFixtures.authorizedOrder(request, "DENIED");
    PayPalFixtures.withProcessorResponse(
        (ObjectNode) PayPalFixtures.payments(order).get("authorizations").get(0), "9520");
    return PayPalFixtures.json(201, order.toString());
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request) {
    return PayPalFixtures.json(200, PayPalFixtures.payerActionRequired(request).toString());
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request) {
    ObjectNode order = PayPalFixtures.authorizedOrder(request, "CREATED");
    ((ObjectNode) PayPalFixtures.payments(order).get("authorizations").get(0))
        .set("amount", PayPalFixtures.money("USD", "1.00"));
    return PayPalFixtures.json(201, order.toString());
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request) {
    ObjectNode order = PayPalFixtures.authorizedOrder(request, "CREATED");
    ((ObjectNode) PayPalFixtures.payments(order).get("authorizations").get(0))
        .set("amount", PayPalFixtures.money("EUR", "10.00"));
    return PayPalFixtures.json(201, order.toString());
  }

  @Override
  protected ResponseDefinitionBuilder errorResponse(int status) {
    return switch (status) {
      case 401 ->
          PayPalFixtures.error(
              401,
              "AUTHENTICATION_FAILURE",
              "Authentication failed due to missing authorization header, or invalid"
                  + " authentication credentials.",
              null,
              null);
      case 429 ->
          PayPalFixtures.error(
              429,
              "RATE_LIMIT_REACHED",
              "Too many requests. Blocked due to rate limiting.",
              null,
              null);
      case 503 ->
          PayPalFixtures.error(503, "SERVICE_UNAVAILABLE", "Service Unavailable.", null, null);
      default ->
          PayPalFixtures.error(
              status, "INTERNAL_SERVER_ERROR", "An internal server error occurred.", null, null);
    };
  }

  @Override
  protected String idempotencyHeaderName() {
    return "PayPal-Request-Id";
  }

  @Override
  protected List<String> secrets() {
    return List.of(
        PayPalFixtures.CLIENT_SECRET,
        PayPalFixtures.ACCESS_TOKEN,
        PayPalFixtures.BASIC.substring("Basic ".length()));
  }

  @Override
  protected List<Path> logFiles() {
    return List.of(Path.of("target/test.log"));
  }

  @Override
  protected MappingBuilder lookupEndpoint(String gatewayReference) {
    String orderId = gatewayReference.split("/")[0];
    return get(urlPathEqualTo("/v2/checkout/orders/" + orderId))
        .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN));
  }

  @Override
  protected ResponseDefinitionBuilder lookupResponse(
      AuthorizeRequest request, String gatewayReference) {
    return PayPalFixtures.json(200, PayPalFixtures.authorizedOrder(request, "CREATED").toString());
  }

  @Override
  protected ResponseDefinitionBuilder lookupNotFoundResponse(String gatewayReference) {
    return PayPalFixtures.error(
        404,
        "RESOURCE_NOT_FOUND",
        "The specified resource does not exist.",
        "INVALID_RESOURCE_ID",
        "Specified resource ID does not exist. Please check the resource ID and try again.");
  }
}
