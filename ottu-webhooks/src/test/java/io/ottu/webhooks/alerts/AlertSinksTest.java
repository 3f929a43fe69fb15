package io.ottu.webhooks.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ottu.testing.MutableClock;
import io.ottu.webhooks.AddressGuard;
import io.ottu.webhooks.StandardWebhooks;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerifiers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertSinksTest {
  private static final String SECRET = "whsec_YWxlcnQtc2luay10ZXN0LXNlY3JldC0wMDAx";

  private record Got(Map<String, List<String>> headers, byte[] body) {}

  private HttpServer server;
  private final List<Got> got = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final Alert alert =
      Alert.of(
          Alert.Type.CIRCUIT_OPENED,
          Alert.Severity.CRITICAL,
          "stripe",
          "the circuit breaker of gateway stripe opened",
          Instant.parse("2026-11-26T12:00:00Z"),
          Map.of("state", "OPEN", "gateway", "stripe"));

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          Map<String, List<String>> h = new TreeMap<>();
          ex.getRequestHeaders()
              .forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
          got.add(new Got(h, ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static AddressGuard loopback() {
    return AddressGuard.builder().allowLoopback().build();
  }

  @Test
  void theWebhookSinkPostsASignedAlert() throws Exception {
    AlertSink sink =
        WebhookAlertSink.builder()
            .url(url("/alerts"))
            .secret(SECRET)
            .addressGuard(loopback())
            .clock(clock)
            .build();

    sink.send(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);

    Got g = got.get(0);
    String id = g.headers().get("webhook-id").get(0);
    String ts = g.headers().get("webhook-timestamp").get(0);
    assertThat(id).isEqualTo(alert.id()).startsWith("alt_");
    assertThat(ts).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
    assertThat(g.headers().get("webhook-signature").get(0))
        .isEqualTo(independentSignature(id, ts, g.body()));
    WebhookVerifiers.standard(SECRET)
        .withClock(clock)
        .verify(WebhookRequest.of(g.headers(), g.body()));

    JsonNode json = new ObjectMapper().readTree(g.body());
    assertThat(json.path("type").asText()).isEqualTo("alert.circuit_opened");
    assertThat(json.path("data").path("severity").asText()).isEqualTo("critical");
    assertThat(json.path("data").path("subject").asText()).isEqualTo("stripe");
    assertThat(json.path("data").path("attributes").path("state").asText()).isEqualTo("OPEN");
    assertThat(sink.toString()).doesNotContain(SECRET);
  }

  @Test
  void theSlackSinkPostsText() throws Exception {
    AlertSink sink =
        SlackAlertSink.builder()
            .url(url("/services/T000/B000/XXXX"))
            .addressGuard(loopback())
            .build();

    sink.send(alert);
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);

    JsonNode json = new ObjectMapper().readTree(got.get(0).body());
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.path("text").asText())
        .isEqualTo(
            ":rotating_light: [CRITICAL] circuit opened: stripe\n"
                + "the circuit breaker of gateway stripe opened (gateway=stripe, state=OPEN)");
    assertThat(sink.toString()).doesNotContain("XXXX").contains("127.0.0.1");
  }

  @Test
  void sendingNeverBlocksOnASlowOrRefusedTarget() {
    // Nothing listens on port 9 of loopback; the default guard refuses loopback anyway.
    AlertSink refused = SlackAlertSink.builder().url("http://127.0.0.1:9/x").build();
    AlertSink unreachable =
        WebhookAlertSink.builder()
            .url("http://127.0.0.1:9/x")
            .secret(SECRET)
            .addressGuard(loopback())
            .build();
    long t0 = System.nanoTime();

    refused.send(alert);
    unreachable.send(alert);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void fanOutSurvivesAFailingSink() {
    List<Alert> seen = new CopyOnWriteArrayList<>();
    AlertSink all =
        AlertSink.all(
            a -> {
              throw new IllegalStateException("pager down");
            },
            seen::add);

    all.send(alert);

    assertThat(seen).containsExactly(alert);
  }

  private static String independentSignature(String id, String ts, byte[] body)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  @Test
  void theSignatureMatchesWhatStandardWebhooksProduces() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(StandardWebhooks.sign(SECRET, "alt_1", clock.instant(), body))
        .isEqualTo(signatureOrFail("alt_1", Long.toString(clock.instant().getEpochSecond()), body));
  }

  private static String signatureOrFail(String id, String ts, byte[] body) {
    try {
      return independentSignature(id, ts, body);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
