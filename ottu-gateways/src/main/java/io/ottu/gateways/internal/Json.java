package io.ottu.gateways.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The adapters' JSON reading: one configured, thread-safe {@link ObjectMapper} and null-safe tree
 * accessors. Adapters read responses as trees, so a field the gateway adds tomorrow breaks nothing.
 */
public final class Json {
  /** Shared mapper; reads numbers exactly (BigDecimal) so amounts never pass through a double. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /**
   * Parses {@code text}.
   *
   * @return the tree; never null
   * @throws JsonProcessingException if the text is not one JSON value (empty text included)
   */
  public static JsonNode parse(String text) throws JsonProcessingException {
    if (text == null || text.isBlank()) {
      throw new JsonProcessingException("empty body") {
        private static final long serialVersionUID = 1L;
      };
    }
    JsonNode node = MAPPER.readTree(text);
    return node == null ? MissingNode.getInstance() : node;
  }

  /** The text of {@code node.field}, or null when missing, null or not a scalar. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** The object {@code node.field}, or null when missing or not an object. */
  public static JsonNode object(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isObject() ? v : null;
  }

  /** The integer {@code node.field}, or null when missing, null or not an integral number. */
  public static Long longValue(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : null;
  }
}
