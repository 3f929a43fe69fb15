package io.ottu.gateways.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * An {@code application/x-www-form-urlencoded} body in Stripe's bracket notation ({@code
 * payment_method_data[card][number]=...}, {@code metadata[order_id]=...}, {@code
 * payment_method_types[]=card}). Values are percent-encoded as HTML forms are (UTF-8, space as
 * {@code +}); the square brackets in keys are left literal, as Stripe's own libraries send them.
 * Fields keep their order. Not thread-safe; one per request.
 */
public final class FormEncoder {
  /** The form media type, sent exactly as written. */
  public static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  private final List<String[]> fields = new ArrayList<>();

  /** Adds {@code key=value}; a null value is skipped. */
  public FormEncoder add(String key, Object value) {
    if (value != null) {
      fields.add(new String[] {key, value.toString()});
    }
    return this;
  }

  /** The encoded text. Holds whatever was added, card data included: never log it raw. */
  public String encode() {
    // Exactly the length of a form that needs no escaping (the usual case): no regrowth.
    int length = Math.max(0, fields.size() - 1);
    for (String[] f : fields) {
      length += f[0].length() + 1 + f[1].length();
    }
    StringBuilder sb = new StringBuilder(length);
    for (String[] f : fields) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      appendKey(sb, f[0]);
      sb.append('=');
      appendValue(sb, f[1]);
    }
    return sb.toString();
  }

  /** The request body. */
  public RequestBody toRequestBody() {
    return RequestBody.create(encode().getBytes(StandardCharsets.UTF_8), FORM);
  }

  // Most keys and values (amounts, codes, ids, card digits) need no escaping: they are appended as
  // they are, which is exactly what URLEncoder would produce for them; anything else goes through
  // URLEncoder. Keys keep their brackets literal, as Stripe documents them.
  private static void appendKey(StringBuilder sb, String key) {
    if (plain(key, true)) {
      sb.append(key);
    } else {
      sb.append(
          URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]"));
    }
  }

  private static void appendValue(StringBuilder sb, String value) {
    if (plain(value, false)) {
      sb.append(value);
    } else {
      sb.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  // Per ASCII character: 1 if URLEncoder leaves it as it is, 2 if only a key's bracket.
  private static final byte[] PLAIN = new byte[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      PLAIN[c] = 1;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      PLAIN[c] = 1;
    }
    for (char c = '0'; c <= '9'; c++) {
      PLAIN[c] = 1;
    }
    for (char c : new char[] {'-', '_', '.', '*'}) {
      PLAIN[c] = 1;
    }
    PLAIN['['] = 2;
    PLAIN[']'] = 2;
  }

  /** Whether URLEncoder leaves every character as it is (brackets too, for keys). */
  static boolean plain(String s, boolean brackets) {
    int allowed = brackets ? 2 : 1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128) {
        return false;
      }
      int kind = PLAIN[c];
      if (kind == 0 || kind > allowed) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "FormEncoder[" + fields.size() + " fields]";
  }
}
