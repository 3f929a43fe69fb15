package io.ottu.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ottu.CardData;
import io.ottu.Money;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway compatibility kit: a JUnit 5 base class that checks a {@link Gateway} adapter against
 * the classification contract the engine relies on to retry and fail over without charging twice
 * (DESIGN §2). Every built-in adapter passes it; run it on your own adapter the same way.
 *
 * <p>The kit starts WireMock on a random loopback port and, for each test, stubs the adapter's
 * authorize endpoint with either a gateway-shaped answer that the subclass supplies (approval, soft
 * and hard decline, 3-D Secure, amount and currency mismatch) or a generic fault that the kit
 * supplies (401, 429 with {@code Retry-After}, 500, 503, a connection reset after the request was
 * read, a delay past the read timeout, an empty or cut response, malformed JSON, an empty body, a
 * closed port). It then calls the adapter directly and checks:
 *
 * <ul>
 *   <li>approval: {@code AUTHORIZED} (or {@code CAPTURED} for a purchase), reporting the requested
 *       amount; declines: {@code DECLINED} with {@code soft()} true or false; 3-D Secure: {@code
 *       ACTION_REQUIRED} with a {@code NextAction} URL;
 *   <li>401: {@code REJECTED} with {@code credentialsProblem()}; 429: {@code UNAVAILABLE} with the
 *       {@code Retry-After} delay; 503: {@code UNAVAILABLE}; 500: {@code UNKNOWN_OUTCOME} (or
 *       {@link #expectedServerErrorClass()}); a closed port: {@code NOT_SENT}; every failure after
 *       the request was sent (reset, read timeout, empty or cut response, garbage, malformed or
 *       empty body): {@code UNKNOWN_OUTCOME};
 *   <li>an answer with another amount or currency: reported in {@code result.amount()}, so the
 *       engine's integrity check fails it;
 *   <li>the idempotency key is sent, equals the request's, and is the same when the request is
 *       retried;
 *   <li>after every test: nothing written to {@code System.out}, {@code System.err} or the {@link
 *       #logFiles()} contains the test card number, its CVC next to a CVC-like name, or any of
 *       {@link #secrets()};
 *   <li>optionally, lookup: found, not found (empty), and a failed lookup throws rather than say
 *       "no record".
 * </ul>
 *
 * <h2>Running it on your own adapter</h2>
 *
 * <pre>{@code
 * class AcmePayGatewayCompatibilityTest extends GatewayCompatibilityKit {
 *   protected Gateway newGateway(String baseUrl, Duration readTimeout) {
 *     return AcmePayGateway.builder().apiKey("test_key_123").baseUrl(baseUrl)
 *         .readTimeout(readTimeout).build();
 *   }
 *   protected MappingBuilder authorizeEndpoint() {
 *     return post(urlPathEqualTo("/v1/charges"));          // match what your adapter sends
 *   }
 *   protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest r) {
 *     return okJson("{\"id\":\"ch_1\",\"status\":\"" + (r.capture() ? "captured" : "authorized")
 *         + "\",\"amount\":" + r.amount().toMinorUnits() + ",\"currency\":\"" + r.amount().currencyCode() + "\"}");
 *   }
 *   protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest r) { ... "issuer_unavailable" ... }
 *   protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest r) { ... "stolen_card" ... }
 *   protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest r) { ... a redirect URL ... }
 *   protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest r) { ... amount + 1 ... }
 *   protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest r) { ... "EUR" ... }
 *   protected String idempotencyHeaderName() { return "Idempotency-Key"; }
 *   protected List<String> secrets() { return List.of("test_key_123"); }
 * }
 * }</pre>
 *
 * <p>Add {@code io.ottu:ottu-testkit} at test scope and run the class with JUnit 5 (Surefire 3).
 * Override the optional hooks when your gateway differs: {@link #authorizeRequest(boolean)} (a
 * currency or amount of its own), {@link #successStatus()} (201), {@link #errorResponse(int)}
 * (gateway-shaped error bodies), {@link #requestIdempotencyValue(LoggedRequest)} and {@link
 * #expectedIdempotencyValue(AuthorizeRequest)} (an idempotency key carried in the URL or body, as
 * MPGS does), {@link #expectedServerErrorClass()}, {@link #logFiles()}, and the lookup hooks. Turn
 * your adapter's logging on in {@link #newGateway(String, Duration)}, bodies included, so the log
 * scan actually tests your redaction.
 *
 * <p>Tests of one class run one at a time (the kit swaps {@code System.out} and {@code System.err}
 * while each runs); do not run them in parallel with other tests that print.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayCompatibilityKit {
  /** The kit's card number (Stripe's public Visa test card, accepted by most test gateways). */
  public static final String CARD_NUMBER = "4242424242424242";

  /** The kit's CVC; unusual enough to be searched for in logs next to a CVC-like name. */
  public static final String CARD_CVC = "917";

  /** The read timeout the kit gives the adapter in every test but the timeout test. */
  public static final Duration NORMAL_READ_TIMEOUT = Duration.ofSeconds(10);

  /** A gateway reference that no stub knows, for the lookup-not-found test. */
  public static final String MISSING_REFERENCE = "kit_missing_reference";

  private final AtomicInteger sequence = new AtomicInteger();
  private final List<String> issuedPans = new ArrayList<>();
  private WireMockServer wireMock;
  private PrintStream originalOut;
  private PrintStream originalErr;
  private ByteArrayOutputStream captured;
  private final Map<Path, Long> logOffsets = new LinkedHashMap<>();

  // ---- what the subclass supplies ---------------------------------------------------------------

  /**
   * The adapter under test, pointed at the kit's WireMock.
   *
   * @param baseUrl {@code http://127.0.0.1:<port>} (or a closed port, for the NOT_SENT test)
   * @param readTimeout the read timeout to configure: {@link #NORMAL_READ_TIMEOUT}, or {@link
   *     #readTimeout()} in the timeout test, whose stub delays past it
   */
  protected abstract Gateway newGateway(String baseUrl, Duration readTimeout);

  /**
   * A fresh request pattern for the authorize (and purchase) call, such as {@code
   * post(urlPathEqualTo("/v1/payment_intents")).withHeader("Authorization", ...)}. The stricter it
   * matches what the adapter must send (headers, body fields, encoding), the more the kit proves.
   */
  protected abstract MappingBuilder authorizeEndpoint();

  /** The gateway's approval of {@code request} (authorized, or captured when it is a purchase). */
  protected abstract ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request);

  /** A decline the adapter must report as soft (for example issuer unavailable). */
  protected abstract ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request);

  /** A decline the adapter must report as hard (for example stolen card). */
  protected abstract ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request);

  /** An answer asking for 3-D Secure with a redirect URL. */
  protected abstract ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request);

  /** An approval reporting a different amount than requested, same currency. */
  protected abstract ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request);

  /** An approval reporting a different currency than requested. */
  protected abstract ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request);

  /**
   * The request header that carries the idempotency key, or null when the gateway carries it
   * elsewhere (then override {@link #requestIdempotencyValue(LoggedRequest)}).
   */
  protected abstract String idempotencyHeaderName();

  /** Credentials and other secrets given to the adapter: none may appear in any log. */
  protected abstract List<String> secrets();

  // ---- optional hooks ---------------------------------------------------------------------------

  /**
   * The request each test sends: 10.00 USD on the kit's card, with a return URL and 3-D Secure left
   * to the gateway. Each call gets a new payment id, reference and idempotency key.
   */
  protected AuthorizeRequest authorizeRequest(boolean capture) {
    int n = sequence.incrementAndGet();
    return new AuthorizeRequest(
        String.format("pay_kit_%04d", n),
        String.format("order-kit-%04d", n),
        Money.of("10.00", "USD"),
        GatewaySource.card(card()),
        capture,
        String.format("kit-%04d-%s", n, capture ? "purchase" : "authorize"),
        1,
        ThreeDSecure.AUTOMATIC,
        "https://shop.example/return",
        null,
        "Ottu compatibility kit",
        Map.of());
  }

  /** A fresh copy of the kit's card; its number is added to the numbers the log scan looks for. */
  protected final CardData card() {
    CardData card =
        CardData.builder()
            .number(CARD_NUMBER)
            .expiry(12, 2034)
            .cvc(CARD_CVC)
            .holderName("Kit Tester")
            .build();
    synchronized (issuedPans) {
      if (!issuedPans.contains(card.number())) {
        issuedPans.add(card.number());
      }
    }
    return card;
  }

  /** The HTTP status of the gateway's successful answers; 200 by default. */
  protected int successStatus() {
    return 200;
  }

  /**
   * A gateway-shaped error response for {@code status} (401, 429, 500, 503). The kit adds any
   * headers it needs, such as {@code Retry-After}. By default a small JSON error body.
   */
  protected ResponseDefinitionBuilder errorResponse(int status) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"kit error " + status + "\"}}");
  }

  /** What a 500 must be classified as; {@code UNKNOWN_OUTCOME} unless the gateway guarantees. */
  protected FailureClass expectedServerErrorClass() {
    return FailureClass.UNKNOWN_OUTCOME;
  }

  /** The idempotency value an authorize request carried; the header value by default. */
  protected String requestIdempotencyValue(LoggedRequest request) {
    String header = idempotencyHeaderName();
    if (header == null) {
      throw new IllegalStateException(
          "idempotencyHeaderName() is null: override requestIdempotencyValue(LoggedRequest)");
    }
    return request.getHeader(header);
  }

  /** The idempotency value expected for {@code request}; its idempotency key by default. */
  protected String expectedIdempotencyValue(AuthorizeRequest request) {
    return request.idempotencyKey();
  }

  /**
   * The short read timeout of the timeout test, whose stub answers after four times as long; 500 ms
   * by default. Every other test gives the adapter {@link #NORMAL_READ_TIMEOUT}, so a slow first
   * request (class loading, JIT) is not mistaken for a failure.
   */
  protected Duration readTimeout() {
    return Duration.ofMillis(500);
  }

  /**
   * Whether {@code sent} belongs to {@code request}: by default, its URL or body carries the
   * request's reference or payment id. The kit counts and compares only a test's own requests, so a
   * late request of an earlier test (the timeout test's stub answers after the test ended) cannot
   * confuse it.
   */
  protected boolean belongsTo(LoggedRequest sent, AuthorizeRequest request) {
    String where = sent.getUrl() + "\n" + sent.getBodyAsString();
    return where.contains(request.reference()) || where.contains(request.paymentId());
  }

  /**
   * Log files the adapter's logging writes to during the tests (for example slf4j-simple's {@code
   * target/test.log}); only what is appended during each test is scanned.
   */
  protected List<Path> logFiles() {
    return List.of();
  }

  /**
   * The lookup request pattern for a payment the gateway knows as {@code gatewayReference}, or null
   * to skip the lookup tests.
   */
  protected MappingBuilder lookupEndpoint(String gatewayReference) {
    return null;
  }

  /** The gateway's lookup answer for the authorized {@code request}. */
  protected ResponseDefinitionBuilder lookupResponse(
      AuthorizeRequest request, String gatewayReference) {
    throw new UnsupportedOperationException("override lookupResponse with lookupEndpoint");
  }

  /** The gateway's answer when it has no payment {@code gatewayReference}. */
  protected ResponseDefinitionBuilder lookupNotFoundResponse(String gatewayReference) {
    throw new UnsupportedOperationException("override lookupNotFoundResponse with lookupEndpoint");
  }

  /** The kit's WireMock settings; {@link KitWireMock#options()} by default. */
  protected WireMockConfiguration wireMockOptions() {
    return KitWireMock.options();
  }

  /** The running WireMock server, for a subclass's own tests. */
  protected final WireMockServer wireMock() {
    return wireMock;
  }

  /** The WireMock base URL. */
  protected final String baseUrl() {
    return "http://127.0.0.1:" + wireMock.port();
  }

  // ---- lifecycle
  // ----------------------------------------------------------------------------------

  @BeforeAll
  final void startKitWireMock() {
    wireMock = new WireMockServer(wireMockOptions());
    wireMock.start();
  }

  @AfterAll
  final void stopKitWireMock() {
    if (wireMock != null) {
      wireMock.stop();
    }
  }

  @BeforeEach
  final void captureKitOutput() {
    wireMock.resetAll();
    logOffsets.clear();
    for (Path f : logFiles()) {
      logOffsets.put(f, sizeOf(f));
    }
    originalOut = System.out;
    originalErr = System.err;
    captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  final void scanKitOutput() {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    StringBuilder logged = new StringBuilder(captured.toString(StandardCharsets.UTF_8));
    for (Map.Entry<Path, Long> e : logOffsets.entrySet()) {
      logged.append('\n').append(readFrom(e.getKey(), e.getValue()));
    }
    assertThat(leaks(logged.toString()))
        .as("card data or secrets in what the test logged (System.out, System.err, logFiles())")
        .isEmpty();
  }

  /** What in {@code text} must never be logged, described without repeating it. */
  final List<String> leaks(String text) {
    List<String> found = new ArrayList<>();
    synchronized (issuedPans) {
      for (String pan : issuedPans) {
        if (text.contains(pan)) {
          found.add("the card number ending in " + pan.substring(pan.length() - 4));
        }
      }
    }
    Pattern cvc =
        Pattern.compile("(?i)(cvc|cvv|csc|security.?code)[^0-9a-z]{0,16}" + CARD_CVC + "(?![0-9])");
    if (cvc.matcher(text).find()) {
      found.add("the CVC next to a CVC field name");
    }
    for (String secret : secrets()) {
      if (secret != null && !secret.isEmpty() && text.contains(secret)) {
        found.add("a secret of " + secret.length() + " characters");
      }
    }
    return found;
  }

  // ---- answers about the payment
  // -----------------------------------------------------------------

  /** An approved authorization is AUTHORIZED and reports the requested amount. */
  @Test
  public void approvalAuthorizesTheRequestedAmount() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(approvalResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertStubMatched(request);
    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.gatewayReference()).isPresent();
    assertThat(result.amount()).contains(request.amount());
  }

  /** An approved purchase is CAPTURED and reports the requested amount. */
  @Test
  public void approvalOfAPurchaseCaptures() {
    AuthorizeRequest request = authorizeRequest(true);
    stubAuthorize(approvalResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.amount()).contains(request.amount());
  }

  /** A soft decline is a DECLINED result (not an exception) marked soft. */
  @Test
  public void softDeclineIsASoftDecline() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(softDeclineResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline()).hasValueSatisfying(d -> assertThat(d.soft()).isTrue());
    assertThat(result.decline().orElseThrow().rawCode()).isNotBlank();
  }

  /** A hard decline is a DECLINED result marked hard. */
  @Test
  public void hardDeclineIsAHardDecline() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(hardDeclineResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline()).hasValueSatisfying(d -> assertThat(d.soft()).isFalse());
  }

  /** 3-D Secure is ACTION_REQUIRED with a URL to send the shopper to. */
  @Test
  public void threeDSecureRequiresAnAction() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(threeDsResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(result.gatewayReference()).isPresent();
    assertThat(result.nextAction()).hasValueSatisfying(a -> assertThat(a.url()).startsWith("http"));
  }

  /** An answer for another amount is reported as such, for the engine's integrity check. */
  @Test
  public void amountMismatchIsReported() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(amountMismatchResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertThat(result.amount()).isPresent();
    assertThat(result.amount().orElseThrow()).isNotEqualTo(request.amount());
    assertThat(result.amount().orElseThrow().currencyCode())
        .isEqualTo(request.amount().currencyCode());
  }

  /** An answer in another currency is reported as such. */
  @Test
  public void currencyMismatchIsReported() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(currencyMismatchResponse(request));
    GatewayResult result = gateway().authorize(request);
    assertThat(result.amount()).isPresent();
    assertThat(result.amount().orElseThrow().currencyCode())
        .isNotEqualTo(request.amount().currencyCode());
  }

  // ---- HTTP answers that are failures
  // ---------------------------------------------------------------

  /** 401: rejected, and flagged as a credentials problem for an operator. */
  @Test
  public void unauthorizedIsACredentialsProblem() {
    GatewayException e = authorizeFailing(errorResponse(401));
    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isTrue();
  }

  /** 429 with Retry-After: unavailable, with the delay. */
  @Test
  public void rateLimitIsUnavailableWithRetryAfter() {
    GatewayException e = authorizeFailing(errorResponse(429).withHeader("Retry-After", "7"));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  /** 503: unavailable. */
  @Test
  public void serviceUnavailableIsUnavailable() {
    GatewayException e = authorizeFailing(errorResponse(503));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
  }

  /** 500: an unknown outcome unless the gateway guarantees otherwise. */
  @Test
  public void serverErrorIsAnUnknownOutcome() {
    GatewayException e = authorizeFailing(errorResponse(500));
    assertThat(e.failureClass()).isEqualTo(expectedServerErrorClass());
  }

  /** A 2xx whose body is not JSON: the gateway may have charged; unknown outcome. */
  @Test
  public void malformedJsonIsAnUnknownOutcome() {
    GatewayException e =
        authorizeFailing(
            aResponse()
                .withStatus(successStatus())
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"kit_1\", \"status\": "));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  /** A 2xx with an empty body: unknown outcome. */
  @Test
  public void emptyBodyIsAnUnknownOutcome() {
    GatewayException e =
        authorizeFailing(
            aResponse()
                .withStatus(successStatus())
                .withHeader("Content-Type", "application/json")
                .withBody(""));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  // ---- wire failures
  // ------------------------------------------------------------------------------

  /** Nothing listens: the request never left; not sent, safe to fail over. */
  @Test
  public void connectionRefusedIsNotSent() {
    AuthorizeRequest request = authorizeRequest(false);
    Gateway gateway = newGateway("http://127.0.0.1:" + closedPort(), readTimeout());
    Throwable t = catchThrowable(() -> gateway.authorize(request));
    assertThat(t).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) t).failureClass()).isEqualTo(FailureClass.NOT_SENT);
  }

  /** The connection is reset after the gateway read the request: unknown outcome. */
  @Test
  public void connectionResetAfterSendingIsAnUnknownOutcome() {
    GatewayException e = authorizeFailing(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  /** The gateway read the request and closed without answering: unknown outcome. */
  @Test
  public void emptyResponseIsAnUnknownOutcome() {
    GatewayException e = authorizeFailing(aResponse().withFault(Fault.EMPTY_RESPONSE));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  /** Garbage instead of HTTP: unknown outcome. */
  @Test
  public void garbageResponseIsAnUnknownOutcome() {
    GatewayException e = authorizeFailing(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  /** A 2xx whose body is cut off mid-stream: unknown outcome. */
  @Test
  public void responseCutOffIsAnUnknownOutcome() {
    GatewayException e = authorizeFailing(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  /** The gateway got the request and answered after the read timeout: unknown outcome. */
  @Test
  public void readTimeoutAfterSendingIsAnUnknownOutcome() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(
        approvalResponse(request).withFixedDelay((int) readTimeout().multipliedBy(4).toMillis()));
    Gateway gateway = newGateway(baseUrl(), readTimeout());
    Throwable t = catchThrowable(() -> gateway.authorize(request));
    assertThat(t).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) t).failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  // ---- idempotency
  // ----------------------------------------------------------------------------------

  /** The authorize call carries the request's idempotency key. */
  @Test
  public void idempotencyKeyIsSent() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(approvalResponse(request));
    gateway().authorize(request);
    List<LoggedRequest> sent = sentFor(request);
    assertThat(sent).hasSize(1);
    assertThat(requestIdempotencyValue(sent.get(0)))
        .isNotBlank()
        .isEqualTo(expectedIdempotencyValue(request));
  }

  /**
   * A retry of the same request after an unknown outcome carries the same key, and another request
   * carries another key; the adapter itself sends each call exactly once.
   */
  @Test
  public void idempotencyKeyIsStableAcrossRetries() {
    AuthorizeRequest request = authorizeRequest(false);
    wireMock.stubFor(
        authorizeEndpoint()
            .inScenario("retry")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(errorResponse(500))
            .willSetStateTo("answered"));
    wireMock.stubFor(
        authorizeEndpoint()
            .inScenario("retry")
            .whenScenarioStateIs("answered")
            .willReturn(approvalResponse(request)));
    Gateway gateway = gateway();
    Throwable first = catchThrowable(() -> gateway.authorize(request));
    assertThat(first).isInstanceOf(GatewayException.class);
    assertThat(sentFor(request)).as("the adapter must not retry by itself").hasSize(1);
    GatewayResult second = gateway.authorize(request);
    assertThat(second.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    AuthorizeRequest other = authorizeRequest(false);
    wireMock.stubFor(authorizeEndpoint().willReturn(approvalResponse(other)));
    gateway.authorize(other);
    List<LoggedRequest> sent = new ArrayList<>(sentFor(request));
    sent.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
    assertThat(sent).hasSize(2);
    assertThat(requestIdempotencyValue(sent.get(1)))
        .isEqualTo(requestIdempotencyValue(sent.get(0)));
    assertThat(sentFor(other)).hasSize(1);
    assertThat(requestIdempotencyValue(sentFor(other).get(0)))
        .isNotEqualTo(requestIdempotencyValue(sent.get(0)));
  }

  // ---- logs
  // -----------------------------------------------------------------------------------------

  /**
   * An approval, a decline and a failure in a row leave no card data or secret in the logs (checked
   * after this and every other test).
   */
  @Test
  public void logsCarryNoCardDataOrSecrets() {
    AuthorizeRequest approved = authorizeRequest(false);
    stubAuthorize(approvalResponse(approved));
    gateway().authorize(approved);
    AuthorizeRequest declined = authorizeRequest(false);
    wireMock.resetAll();
    stubAuthorize(hardDeclineResponse(declined));
    gateway().authorize(declined);
    wireMock.resetAll();
    assertThat(authorizeFailing(errorResponse(401))).isNotNull();
    System.out.flush();
    System.err.flush();
    assertThat(leaks(captured.toString(StandardCharsets.UTF_8))).isEmpty();
    assertThat(leaks("payment_method_data[card][cvc]=" + CARD_CVC + "&n=" + CARD_NUMBER))
        .as("the scan itself finds a planted CVC and card number")
        .hasSize(2);
  }

  // ---- lookup (optional)
  // ----------------------------------------------------------------------------

  /** A lookup by the gateway's reference finds the authorization and its amount. */
  @Test
  public void lookupFindsTheAuthorization() {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(approvalResponse(request));
    Gateway gateway = gateway();
    String ref = gateway.authorize(request).gatewayReference().orElseThrow();
    MappingBuilder endpoint = lookupEndpoint(ref);
    Assumptions.assumeTrue(endpoint != null, "lookupEndpoint(...) not provided");
    wireMock.stubFor(endpoint.willReturn(lookupResponse(request, ref)));
    Optional<GatewayResult> found = gateway.lookup(lookupOf(request, ref));
    assertThat(found).isPresent();
    assertThat(found.orElseThrow().type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(found.orElseThrow().amount()).contains(request.amount());
  }

  /** A lookup of a payment the gateway does not know is empty. */
  @Test
  public void lookupOfAnUnknownPaymentIsEmpty() {
    MappingBuilder endpoint = lookupEndpoint(MISSING_REFERENCE);
    Assumptions.assumeTrue(endpoint != null, "lookupEndpoint(...) not provided");
    wireMock.stubFor(endpoint.willReturn(lookupNotFoundResponse(MISSING_REFERENCE)));
    AuthorizeRequest request = authorizeRequest(false);
    assertThat(gateway().lookup(lookupOf(request, MISSING_REFERENCE))).isEmpty();
  }

  /** A lookup that fails with a 500 throws: it must never pass for "no record". */
  @Test
  public void failedLookupIsNotAnAnswerOfNoRecord() {
    MappingBuilder endpoint = lookupEndpoint(MISSING_REFERENCE);
    Assumptions.assumeTrue(endpoint != null, "lookupEndpoint(...) not provided");
    wireMock.stubFor(endpoint.willReturn(errorResponse(500)));
    AuthorizeRequest request = authorizeRequest(false);
    Throwable t = catchThrowable(() -> gateway().lookup(lookupOf(request, MISSING_REFERENCE)));
    assertThat(t).isInstanceOf(GatewayException.class);
    assertThat(((GatewayException) t).failureClass()).isNotEqualTo(FailureClass.NOT_SENT);
  }

  // ---- helpers
  // --------------------------------------------------------------------------------------

  /** A new adapter for WireMock with {@link #NORMAL_READ_TIMEOUT}. */
  protected final Gateway gateway() {
    return newGateway(baseUrl(), NORMAL_READ_TIMEOUT);
  }

  /** The requests WireMock received for {@code request} (see {@link #belongsTo}). */
  protected final List<LoggedRequest> sentFor(AuthorizeRequest request) {
    List<LoggedRequest> out = new ArrayList<>();
    for (LoggedRequest r : wireMock.findAll(anyRequestedFor(anyUrl()))) {
      if (belongsTo(r, request)) {
        out.add(r);
      }
    }
    return out;
  }

  private void stubAuthorize(ResponseDefinitionBuilder response) {
    wireMock.stubFor(authorizeEndpoint().willReturn(response));
  }

  private GatewayException authorizeFailing(ResponseDefinitionBuilder response) {
    AuthorizeRequest request = authorizeRequest(false);
    stubAuthorize(response);
    Throwable t = catchThrowable(() -> gateway().authorize(request));
    assertThat(t)
        .as("the adapter must throw a classified GatewayException")
        .isInstanceOf(GatewayException.class);
    assertThat(sentFor(request)).as("the request must reach the gateway exactly once").hasSize(1);
    assertStubMatched(request);
    return (GatewayException) t;
  }

  /**
   * Fails, helpfully, when WireMock got the request but {@link #authorizeEndpoint()} refused it.
   */
  protected final void assertStubMatched(AuthorizeRequest request) {
    assertThat(wireMock.findAllUnmatchedRequests().stream().filter(r -> belongsTo(r, request)))
        .as(
            "requests that authorizeEndpoint() (or another stub) did not match: check what the"
                + " adapter sends against the pattern")
        .isEmpty();
  }

  private static LookupRequest lookupOf(AuthorizeRequest request, String gatewayReference) {
    return new LookupRequest(
        request.paymentId(),
        request.reference(),
        gatewayReference,
        GatewayOperation.AUTHORIZE,
        request.amount(),
        request.idempotencyKey());
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sizeOf(Path f) {
    try {
      return Files.exists(f) ? Files.size(f) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readFrom(Path f, long offset) {
    if (!Files.exists(f)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(f)) {
      in.skipNBytes(Math.min(offset, Files.size(f)));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes to the original stream and to the capture buffer. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      synchronized (b) {
        b.write(c);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      a.flush();
    }
  }
}
