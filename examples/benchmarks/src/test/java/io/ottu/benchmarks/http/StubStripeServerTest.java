package io.ottu.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stub's object ids look like Stripe's and behave like them as hash keys. */
class StubStripeServerTest {
  @Test
  void objectIdsAreUniqueStripeShapedAndSpreadOverAHashTable() {
    int count = 20_000;
    int buckets = 1 << 15;
    Set<String> ids = new HashSet<>();
    int[] perBucket = new int[buckets];
    for (long n = 1; n <= count; n++) {
      String id = StubStripeServer.objectId("pi_", n, 0x5EED_0001L);
      assertThat(id).hasSize(27).matches("pi_[0-9A-Za-z]{24}");
      ids.add(id);
      int h = id.hashCode();
      // Where a ConcurrentHashMap of this size files the key.
      perBucket[(h ^ (h >>> 16)) & (buckets - 1)]++;
    }
    assertThat(ids).hasSize(count);
    int fullest = 0;
    for (int c : perBucket) {
      fullest = Math.max(fullest, c);
    }
    // Below the 8 at which a ConcurrentHashMap bin turns into a tree.
    assertThat(fullest).isLessThan(8);
    assertThat(StubStripeServer.objectId("ch_", 7, 2))
        .isNotEqualTo(StubStripeServer.objectId("ch_", 8, 2));
  }
}
