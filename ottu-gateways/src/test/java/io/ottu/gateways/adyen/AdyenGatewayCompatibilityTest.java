package io.ottu.gateways.adyen;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testkit.GatewayCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link AdyenGateway} passes the gateway compatibility kit, with redacted header and body logging
 * on, against stubs at Adyen's v71 paths that match the JSON the adapter must send.
 */
class AdyenGatewayCompatibilityTest extends GatewayCompatibilityKit {
  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return AdyenGateway.builder()
        .apiKey(AdyenFixtures.API_KEY)
        .merchantAccount(AdyenFixtures.MERCHANT)
        .baseUrl(baseUrl + "/v71")
        .readTimeout(readTimeout)
        .connectTimeout(Duration.ofSeconds(2))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build())
        .build();
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    return post(urlPathEqualTo("/v71/payments"))
        .withHeader("X-API-Key", equalTo(AdyenFixtures.API_KEY))
        .withHeader("Content-Type", containing("application/json"))
        .withHeader("Idempotency-Key", matching("kit-[0-9]+-(authorize|purchase)"))
        .withRequestBody(
            matchingJsonPath("$.amount", equalToJson("{\"currency\":\"USD\",\"value\":1000}")))
        .withRequestBody(matchingJsonPath("$.merchantAccount", equalTo(AdyenFixtures.MERCHANT)))
        .withRequestBody(matchingJsonPath("$.reference", matching("order-kit-[0-9]+")))
        .withRequestBody(
            matchingJsonPath(
                "$.paymentMethod",
                equalToJson(
                    "{\"type\":\"scheme\",\"number\":\""
                        + CARD_NUMBER
                        + "\",\"expiryMonth\":\"12\",\"expiryYear\":\"2034\",\"cvc\":\""
                        + CARD_CVC
                        + "\",\"holderName\":\"Kit Tester\"}")))
        .withRequestBody(matchingJsonPath("$.returnUrl", equalTo("https://shop.example/return")))
        .withRequestBody(matchingJsonPath("$.channel", equalTo("Web")))
        .withRequestBody(
            matching(
                ".*(\"captureDelayHours\":0|\"additionalData\":\\{\"manualCapture\":\"true\"\\}).*"))
        .withRequestBody(
            matchingJsonPath("$.metadata.ottu_payment_id", matching("pay_kit_[0-9]+")));
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request) {
    // Adyen answers Authorised for immediate capture too; the adapter reports CAPTURED for it.
    return AdyenFixtures.json(
        200,
        AdyenFixtures.authorised(AdyenFixtures.PSP, request.amount(), request.reference())
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request) {
    return AdyenFixtures.json(
        200,
        AdyenFixtures.refused(
                "Refused", "9", "Issuer Unavailable", request.amount(), request.reference())
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request) {
    return AdyenFixtures.json(
        200,
        AdyenFixtures.refused("Refused", "5", "Blocked Card", request.amount(), request.reference())
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request) {
    return AdyenFixtures.json(
        200, AdyenFixtures.redirectShopper("JLCMPCQ8HXSKGK82", request.reference()).toString());
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request) {
    ObjectNode body =
        AdyenFixtures.authorised(AdyenFixtures.PSP, request.amount(), request.reference());
    body.set("amount", AdyenFixtures.amount(Money.of("1.00", "USD")));
    return AdyenFixtures.json(200, body.toString());
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request) {
    ObjectNode body =
        AdyenFixtures.authorised(AdyenFixtures.PSP, request.amount(), request.reference());
    body.set("amount", AdyenFixtures.amount(Money.of("10.00", "EUR")));
    return AdyenFixtures.json(200, body.toString());
  }

  @Override
  protected ResponseDefinitionBuilder errorResponse(int status) {
    return switch (status) {
      case 401 ->
          AdyenFixtures.serviceError(
              401, "000", "HTTP Status Response - Unauthorized", "security", null);
      case 500 ->
          AdyenFixtures.serviceError(
              500, "905", "Payment details are not supported", "configuration", "8516091485743033");
      default -> AdyenFixtures.serviceError(status, null, "HTTP Status " + status, null, null);
    };
  }

  @Override
  protected String idempotencyHeaderName() {
    return "Idempotency-Key";
  }

  @Override
  protected List<String> secrets() {
    return List.of(AdyenFixtures.API_KEY);
  }

  @Override
  protected List<Path> logFiles() {
    return List.of(Path.of("target/test.log"));
  }
}
