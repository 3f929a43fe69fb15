package io.ottu.gateways.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testkit.GatewayCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@link StripeGateway} passes the gateway compatibility kit, with redacted body logging on. */
class StripeGatewayCompatibilityTest extends GatewayCompatibilityKit {
  private static final String PI = "pi_3PkTz2LkdIwHu7ix1aB2c3D4";

  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return StripeGateway.builder()
        .secretKey(StripeFixtures.SECRET_KEY)
        .baseUrl(baseUrl)
        .readTimeout(readTimeout)
        .connectTimeout(Duration.ofSeconds(2))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build())
        .build();
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    return post(urlPathEqualTo("/v1/payment_intents"))
        .withHeader("Authorization", equalTo("Bearer " + StripeFixtures.SECRET_KEY))
        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
        .withHeader("Idempotency-Key", matching("kit-[0-9]+-(authorize|purchase)"))
        .withRequestBody(containing("amount=1000&currency=usd&confirm=true"))
        .withRequestBody(matching(".*capture_method=(manual|automatic).*"))
        .withRequestBody(containing("payment_method_data[type]=card"))
        .withRequestBody(containing("payment_method_data[card][number]=" + CARD_NUMBER))
        .withRequestBody(containing("payment_method_data[card][cvc]=" + CARD_CVC))
        .withRequestBody(containing("payment_method_data[card][exp_month]=12"))
        .withRequestBody(containing("payment_method_data[card][exp_year]=2034"))
        .withRequestBody(containing("return_url=https%3A%2F%2Fshop.example%2Freturn"))
        .withRequestBody(matching(".*metadata\\[ottu_payment_id]=pay_kit_[0-9]+.*"));
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request) {
    String status = request.capture() ? "succeeded" : "requires_capture";
    return StripeFixtures.json(
        200, StripeFixtures.paymentIntentFor(request, PI, status).toString());
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request) {
    return StripeFixtures.cardError(
        request,
        "card_declined",
        "issuer_not_available",
        "The card issuer could not be reached, so the payment could not be authorized.");
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request) {
    return StripeFixtures.cardError(
        request, "card_declined", "stolen_card", "Your card was declined.");
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request) {
    return StripeFixtures.json(200, StripeFixtures.requiresAction(request, PI).toString());
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request) {
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "requires_capture");
    pi.put("amount", 100);
    return StripeFixtures.json(200, pi.toString());
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request) {
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "requires_capture");
    pi.put("currency", "eur");
    return StripeFixtures.json(200, pi.toString());
  }

  @Override
  protected ResponseDefinitionBuilder errorResponse(int status) {
    return switch (status) {
      case 401 ->
          StripeFixtures.error(
              401, "invalid_request_error", null, "Invalid API Key provided: sk_test_****p7dc");
      case 429 ->
          StripeFixtures.error(
              429,
              "invalid_request_error",
              "rate_limit",
              "Request rate limit exceeded. Learn more about rate limits here.");
      default -> StripeFixtures.error(status, "api_error", null, "An unknown error occurred");
    };
  }

  @Override
  protected String idempotencyHeaderName() {
    return "Idempotency-Key";
  }

  @Override
  protected List<String> secrets() {
    return List.of(StripeFixtures.SECRET_KEY);
  }

  @Override
  protected List<Path> logFiles() {
    return List.of(Path.of("target/test.log"));
  }

  @Override
  protected MappingBuilder lookupEndpoint(String gatewayReference) {
    return get(urlPathEqualTo("/v1/payment_intents/" + gatewayReference))
        .withHeader("Authorization", equalTo("Bearer " + StripeFixtures.SECRET_KEY));
  }

  @Override
  protected ResponseDefinitionBuilder lookupResponse(
      AuthorizeRequest request, String gatewayReference) {
    return StripeFixtures.json(
        200,
        StripeFixtures.paymentIntentFor(request, gatewayReference, "requires_capture").toString());
  }

  @Override
  protected ResponseDefinitionBuilder lookupNotFoundResponse(String gatewayReference) {
    return StripeFixtures.error(
        404,
        "invalid_request_error",
        "resource_missing",
        "No such payment_intent: '" + gatewayReference + "'");
  }
}
