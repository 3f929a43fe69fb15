package io.ottu.webhooks.internal;

import io.ottu.webhooks.AddressGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * An OkHttp client that only reaches addresses an {@link AddressGuard} allows: its {@link Dns}
 * resolves each host once, checks every address, and hands OkHttp exactly the checked ones;
 * IP-literal hosts, which OkHttp connects to without asking its {@code Dns}, are checked by an
 * interceptor. No proxy (a proxy would resolve the target itself), no redirects (a redirect could
 * point anywhere), no silent retries.
 */
public final class GuardedHttp {
  private GuardedHttp() {}

  /**
   * A client derived from {@code base} (sharing its pools) or a new one, guarded by {@code guard}.
   */
  public static OkHttpClient client(
      OkHttpClient base, AddressGuard guard, Duration connectTimeout, Duration callTimeout) {
    Objects.requireNonNull(guard, "guard");
    OkHttpClient.Builder b = base == null ? new OkHttpClient.Builder() : base.newBuilder();
    b.interceptors().removeIf(i -> i instanceof LiteralCheck);
    return b.dns(new GuardedDns(guard))
        .addInterceptor(new LiteralCheck(guard))
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .connectTimeout(connectTimeout)
        .readTimeout(callTimeout)
        .writeTimeout(callTimeout)
        .callTimeout(callTimeout)
        .build();
  }

  /**
   * Checks a URL's host when it is an IP literal (a host name is checked at resolution).
   *
   * @throws BlockedAddressException if the literal is refused
   */
  public static void checkLiteral(AddressGuard guard, HttpUrl url) throws BlockedAddressException {
    InetAddress literal = Cidr.literal(url.host());
    if (literal != null && !guard.isAllowed(literal)) {
      throw new BlockedAddressException(
          url.host() + " is a non-public address (" + literal.getHostAddress() + ")");
    }
  }

  /** Resolves once through the guard; OkHttp connects to exactly what this returns. */
  static final class GuardedDns implements Dns {
    private final AddressGuard guard;

    GuardedDns(AddressGuard guard) {
      this.guard = guard;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
      return guard.resolve(hostname);
    }
  }

  /** Refuses requests to IP-literal hosts the guard does not allow. */
  static final class LiteralCheck implements Interceptor {
    private final AddressGuard guard;

    LiteralCheck(AddressGuard guard) {
      this.guard = guard;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      checkLiteral(guard, chain.request().url());
      return chain.proceed(chain.request());
    }
  }
}
