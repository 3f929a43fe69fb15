package io.ottu.gateways;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.testkit.KitWireMock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/** The opt-in logging interceptor, end to end over a socket, with a recording logger. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactingLoggingInterceptorTest {
  private static final String FORM =
      "amount=1000&currency=usd&payment_method_data[card][number]=4242424242424242"
          + "&payment_method_data[card][cvc]=123&metadata[order_id]=order-1001";

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private List<String> call(RedactingLoggingInterceptor.Builder builder, RecordingLogger logger)
      throws IOException {
    OkHttpClient client =
        new OkHttpClient.Builder().addInterceptor(builder.logger(logger).build()).build();
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + wireMock.getPort() + "/v1/payment_intents")
            .header("Authorization", "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc")
            .header("Idempotency-Key", "order-1001-auth")
            .post(
                RequestBody.create(
                    FORM.getBytes(StandardCharsets.UTF_8),
                    MediaType.get("application/x-www-form-urlencoded")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
    }
    return logger.lines;
  }

  @Test
  void bodiesAndHeadersAreLoggedOnlyWhenAskedAndAlwaysRedacted() throws IOException {
    wireMock.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(402)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_abc")
                    .withBody(
                        "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\","
                            + "\"payment_intent\":{\"client_secret\":\"pi_1_secret_xyz\"},"
                            + "\"payment_method\":{\"card\":{\"last4\":\"4242\"}}}}")));

    List<String> basic = call(RedactingLoggingInterceptor.builder(), new RecordingLogger());
    assertThat(basic).hasSize(2);
    assertThat(basic.get(0))
        .isEqualTo("--> POST http://127.0.0.1:" + wireMock.getPort() + "/v1/payment_intents");
    assertThat(basic.get(1)).startsWith("<-- 402 POST").contains("request-id=req_abc");
    assertThat(String.join("\n", basic)).doesNotContain("amount=").doesNotContain("Authorization");

    List<String> full =
        call(
            RedactingLoggingInterceptor.builder().headers(true).bodies(true),
            new RecordingLogger());
    String all = String.join("\n", full);
    assertThat(all)
        .contains("Authorization: [REDACTED]")
        .contains("Idempotency-Key: order-1001-auth")
        .contains("payment_method_data[card][number]=424242******4242")
        .contains("payment_method_data[card][cvc]=[REDACTED]")
        .contains("\"client_secret\":\"[REDACTED]\"")
        .contains("\"code\":\"card_declined\"")
        .doesNotContain("4242424242424242")
        .doesNotContain("cvc]=123")
        .doesNotContain("4eC39HqLyjWDarjtT1zdp7dc")
        .doesNotContain("secret_xyz");
  }

  @Test
  void failuresAreLoggedAndRethrown() {
    wireMock.stubFor(
        any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    RecordingLogger logger = new RecordingLogger();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> call(RedactingLoggingInterceptor.builder(), logger))
        .isInstanceOf(IOException.class);
    assertThat(logger.lines.get(logger.lines.size() - 1)).startsWith("<-- FAILED POST");
  }

  @Test
  void nothingIsLoggedBelowTheLoggersLevel() throws IOException {
    wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    RecordingLogger logger = new RecordingLogger();
    logger.enabled = false;
    assertThat(call(RedactingLoggingInterceptor.builder().level(Level.DEBUG), logger)).isEmpty();
  }

  /** A logger that keeps what it is given. */
  static final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new CopyOnWriteArrayList<>();
    boolean enabled = true;

    RecordingLogger() {
      this.name = "recording";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String msg, Object[] arguments, Throwable throwable) {
      lines.add(msg);
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled;
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled;
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled;
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled;
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled;
    }
  }
}
