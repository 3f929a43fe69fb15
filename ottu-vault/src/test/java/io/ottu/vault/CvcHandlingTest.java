package io.ottu.vault;

import static io.ottu.vault.TestCards.CVC;
import static io.ottu.vault.TestCards.MASTERCARD;
import static io.ottu.vault.TestCards.VISA;
import static io.ottu.vault.TestCards.card;
import static io.ottu.vault.TestCards.cardWithCvc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.CardData;
import io.ottu.access.AccessPolicy;
import io.ottu.access.Principal;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CVC lives in memory for one authorization, then it is gone. */
class CvcHandlingTest {
  private MutableClock clock;
  private CardVault vault;
  private final Principal ops = Principal.withRoles("ops");

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    vault =
        CardVault.builder()
            .keyProvider(InMemoryKeyProvider.create())
            .clock(clock)
            .cvcTtl(Duration.ofMinutes(5))
            .accessPolicy(AccessPolicy.allowAll())
            .build();
  }

  @Test
  void resolveHandsOutTheCvcOnceThenNeverAgain() {
    String token = vault.tokenize(cardWithCvc(VISA, CVC)).token();

    CardData first = vault.resolve(token, "pay_1");
    CardData second = vault.resolve(token, "pay_1");

    assertThat(first.cvc()).contains(CVC);
    assertThat(second.cvc()).isEmpty();
    assertThat(second.number()).isEqualTo(VISA);
  }

  @Test
  void detokenizeNeverHandsOutTheCvcNorConsumesIt() {
    String token = vault.tokenize(cardWithCvc(VISA, CVC)).token();

    assertThat(vault.detokenize(token, ops).cvc()).isEmpty();
    assertThat(vault.resolve(token, "pay_1").cvc()).contains(CVC);
  }

  @Test
  void cvcExpiresAfterItsTimeToLive() {
    String token = vault.tokenize(cardWithCvc(VISA, CVC)).token();
    String fresh = vault.tokenize(cardWithCvc(MASTERCARD, CVC)).token();
    clock.advance(Duration.ofMinutes(4));
    String later = vault.tokenize(cardWithCvc(VISA, CVC)).token();
    clock.advance(Duration.ofMinutes(1));

    assertThat(vault.purgeExpiredCvcs()).isEqualTo(2);
    assertThat(vault.resolve(token, "pay_1").cvc()).isEmpty();
    assertThat(vault.resolve(fresh, "pay_2").cvc()).isEmpty();
    assertThat(vault.resolve(later, "pay_3").cvc()).contains(CVC);
  }

  @Test
  void erasingATokenWipesItsCvc() {
    String token = vault.tokenize(cardWithCvc(VISA, CVC), "cust").token();
    String other = vault.tokenize(cardWithCvc(VISA, CVC), "cust").token();

    vault.delete(token);
    vault.eraseCustomer("cust");

    assertThat(vault.purgeExpiredCvcs()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(vault.purgeExpiredCvcs()).as("nothing left to expire").isZero();
    assertThat(other).isNotEqualTo(token);
  }

  @Test
  void closeWipesEveryHeldCvc() {
    String token = vault.tokenize(cardWithCvc(VISA, CVC)).token();

    vault.close();

    assertThat(vault.resolve(token, "pay_1").cvc()).isEmpty();
  }

  @Test
  void cardWithoutCvcResolvesWithoutOne() {
    String token = vault.tokenize(card(VISA)).token();

    assertThat(vault.resolve(token, "pay_1").cvc()).isEmpty();
  }

  @Test
  void tokenizeDoesNotWipeTheCallersCard() {
    CardData card = cardWithCvc(VISA, CVC);

    vault.tokenize(card);

    assertThat(card.isWiped()).isFalse();
    assertThat(card.cvc()).contains(CVC);
  }
}
