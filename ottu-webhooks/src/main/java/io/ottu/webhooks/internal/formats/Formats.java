package io.ottu.webhooks.internal.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.Money;
import io.ottu.webhooks.MalformedNotificationException;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.internal.Amounts;
import io.ottu.webhooks.internal.BodyAccess;
import io.ottu.webhooks.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every format does: read the JSON body, amounts and times, or say which field is wrong. */
final class Formats {
  /** Longest id a hint may be; anything longer is no payment id of ours. */
  private static final int MAX_HINT = 100;

  private Formats() {}

  static JsonNode json(String gateway, WebhookRequest request) {
    try {
      JsonNode root = Json.parse(BodyAccess.raw(request));
      if (!root.isObject()) {
        throw new MalformedNotificationException(gateway + ": the body is not a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new MalformedNotificationException(gateway + ": the body is not JSON", e);
    }
  }

  /** The JSON body, or null when it is not an object; never throws (for unverified bodies). */
  static JsonNode jsonOrNull(WebhookRequest request) {
    try {
      JsonNode root = Json.parse(BodyAccess.raw(request));
      return root.isObject() ? root : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String text(String gateway, JsonNode node, String... path) {
    JsonNode n = Json.at(node, path);
    if (!n.isMissingNode() && !n.isNull() && !n.isValueNode()) {
      throw new MalformedNotificationException(
          gateway + ": " + String.join(".", path) + " is not a scalar");
    }
    return Json.text(node, path);
  }

  static String required(String gateway, JsonNode node, String... path) {
    String v = text(gateway, node, path);
    if (v == null || v.isBlank()) {
      throw new MalformedNotificationException(
          gateway + ": " + String.join(".", path) + " is missing");
    }
    return v;
  }

  /** An integer minor-unit amount with its currency, or null if the value is absent. */
  static Money minor(
      String gateway,
      JsonNode node,
      String valueField,
      String currencyField,
      Map<String, Integer> exponents) {
    Long value;
    try {
      value = Json.integer(node, valueField);
    } catch (NumberFormatException e) {
      throw new MalformedNotificationException(gateway + ": " + valueField + " is not an integer");
    }
    if (value == null) {
      return null;
    }
    String currency = text(gateway, node, currencyField);
    try {
      return Amounts.minor(value, currency, exponents);
    } catch (IllegalArgumentException e) {
      throw new MalformedNotificationException(
          gateway + ": " + valueField + "/" + currencyField + ": " + e.getMessage());
    }
  }

  /** A decimal major-unit amount with its currency, or null if the value is absent. */
  static Money major(String gateway, JsonNode node, String valueField, String currencyField) {
    BigDecimal value;
    try {
      value = Json.decimal(node, valueField);
    } catch (NumberFormatException e) {
      throw new MalformedNotificationException(gateway + ": " + valueField + " is not a number");
    }
    if (value == null) {
      return null;
    }
    String currency = text(gateway, node, currencyField);
    try {
      return Amounts.major(value, currency);
    } catch (IllegalArgumentException e) {
      throw new MalformedNotificationException(
          gateway + ": " + valueField + "/" + currencyField + ": " + e.getMessage());
    }
  }

  /** An ISO-8601 time with an offset, or null when absent or unreadable. */
  static Instant time(JsonNode node, String... path) {
    String t = Json.text(node, path);
    if (t == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t.strip()).toInstant();
    } catch (DateTimeException e) {
      try {
        return Instant.parse(t.strip());
      } catch (DateTimeException e2) {
        return null;
      }
    }
  }

  /** Unix seconds, or null when absent or not a number. */
  static Instant epochSeconds(JsonNode node, String... path) {
    try {
      Long s = Json.integer(node, path);
      return s == null ? null : Instant.ofEpochSecond(s);
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  /** Unix milliseconds, or null when absent or not a number. */
  static Instant epochMillis(JsonNode node, String... path) {
    try {
      Long ms = Json.integer(node, path);
      return ms == null ? null : Instant.ofEpochMilli(ms);
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  /** Adds the text at {@code path} to {@code hints} if it could be an id. */
  static void hint(List<String> hints, JsonNode node, String... path) {
    String v = Json.text(node, path);
    if (v != null && !v.isBlank() && v.length() <= MAX_HINT && !hints.contains(v.strip())) {
      hints.add(v.strip());
    }
  }

  static List<String> hints() {
    return new ArrayList<>(2);
  }
}
