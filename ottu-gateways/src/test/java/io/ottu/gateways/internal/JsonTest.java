package io.ottu.gateways.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing gateway answers whole, and keeping only the fields an adapter reads. */
class JsonTest {
  private static final String OBJECT =
      "{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"amount\":2000,"
          + "\"big\":12345678901234567890,\"long\":1767225600123,\"rate\":1.50,"
          + "\"ok\":true,\"gone\":null,\"metadata\":{\"order_id\":\"o-1\",\"n\":[1,{\"x\":2}]},"
          + "\"list\":[1,2,{\"deep\":[3]}],\"skipped\":{\"a\":{\"b\":[{\"c\":\"d\"}]}},"
          + "\"text\":\"caf\\u00e9 \\\"quoted\\\"\"}";

  @Test
  void keptFieldsAreTheSameNodesAsInTheWholeTree() throws JsonProcessingException {
    Set<String> every =
        Set.of(
            "id",
            "object",
            "amount",
            "big",
            "long",
            "rate",
            "ok",
            "gone",
            "metadata",
            "list",
            "skipped",
            "text");
    JsonNode whole = Json.parse(OBJECT);

    assertThat(Json.parse(OBJECT, every)).isEqualTo(whole);
    JsonNode kept = Json.parse(OBJECT, every);
    for (String field : every) {
      // The same node type too (an int stays an IntNode, a decimal a DecimalNode).
      assertThat(kept.get(field).getClass()).as(field).isEqualTo(whole.get(field).getClass());
    }
    assertThat(kept.get("rate").decimalValue()).isEqualByComparingTo(new BigDecimal("1.50"));
    assertThat(kept.get("text").asText()).isEqualTo("café \"quoted\"");
  }

  @Test
  void onlyTheNamedFieldsAreKeptEachWhole() throws JsonProcessingException {
    JsonNode kept = Json.parse(OBJECT, Set.of("id", "metadata", "gone", "absent"));

    assertThat(kept.size()).isEqualTo(3);
    assertThat(Json.text(kept, "id")).isEqualTo("pi_1");
    assertThat(kept.get("metadata")).isEqualTo(Json.parse(OBJECT).get("metadata"));
    assertThat(kept.get("gone").isNull()).isTrue();
    assertThat(kept.has("absent")).isFalse();
    assertThat(kept.has("amount")).isFalse();
  }

  @Test
  void aRepeatedFieldKeepsItsLastValueAsTheWholeTreeDoes() throws JsonProcessingException {
    String twice = "{\"status\":\"processing\",\"status\":\"succeeded\"}";

    assertThat(Json.text(Json.parse(twice, Set.of("status")), "status"))
        .isEqualTo(Json.text(Json.parse(twice), "status"))
        .isEqualTo("succeeded");
  }

  @Test
  void aRootThatIsNotAnObjectIsParsedWhole() throws JsonProcessingException {
    assertThat(Json.parse("[1,{\"a\":2}]", Set.of("a"))).isEqualTo(Json.parse("[1,{\"a\":2}]"));
    assertThat(Json.parse("\"text\"", Set.of("a")).asText()).isEqualTo("text");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{\"id\":\"pi_1\"",
        "{\"id\":\"pi_1\"} {}",
        "{\"id\":\"pi_1\"} x",
        "{\"skipped\":{\"a\":[1,2}}",
        "{\"skipped\":tru}",
        "{\"id\":\"pi_1\",}",
        "<html>502 Bad Gateway</html>"
      })
  void textThatIsNotExactlyOneJsonValueFailsEvenWhereNothingIsKept(String text) {
    assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.parse(text, Set.of("id")))
        .isInstanceOf(JsonProcessingException.class);
  }
}
