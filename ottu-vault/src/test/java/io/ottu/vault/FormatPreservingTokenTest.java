package io.ottu.vault;

import static io.ottu.vault.TestCards.AMEX;
import static io.ottu.vault.TestCards.DINERS_14;
import static io.ottu.vault.TestCards.UNIONPAY_19;
import static io.ottu.vault.TestCards.VISA;
import static io.ottu.vault.TestCards.VISA_13;
import static io.ottu.vault.TestCards.card;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.CardBrand;
import io.ottu.CardNumbers;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatPreservingTokenTest {
  private final CardVault vault =
      CardVault.builder()
          .keyProvider(InMemoryKeyProvider.create())
          .tokenFormat(TokenFormat.FORMAT_PRESERVING)
          .build();

  @Test
  void sixteenDigitCardKeepsBinAndLastFour() {
    CardToken token = vault.tokenize(card(VISA));

    assertThat(token.token())
        .hasSize(16)
        .startsWith("424242")
        .endsWith("4242")
        .containsOnlyDigits();
    assertThat(CardNumbers.luhnValid(token.token())).isFalse();
    assertThat(CardBrand.detect(token.token())).isEqualTo(CardBrand.VISA);
    assertThat(vault.detokenize(token.token(), vault.enginePrincipal()).number()).isEqualTo(VISA);
    assertThat(token.toString()).contains("424242******4242").doesNotContain(token.token());
  }

  @Test
  void shorterCardsKeepEnoughLeadingDigitsForTheBrand() {
    assertThat(vault.tokenize(card(AMEX)).token()).hasSize(15).startsWith("37828").endsWith("0005");
    assertThat(vault.tokenize(card(DINERS_14)).token())
        .hasSize(14)
        .startsWith("3622")
        .endsWith("1667");
    assertThat(vault.tokenize(card(VISA_13)).token())
        .hasSize(13)
        .startsWith("422")
        .endsWith("2222");
    assertThat(vault.tokenize(card(UNIONPAY_19)).token()).hasSize(19).startsWith("620550");
  }

  @Test
  void sameCardTokenizedManyTimesGetsDistinctTokens() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String t = vault.tokenize(card(VISA)).token();
      assertThat(tokens.add(t)).isTrue();
      assertThat(CardNumbers.luhnValid(t)).isFalse();
    }
  }

  @Test
  void tokenizationKeyIsStableForTheKeyProvider() {
    InMemoryKeyProvider keys = InMemoryKeyProvider.create();
    CardVault a =
        CardVault.builder().keyProvider(keys).tokenFormat(TokenFormat.FORMAT_PRESERVING).build();
    CardVault b =
        CardVault.builder().keyProvider(keys).tokenFormat(TokenFormat.FORMAT_PRESERVING).build();

    assertThat(a.fingerprint(card(VISA))).isEqualTo(b.fingerprint(card(VISA)));
    assertThat(keys.deriveSecret(CardVault.FPE_PURPOSE))
        .isEqualTo(keys.deriveSecret(CardVault.FPE_PURPOSE))
        .isNotEqualTo(keys.deriveSecret(CardVault.FINGERPRINT_PURPOSE));
  }
}
