package io.ottu.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The ceiling of {@link StripeHttpBenchmark}: a Stripe purchase as a careful integrator writes it
 * by hand with OkHttp and Jackson, and nothing more. It sends exactly the request {@code
 * StripeGateway} sends for a card purchase (the same form fields in the same order, bracket keys
 * literal, values percent-encoded; the same {@code Authorization: Bearer}, {@code Accept}, {@code
 * User-Agent} and {@code Idempotency-Key} headers), checks the status code, parses the body into a
 * tree and checks {@code status}, {@code amount} and {@code currency}. No retries, no state, no
 * logging. Thread-safe.
 */
public final class HandWrittenStripe {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  private final OkHttpClient client;
  private final HttpUrl url;
  private final String authorization;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * A caller of {@code POST /v1/payment_intents}.
   *
   * @param client the host's shared client, used as it is
   * @param baseUrl the API's base URL, such as {@code http://127.0.0.1:PORT}
   * @param secretKey the Stripe secret key
   */
  public HandWrittenStripe(OkHttpClient client, String baseUrl, String secretKey) {
    this.client = Objects.requireNonNull(client, "client");
    this.url = HttpUrl.get(baseUrl + StubStripeServer.PATH);
    this.authorization = "Bearer " + Objects.requireNonNull(secretKey, "secretKey");
  }

  /**
   * Confirms and captures a card payment in one call.
   *
   * @param amountMinor the amount in the currency's minor unit
   * @param currency the lower-case ISO currency code
   * @param number the card number
   * @param expMonth the expiry month
   * @param expYear the four-digit expiry year
   * @param cvc the CVC
   * @param paymentId the integrator's payment id, sent as {@code metadata[ottu_payment_id]}
   * @param reference the order reference, sent as {@code metadata[order_id]}
   * @param idempotencyKey the {@code Idempotency-Key}, also sent as metadata
   * @return the PaymentIntent
   * @throws IOException on a transport failure
   * @throws IllegalStateException if Stripe did not answer with a succeeded PaymentIntent for the
   *     amount and currency sent
   */
  public JsonNode purchase(
      long amountMinor,
      String currency,
      String number,
      int expMonth,
      int expYear,
      String cvc,
      String paymentId,
      String reference,
      String idempotencyKey)
      throws IOException {
    StringBuilder form = new StringBuilder(512);
    form.append("amount=")
        .append(amountMinor)
        .append("&currency=")
        .append(currency)
        .append("&confirm=true&capture_method=automatic&payment_method_types[]=card")
        .append("&payment_method_data[type]=card&payment_method_data[card][number]=")
        .append(encode(number))
        .append("&payment_method_data[card][exp_month]=")
        .append(expMonth)
        .append("&payment_method_data[card][exp_year]=")
        .append(expYear)
        .append("&payment_method_data[card][cvc]=")
        .append(encode(cvc))
        .append("&metadata[ottu_payment_id]=")
        .append(encode(paymentId))
        .append("&metadata[order_id]=")
        .append(encode(reference))
        .append("&metadata[ottu_idempotency_key]=")
        .append(encode(idempotencyKey));
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("User-Agent", "ottu-java")
            .header("Idempotency-Key", idempotencyKey)
            .post(RequestBody.create(form.toString().getBytes(StandardCharsets.UTF_8), FORM))
            .build();
    JsonNode pi;
    try (Response response = client.newCall(request).execute()) {
      // The body as text, then the tree: the common idiom, and what the adapter does too.
      String body = response.body().string();
      if (response.code() != 200) {
        throw new IllegalStateException("HTTP " + response.code() + ": " + body);
      }
      pi = mapper.readTree(body);
    }
    if (!"succeeded".equals(pi.path("status").asText())
        || pi.path("amount").asLong(-1) != amountMinor
        || !currency.equals(pi.path("currency").asText())) {
      throw new IllegalStateException(
          "unexpected PaymentIntent "
              + pi.path("status").asText()
              + " "
              + pi.path("amount").asText()
              + " "
              + pi.path("currency").asText());
    }
    return pi;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
