package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  private final AddressGuard strict = AddressGuard.strict();

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "100.100.100.200",
        "168.63.129.16",
        "192.0.0.192",
        "198.18.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
        "2002:a9fe:a9fe::1"
      })
  void refusesNonPublicAndMetadataAddresses(String literal) throws Exception {
    assertThat(strict.isAllowed(ip(literal))).as(literal).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34",
        "8.8.8.8",
        "172.32.0.1",
        "2606:2800:220:1:248:1893:25c8:1946",
        "64:ff9b::808:808"
      })
  void allowsPublicAddresses(String literal) throws Exception {
    assertThat(strict.isAllowed(ip(literal))).as(literal).isTrue();
  }

  @Test
  void allowListsOpenExactlyTheirRanges() throws Exception {
    AddressGuard g =
        AddressGuard.builder()
            .allowLoopback()
            .allow("10.20.0.0/16")
            .allow("fd12:3456::/32")
            .build();

    assertThat(g.isAllowed(ip("127.0.0.1"))).isTrue();
    assertThat(g.isAllowed(ip("::1"))).isTrue();
    assertThat(g.isAllowed(ip("10.20.9.9"))).isTrue();
    assertThat(g.isAllowed(ip("10.21.0.1"))).isFalse();
    assertThat(g.isAllowed(ip("fd12:3456::1"))).isTrue();
    assertThat(g.isAllowed(ip("fd12:3457::1"))).isFalse();
    assertThat(g.isAllowed(ip("169.254.169.254"))).isFalse();
    assertThat(g.toBuilder().build().isAllowed(ip("10.20.1.1"))).isTrue();
  }

  @Test
  void resolvesOnceAndRefusesAnAnswerWithAnyPrivateAddress() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AddressGuard g =
        AddressGuard.builder()
            .resolver(
                host -> {
                  calls.incrementAndGet();
                  return switch (host) {
                    case "public.test" -> List.of(ip("93.184.216.34"));
                    case "mixed.test" -> List.of(ip("93.184.216.34"), ip("10.0.0.7"));
                    default -> List.of();
                  };
                })
            .build();

    assertThat(g.resolve("public.test")).containsExactly(ip("93.184.216.34"));
    assertThat(calls).hasValue(1);
    assertThatThrownBy(() -> g.resolve("mixed.test"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessage("mixed.test resolves to 10.0.0.7, a non-public address");
    assertThatThrownBy(() -> g.resolve("nothing.test")).hasMessageContaining("has no address");
  }

  @Test
  void rangesMustBeLiterals() {
    assertThatThrownBy(() -> AddressGuard.builder().allow("intranet.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cidr:");
    assertThatThrownBy(() -> AddressGuard.builder().allow("10.0.0.0/33"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> AddressGuard.builder().allow("10.0.0.0/x"))
        .hasMessageContaining("bad prefix");
  }
}
