package io.ottu.benchmarks.webhooks;

import io.ottu.webhooks.StandardWebhooks;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerifier;
import io.ottu.webhooks.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Webhook verification per scheme against raw HMAC-SHA256 over the same bytes, in the same run.
 *
 * <ul>
 *   <li>{@code rawHmacSha256}: the floor: one {@code doFinal} over the ~1.4 KB body on a {@link
 *       Mac} initialized once per thread (what any verifier must at least do).
 *   <li>{@code rawHmacFreshMac}: the same with {@code Mac.getInstance} and {@code init} per call.
 *   <li>{@code stripe}, {@code standard}, {@code checkoutCom}: header parsing, the HMAC over the
 *       raw body, constant-time comparison (and the timestamp check for the first two).
 *   <li>{@code adyen}, {@code tap}: parse the JSON body to find the signed fields, then HMAC.
 *   <li>{@code mpgs}: a shared-secret header, hashed on both sides and compared.
 * </ul>
 *
 * Each request is built once; {@code verify} is what is measured.
 *
 * <p>Run: {@code mvn -q -pl examples/benchmarks -am package -DskipTests} then {@code java -jar
 * examples/benchmarks/target/benchmarks.jar 'WebhookVerifyBenchmark'}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class WebhookVerifyBenchmark {
  private static final String STRIPE_SECRET = "whsec_bench_5f2b7c9d1e3a4b6c8d0e";
  private static final String STANDARD_SECRET = StandardWebhooks.newSecret();
  private static final String ADYEN_KEY =
      "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
  private static final String CKO_KEY = "cko_bench_signature_key";
  private static final String TAP_KEY = "sk_test_bench_key";
  private static final String MPGS_SECRET = "mpgs-bench-secret";

  private byte[] body;
  private WebhookVerifier stripe;
  private WebhookVerifier standard;
  private WebhookVerifier checkoutCom;
  private WebhookVerifier adyen;
  private WebhookVerifier tap;
  private WebhookVerifier mpgs;
  private WebhookRequest stripeRequest;
  private WebhookRequest standardRequest;
  private WebhookRequest checkoutRequest;
  private WebhookRequest adyenRequest;
  private WebhookRequest tapRequest;
  private WebhookRequest mpgsRequest;

  /** One realistic event body (about 1.4 KB) and a signed request per scheme. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    StringBuilder meta = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      meta.append(i == 0 ? "" : ",")
          .append("\"k")
          .append(i)
          .append("\":\"value-")
          .append(i)
          .append("-abcdefghij\"");
    }
    String event =
        "{\"id\":\"evt_3QfBench\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
            + "\"created\":1764158400,\"data\":{\"object\":{\"id\":\"pi_3QfBench\",\"object\":\"payment_intent\","
            + "\"amount\":12500,\"amount_received\":12500,\"currency\":\"kwd\",\"status\":\"succeeded\","
            + "\"latest_charge\":\"ch_3QfBench\",\"metadata\":{\"ottu_payment_id\":\"pay_01bench\","
            + meta
            + "}}}}";
    body = event.getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();

    stripe = WebhookVerifiers.stripe(STRIPE_SECRET);
    stripeRequest =
        WebhookRequest.of(
            Map.of(
                "Stripe-Signature",
                List.of(
                    "t="
                        + now
                        + ",v1="
                        + hex(
                            hmac(
                                STRIPE_SECRET.getBytes(StandardCharsets.UTF_8),
                                (now + "." + event).getBytes(StandardCharsets.UTF_8))))),
            body);

    standard = WebhookVerifiers.standard(STANDARD_SECRET);
    standardRequest =
        WebhookRequest.of(
            Map.of(
                "webhook-id", List.of("evt_3QfBench"),
                "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature",
                    List.of(
                        StandardWebhooks.sign(
                            STANDARD_SECRET, "evt_3QfBench", Instant.ofEpochSecond(now), body))),
            body);

    checkoutCom = WebhookVerifiers.checkoutCom(CKO_KEY);
    checkoutRequest =
        WebhookRequest.of(
            Map.of(
                "Cko-Signature",
                List.of(hex(hmac(CKO_KEY.getBytes(StandardCharsets.UTF_8), body)))),
            body);

    adyen = WebhookVerifiers.adyen(ADYEN_KEY);
    String signed = "PSP1::Merchant:order-1001:12500:KWD:AUTHORISATION:true";
    String sig =
        Base64.getEncoder()
            .encodeToString(
                hmac(HexFormat.of().parseHex(ADYEN_KEY), signed.getBytes(StandardCharsets.UTF_8)));
    String adyenBody =
        "{\"live\":\"false\",\"notificationItems\":[{\"NotificationRequestItem\":{\"additionalData\":{\"hmacSignature\":\""
            + sig
            + "\","
            + meta
            + "},\"amount\":{\"value\":12500,\"currency\":\"KWD\"},\"eventCode\":\"AUTHORISATION\","
            + "\"eventDate\":\"2026-11-26T12:00:00+01:00\",\"merchantAccountCode\":\"Merchant\","
            + "\"merchantReference\":\"order-1001\",\"pspReference\":\"PSP1\",\"success\":\"true\"}}]}";
    adyenRequest = WebhookRequest.of(Map.of(), adyenBody.getBytes(StandardCharsets.UTF_8));

    tap = WebhookVerifiers.tap(TAP_KEY);
    String tapBody =
        "{\"id\":\"chg_TS05\",\"object\":\"charge\",\"status\":\"CAPTURED\",\"amount\":12.5,\"currency\":\"KWD\","
            + "\"transaction\":{\"created\":\"1698392202943\"},\"reference\":{\"payment\":\"43\",\"gateway\":\"12\"},"
            + "\"metadata\":{"
            + meta
            + "}}";
    String tapSigned =
        "x_idchg_TS05x_amount12.500x_currencyKWDx_gateway_reference12x_payment_reference43x_statusCAPTUREDx_created1698392202943";
    tapRequest =
        WebhookRequest.of(
            Map.of(
                "hashstring",
                List.of(
                    hex(
                        hmac(
                            TAP_KEY.getBytes(StandardCharsets.UTF_8),
                            tapSigned.getBytes(StandardCharsets.UTF_8))))),
            tapBody.getBytes(StandardCharsets.UTF_8));

    mpgs = WebhookVerifiers.mpgs(MPGS_SECRET);
    mpgsRequest = WebhookRequest.of(Map.of("X-Notification-Secret", List.of(MPGS_SECRET)), body);

    for (WebhookVerifier v : List.of(stripe, standard, checkoutCom, adyen, tap, mpgs)) {
      WebhookRequest r =
          v == stripe
              ? stripeRequest
              : v == standard
                  ? standardRequest
                  : v == checkoutCom
                      ? checkoutRequest
                      : v == adyen ? adyenRequest : v == tap ? tapRequest : mpgsRequest;
      v.verify(r); // fail fast if a fixture is wrong
    }
  }

  /** The raw HMAC floor: a {@link Mac} per thread, initialized once. */
  @State(Scope.Thread)
  public static class RawMac {
    Mac mac;

    /** Initializes the thread's Mac under the Checkout.com key. */
    @Setup
    public void init() throws GeneralSecurityException {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(CKO_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** The floor: HMAC-SHA256 of the body on a reused Mac. */
  @Benchmark
  public byte[] rawHmacSha256(RawMac raw) {
    return raw.mac.doFinal(body);
  }

  /** HMAC-SHA256 of the body with a Mac created and keyed per call. */
  @Benchmark
  public byte[] rawHmacFreshMac() throws GeneralSecurityException {
    return hmac(CKO_KEY.getBytes(StandardCharsets.UTF_8), body);
  }

  /** Stripe-Signature. */
  @Benchmark
  public WebhookRequest stripe() {
    stripe.verify(stripeRequest);
    return stripeRequest;
  }

  /** Standard Webhooks. */
  @Benchmark
  public WebhookRequest standard() {
    standard.verify(standardRequest);
    return standardRequest;
  }

  /** Cko-Signature. */
  @Benchmark
  public WebhookRequest checkoutCom() {
    checkoutCom.verify(checkoutRequest);
    return checkoutRequest;
  }

  /** Adyen's item HMAC (parses the body). */
  @Benchmark
  public WebhookRequest adyen() {
    adyen.verify(adyenRequest);
    return adyenRequest;
  }

  /** Tap's hashstring (parses the body). */
  @Benchmark
  public WebhookRequest tap() {
    tap.verify(tapRequest);
    return tapRequest;
  }

  /** MPGS's shared secret. */
  @Benchmark
  public WebhookRequest mpgs() {
    mpgs.verify(mpgsRequest);
    return mpgsRequest;
  }
}
