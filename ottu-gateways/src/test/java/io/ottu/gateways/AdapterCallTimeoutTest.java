package io.ottu.gateways;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.CardData;
import io.ottu.Customer;
import io.ottu.Money;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateways.adyen.AdyenFixtures;
import io.ottu.gateways.adyen.AdyenGateway;
import io.ottu.gateways.checkout.CheckoutComGateway;
import io.ottu.gateways.mpgs.MpgsGateway;
import io.ottu.gateways.paypal.PayPalGateway;
import io.ottu.gateways.stripe.StripeGateway;
import io.ottu.gateways.tap.TapGateway;
import io.ottu.testkit.KitWireMock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter bounds a whole operation by its {@code callTimeout} and declares it as {@link
 * Gateway#callTimeout()}, which lets the engine skip its own timer. Against a gateway that answers
 * after 5 s, with a 10 s read timeout: the 1 s call timeout is what ends the call. The credentials
 * are the gateways' public sample values, as in each adapter's own tests.
 */
class AdapterCallTimeoutTest {
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
  private static final String STRIPE_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

  @BeforeEach
  void reset() {
    wireMock.resetAll();
  }

  static Stream<Arguments> adapters() {
    return Stream.of(
        Arguments.of(
            "stripe",
            (Function<String, Gateway>)
                base ->
                    bounded(StripeGateway.builder().secretKey(STRIPE_KEY).baseUrl(base)).build()),
        Arguments.of(
            "adyen",
            (Function<String, Gateway>)
                base ->
                    bounded(
                            AdyenGateway.builder()
                                .apiKey(AdyenFixtures.API_KEY)
                                .merchantAccount("OttuTestECOM")
                                .baseUrl(base + "/v71"))
                        .build()),
        Arguments.of(
            "checkout",
            (Function<String, Gateway>)
                base ->
                    bounded(
                            CheckoutComGateway.builder()
                                .secretKey("sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e")
                                .baseUrl(base))
                        .build()),
        Arguments.of(
            "paypal",
            (Function<String, Gateway>)
                base ->
                    bounded(
                            PayPalGateway.builder()
                                .clientId(
                                    "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS")
                                .clientSecret(
                                    "EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL")
                                .baseUrl(base))
                        .build()),
        Arguments.of(
            "mpgs",
            (Function<String, Gateway>)
                base ->
                    bounded(
                            MpgsGateway.builder()
                                .merchantId("TESTOTTU0001")
                                .apiPassword("7c4f1d2a9e8b3c6d5f0a1b2c3d4e5f60")
                                .baseUrl(base))
                        .build()),
        Arguments.of(
            "tap",
            (Function<String, Gateway>)
                base ->
                    bounded(
                            TapGateway.builder()
                                .secretKey("sk_test_XKokBfNWv6FIYuTMg5sLPjhJ")
                                .baseUrl(base + "/v2"))
                        .build()));
  }

  private static <B extends GatewayBuilder<B>> B bounded(B builder) {
    return builder
        .readTimeout(Duration.ofSeconds(10))
        .connectTimeout(Duration.ofSeconds(2))
        .callTimeout(CALL_TIMEOUT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adapters")
  void theCallTimeoutEndsAnOperationTheGatewayIsSlowToAnswer(
      String name, Function<String, Gateway> builder) {
    wireMock.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{}")
                    .withFixedDelay(5_000)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    Gateway gateway = builder.apply(base);
    assertThat(gateway.callTimeout()).contains(CALL_TIMEOUT);

    GatewaySource source =
        name.equals("tap")
            ? GatewaySource.gatewayToken("tok_CWqLQ1311012WPdW527633")
            : GatewaySource.card(
                CardData.builder().number("4242424242424242").expiry(12, 2034).cvc("123").build());
    AuthorizeRequest request =
        new AuthorizeRequest(
            "pay_01JTIMEOUT00000000000000",
            "order-timeout-1",
            Money.of("10.00", "USD"),
            source,
            true,
            "ot_timeout_key_1",
            1,
            ThreeDSecure.SKIP,
            "https://shop.example/return",
            name.equals("tap") ? Customer.ofId("cus_TS075220212320q2RD0707283") : null,
            null,
            Map.of());
    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> gateway.authorize(request));
    assertThat(e).as(name).isNotNull();
    // Cut off by the call timeout, not answered: after the request went out it is an unknown
    // outcome; if a cold JVM took the whole bound to connect, nothing was sent. For PayPal it is
    // the OAuth token request that is cut off, so the order itself was never sent.
    assertThat(e.getMessage()).as(name).contains("timed out");
    if (name.equals("paypal")) {
      assertThat(e.failureClass()).isIn(FailureClass.UNAVAILABLE, FailureClass.NOT_SENT);
    } else {
      assertThat(e.failureClass()).isIn(FailureClass.UNKNOWN_OUTCOME, FailureClass.NOT_SENT);
    }
  }

  @Test
  void theDefaultIsThirtySecondsAndABadOneIsRefusedByName() {
    Gateway stripe = StripeGateway.builder().secretKey("sk_test_4eC39HqLyjWDarjtT1zdp7dc").build();
    assertThat(stripe.callTimeout()).contains(GatewayBuilder.DEFAULT_CALL_TIMEOUT);
    assertThat(GatewayBuilder.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(
            () ->
                StripeGateway.builder()
                    .secretKey("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
                    .callTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("callTimeout: must be positive");
    assertThatThrownBy(
            () ->
                StripeGateway.builder()
                    .secretKey("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
                    .callTimeout(Duration.ofMinutes(11))
                    .build())
        .hasMessageStartingWith("callTimeout: must be at most 10 minutes");
  }
}
