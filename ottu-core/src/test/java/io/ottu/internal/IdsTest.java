package io.ottu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void transactionIdsAreNumberedFromOneAndTheFirstOnesShared() {
    assertThat(Ids.transaction(1)).isEqualTo("txn_1").isSameAs(Ids.transaction(1));
    assertThat(Ids.transaction(31)).isEqualTo("txn_31");
    assertThat(Ids.transaction(1000)).isEqualTo("txn_1000");
    assertThatThrownBy(() -> Ids.transaction(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start at 1, was 0");
  }

  @Test
  void paymentIdsSortByCreationTimeAndAreUnique() {
    String a = Ids.next("pay_", 1_000);
    String b = Ids.next("pay_", 2_000);
    assertThat(a).startsWith("pay_").hasSize(30);
    assertThat(a.compareTo(b)).isNegative();
    assertThat(Ids.next("pay_", 1_000)).isNotEqualTo(Ids.next("pay_", 1_000));
  }
}
