package io.ottu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateway.GatewayOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Derived keys are the documented hash of their parts, byte for byte, whatever the parts: a key
 * derived by this version must equal the one an earlier version sent, or a retry after an upgrade
 * would look new to the gateway.
 */
class GatewayKeysProperties {
  private static String reference(
      String paymentId, GatewayOperation op, int sequence, String gatewayId, int attempt) {
    return "ot_"
        + Digests.sha256Hex(
            paymentId + '\n' + op + '\n' + sequence + '\n' + gatewayId + '\n' + attempt, 20);
  }

  @Property(tries = 2000)
  void theKeyIsTheHashOfTheParts(
      @ForAll @StringLength(max = 40) String paymentId,
      @ForAll GatewayOperation op,
      @ForAll int sequence,
      @ForAll @StringLength(max = 30) String gatewayId,
      @ForAll int attempt) {
    String key = GatewayKeys.derive(paymentId, op, sequence, gatewayId, attempt);
    assertThat(key).isEqualTo(reference(paymentId, op, sequence, gatewayId, attempt));
    assertThat(key).hasSize(43).matches("ot_[0-9a-f]{40}");
  }

  @Property(tries = 500)
  void typicalPartsToo(
      @ForAll("ids") String paymentId,
      @ForAll GatewayOperation op,
      @ForAll("small") int sequence,
      @ForAll("gateways") String gatewayId,
      @ForAll("small") int attempt) {
    assertThat(GatewayKeys.derive(paymentId, op, sequence, gatewayId, attempt))
        .isEqualTo(reference(paymentId, op, sequence, gatewayId, attempt));
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings()
        .withChars("0123456789abcdefghjkmnpqrstvwxyz")
        .ofLength(26)
        .map(s -> "pay_" + s);
  }

  @Provide
  Arbitrary<String> gateways() {
    return Arbitraries.of("stripe", "adyen", "checkout", "paypal", "mpgs", "tap", "ğ-psp");
  }

  @Provide
  Arbitrary<Integer> small() {
    return Arbitraries.integers().between(0, 10_000);
  }
}
