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
    StringBuilder sb = new StringBuilder();
    for (String[] f : fields) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(encodeKey(f[0]))
          .append('=')
          .append(URLEncoder.encode(f[1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** The request body. */
  public RequestBody toRequestBody() {
    return RequestBody.create(encode().getBytes(StandardCharsets.UTF_8), FORM);
  }

  private static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]");
  }

  @Override
  public String toString() {
    return "FormEncoder[" + fields.size() + " fields]";
  }
}
