package io.ottu.gateways.internal;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class ResolvedUrlsTest {
  @Test
  void resolvesLikeTheHelperAndReusesConstantPaths() {
    HttpUrl base = HttpUrl.get("https://api.example.com/base");
    ResolvedUrls urls = new ResolvedUrls(base);
    HttpUrl first = urls.get("/v1/payment_intents");
    assertThat(first).isEqualTo(GatewayHttpClients.resolve(base, "/v1/payment_intents").build());
    assertThat(first.toString()).isEqualTo("https://api.example.com/base/v1/payment_intents");
    assertThat(urls.get("/v1/payment_intents")).isSameAs(first);
  }

  @Test
  void theCacheStaysSmallWhenPathsCarryIds() {
    ResolvedUrls urls = new ResolvedUrls(HttpUrl.get("https://api.example.com"));
    for (int i = 0; i < 1_000; i++) {
      assertThat(urls.get("/v2/orders/" + i).encodedPath()).isEqualTo("/v2/orders/" + i);
    }
    assertThat(urls.size()).isEqualTo(ResolvedUrls.MAX);
  }
}
