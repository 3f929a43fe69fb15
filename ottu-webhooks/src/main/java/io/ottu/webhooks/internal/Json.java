package io.ottu.webhooks.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The module's one Jackson mapper and small, null-tolerant readers over trees. Decimal numbers are
 * read as exact {@link BigDecimal}s, never doubles: amounts must not pick up binary rounding.
 */
public final class Json {
  /** Shared and thread-safe once configured. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // Webhook bodies are small; hostile ones may be deep or carry huge numbers.
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxNumberLength(64)
                          .maxStringLength(1 << 20)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /**
   * Parses a body into a tree.
   *
   * @throws IOException if the body is not one JSON value
   */
  public static JsonNode parse(byte[] body) throws IOException {
    JsonNode node = MAPPER.readTree(body);
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty body");
    }
    return node;
  }

  /** The node at {@code path}, or a missing node; never null. */
  public static JsonNode at(JsonNode node, String... path) {
    JsonNode cur = node == null ? MissingNode.getInstance() : node;
    for (String p : path) {
      cur = cur.path(p);
    }
    return cur;
  }

  /**
   * The scalar at {@code path} as text (numbers and booleans as written), or null when missing,
   * null, or not a scalar.
   */
  public static String text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  /** The text at {@code path}, or {@code ""} when absent. */
  public static String textOrEmpty(JsonNode node, String... path) {
    String t = text(node, path);
    return t == null ? "" : t;
  }

  /**
   * The number at {@code path} as an exact decimal (a numeric string is accepted too), or null when
   * missing.
   *
   * @throws NumberFormatException if present and not a number
   */
  public static BigDecimal decimal(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isTextual()) {
      String s = n.asText().strip();
      if (s.length() > 64) {
        throw new NumberFormatException("number too long");
      }
      return new BigDecimal(s);
    }
    throw new NumberFormatException("not a number");
  }

  /**
   * The integer at {@code path}, or null when missing.
   *
   * @throws NumberFormatException if present and not an integer that fits a long
   */
  public static Long integer(JsonNode node, String... path) {
    BigDecimal d = decimal(node, path);
    if (d == null) {
      return null;
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw new NumberFormatException("not an integer in range");
    }
  }
}
