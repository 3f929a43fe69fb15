package io.ottu.webhooks;

import io.ottu.webhooks.internal.BlockedAddressException;
import io.ottu.webhooks.internal.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps outbound webhooks (and alert sinks) from being pointed at the host's own network: a
 * server-side request forgery guard. A target host is resolved <em>once</em>; if any of its
 * addresses is loopback, private (RFC 1918, unique-local IPv6), link-local, carrier-grade NAT,
 * multicast, unspecified, reserved or documentation space, or a cloud metadata address ({@code
 * 169.254.169.254}, {@code 100.100.100.200}, {@code fd00:ec2::254}, Azure's {@code 168.63.129.16}),
 * the request is refused, and otherwise the connection goes to exactly the addresses that were
 * checked, so a DNS answer that changes between the check and the connection (DNS rebinding) cannot
 * slip through. IPv4 addresses inside IPv6 (mapped, compatible, NAT64, 6to4) are checked as IPv4.
 *
 * <p>Ranges can be allow-listed: {@link Builder#allowLoopback()} for tests against a local
 * receiver, {@link Builder#allow(String)} for an internal receiver the host trusts.
 *
 * <p>Immutable and thread-safe.
 */
public final class AddressGuard {
  /** Resolves a host name to its addresses; the JDK's resolver by default. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * Every address of {@code host}.
     *
     * @throws UnknownHostException if it has none
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** The JDK's resolver ({@link InetAddress#getAllByName}). */
  public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

  private static final List<Cidr> BLOCKED =
      Cidr.parseAll(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "127.0.0.0/8",
          "168.63.129.16/32",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.0.2.0/24",
          "192.88.99.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "224.0.0.0/4",
          "240.0.0.0/4",
          "::/128",
          "::1/128",
          "100::/64",
          "2001:db8::/32",
          "fc00::/7",
          "fe80::/10",
          "fec0::/10",
          "ff00::/8");

  private static final List<Cidr> LOOPBACK = Cidr.parseAll("127.0.0.0/8", "::1/128");

  private final List<Cidr> allowed;
  private final Resolver resolver;

  private AddressGuard(Builder b) {
    this.allowed = List.copyOf(b.allowed);
    this.resolver = b.resolver;
  }

  /** Public addresses only, resolved by the JDK. */
  public static AddressGuard strict() {
    return builder().build();
  }

  /** A builder: public addresses only until ranges are allowed. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this guard's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.allowed.addAll(allowed);
    b.resolver = resolver;
    return b;
  }

  /** Whether a connection to {@code address} is allowed. */
  public boolean isAllowed(InetAddress address) {
    Objects.requireNonNull(address, "address");
    InetAddress v4 = embeddedIpv4(address);
    for (Cidr c : allowed) {
      if (c.contains(address) || (v4 != null && c.contains(v4))) {
        return true;
      }
    }
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    for (Cidr c : BLOCKED) {
      if (c.contains(address)) {
        return false;
      }
    }
    return v4 == null || isAllowed(v4);
  }

  /**
   * Resolves {@code host} once and returns its addresses if every one is allowed: connect to these
   * and no others.
   *
   * @throws UnknownHostException if the host does not resolve, or resolves to a refused address
   *     (the message names the host and the address, never a URL's path or query)
   */
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    Objects.requireNonNull(host, "host");
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses == null || addresses.isEmpty()) {
      throw new UnknownHostException(host + " has no address");
    }
    for (InetAddress a : addresses) {
      if (!isAllowed(a)) {
        // Refuse the whole answer: an attacker's DNS may mix a public decoy with a private target.
        throw new BlockedAddressException(
            host + " resolves to " + a.getHostAddress() + ", a non-public address");
      }
    }
    return List.copyOf(addresses);
  }

  /** The IPv4 address inside an IPv6 one (mapped, compatible, NAT64, 6to4), or null. */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    byte[] b = address.getAddress();
    boolean zero10 = true;
    for (int i = 0; i < 10; i++) {
      zero10 &= b[i] == 0;
    }
    boolean mapped = zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible =
        zero10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && allZero(b, 4, 12);
    try {
      if (mapped || compatible || nat64) {
        return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return Inet4Address.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "AddressGuard[allowed=" + allowed + "]";
  }

  /** Builds an {@link AddressGuard}. Not thread-safe. */
  public static final class Builder {
    private final List<Cidr> allowed = new ArrayList<>();
    private Resolver resolver = SYSTEM_RESOLVER;

    private Builder() {}

    /** Allows loopback ({@code 127.0.0.0/8}, {@code ::1}): for tests against a local receiver. */
    public Builder allowLoopback() {
      allowed.addAll(LOOPBACK);
      return this;
    }

    /**
     * Allows a range in CIDR notation ({@code 10.20.0.0/16}, {@code fd12:3456::/48}) or one
     * address.
     *
     * @throws IllegalArgumentException if it is not an IP address or CIDR range
     */
    public Builder allow(String cidr) {
      allowed.add(Cidr.parse(Objects.requireNonNull(cidr, "cidr")));
      return this;
    }

    /** The resolver (tests substitute one that answers what they need). */
    public Builder resolver(Resolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Builds the guard. */
    public AddressGuard build() {
      return new AddressGuard(this);
    }
  }
}
