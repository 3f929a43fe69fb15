package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
  @Test
  void headerNamesAreCaseInsensitiveAndValuesKeepTheirOrder() {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Stripe-Signature", List.of("t=1,v1=aa", "t=2"));
    headers.put(null, List.of("HTTP/1.1 200 OK"));
    WebhookRequest r = WebhookRequest.of(headers, new byte[] {1, 2});

    assertThat(r.header("stripe-signature")).contains("t=1,v1=aa");
    assertThat(r.header("STRIPE-SIGNATURE")).contains("t=1,v1=aa");
    assertThat(r.headers("Stripe-signature")).containsExactly("t=1,v1=aa", "t=2");
    assertThat(r.header("missing")).isEmpty();
    assertThat(r.headerNames()).hasSize(1);
  }

  @Test
  void theBodyIsCopiedInAndOut() {
    byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
    WebhookRequest r = WebhookRequest.of(Map.of(), body);
    body[0] = 'x';
    byte[] out = r.body();
    out[1] = 'y';

    assertThat(r.bodyAsString()).isEqualTo("abc");
    assertThat(r.bodyLength()).isEqualTo(3);
    assertThat(r.bodyBuffer().isReadOnly()).isTrue();
  }

  @Test
  void toStringNamesHeadersButNeverShowsTheirValues() {
    WebhookRequest r =
        Signing.request("{}", "X-Notification-Secret", TestSecrets.MPGS, "Content-Type", "json");

    assertThat(r.toString())
        .contains("X-Notification-Secret")
        .contains("2 bytes")
        .doesNotContain(TestSecrets.MPGS);
  }

  @Test
  void readingRefusesALongBodyAssoonAsItPassesTheLimit() {
    AtomicLong read = new AtomicLong();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            read.incrementAndGet();
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 'a');
            read.addAndGet(len);
            return len;
          }
        };

    assertThatThrownBy(() -> WebhookRequest.read(Map.of(), endless, 1000))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("longer than the limit of 1000 bytes")
        .extracting(e -> ((WebhookVerificationException) e).reason())
        .isEqualTo(WebhookVerificationException.Reason.BODY_TOO_LARGE);
    assertThat(read.get()).isEqualTo(1001);
  }

  @Test
  void readingAcceptsABodyOfExactlyTheLimit() throws Exception {
    WebhookRequest r =
        WebhookRequest.read(Map.of(), new ByteArrayInputStream(new byte[1000]), 1000);

    assertThat(r.bodyLength()).isEqualTo(1000);
  }
}
