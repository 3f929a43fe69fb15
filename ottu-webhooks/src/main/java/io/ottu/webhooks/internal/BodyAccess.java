package io.ottu.webhooks.internal;

import io.ottu.webhooks.WebhookRequest;
import java.util.Objects;
import java.util.function.Function;

/**
 * Lets the module's own verifiers and parsers read a {@link WebhookRequest}'s body bytes without a
 * copy (the public API only hands out copies and read-only views). {@code WebhookRequest} installs
 * the accessor when its class initializes, which happens before any instance can reach this class.
 * Callers must never modify the array.
 */
public final class BodyAccess {
  private static volatile Function<WebhookRequest, byte[]> accessor;

  private BodyAccess() {}

  /** Installs the accessor; called once, by {@code WebhookRequest}. */
  public static void install(Function<WebhookRequest, byte[]> raw) {
    if (accessor != null) {
      throw new IllegalStateException("already installed");
    }
    accessor = Objects.requireNonNull(raw, "raw");
  }

  /** The request's body itself, not a copy: read it, never write it. */
  public static byte[] raw(WebhookRequest request) {
    return accessor.apply(request);
  }
}
