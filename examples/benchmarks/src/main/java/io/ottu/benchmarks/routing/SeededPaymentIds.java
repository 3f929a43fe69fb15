package io.ottu.benchmarks.routing;

import io.ottu.routing.RoutingContext;
import io.ottu.routing.RoutingDecision;
import io.ottu.routing.RoutingStrategy;
import java.util.Objects;

/**
 * Makes a strategy's sticky draws reproducible. The engine's payment ids carry 80 random bits from
 * {@code ThreadLocalRandom}, which cannot be seeded, and {@code Routing.weighted} and the
 * exploration of {@code Routing.successRate} draw from the payment id: so a run would differ from
 * the next. This wrapper shows the inner strategy an id of the same shape ({@code pay_} and 26
 * Crockford base-32 characters) derived from the simulation seed and the payment's index, and
 * changes nothing else. Immutable and thread-safe.
 */
final class SeededPaymentIds implements RoutingStrategy {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final RoutingStrategy inner;
  private final long seed;

  SeededPaymentIds(RoutingStrategy inner, long seed) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.seed = seed;
  }

  @Override
  public RoutingDecision route(RoutingContext c) {
    String id = paymentId(seed, ScenarioGateway.sequence(c.metadata()));
    return inner.route(
        new RoutingContext(
            id,
            c.amount(),
            c.brand(),
            c.bin(),
            c.country(),
            c.sourceType(),
            c.metadata(),
            c.gateways(),
            c.now()));
  }

  /** A payment id of the engine's shape, a pure function of the seed and the index. */
  static String paymentId(long seed, int index) {
    char[] out = new char[4 + 26];
    "pay_".getChars(0, 4, out, 0);
    long bits = Scenario.mix64(seed ^ Scenario.mix64(index * 2L + 1));
    for (int i = 0; i < 26; i++) {
      if (i > 0 && i % 12 == 0) {
        bits = Scenario.mix64(bits ^ 0x5DEECE66DL); // 12 characters use 60 of the 64 bits
      }
      out[4 + i] = ALPHABET[(int) ((bits >>> ((i % 12) * 5)) & 31)];
    }
    return new String(out);
  }
}
