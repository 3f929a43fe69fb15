package io.ottu.gateways.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * An adapter's endpoint URLs under its base URL, resolved once: most paths are constants ({@code
 * /v1/payment_intents}), and building an {@link HttpUrl} on every call costs more than the map
 * lookup. Paths with ids in them are resolved every time once the cache holds {@value #MAX} paths,
 * so the cache stays small whatever the traffic. Thread-safe ({@link HttpUrl} is immutable).
 */
public final class ResolvedUrls {
  static final int MAX = 64;

  private final HttpUrl baseUrl;
  private final ConcurrentHashMap<String, HttpUrl> cache = new ConcurrentHashMap<>();

  /** URLs under {@code baseUrl}. */
  public ResolvedUrls(HttpUrl baseUrl) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  /** {@code path} resolved against the base URL, as {@link GatewayHttpClients#resolve} does. */
  public HttpUrl get(String path) {
    HttpUrl url = cache.get(path);
    if (url != null) {
      return url;
    }
    url = GatewayHttpClients.resolve(baseUrl, path).build();
    if (cache.size() < MAX) {
      cache.putIfAbsent(path, url);
    }
    return url;
  }

  /** How many paths are cached. */
  int size() {
    return cache.size();
  }
}
