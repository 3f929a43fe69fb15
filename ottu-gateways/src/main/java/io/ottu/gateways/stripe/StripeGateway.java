package io.ottu.gateways.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.InvalidRequestException;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.gateways.GatewayBuilder;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.gateways.internal.AmountCodec;
import io.ottu.gateways.internal.FormEncoder;
import io.ottu.gateways.internal.GatewaySettings;
import io.ottu.gateways.internal.GatewayTransport;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import io.ottu.gateways.internal.ResolvedUrls;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Stripe, through the PaymentIntents API: {@code POST /v1/payment_intents} with {@code
 * confirm=true} to authorize ({@code capture_method=manual}) or purchase ({@code automatic}), then
 * {@code /capture}, {@code /cancel}, {@code POST /v1/refunds}, and {@code GET} to look up and to
 * finish 3-D Secure.
 *
 * <pre>{@code
 * Gateway stripe = StripeGateway.builder()
 *     .secretKey(System.getenv("STRIPE_SECRET_KEY"))   // sk_test_..., sk_live_... or rk_...
 *     .build();
 * }</pre>
 *
 * <h2>Wire protocol</h2>
 *
 * Bodies are {@code application/x-www-form-urlencoded} in Stripe's bracket notation; {@code
 * Authorization: Bearer} carries the key; every POST carries {@code Idempotency-Key} set to the
 * engine's key, so a retry after an unknown outcome returns Stripe's stored answer instead of
 * charging again. A card goes as {@code payment_method_data[type]=card} with {@code
 * payment_method_data[card][number|exp_month|exp_year|cvc]} (Stripe accepts raw card numbers only
 * on accounts enabled for it); a gateway token ({@code pm_...}) goes as {@code payment_method}.
 * {@code payment_method_types[]=card} keeps Stripe from requiring a {@code return_url} for redirect
 * methods; the request's return URL, when there is one, is sent so that 3-D Secure comes back as a
 * {@code redirect_to_url} action. {@code metadata[ottu_payment_id]}, {@code metadata[order_id]}
 * (the reference) and {@code metadata[ottu_idempotency_key]} make payments findable.
 *
 * <h2>Amounts</h2>
 *
 * Integers in Stripe's minor unit: zero-decimal currencies (JPY, KRW, CLP, VND, ...) as they are;
 * ISK with two decimals, whole krónur only; three-decimal currencies (BHD, JOD, KWD, OMR, TND) with
 * three decimals whose last digit must be 0. An amount Stripe cannot take fails with {@link
 * InvalidRequestException} on {@code amount} before anything is sent. Every result reports the
 * amount and currency Stripe answered with, so the engine can check them.
 *
 * <h2>Statuses and failures</h2>
 *
 * {@code requires_capture} is authorized, {@code succeeded} captured, {@code requires_action} a
 * redirect (or, without a return URL, {@link io.ottu.NextAction.Type#THREE_DS_SDK} with the
 * PaymentIntent's client secret for Stripe.js), {@code processing} pending, {@code
 * requires_payment_method} declined by its {@code last_payment_error}, {@code canceled} cancelled.
 * A 402 card error is a decline through the {@link DeclineTable} ({@link #defaultDeclineTable()}
 * unless the builder got another). Other errors are classified as {@code StripeResponses} and
 * DESIGN §2 describe; every exception carries Stripe's {@code Request-Id}.
 *
 * <h2>Lookup</h2>
 *
 * With the PaymentIntent id, {@code GET /v1/payment_intents/{id}}. Without it, Stripe's search
 * ({@code metadata['ottu_payment_id']:'...'}), which is eventually consistent (usually under a
 * minute, up to an hour in outages). An empty search is therefore not proof that nothing was
 * created: the adapter then pages through the strongly consistent list of PaymentIntents created in
 * the last {@link #LIST_WINDOW} (at most {@code lookupScanPages} pages of 100) and answers "no
 * record" only when that window was read to its end; otherwise it throws {@code UNKNOWN_OUTCOME}
 * rather than let the engine fail over on a guess. Refunds are found in the PaymentIntent's
 * (consistent) refund list by their idempotency key.
 *
 * <p>Thread-safe and immutable; one instance serves every payment. Nothing is retried inside: the
 * engine owns retries. Card data and the key are never logged (see {@link
 * RedactingLoggingInterceptor} to log traffic, redacted).
 */
public final class StripeGateway implements Gateway {
  /** Stripe's API, for test and live keys alike: the key decides the mode. */
  public static final String DEFAULT_BASE_URL = "https://api.stripe.com";

  /** How far back the consistent list is read when search finds nothing (search lag + margin). */
  public static final Duration LIST_WINDOW = Duration.ofMinutes(65);

  /** Stripe's rules for amounts (docs.stripe.com/currencies). */
  static final AmountCodec AMOUNTS =
      AmountCodec.builder("Stripe")
          .exponent(
              0, "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
              "VUV", "XAF", "XOF", "XPF")
          .exponent(2, "ISK")
          .multipleOf(100, "Stripe takes ISK in whole krónur only", "ISK")
          .multipleOf(
              10,
              "Stripe requires three-decimal currency amounts to have 0 as the last digit",
              "BHD",
              "JOD",
              "KWD",
              "OMR",
              "TND")
          .build();

  private static final int MAX_IDEMPOTENCY_KEY = 255;
  private static final Set<String> REFUND_REASONS =
      Set.of("duplicate", "fraudulent", "requested_by_customer");

  private final String id;
  private final GatewayCapabilities capabilities;
  private final HttpUrl baseUrl;
  private final ResolvedUrls urls;
  private final String authorization;
  private final String stripeVersion;
  private final GatewayTransport transport;
  private final StripeResponses responses;
  private final Clock clock;
  private final int lookupScanPages;

  private StripeGateway(Builder b, GatewaySettings s) {
    this.id = s.id();
    this.capabilities = s.capabilities();
    this.baseUrl = s.baseUrl();
    this.urls = new ResolvedUrls(this.baseUrl);
    this.authorization = "Bearer " + b.secretKey;
    this.stripeVersion = b.stripeVersion;
    this.clock = s.clock();
    this.transport = s.transport();
    this.responses = new StripeResponses(s.id(), s.declineTable(), AMOUNTS);
    this.lookupScanPages = b.lookupScanPages;
  }

  /** A builder; {@link Builder#secretKey(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The curated decline table from Stripe's documented decline codes; a starting point for {@link
   * DeclineTable#withOverride}.
   */
  public static DeclineTable defaultDeclineTable() {
    return StripeDeclines.DEFAULT;
  }

  /**
   * What Stripe can do by default: every currency (Stripe's list changes; unsupported ones are
   * rejected by Stripe), the card brands it acquires, every operation, 3-D Secure, idempotency
   * keys, partial capture but only one capture per authorization, partial refunds.
   */
  public static GatewayCapabilities defaultCapabilities() {
    return GatewayCapabilities.builder()
        .brands(
            CardBrand.VISA,
            CardBrand.MASTERCARD,
            CardBrand.AMERICAN_EXPRESS,
            CardBrand.DISCOVER,
            CardBrand.DINERS_CLUB,
            CardBrand.JCB,
            CardBrand.UNIONPAY)
        .threeDSecure(true)
        .idempotencyKeys(true)
        .partialCapture(true)
        .multipleCaptures(false)
        .partialRefund(true)
        .build();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public GatewayCapabilities capabilities() {
    return capabilities;
  }

  /**
   * The adapter bounds each operation itself, all its HTTP exchanges included: {@code callTimeout}
   * of its builder, 30 s by default.
   */
  @Override
  public Optional<Duration> callTimeout() {
    return Optional.of(transport.callTimeout());
  }

  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    return transport.withinCallTimeout(() -> authorizeWithin(request));
  }

  private GatewayResult authorizeWithin(AuthorizeRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    FormEncoder form =
        new FormEncoder()
            .add("amount", AMOUNTS.toMinorUnits(request.amount()))
            .add("currency", request.amount().currencyCode().toLowerCase(Locale.ROOT))
            .add("confirm", "true")
            .add("capture_method", request.capture() ? "automatic" : "manual")
            .add("payment_method_types[]", "card");
    addSource(form, request);
    if (request.threeDSecure() == ThreeDSecure.REQUIRED) {
      form.add("payment_method_options[card][request_three_d_secure]", "any");
    }
    form.add("return_url", request.returnUrl()).add("description", request.description());
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      if (!e.getKey().startsWith("ottu_") && !e.getKey().equals("order_id")) {
        form.add("metadata[" + e.getKey() + "]", e.getValue());
      }
    }
    form.add("metadata[ottu_payment_id]", request.paymentId())
        .add("metadata[order_id]", request.reference())
        .add("metadata[ottu_idempotency_key]", key);
    HttpReply reply = transport.execute(post(url("/v1/payment_intents"), form, key));
    return paymentIntentOrDecline(reply);
  }

  @Override
  public GatewayResult capture(CaptureRequest request) {
    return transport.withinCallTimeout(() -> captureWithin(request));
  }

  private GatewayResult captureWithin(CaptureRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    FormEncoder form =
        new FormEncoder().add("amount_to_capture", AMOUNTS.toMinorUnits(request.amount()));
    HttpUrl url = paymentIntentUrl(request.gatewayReference(), "capture");
    return paymentIntentOrDecline(transport.execute(post(url, form, key)));
  }

  @Override
  public GatewayResult cancel(CancelRequest request) {
    return transport.withinCallTimeout(() -> cancelWithin(request));
  }

  private GatewayResult cancelWithin(CancelRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    HttpUrl url = paymentIntentUrl(request.gatewayReference(), "cancel");
    return paymentIntentOrDecline(transport.execute(post(url, new FormEncoder(), key)));
  }

  @Override
  public GatewayResult refund(RefundRequest request) {
    return transport.withinCallTimeout(() -> refundWithin(request));
  }

  private GatewayResult refundWithin(RefundRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    FormEncoder form =
        new FormEncoder()
            .add("payment_intent", request.gatewayReference())
            .add("amount", AMOUNTS.toMinorUnits(request.amount()));
    if (request.reason() != null && REFUND_REASONS.contains(request.reason())) {
      form.add("reason", request.reason());
    } else {
      form.add("metadata[reason]", request.reason());
    }
    form.add("metadata[ottu_payment_id]", request.paymentId())
        .add("metadata[ottu_idempotency_key]", key);
    HttpReply reply = transport.execute(post(url("/v1/refunds"), form, key));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return responses.refund(reply, reply.json(), request.gatewayReference());
  }

  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    return transport.withinCallTimeout(() -> lookupWithin(request));
  }

  private Optional<GatewayResult> lookupWithin(LookupRequest request) {
    if (request.operation() == GatewayOperation.REFUND) {
      return lookupRefund(request);
    }
    Optional<GatewayResult> found =
        request.gatewayReference() != null
            ? retrieve(request.gatewayReference())
            : findPaymentIntent(request);
    if (found.isEmpty()) {
      return found;
    }
    GatewayResult result = found.get();
    boolean stillAuthorized = result.type() == GatewayResult.Type.AUTHORIZED;
    if (stillAuthorized
        && (request.operation() == GatewayOperation.CAPTURE
            || request.operation() == GatewayOperation.CANCEL)) {
      // The PaymentIntent still waits for capture: the capture or cancel in question never ran.
      return Optional.empty();
    }
    return found;
  }

  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    return transport.withinCallTimeout(() -> completeActionWithin(request));
  }

  private GatewayResult completeActionWithin(CompleteActionRequest request) {
    String returned = request.parameters().get("payment_intent");
    String known = request.gatewayReference();
    if (returned != null && known != null && !returned.equals(known)) {
      throw new InvalidRequestException(
          "parameters.payment_intent", "does not match this payment's PaymentIntent");
    }
    String piId = known != null ? known : returned;
    if (piId == null || piId.isBlank()) {
      throw new InvalidRequestException(
          "gatewayReference", "the PaymentIntent id is needed to finish the payment");
    }
    HttpReply reply = transport.execute(get(paymentIntentUrl(piId, null)));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    JsonNode pi = reply.json(StripeResponses.PAYMENT_INTENT_FIELDS);
    String owner = Json.text(Json.object(pi, "metadata"), "ottu_payment_id");
    if (owner != null && !owner.equals(request.paymentId())) {
      throw new InvalidRequestException(
          "parameters.payment_intent", "the PaymentIntent belongs to another payment");
    }
    return responses.paymentIntent(reply, pi);
  }

  // ---- lookup -----------------------------------------------------------------------------

  private Optional<GatewayResult> retrieve(String paymentIntentId) {
    HttpReply reply = transport.execute(get(paymentIntentUrl(paymentIntentId, null)));
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return Optional.of(
        responses.paymentIntent(reply, reply.json(StripeResponses.PAYMENT_INTENT_FIELDS)));
  }

  private Optional<GatewayResult> findPaymentIntent(LookupRequest request) {
    boolean byKey =
        request.operation() == GatewayOperation.AUTHORIZE
            || request.operation() == GatewayOperation.PURCHASE;
    Predicate<JsonNode> matches =
        pi -> {
          JsonNode metadata = Json.object(pi, "metadata");
          return request.paymentId().equals(Json.text(metadata, "ottu_payment_id"))
              && (!byKey
                  || request.idempotencyKey().equals(Json.text(metadata, "ottu_idempotency_key")));
        };
    HttpUrl search =
        url("/v1/payment_intents/search")
            .newBuilder()
            .addQueryParameter(
                "query", "metadata['ottu_payment_id']:'" + quote(request.paymentId()) + "'")
            .addQueryParameter("limit", "100")
            .build();
    HttpReply reply = transport.execute(get(search));
    Optional<GatewayResult> hit = newestMatch(reply, matches);
    if (hit.isPresent()) {
      return hit;
    }
    // Search lags behind writes: read the consistent list of recent PaymentIntents before
    // saying that none exists.
    long since = clock.instant().minus(LIST_WINDOW).getEpochSecond();
    String startingAfter = null;
    for (int page = 0; page < lookupScanPages; page++) {
      HttpUrl.Builder list =
          url("/v1/payment_intents")
              .newBuilder()
              .addQueryParameter("limit", "100")
              .addQueryParameter("created[gte]", Long.toString(since));
      if (startingAfter != null) {
        list.addQueryParameter("starting_after", startingAfter);
      }
      HttpReply listReply = transport.execute(get(list.build()));
      hit = newestMatch(listReply, matches);
      if (hit.isPresent()) {
        return hit;
      }
      JsonNode listed = listReply.json();
      JsonNode data = listed.path("data");
      if (!listed.path("has_more").asBoolean(false) || data.size() == 0) {
        return Optional.empty();
      }
      startingAfter = Json.text(data.get(data.size() - 1), "id");
    }
    throw reply.unknownOutcome(
        "no PaymentIntent found by search, and more than "
            + lookupScanPages * 100
            + " were created in the last "
            + LIST_WINDOW.toMinutes()
            + " minutes, so its absence cannot be proven yet");
  }

  private Optional<GatewayResult> newestMatch(HttpReply reply, Predicate<JsonNode> matches) {
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    JsonNode newest = null;
    for (JsonNode pi : reply.json().path("data")) {
      if (matches.test(pi)
          && (newest == null || pi.path("created").asLong() > newest.path("created").asLong())) {
        newest = pi;
      }
    }
    return newest == null ? Optional.empty() : Optional.of(responses.paymentIntent(reply, newest));
  }

  private Optional<GatewayResult> lookupRefund(LookupRequest request) {
    String piId = request.gatewayReference();
    if (piId == null) {
      throw GatewayException.rejected(
          id, "looking up a refund needs the PaymentIntent id (gatewayReference)", 0, null);
    }
    String startingAfter = null;
    for (int page = 0; page < lookupScanPages; page++) {
      HttpUrl.Builder list =
          url("/v1/refunds")
              .newBuilder()
              .addQueryParameter("payment_intent", piId)
              .addQueryParameter("limit", "100");
      if (startingAfter != null) {
        list.addQueryParameter("starting_after", startingAfter);
      }
      HttpReply reply = transport.execute(get(list.build()));
      if (reply.status() == 404) {
        return Optional.empty();
      }
      if (!reply.isSuccessful()) {
        throw responses.failure(reply);
      }
      JsonNode listed = reply.json();
      JsonNode data = listed.path("data");
      for (JsonNode refund : data) {
        if (request
            .idempotencyKey()
            .equals(Json.text(Json.object(refund, "metadata"), "ottu_idempotency_key"))) {
          return Optional.of(responses.refund(reply, refund, piId));
        }
      }
      if (!listed.path("has_more").asBoolean(false) || data.size() == 0) {
        return Optional.empty();
      }
      startingAfter = Json.text(data.get(data.size() - 1), "id");
    }
    throw GatewayException.unknownOutcome(
        id, "more refunds than the lookup reads; the refund could not be found", 0, null);
  }

  // ---- requests -----------------------------------------------------------------------------

  private GatewayResult paymentIntentOrDecline(HttpReply reply) {
    if (reply.isSuccessful()) {
      return responses.paymentIntent(reply, reply.json(StripeResponses.PAYMENT_INTENT_FIELDS));
    }
    if (responses.isCardError(reply)) {
      return responses.cardDecline(reply);
    }
    throw responses.failure(reply);
  }

  private static void addSource(FormEncoder form, AuthorizeRequest request) {
    Optional<CardData> card = request.source().card();
    if (card.isPresent()) {
      CardData c = card.get();
      form.add("payment_method_data[type]", "card")
          .add("payment_method_data[card][number]", c.number())
          .add("payment_method_data[card][exp_month]", c.expiryMonth())
          .add("payment_method_data[card][exp_year]", c.expiryYear())
          .add("payment_method_data[card][cvc]", c.cvc().orElse(null))
          .add("payment_method_data[billing_details][name]", c.holderName().orElse(null));
    } else {
      form.add("payment_method", request.source().gatewayToken().orElseThrow());
    }
  }

  private Request post(HttpUrl url, FormEncoder form, String idempotencyKey) {
    return headers(new Request.Builder().url(url))
        .header("Idempotency-Key", idempotencyKey)
        .post(form.toRequestBody())
        .build();
  }

  private Request get(HttpUrl url) {
    return headers(new Request.Builder().url(url)).get().build();
  }

  private Request.Builder headers(Request.Builder b) {
    b.header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "ottu-java");
    if (stripeVersion != null) {
      b.header("Stripe-Version", stripeVersion);
    }
    return b;
  }

  private HttpUrl url(String path) {
    return urls.get(path);
  }

  private HttpUrl paymentIntentUrl(String paymentIntentId, String action) {
    HttpUrl.Builder b = url("/v1/payment_intents").newBuilder().addPathSegment(paymentIntentId);
    if (action != null) {
      b.addPathSegment(action);
    }
    return b.build();
  }

  private static String checkIdempotencyKey(String key) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
      throw new InvalidRequestException(
          "idempotencyKey", "Stripe takes 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidRequestException(
            "idempotencyKey", "must be printable ASCII without spaces to travel in a header");
      }
    }
    return key;
  }

  private static String quote(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  @Override
  public String toString() {
    return "StripeGateway[" + id + " " + baseUrl + "]";
  }

  /**
   * Builds a {@link StripeGateway}. Not thread-safe; reusable: {@link #build()} validates and
   * copies.
   *
   * <p>Defaults of the {@link GatewayBuilder} settings: id {@code stripe}, base URL {@value
   * #DEFAULT_BASE_URL}, connect timeout 10 s, read timeout 60 s (Stripe's own libraries wait 80 s:
   * a read timeout is an unknown outcome that needs a lookup), {@link #defaultDeclineTable()},
   * {@link #defaultCapabilities()}; the clock also dates the lookup window.
   */
  public static final class Builder extends GatewayBuilder<Builder> {
    private String secretKey;
    private String stripeVersion;
    private int lookupScanPages = 5;

    private Builder() {
      super(
          "stripe",
          DEFAULT_BASE_URL,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          StripeDeclines.DEFAULT,
          defaultCapabilities());
    }

    /**
     * The secret key ({@code sk_test_...}, {@code sk_live_...}) or restricted key ({@code rk_...}).
     * Required. Never logged or shown by {@code toString()}.
     */
    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /**
     * Pins the API version with the {@code Stripe-Version} header (for example {@code
     * 2025-04-30.basil}); by default the account's version applies. Pinning is recommended.
     */
    public Builder stripeVersion(String stripeVersion) {
      this.stripeVersion = stripeVersion;
      return this;
    }

    /**
     * How many pages of 100 recent PaymentIntents a lookup without a PaymentIntent id reads before
     * giving up with {@code UNKNOWN_OUTCOME}; 5 by default.
     */
    public Builder lookupScanPages(int lookupScanPages) {
      this.lookupScanPages = lookupScanPages;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field: {@code secretKey} missing or not a Stripe
     *     secret or restricted key (the key is not echoed), {@code baseUrl}, {@code id}, a timeout,
     *     {@code lookupScanPages}
     * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code
     *     clock} if set to null
     */
    public StripeGateway build() {
      if (secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException("secretKey: is required");
      }
      if (!(secretKey.startsWith("sk_test_")
              || secretKey.startsWith("sk_live_")
              || secretKey.startsWith("rk_"))
          || secretKey.length() < 12
          || !secretKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "secretKey: must be a Stripe secret key (sk_test_..., sk_live_...) or restricted key"
                + " (rk_...)");
      }
      checkId();
      if (lookupScanPages < 1 || lookupScanPages > 100) {
        throw new IllegalArgumentException(
            "lookupScanPages: must be 1 to 100, was " + lookupScanPages);
      }
      return new StripeGateway(this, settings("Request-Id"));
    }
  }
}
