package io.ottu.gateways.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

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

  // Reads one value out of a document being walked (the document's own end is checked apart).
  private static final ObjectReader VALUE =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

  /**
   * Parses {@code text}, keeping of a top-level object only the properties named in {@code fields}
   * (each with everything under it). The rest of the document is still read through, so text that
   * is not exactly one well-formed JSON value fails as with {@link #parse(String)}, but no nodes
   * are built for values the caller never reads: a gateway object's dozens of unread fields cost no
   * allocation. A document whose root is not an object is parsed whole.
   *
   * @return the pruned tree; never null
   * @throws JsonProcessingException if the text is not one JSON value (empty text included)
   */
  public static JsonNode parse(String text, Set<String> fields) throws JsonProcessingException {
    if (text == null || text.isBlank()) {
      return parse(text);
    }
    try (JsonParser p = MAPPER.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return parse(text);
      }
      JsonNodeFactory nodes = MAPPER.getNodeFactory();
      ObjectNode kept = nodes.objectNode();
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if (!fields.contains(name)) {
          p.skipChildren();
          continue;
        }
        // Strings and ordinary integers directly; anything else as the mapper reads it.
        JsonNode node =
            switch (value) {
              case VALUE_STRING -> nodes.textNode(p.getText());
              case VALUE_NUMBER_INT ->
                  switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> VALUE.readTree(p);
                  };
              default -> VALUE.readTree(p);
            };
        kept.set(name, node);
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new JsonParseException(p, "trailing token " + trailing + " after the JSON object");
      }
      return kept;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      // Reading a String does no I/O.
      throw new UncheckedIOException(e);
    }
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
