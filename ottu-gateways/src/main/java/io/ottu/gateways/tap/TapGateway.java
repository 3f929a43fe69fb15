package io.ottu.gateways.tap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.Customer;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.FailureClass;
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
import io.ottu.gateways.internal.GatewaySettings;
import io.ottu.gateways.internal.GatewayTransport;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import io.ottu.gateways.internal.ResolvedUrls;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Tap Payments (GCC), through its Charges API v2: cards, and KNET, Benefit and mada through Tap's
 * redirect sources. {@code POST /v2/charges} purchases, {@code POST /v2/authorize} authorizes, a
 * charge whose source is the authorization captures it, {@code POST /v2/authorize/{id}/void}
 * cancels, {@code POST /v2/refunds} refunds, {@code GET /v2/charges/{id}} and {@code GET
 * /v2/authorize/{id}} look up and finish redirects.
 *
 * <pre>{@code
 * Gateway tap = TapGateway.builder()
 *     .secretKey(System.getenv("TAP_SECRET_KEY"))   // sk_test_... or sk_live_...: the key decides
 *     .postUrl("https://shop.example/webhooks/tap")  // optional: where Tap posts the final charge
 *     .build();
 * }</pre>
 *
 * <h2>Wire protocol</h2>
 *
 * JSON bodies, {@code Authorization: Bearer} with the secret key; one base URL ({@value
 * #DEFAULT_BASE_URL}) for test and live keys. Every payment-creating call carries the documented
 * fields: {@code amount}, {@code currency}, {@code customer}, {@code source.id}, {@code
 * redirect.url} (the request's return URL), {@code post.url} (the builder's webhook URL), {@code
 * reference.transaction} (the host's reference), {@code reference.order} (our payment id), {@code
 * threeDSecure} ({@code false} only for {@link ThreeDSecure#SKIP}), {@code customer_initiated},
 * {@code description} and {@code metadata} (the host's, plus {@code ottu_payment_id} and {@code
 * ottu_idempotency_key}, which make a payment findable in Tap's lists; the four customer keys below
 * are not forwarded).
 *
 * <p><b>Sources.</b> A gateway token goes through as {@code source.id}: {@code src_kw.knet} (KNET),
 * {@code src_bh.benefit} (Benefit), {@code src_sa.mada} (mada), {@code src_card} and {@code
 * src_all} (Tap's hosted page), or a token from Tap's card SDKs ({@code tok_...}). Raw card data
 * (an account with Tap's PCI approval for the Tokens API) is first exchanged for a single-use token
 * with {@code POST /v2/tokens} ({@code card.number}, {@code exp_month}, {@code exp_year}, {@code
 * cvc}, {@code name}); the charge then names the token. If that first call fails in any way, the
 * payment itself was never sent, so the failure is {@code NOT_SENT} (or the card-validation decline
 * Tap gave), even when the token call's own outcome is unknown. Tap authorizes credit cards only:
 * authorizing a redirect-only source (KNET, Benefit, mada, ...) is refused before sending.
 *
 * <p><b>Customer.</b> Tap requires a customer: a first name and an e-mail or phone. The adapter
 * sends {@code customer.id} when {@link Customer#id()} is a Tap customer id ({@code cus_...});
 * otherwise the first name comes from the metadata key {@value #META_FIRST_NAME} or the card
 * holder's name, the last name from {@value #META_LAST_NAME} or the rest of the holder's name, the
 * e-mail from {@link Customer#email()}, the phone from {@value #META_PHONE_COUNTRY_CODE} and
 * {@value #META_PHONE_NUMBER}. A request that lacks them fails with {@link InvalidRequestException}
 * before anything is sent (Tap's errors 1129, 1130 and 1139), rather than sending an invented name.
 *
 * <h2>Idempotency</h2>
 *
 * Tap has no idempotency header. It documents {@code reference.idempotent} instead
 * (developers.tap.company/docs/idempotency): a charge, authorize or refund request repeated with
 * the same idempotent string within 24 hours returns the original response and creates nothing. The
 * engine's key goes there on every charge, authorize, capture and refund, so {@link
 * GatewayCapabilities#idempotencyKeys()} is true. A void has no body; a repeated void that Tap
 * refuses because the authorization is no longer open ({@code 1114}) is answered from the
 * authorization, which then says {@code VOID}.
 *
 * <h2>Amounts</h2>
 *
 * Decimal numbers in major units, written exactly ({@code "amount":12.500} for KWD): three decimals
 * for KWD, BHD and OMR, two for other currencies, none for zero-decimal ones. Tap takes at most two
 * decimals for every other currency (its refund reference says so), so a JOD (or TND, IQD, LYD)
 * amount with a non-zero third decimal fails with {@link InvalidRequestException} on {@code amount}
 * before anything is sent. Every result reports the amount and currency Tap answered with.
 *
 * <h2>Statuses and failures</h2>
 *
 * {@code CAPTURED} (000) is captured, {@code AUTHORIZED} (001) authorized, {@code INITIATED} (100)
 * with {@code transaction.url} a {@link io.ottu.NextAction.Type#REDIRECT} (KNET, Benefit and mada
 * always; cards for 3-D Secure), {@code VOID} cancelled, {@code ABANDONED} (301) and {@code
 * CANCELLED} (302) declined as {@link io.ottu.DeclineReason#CANCELLED_BY_SHOPPER}, {@code FAILED}
 * (4xx codes), {@code DECLINED} (501-516) and {@code RESTRICTED} (701-704) declined through the
 * {@link DeclineTable} ({@link #defaultDeclineTable()} unless the builder got another). {@code
 * TIMEDOUT} (801) and {@code UNKNOWN} (901) are {@code UNKNOWN_OUTCOME}: Tap itself does not know
 * whether money moved, so the engine must never fail over. Error bodies ({@code
 * {"errors":[{"code","description"}]}}) are classified as {@code TapResponses} describes: key
 * errors are credentials problems, {@code 2101} unavailable, {@code 1151} and {@code 9999} unknown,
 * the rest by HTTP status (DESIGN §2).
 *
 * <h2>Redirects and 3-D Secure</h2>
 *
 * The shopper returns to the return URL with {@code tap_id}; {@link #completeAction} retrieves that
 * charge or authorization ({@code GET /v2/charges/{tap_id}} or {@code /v2/authorize/{tap_id}}),
 * refuses it unless its {@code reference.order} is this payment, and maps its status.
 *
 * <h2>Capture, cancel, refund</h2>
 *
 * A capture first reads the authorization (for its customer and redirect URL, which Tap asks for on
 * the capturing charge), then creates a charge with {@code source.id} set to the authorization id
 * for the amount to capture: partial capture is allowed, several captures are not claimed. The
 * result names the authorization as the payment and the capturing charge ({@code chg_...}) as the
 * operation, and refunds go to that charge. Refund statuses: {@code REFUNDED} refunded, {@code
 * PENDING}/{@code IN_PROGRESS}/{@code ACCEPTED} pending, {@code CANCELLED}/{@code FAILED}/{@code
 * DECLINED}/{@code RESTRICTED} declined; partial refunds are allowed.
 *
 * <h2>Lookup</h2>
 *
 * With Tap's id, a {@code GET} (404 or "not found" means no record). Without it (the create call's
 * outcome was unknown), Tap offers no search by our reference, only {@code POST /v2/charges/list}
 * (and {@code /v2/authorize/list}, {@code /v2/refunds/list}) over a period: the adapter first asks
 * for the period filtered by {@code reference.order}, then, to prove absence, reads the unfiltered
 * list of the last {@code lookupWindow} (at most {@code lookupScanPages} pages of 50) and matches
 * {@code reference.order} and the idempotency key itself. It answers "no record" only when that
 * period was read to its end; otherwise {@code UNKNOWN_OUTCOME}, never a guess.
 *
 * <p>Thread-safe and immutable; one instance serves every payment. Nothing is retried inside: the
 * engine owns retries. Card data and the key are never logged (see {@link
 * RedactingLoggingInterceptor} to log traffic, redacted). Webhook {@code hashstring} verification
 * belongs to {@code ottu-webhooks}.
 *
 * <p>Sources: developers.tap.company reference pages create-a-charge, charges, authorize,
 * create-a-token and tokens, list-all-charges, charge-response-codes (statuses, response codes,
 * error codes and the error shape), refunds, docs/idempotency, docs/redirect,
 * docs/authorize-and-capture, testing-cards; Tap-Payments/gosell-sdk-php ({@code /list}, {@code
 * /void}); Tap-Payments/goSellSDK-Android (status enum, {@code auto} object); the shared
 * gateways.md §6.
 */
public final class TapGateway implements Gateway {
  /** Tap's API, for test and live keys alike: the key decides the mode. */
  public static final String DEFAULT_BASE_URL = "https://api.tap.company/v2";

  /** How far back a lookup without Tap's id reads Tap's lists by default. */
  public static final Duration DEFAULT_LOOKUP_WINDOW = Duration.ofDays(7);

  /** Metadata key for the customer's first name, when no card holder name or Tap id gives one. */
  public static final String META_FIRST_NAME = "customer_first_name";

  /** Metadata key for the customer's last name. */
  public static final String META_LAST_NAME = "customer_last_name";

  /** Metadata key for the phone's country calling code, digits only ({@code 965}). */
  public static final String META_PHONE_COUNTRY_CODE = "customer_phone_country_code";

  /** Metadata key for the phone number without the country code, digits only. */
  public static final String META_PHONE_NUMBER = "customer_phone_number";

  /**
   * Tap's rules for amounts: ISO 4217 decimals, but at most two for currencies other than KWD, BHD
   * and OMR (developers.tap.company/reference/create-a-refund).
   */
  static final AmountCodec AMOUNTS =
      AmountCodec.builder("Tap")
          .multipleOf(
              10,
              "Tap takes three decimal places only for KWD, BHD and OMR, two for other currencies",
              "JOD",
              "TND",
              "IQD",
              "LYD")
          .multipleOf(
              100,
              "Tap takes three decimal places only for KWD, BHD and OMR, two for other currencies",
              "CLF",
              "UYW")
          .build();

  /** Sources that only work as a redirect to a local scheme's page; Tap cannot authorize them. */
  static final Set<String> REDIRECT_ONLY_SOURCES =
      Set.of(
          "src_kw.knet",
          "src_bh.benefit",
          "src_benefitpay",
          "src_sa.mada",
          "src_om.omannet",
          "src_omannet",
          "src_qa.qpay",
          "src_eg.fawry",
          "src_stcpay");

  private static final Set<String> CUSTOMER_KEYS =
      Set.of(META_FIRST_NAME, META_LAST_NAME, META_PHONE_COUNTRY_CODE, META_PHONE_NUMBER);
  private static final Set<String> THREE_DECIMALS = Set.of("KWD", "BHD", "OMR");
  private static final Set<String> REFUND_REASONS =
      Set.of("duplicate", "fraudulent", "requested_by_customer");
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_REFERENCE = 99;
  private static final int MAX_DESCRIPTION = 999;
  private static final int LIST_LIMIT = 50;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final String id;
  private final GatewayCapabilities capabilities;
  private final HttpUrl baseUrl;
  private final ResolvedUrls urls;
  private final String authorization;
  private final boolean liveMode;
  private final GatewayTransport transport;
  private final TapResponses responses;
  private final Clock clock;
  private final String postUrl;
  private final String merchantId;
  private final int autoVoidHours;
  private final Duration lookupWindow;
  private final int lookupScanPages;

  private TapGateway(Builder b, GatewaySettings s) {
    this.id = s.id();
    this.capabilities = s.capabilities();
    this.baseUrl = s.baseUrl();
    this.urls = new ResolvedUrls(this.baseUrl);
    this.authorization = "Bearer " + b.secretKey;
    this.liveMode = b.secretKey.startsWith("sk_live_");
    this.clock = s.clock();
    this.transport = s.transport();
    this.responses = new TapResponses(s.id(), s.declineTable(), AMOUNTS);
    this.postUrl = b.postUrl;
    this.merchantId = b.merchantId;
    this.autoVoidHours = b.autoVoidHours;
    this.lookupWindow = b.lookupWindow;
    this.lookupScanPages = b.lookupScanPages;
  }

  /** A builder; {@link Builder#secretKey(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The curated decline table from Tap's documented response codes; a starting point for {@link
   * DeclineTable#withOverride}.
   */
  public static DeclineTable defaultDeclineTable() {
    return TapDeclines.DEFAULT;
  }

  /**
   * What Tap can do by default: every currency (Tap rejects the ones an account does not take; the
   * amount rules above apply), Visa, Mastercard and American Express cards (mada cards carry a Visa
   * or Mastercard BIN; KNET and Benefit come as gateway tokens, not cards), every operation, 3-D
   * Secure, idempotency through {@code reference.idempotent}, partial capture but one capture per
   * authorization (Tap documents a capture of "less than or equal to" the authorized amount, not a
   * series), partial refunds.
   */
  public static GatewayCapabilities defaultCapabilities() {
    return GatewayCapabilities.builder()
        .brands(CardBrand.VISA, CardBrand.MASTERCARD, CardBrand.AMERICAN_EXPRESS)
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

  /** Whether the key is a live key ({@code sk_live_...}); test keys reach Tap's sandbox. */
  public boolean liveMode() {
    return liveMode;
  }

  /**
   * Purchases ({@code POST /v2/charges}) or authorizes ({@code POST /v2/authorize}, with {@code
   * auto} void after the builder's hours); a card is tokenized first.
   *
   * @throws InvalidRequestException before anything is sent, naming the field: an amount Tap cannot
   *     take, a missing customer name or contact, a missing return URL where Tap redirects, a
   *     reference, description or idempotency key Tap would refuse, authorizing a redirect-only
   *     source
   * @throws GatewayException classified as the class comment describes
   */
  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    return transport.withinCallTimeout(() -> authorizeWithin(request));
  }

  private GatewayResult authorizeWithin(AuthorizeRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putRawValue("amount", new RawValue(amountText(request.amount())));
    body.put("currency", request.amount().currencyCode());
    body.put("customer_initiated", true);
    body.put("threeDSecure", request.threeDSecure() != ThreeDSecure.SKIP);
    body.put("save_card", false);
    if (request.description() != null && !request.description().isBlank()) {
      body.put("description", checkLength("description", request.description(), MAX_DESCRIPTION));
    }
    ObjectNode metadata = body.putObject("metadata");
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      if (!e.getKey().startsWith("ottu_") && !CUSTOMER_KEYS.contains(e.getKey())) {
        metadata.put(e.getKey(), e.getValue());
      }
    }
    metadata.put("ottu_payment_id", request.paymentId()).put("ottu_idempotency_key", key);
    body.set("reference", reference(request.reference(), request.paymentId(), key));
    body.set("customer", customer(request));
    if (merchantId != null) {
      body.putObject("merchant").put("id", merchantId);
    }
    String token = request.source().gatewayToken().map(TapGateway::checkSource).orElse(null);
    if (token != null && !request.capture() && REDIRECT_ONLY_SOURCES.contains(token)) {
      throw new InvalidRequestException(
          "source",
          "Tap authorizes credit cards only; "
              + token
              + " can only be used for a purchase (authorize and capture)");
    }
    if (!request.capture()) {
      body.putObject("auto").put("type", "VOID").put("time", autoVoidHours);
    }
    if (postUrl != null) {
      body.putObject("post").put("url", postUrl);
    }
    // Tap sends the shopper somewhere (and back to redirect.url) for every redirect source and for
    // 3-D Secure; only a token charged without 3-D Secure needs no return URL.
    boolean redirects =
        (token != null && !token.startsWith("tok_")) || request.threeDSecure() != ThreeDSecure.SKIP;
    if (request.returnUrl() != null) {
      body.putObject("redirect").put("url", checkUrl("returnUrl", request.returnUrl()));
    } else if (redirects) {
      throw new InvalidRequestException(
          "returnUrl",
          "Tap needs a return URL to send the shopper back to after 3-D Secure or the KNET,"
              + " Benefit or hosted payment page");
    }
    if (token == null) {
      CardData card = request.source().card().orElseThrow();
      Customer customer = request.customer();
      TokenOutcome outcome = tokenize(card, customer == null ? null : customer.ipAddress());
      if (outcome.decline() != null) {
        return outcome.decline();
      }
      token = outcome.tokenId();
    }
    body.putObject("source").put("id", token);
    String path = request.capture() ? "/charges" : "/authorize";
    return chargeOrDecline(transport.execute(post(url(path), body)), null);
  }

  /**
   * Captures an authorization: reads it ({@code GET /v2/authorize/{id}}), then creates a charge for
   * the amount with the authorization as its source. A failure of the read is {@code NOT_SENT}
   * (nothing was captured) unless Tap refused our key.
   */
  @Override
  public GatewayResult capture(CaptureRequest request) {
    return transport.withinCallTimeout(() -> captureWithin(request));
  }

  private GatewayResult captureWithin(CaptureRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    String authId = authorizationId(request.gatewayReference());
    String amount = amountText(request.amount());
    ObjectNode reference =
        reference(
            request.reference() == null ? request.paymentId() : request.reference(),
            request.paymentId(),
            key);
    JsonNode authorization;
    try {
      HttpReply reply = transport.execute(get(objectUrl("/authorize", authId)));
      if (!reply.isSuccessful()) {
        throw responses.failure(reply);
      }
      authorization = reply.json();
    } catch (GatewayException e) {
      throw beforeSending(e, "reading the authorization before capturing it");
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putRawValue("amount", new RawValue(amount));
    body.put("currency", request.amount().currencyCode());
    body.put("customer_initiated", true);
    body.put("threeDSecure", true);
    body.put("description", "Capture of " + authId);
    body.putObject("metadata")
        .put("ottu_payment_id", request.paymentId())
        .put("ottu_idempotency_key", key);
    body.set("reference", reference);
    ObjectNode customer = customerOf(authorization);
    if (customer != null) {
      body.set("customer", customer);
    }
    if (merchantId != null) {
      body.putObject("merchant").put("id", merchantId);
    }
    body.putObject("source").put("id", authId);
    if (postUrl != null) {
      body.putObject("post").put("url", postUrl);
    }
    String redirect = Json.text(Json.object(authorization, "redirect"), "url");
    if (redirect != null && !redirect.isBlank()) {
      body.putObject("redirect").put("url", redirect);
    }
    return chargeOrDecline(transport.execute(post(url("/charges"), body)), authId);
  }

  /**
   * Voids an authorization: {@code POST /v2/authorize/{id}/void}. When Tap refuses because the
   * authorization is no longer open (a repeated void after an unknown outcome), the authorization
   * is read and a {@code VOID} status answers.
   */
  @Override
  public GatewayResult cancel(CancelRequest request) {
    return transport.withinCallTimeout(() -> cancelWithin(request));
  }

  private GatewayResult cancelWithin(CancelRequest request) {
    checkIdempotencyKey(request.idempotencyKey());
    String authId = authorizationId(request.gatewayReference());
    HttpUrl voidUrl = objectUrl("/authorize", authId).newBuilder().addPathSegment("void").build();
    HttpReply reply = transport.execute(post(voidUrl, Json.MAPPER.createObjectNode()));
    if (reply.isSuccessful()) {
      return voided(reply, reply.json(), authId);
    }
    GatewayException failure = responses.failure(reply);
    if ("1114".equals(failure.gatewayCode().orElse(null))) {
      Optional<Found> current = retrieve(authId, true);
      if (current.isPresent() && "VOID".equals(Json.text(current.get().object, "status"))) {
        return voided(current.get().reply, current.get().object, authId);
      }
    }
    throw failure;
  }

  /**
   * Refunds the capturing or purchasing charge: {@code POST /v2/refunds}, in full or in part.
   *
   * @throws GatewayException {@code REJECTED} if the payment has no charge to refund (an
   *     authorization that was never captured)
   */
  @Override
  public GatewayResult refund(RefundRequest request) {
    return transport.withinCallTimeout(() -> refundWithin(request));
  }

  private GatewayResult refundWithin(RefundRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    String chargeId = chargeToRefund(request);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("charge_id", chargeId);
    body.putRawValue("amount", new RawValue(amountText(request.amount())));
    body.put("currency", request.amount().currencyCode());
    String reason = request.reason();
    if (reason != null && REFUND_REASONS.contains(reason)) {
      body.put("reason", reason);
    } else {
      body.put("reason", "requested_by_customer");
      if (reason != null && !reason.isBlank()) {
        body.put("description", checkLength("reason", reason, MAX_DESCRIPTION));
      }
    }
    ObjectNode reference = body.putObject("reference");
    reference.put(
        "merchant",
        checkLength(
            "reference",
            request.reference() == null ? request.paymentId() : request.reference(),
            MAX_REFERENCE));
    reference.put("idempotent", key);
    body.putObject("metadata")
        .put("ottu_payment_id", request.paymentId())
        .put("ottu_idempotency_key", key);
    if (postUrl != null) {
      body.putObject("post").put("url", postUrl);
    }
    HttpReply reply = transport.execute(post(url("/refunds"), body));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return responses.refund(reply, reply.json(), request.gatewayReference());
  }

  /**
   * Finds out what Tap knows of an operation; see the class comment. A lookup that cannot prove the
   * absence of a record throws {@code UNKNOWN_OUTCOME} rather than answer "no record".
   */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    return transport.withinCallTimeout(() -> lookupWithin(request));
  }

  private Optional<GatewayResult> lookupWithin(LookupRequest request) {
    return switch (request.operation()) {
      case REFUND -> lookupRefund(request);
      case CAPTURE -> lookupCapture(request);
      case CANCEL -> lookupCancel(request);
      default -> lookupPayment(request);
    };
  }

  /**
   * Finishes a redirect (KNET, Benefit, mada, the hosted page, 3-D Secure): retrieves the charge or
   * authorization named by the return's {@code tap_id} (or the known gateway reference).
   *
   * @throws InvalidRequestException for {@code parameters.tap_id} when it names another charge than
   *     this payment's, or a charge of another payment (its {@code reference.order})
   */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    return transport.withinCallTimeout(() -> completeActionWithin(request));
  }

  private GatewayResult completeActionWithin(CompleteActionRequest request) {
    String returned = request.parameters().get("tap_id");
    String known = request.gatewayReference();
    if (returned != null && known != null && !returned.equals(known)) {
      throw new InvalidRequestException(
          "parameters.tap_id", "does not match this payment's Tap charge");
    }
    String tapId = known != null ? known : returned;
    if (tapId == null || tapId.isBlank()) {
      throw new InvalidRequestException(
          "parameters.tap_id", "Tap's tap_id is needed to finish the payment");
    }
    if (!tapId.matches("[A-Za-z0-9_]{1,100}")) {
      throw new InvalidRequestException(
          "parameters.tap_id", "is not a Tap charge or authorize id (chg_..., auth_...)");
    }
    boolean authorize =
        tapId.startsWith("auth_") || (!tapId.startsWith("chg_") && !request.capture());
    HttpReply reply =
        transport.execute(get(objectUrl(authorize ? "/authorize" : "/charges", tapId)));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    JsonNode object = reply.json();
    String owner = Json.text(Json.object(object, "reference"), "order");
    if (owner != null ? !owner.equals(request.paymentId()) : known == null) {
      throw new InvalidRequestException(
          "parameters.tap_id", "the Tap charge does not belong to this payment");
    }
    return responses.charge(reply, object, null);
  }

  // ---- lookup -----------------------------------------------------------------------------

  private Optional<GatewayResult> lookupPayment(LookupRequest request) {
    boolean authorize = request.operation() == GatewayOperation.AUTHORIZE;
    String ref = request.gatewayReference();
    if (ref != null) {
      boolean isAuthorization = ref.startsWith("auth_") || (!ref.startsWith("chg_") && authorize);
      return retrieve(ref, isAuthorization).map(f -> responses.charge(f.reply, f.object, null));
    }
    return scan(
            authorize ? "/authorize/list" : "/charges/list",
            !authorize,
            request.paymentId(),
            ofThisAttempt(request))
        .map(f -> responses.charge(f.reply, f.object, null));
  }

  private Optional<GatewayResult> lookupCapture(LookupRequest request) {
    String authId = authorizationId(request.gatewayReference());
    Optional<Found> charge =
        scan("/charges/list", true, request.paymentId(), ofThisAttempt(request));
    if (charge.isPresent()) {
      return Optional.of(responses.charge(charge.get().reply, charge.get().object, authId));
    }
    Optional<Found> authorization = retrieve(authId, true);
    String status =
        authorization.map(f -> Json.text(f.object, "status")).orElse("").toUpperCase(Locale.ROOT);
    if (status.equals("CAPTURED")) {
      throw GatewayException.unknownOutcome(
          id,
          "authorization "
              + authId
              + " is CAPTURED but the charge of this capture was not found in the last "
              + lookupWindow.toDays()
              + " days",
          0,
          null);
    }
    // Still open, voided, or gone: the capture in question never took money.
    return Optional.empty();
  }

  private Optional<GatewayResult> lookupCancel(LookupRequest request) {
    String authId = authorizationId(request.gatewayReference());
    Optional<Found> authorization = retrieve(authId, true);
    if (authorization.isEmpty()) {
      return Optional.empty();
    }
    Found f = authorization.get();
    String status = Json.text(f.object, "status");
    if ("AUTHORIZED".equalsIgnoreCase(status)) {
      return Optional.empty(); // the void never ran
    }
    if ("VOID".equalsIgnoreCase(status)) {
      return Optional.of(voided(f.reply, f.object, authId));
    }
    return Optional.of(responses.charge(f.reply, f.object, null));
  }

  private Optional<GatewayResult> lookupRefund(LookupRequest request) {
    String key = request.idempotencyKey();
    Predicate<JsonNode> matches =
        refund ->
            key.equals(Json.text(Json.object(refund, "metadata"), "ottu_idempotency_key"))
                || key.equals(Json.text(Json.object(refund, "reference"), "idempotent"));
    return scan("/refunds/list", false, null, matches)
        .map(f -> responses.refund(f.reply, f.object, request.gatewayReference()));
  }

  /** The object of this payment created by the attempt that carried this idempotency key. */
  private static Predicate<JsonNode> ofThisAttempt(LookupRequest request) {
    String key = request.idempotencyKey();
    return object -> {
      JsonNode reference = Json.object(object, "reference");
      return request.paymentId().equals(Json.text(reference, "order"))
          && (key.equals(Json.text(Json.object(object, "metadata"), "ottu_idempotency_key"))
              || key.equals(Json.text(reference, "idempotent")));
    };
  }

  private Optional<Found> retrieve(String objectId, boolean authorize) {
    HttpReply reply =
        transport.execute(get(objectUrl(authorize ? "/authorize" : "/charges", objectId)));
    if (!reply.isSuccessful()) {
      if (TapResponses.isNotFound(reply)) {
        return Optional.empty();
      }
      throw responses.failure(reply);
    }
    return Optional.of(new Found(reply, reply.json()));
  }

  /**
   * Searches one of Tap's lists for the first object that {@code matches}: first a page filtered by
   * {@code reference.order} (when given; a hit is checked here, so a filter Tap applies differently
   * cannot mislead), then the unfiltered period, whose complete reading is the only proof of
   * absence.
   */
  private Optional<Found> scan(
      String path, boolean orderable, String referenceOrder, Predicate<JsonNode> matches) {
    long now = clock.millis();
    String from = Long.toString(now - lookupWindow.toMillis());
    String to = Long.toString(now + CLOCK_SKEW.toMillis());
    if (referenceOrder != null) {
      try {
        ObjectNode query = listQuery(from, to, orderable, null);
        query.putObject("reference").put("order", referenceOrder);
        HttpReply reply = transport.execute(post(url(path), query));
        if (reply.isSuccessful()) {
          for (JsonNode object : records(reply)) {
            if (matches.test(object)) {
              return Optional.of(new Found(reply, object));
            }
          }
        } else if (!TapResponses.isEmptyList(reply)) {
          throw responses.failure(reply);
        }
      } catch (GatewayException e) {
        if (e.credentialsProblem()) {
          throw e;
        }
        // Only a shortcut: the authoritative reading of the period follows.
      }
    }
    String after = null;
    for (int page = 0; page < lookupScanPages; page++) {
      HttpReply reply = transport.execute(post(url(path), listQuery(from, to, orderable, after)));
      if (!reply.isSuccessful()) {
        if (TapResponses.isEmptyList(reply)) {
          return Optional.empty();
        }
        throw responses.failure(reply);
      }
      JsonNode records = records(reply);
      for (JsonNode object : records) {
        if (matches.test(object)) {
          return Optional.of(new Found(reply, object));
        }
      }
      JsonNode hasMore = reply.json().get("has_more");
      boolean more =
          hasMore != null && hasMore.isBoolean()
              ? hasMore.asBoolean()
              : records.size() >= LIST_LIMIT;
      if (!more) {
        return Optional.empty();
      }
      String last = records.size() == 0 ? null : Json.text(records.get(records.size() - 1), "id");
      if (last == null) {
        throw reply.unknownOutcome("the list says it has more but gives no id to page from");
      }
      after = last;
    }
    throw GatewayException.unknownOutcome(
        id,
        "POST "
            + path
            + ": no match in the first "
            + lookupScanPages * LIST_LIMIT
            + " records of the last "
            + lookupWindow.toDays()
            + " days, and there are more, so the absence of the payment cannot be proven",
        0,
        null);
  }

  private static ObjectNode listQuery(String from, String to, boolean orderable, String after) {
    ObjectNode query = Json.MAPPER.createObjectNode();
    ObjectNode date = query.putObject("period").putObject("date");
    date.put("from", from).put("to", to);
    query.put("limit", LIST_LIMIT);
    if (orderable) {
      query.put("order", "reverse_chronological");
    }
    if (after != null) {
      query.put("starting_after", after);
    }
    return query;
  }

  /**
   * The records of a list reply: its {@code charges}, {@code authorizes} or {@code refunds} array
   * (or, for a name Tap does not document, the first array of objects).
   */
  private static JsonNode records(HttpReply reply) {
    JsonNode body = reply.json();
    for (String name : new String[] {"charges", "authorizes", "authorize", "refunds", "data"}) {
      JsonNode v = body.get(name);
      if (v != null && v.isArray()) {
        return v;
      }
    }
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      JsonNode v = field.getValue();
      if (v.isArray() && (v.size() == 0 || v.get(0).isObject())) {
        return v;
      }
    }
    JsonNode count = body.get("count");
    if (count != null && count.isNumber() && count.asLong() == 0) {
      return Json.MAPPER.createArrayNode();
    }
    throw reply.unknownOutcome("the list response holds no records array");
  }

  // ---- requests -----------------------------------------------------------------------------

  private GatewayResult chargeOrDecline(HttpReply reply, String authorizationId) {
    if (reply.isSuccessful()) {
      return responses.charge(reply, reply.json(), authorizationId);
    }
    int status = reply.status();
    if (status >= 400
        && status < 500
        && status != 401
        && status != 403
        && status != 409
        && status != 429
        && TapResponses.carriesObject(reply)) {
      return responses.charge(reply, reply.jsonOrMissing(), authorizationId);
    }
    GatewayResult decline = responses.cardValidationDecline(reply);
    if (decline != null) {
      return decline;
    }
    throw responses.failure(reply);
  }

  private GatewayResult voided(HttpReply reply, JsonNode authorization, String authId) {
    GatewayResult result = responses.charge(reply, authorization, null);
    if (result.type() == GatewayResult.Type.AUTHORIZED) {
      // Tap took the void but has not applied it yet: the lookup will see VOID.
      return GatewayResult.pending(authId).withRawStatus("AUTHORIZED");
    }
    return result;
  }

  /** The token-or-decline of the card-tokenization call. */
  private record TokenOutcome(String tokenId, GatewayResult decline) {}

  /**
   * A retrieved object with the reply it came in. A class rather than a record: a record's public
   * accessors would put the internal {@link HttpReply} in a public signature.
   */
  private static final class Found {
    private final HttpReply reply;
    private final JsonNode object;

    Found(HttpReply reply, JsonNode object) {
      this.reply = reply;
      this.object = object;
    }
  }

  /**
   * {@code POST /v2/tokens}. Whatever goes wrong here, the payment was not sent: an unknown outcome
   * of this call (a token may or may not exist) is {@code NOT_SENT} for the payment.
   */
  private TokenOutcome tokenize(CardData card, String clientIp) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode c = body.putObject("card");
    c.put("number", card.number());
    c.put("exp_month", card.expiryMonth());
    c.put("exp_year", card.expiryYear());
    card.cvc().ifPresent(cvc -> c.put("cvc", cvc));
    card.holderName().ifPresent(name -> c.put("name", name));
    if (clientIp != null) {
      body.put("client_ip", clientIp);
    }
    try {
      HttpReply reply = transport.execute(post(url("/tokens"), body));
      if (!reply.isSuccessful()) {
        GatewayResult decline = responses.cardValidationDecline(reply);
        if (decline != null) {
          return new TokenOutcome(null, decline);
        }
        throw responses.failure(reply);
      }
      String tokenId = Json.text(reply.json(), "id");
      if (tokenId == null || tokenId.isBlank()) {
        throw reply.unknownOutcome("the token response has no id");
      }
      return new TokenOutcome(tokenId, null);
    } catch (GatewayException e) {
      throw beforeSending(e, "tokenizing the card");
    }
  }

  /**
   * A failure of a call made before the payment's own request: an unknown outcome of that call
   * means nothing for the payment, which was never sent.
   */
  private GatewayException beforeSending(GatewayException e, String what) {
    if (e.failureClass() != FailureClass.UNKNOWN_OUTCOME) {
      return e;
    }
    return new GatewayException(
        FailureClass.NOT_SENT,
        id,
        what + " failed, so the payment request was never sent: " + e.getMessage(),
        e.httpStatus(),
        e.gatewayCode().orElse(null),
        e.requestId().orElse(null),
        null,
        false,
        e);
  }

  private ObjectNode customer(AuthorizeRequest request) {
    Customer customer = request.customer();
    ObjectNode node = Json.MAPPER.createObjectNode();
    if (customer != null && customer.id() != null && customer.id().startsWith("cus_")) {
      return node.put("id", customer.id());
    }
    Map<String, String> metadata = request.metadata();
    String first = blankToNull(metadata.get(META_FIRST_NAME));
    String last = blankToNull(metadata.get(META_LAST_NAME));
    if (first == null) {
      String holder = request.source().card().flatMap(CardData::holderName).orElse(null);
      if (holder != null && !holder.isBlank()) {
        String[] parts = holder.strip().split("\\s+", 2);
        first = parts[0];
        if (last == null && parts.length > 1) {
          last = parts[1];
        }
      }
    }
    if (first == null) {
      throw new InvalidRequestException(
          "customer",
          "Tap requires the customer's first name: give a Tap customer id (cus_...) as customer.id,"
              + " the metadata "
              + META_FIRST_NAME
              + ", or a card with the holder's name");
    }
    node.put("first_name", checkLength(META_FIRST_NAME, first, 149));
    if (last != null) {
      node.put("last_name", checkLength(META_LAST_NAME, last, 149));
    }
    String email = customer == null ? null : blankToNull(customer.email());
    if (email != null) {
      node.put("email", email);
    }
    String countryCode = blankToNull(metadata.get(META_PHONE_COUNTRY_CODE));
    String number = blankToNull(metadata.get(META_PHONE_NUMBER));
    if (countryCode != null || number != null) {
      if (countryCode == null || !countryCode.matches("[0-9]{1,4}")) {
        throw new InvalidRequestException(
            META_PHONE_COUNTRY_CODE, "must be the country calling code in digits, such as 965");
      }
      if (number == null || !number.matches("[0-9]{4,15}")) {
        throw new InvalidRequestException(
            META_PHONE_NUMBER, "must be the phone number in digits, without the country code");
      }
      node.putObject("phone").put("country_code", countryCode).put("number", number);
    }
    if (email == null && number == null) {
      throw new InvalidRequestException(
          "customer.email",
          "Tap requires the customer's e-mail or phone (metadata "
              + META_PHONE_COUNTRY_CODE
              + " and "
              + META_PHONE_NUMBER
              + ")");
    }
    return node;
  }

  /** The customer to name on a capturing charge: the authorization's. */
  private static ObjectNode customerOf(JsonNode authorization) {
    JsonNode customer = Json.object(authorization, "customer");
    if (customer == null) {
      return null;
    }
    ObjectNode node = Json.MAPPER.createObjectNode();
    String customerId = Json.text(customer, "id");
    if (customerId != null && !customerId.isBlank()) {
      return node.put("id", customerId);
    }
    for (String field : new String[] {"first_name", "middle_name", "last_name", "email"}) {
      String value = Json.text(customer, field);
      if (value != null) {
        node.put(field, value);
      }
    }
    JsonNode phone = Json.object(customer, "phone");
    if (phone != null) {
      node.set("phone", phone.deepCopy());
    }
    return node.isEmpty() ? null : node;
  }

  private static ObjectNode reference(String transaction, String order, String key) {
    ObjectNode reference = Json.MAPPER.createObjectNode();
    reference.put("transaction", checkLength("reference", transaction, MAX_REFERENCE));
    reference.put("order", checkLength("paymentId", order, MAX_REFERENCE));
    reference.put("idempotent", key);
    return reference;
  }

  private String chargeToRefund(RefundRequest request) {
    String capture = request.captureReference();
    if (capture != null && capture.startsWith("chg_")) {
      return capture;
    }
    String ref = request.gatewayReference();
    if (ref.startsWith("chg_")) {
      return ref;
    }
    throw GatewayException.rejected(
        id,
        "refund: Tap refunds a charge (chg_...), and payment "
            + request.paymentId()
            + " has none: capture the authorization first",
        0,
        null);
  }

  private String authorizationId(String gatewayReference) {
    if (gatewayReference == null || !gatewayReference.startsWith("auth_")) {
      throw GatewayException.rejected(
          id, "Tap captures and voids authorizations (auth_...), not " + gatewayReference, 0, null);
    }
    return gatewayReference;
  }

  /**
   * {@code money} as Tap's decimal text: exact, three decimals only for KWD, BHD and OMR.
   *
   * @throws InvalidRequestException for {@code amount} when Tap cannot take it
   */
  static String amountText(Money money) {
    BigDecimal value = new BigDecimal(AMOUNTS.toDecimalString(money));
    if (value.scale() > 2 && !THREE_DECIMALS.contains(money.currencyCode())) {
      value = value.setScale(2, RoundingMode.UNNECESSARY);
    }
    return value.toPlainString();
  }

  private Request post(HttpUrl url, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
    return headers(new Request.Builder().url(url)).post(RequestBody.create(bytes, JSON)).build();
  }

  private Request get(HttpUrl url) {
    return headers(new Request.Builder().url(url)).get().build();
  }

  private Request.Builder headers(Request.Builder b) {
    return b.header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "ottu-java");
  }

  private HttpUrl url(String path) {
    return urls.get(path);
  }

  private HttpUrl objectUrl(String collection, String objectId) {
    return url(collection).newBuilder().addPathSegment(objectId).build();
  }

  private static String checkIdempotencyKey(String key) {
    if (key.isEmpty() || key.length() > MAX_REFERENCE) {
      throw new InvalidRequestException(
          "idempotencyKey",
          "Tap takes 1 to " + MAX_REFERENCE + " characters in reference.idempotent");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidRequestException(
            "idempotencyKey", "must be printable ASCII without spaces");
      }
    }
    return key;
  }

  private static String checkSource(String source) {
    if (source.isBlank()
        || source.length() > 200
        || !source.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new InvalidRequestException(
          "source", "a Tap source id such as src_kw.knet or tok_..., without spaces");
    }
    return source;
  }

  private static String checkLength(String field, String value, int max) {
    if (value.length() > max) {
      throw new InvalidRequestException(
          field, "Tap takes at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  private static String checkUrl(String field, String value) {
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new InvalidRequestException(field, "must be an absolute http(s) URL");
    }
    return value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return "TapGateway[" + id + " " + baseUrl + (liveMode ? " live" : " test") + "]";
  }

  /**
   * Builds a {@link TapGateway}. Not thread-safe; reusable: {@link #build()} validates and copies.
   *
   * <p>Defaults of the {@link GatewayBuilder} settings: id {@code tap}, base URL (with its {@code
   * /v2}) {@value #DEFAULT_BASE_URL}, connect timeout 10 s, read timeout 60 s, {@link
   * #defaultDeclineTable()}, {@link #defaultCapabilities()}; the clock also dates the lookup
   * period.
   */
  public static final class Builder extends GatewayBuilder<Builder> {
    private String secretKey;
    private String postUrl;
    private String merchantId;
    private int autoVoidHours = 168;
    private Duration lookupWindow = DEFAULT_LOOKUP_WINDOW;
    private int lookupScanPages = 10;

    private Builder() {
      super(
          "tap",
          DEFAULT_BASE_URL,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          TapDeclines.DEFAULT,
          defaultCapabilities());
    }

    /**
     * The secret key ({@code sk_test_...} or {@code sk_live_...}). Required. Never logged or shown
     * by {@code toString()}.
     */
    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /**
     * The webhook URL Tap posts the final charge, authorize or refund to ({@code post.url}); none
     * by default. Its {@code hashstring} is verified by {@code ottu-webhooks}.
     */
    public Builder postUrl(String postUrl) {
      this.postUrl = postUrl;
      return this;
    }

    /** The Tap merchant id to charge for ({@code merchant.id}), for multi-entity accounts. */
    public Builder merchantId(String merchantId) {
      this.merchantId = merchantId;
      return this;
    }

    /**
     * After how many hours Tap voids an authorization nobody captured ({@code auto.type=VOID},
     * {@code auto.time}); 1 to 168, 168 by default.
     */
    public Builder autoVoidAfterHours(int hours) {
      this.autoVoidHours = hours;
      return this;
    }

    /**
     * How far back a lookup without Tap's id reads Tap's lists; {@link #DEFAULT_LOOKUP_WINDOW} by
     * default, at most 90 days. A payment older than this would not be found, so keep it longer
     * than the time the reconciler may take to settle a payment.
     */
    public Builder lookupWindow(Duration lookupWindow) {
      this.lookupWindow = lookupWindow;
      return this;
    }

    /**
     * How many pages of 50 a lookup without Tap's id reads before giving up with {@code
     * UNKNOWN_OUTCOME}; 10 by default.
     */
    public Builder lookupScanPages(int lookupScanPages) {
      this.lookupScanPages = lookupScanPages;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field: {@code secretKey} missing or not a Tap
     *     secret key (the key is not echoed), {@code baseUrl}, {@code id}, a timeout, {@code
     *     postUrl}, {@code merchantId}, {@code autoVoidAfterHours}, {@code lookupWindow}, {@code
     *     lookupScanPages}
     * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code
     *     clock} if set to null
     */
    public TapGateway build() {
      if (secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException("secretKey: is required");
      }
      if (secretKey.startsWith("pk_")) {
        throw new IllegalArgumentException(
            "secretKey: is a publishable key (pk_...); the server API needs the secret key"
                + " (sk_test_... or sk_live_...)");
      }
      if (!(secretKey.startsWith("sk_test_") || secretKey.startsWith("sk_live_"))
          || secretKey.length() < 16
          || !secretKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "secretKey: must be a Tap secret key (sk_test_... or sk_live_...)");
      }
      checkId();
      if (postUrl != null) {
        HttpUrl parsed = HttpUrl.parse(postUrl);
        if (parsed == null) {
          throw new IllegalArgumentException("postUrl: is not an absolute http(s) URL");
        }
      }
      if (merchantId != null && merchantId.isBlank()) {
        throw new IllegalArgumentException("merchantId: must not be blank");
      }
      if (autoVoidHours < 1 || autoVoidHours > 168) {
        throw new IllegalArgumentException(
            "autoVoidAfterHours: Tap takes 1 to 168 hours, was " + autoVoidHours);
      }
      if (lookupWindow == null
          || lookupWindow.isNegative()
          || lookupWindow.compareTo(Duration.ofMinutes(1)) < 0
          || lookupWindow.compareTo(Duration.ofDays(90)) > 0) {
        throw new IllegalArgumentException(
            "lookupWindow: must be 1 minute to 90 days, was " + lookupWindow);
      }
      if (lookupScanPages < 1 || lookupScanPages > 100) {
        throw new IllegalArgumentException(
            "lookupScanPages: must be 1 to 100, was " + lookupScanPages);
      }
      return new TapGateway(this, settings(null));
    }
  }
}
