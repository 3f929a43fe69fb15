package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot's copy semantics: builders never change a built payment, copies share safely. */
class PaymentSnapshotTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private static Payment.Builder base() {
    return Payment.builder()
        .id("pay_1")
        .reference("ord-1")
        .amount(Money.of("12.50", "USD"))
        .status(PaymentStatus.PENDING)
        .source(new SourceSummary(PaymentSource.Type.GATEWAY_TOKEN, null, "pm_1"))
        .createdAt(T0);
  }

  private static Transaction tx(String id, Transaction.Status status) {
    return new Transaction(
        id,
        Transaction.Type.AUTHORIZATION,
        status,
        Money.of("12.50", "USD"),
        "sim",
        null,
        null,
        "ot_key",
        T0,
        T0);
  }

  @Test
  void aBuilderFromASnapshotNeverChangesTheSnapshot() {
    Payment p = base().putTransaction(tx("txn_1", Transaction.Status.PENDING)).build();
    Payment.Builder b = p.toBuilder();
    b.putTransaction(tx("txn_1", Transaction.Status.SUCCEEDED))
        .putTransaction(tx("txn_2", Transaction.Status.PENDING));
    Payment q = b.build();

    assertThat(p.transactions())
        .extracting(Transaction::status)
        .containsExactly(Transaction.Status.PENDING);
    assertThat(q.transactions())
        .extracting(Transaction::status)
        .containsExactly(Transaction.Status.SUCCEEDED, Transaction.Status.PENDING);
    assertThat(p.transactions()).isUnmodifiable();
    assertThat(q.attempts()).isUnmodifiable().isEmpty();
    // A builder that changes no list shares the snapshot's (immutable) lists.
    assertThat(p.toBuilder().status(PaymentStatus.AUTHORIZED).build().transactions())
        .isSameAs(p.transactions());
  }

  @Test
  void metadataIsCopiedOnceAndIsUnmodifiable() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("b", "2");
    meta.put("a", "1");
    Payment p = base().metadata(meta).build();
    meta.put("c", "3");
    assertThat(p.metadata()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
    assertThat(p.metadata()).isUnmodifiable();
    assertThat(p.toBuilder().build().metadata()).isEqualTo(p.metadata());
    assertThat(base().build().metadata()).isEmpty();
  }

  @Test
  void withVersionChangesOnlyTheVersionAndUpdateTime() {
    Payment p = base().putTransaction(tx("txn_1", Transaction.Status.PENDING)).build();
    Instant later = T0.plusSeconds(5);
    Payment v7 = p.withVersion(7, later);
    assertThat(v7.version()).isEqualTo(7);
    assertThat(v7.updatedAt()).isEqualTo(later);
    assertThat(v7.createdAt()).isEqualTo(T0);
    assertThat(v7.transactions()).isSameAs(p.transactions());
    assertThat(v7.amount()).isEqualTo(p.amount());
    assertThat(v7.capturedAmount()).isEqualTo(Money.zero("USD"));
    assertThat(p.version()).isZero();
    assertThatThrownBy(() -> p.withVersion(8, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theInvariantsAreStillCheckedOnBuild() {
    assertThatThrownBy(() -> base().capturedAmount(Money.of("1.00", "USD")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("captured 1.00 USD exceeds authorized 0.00 USD");
    assertThatThrownBy(() -> base().authorizedAmount(Money.of("1.00", "EUR")).build())
        .hasMessageContaining("mixed currencies");
  }
}
