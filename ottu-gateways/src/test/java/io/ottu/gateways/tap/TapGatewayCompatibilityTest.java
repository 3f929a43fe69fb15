package io.ottu.gateways.tap;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ottu.Customer;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testkit.GatewayCompatibilityKit;
import io.ottu.testkit.KitWireMock;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link TapGateway} passes the gateway compatibility kit, with redacted body logging on. The kit
 * pays with a card, which Tap tokenizes first: the token endpoint is a default WireMock mapping
 * ({@code tap/kit/mappings/create-token.json}), so it survives the kit's reset before each test,
 * and the kit's stubs and faults apply to the charge or authorize call that follows. The kit's
 * idempotency key travels in the body, as {@code reference.idempotent}.
 */
class TapGatewayCompatibilityTest extends GatewayCompatibilityKit {
  private static final String AUTH = "auth_TS015320221616g5FJ0906442";
  private static final String CHARGE = "chg_TS07A2520241510KgX90817";

  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return TapGateway.builder()
        .secretKey(TapFixtures.SECRET_KEY)
        .baseUrl(baseUrl + "/v2")
        .readTimeout(readTimeout)
        .connectTimeout(Duration.ofSeconds(2))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build())
        .build();
  }

  @Override
  protected WireMockConfiguration wireMockOptions() {
    return KitWireMock.options().usingFilesUnderClasspath("tap/kit");
  }

  /** The kit's request, with the e-mail Tap requires of a customer (the name is the holder's). */
  @Override
  protected AuthorizeRequest authorizeRequest(boolean capture) {
    AuthorizeRequest r = super.authorizeRequest(capture);
    return new AuthorizeRequest(
        r.paymentId(),
        r.reference(),
        r.amount(),
        r.source(),
        r.capture(),
        r.idempotencyKey(),
        r.attempt(),
        r.threeDSecure(),
        r.returnUrl(),
        new Customer("kit-customer-1", "kit.tester@shop.example", "KW", "192.0.2.10"),
        r.description(),
        r.metadata());
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    return post(urlPathMatching("/v2/(charges|authorize)"))
        .withHeader("Authorization", equalTo("Bearer " + TapFixtures.SECRET_KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(containing("\"amount\":10.00,\"currency\":\"USD\""))
        .withRequestBody(matchingJsonPath("$.source.id", equalTo(TapFixtures.TOKEN)))
        .withRequestBody(matchingJsonPath("$.threeDSecure", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.customer_initiated", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.customer.first_name", equalTo("Kit")))
        .withRequestBody(matchingJsonPath("$.customer.last_name", equalTo("Tester")))
        .withRequestBody(matchingJsonPath("$.customer.email", equalTo("kit.tester@shop.example")))
        .withRequestBody(matchingJsonPath("$.reference.order", matching("pay_kit_[0-9]+")))
        .withRequestBody(matchingJsonPath("$.reference.transaction", matching("order-kit-[0-9]+")))
        .withRequestBody(
            matchingJsonPath("$.reference.idempotent", matching("kit-[0-9]+-(authorize|purchase)")))
        .withRequestBody(matchingJsonPath("$.redirect.url", equalTo("https://shop.example/return")))
        .withRequestBody(matchingJsonPath("$.metadata.ottu_payment_id", matching("pay_kit_.*")));
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request) {
    ObjectNode object =
        request.capture()
            ? TapFixtures.charge(CHARGE, "CAPTURED", "000", "Captured", request.amount())
            : TapFixtures.authorize(AUTH, "AUTHORIZED", "001", "Authorized", request.amount());
    return TapFixtures.ok(TapFixtures.forRequest(object, request));
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request) {
    return TapFixtures.ok(
        TapFixtures.forRequest(
            TapFixtures.authorize(
                AUTH, "DECLINED", "508", "Declined, Card Issuer - No Reply", request.amount()),
            request));
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request) {
    return TapFixtures.ok(
        TapFixtures.forRequest(
            TapFixtures.authorize(
                AUTH, "DECLINED", "505", "Declined, Insufficient Funds", request.amount()),
            request));
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request) {
    return TapFixtures.ok(
        TapFixtures.withUrl(
            TapFixtures.forRequest(
                TapFixtures.authorize(AUTH, "INITIATED", "100", "Initiated", request.amount()),
                request),
            TapFixtures.SANDBOX_URL));
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request) {
    ObjectNode object =
        TapFixtures.authorize(AUTH, "AUTHORIZED", "001", "Authorized", request.amount());
    object.putRawValue("amount", new RawValue("1.00"));
    return TapFixtures.ok(TapFixtures.forRequest(object, request));
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request) {
    ObjectNode object =
        TapFixtures.authorize(AUTH, "AUTHORIZED", "001", "Authorized", Money.of("10.000", "KWD"));
    return TapFixtures.ok(TapFixtures.forRequest(object, request));
  }

  @Override
  protected ResponseDefinitionBuilder errorResponse(int status) {
    return switch (status) {
      case 401 -> TapFixtures.error(401, "2107", "Authorization Required");
      case 429 -> TapFixtures.error(429, "429", "Too Many Requests");
      case 503 ->
          TapFixtures.error(
              503, "2101", "The server is currently unavailable (overloaded or down)");
      default -> TapFixtures.error(status, "9999", "Internal server error");
    };
  }

  @Override
  protected String idempotencyHeaderName() {
    return null;
  }

  /** Tap carries the key in the body: {@code reference.idempotent}. */
  @Override
  protected String requestIdempotencyValue(LoggedRequest request) {
    try {
      return TapFixtures.JSON
          .readTree(request.getBodyAsString())
          .path("reference")
          .path("idempotent")
          .asText(null);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected List<String> secrets() {
    return List.of(TapFixtures.SECRET_KEY);
  }

  @Override
  protected List<Path> logFiles() {
    return List.of(Path.of("target/test.log"));
  }

  @Override
  protected MappingBuilder lookupEndpoint(String gatewayReference) {
    return get(urlPathEqualTo("/v2/authorize/" + gatewayReference))
        .withHeader("Authorization", equalTo("Bearer " + TapFixtures.SECRET_KEY));
  }

  @Override
  protected ResponseDefinitionBuilder lookupResponse(
      AuthorizeRequest request, String gatewayReference) {
    return TapFixtures.ok(
        TapFixtures.forRequest(
            TapFixtures.authorize(
                gatewayReference, "AUTHORIZED", "001", "Authorized", request.amount()),
            request));
  }

  @Override
  protected ResponseDefinitionBuilder lookupNotFoundResponse(String gatewayReference) {
    return TapFixtures.error(404, "1115", "Authorize not found");
  }
}
