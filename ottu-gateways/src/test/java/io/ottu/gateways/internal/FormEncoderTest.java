package io.ottu.gateways.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormEncoderTest {
  private static final List<String> SAMPLES =
      List.of(
          "",
          "1250",
          "usd",
          "pay_01jd3k",
          "ord-1.5_x*y",
          "a b",
          "a+b",
          "x&y=z",
          "50%",
          "café",
          "日本",
          "ünïcödé ✓",
          "https://shop.example/return?order=1&x=2",
          "[]",
          "tilde~",
          "emoji 😀");

  /** What the encoder produced before its fast path: URLEncoder on everything. */
  private static String reference(String key, String value) {
    String k =
        URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]");
    return k + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void encodesExactlyAsUrlEncoderWouldForEveryKindOfText() {
    for (String key : List.of("amount", "metadata[order_id]", "payment_method_types[]", "a b[c]")) {
      for (String value : SAMPLES) {
        String encoded = new FormEncoder().add(key, value).encode();
        assertThat(encoded).as("%s=%s", key, value).isEqualTo(reference(key, value));
      }
    }
  }

  @Test
  void joinsFieldsInOrderAndSkipsNulls() {
    String encoded =
        new FormEncoder()
            .add("amount", 1250)
            .add("description", null)
            .add("metadata[note]", "a b&c")
            .add("confirm", true)
            .encode();
    assertThat(encoded).isEqualTo("amount=1250&metadata[note]=a+b%26c&confirm=true");
  }

  @Test
  void plainIsTrueOnlyForWhatUrlEncoderLeavesAlone() {
    for (char c = 0; c < 256; c++) {
      String s = String.valueOf(c);
      boolean unchanged = URLEncoder.encode(s, StandardCharsets.UTF_8).equals(s);
      assertThat(FormEncoder.plain(s, false)).as("char %d", (int) c).isEqualTo(unchanged);
    }
    assertThat(FormEncoder.plain("a[b]", true)).isTrue();
    assertThat(FormEncoder.plain("a[b]", false)).isFalse();
  }
}
