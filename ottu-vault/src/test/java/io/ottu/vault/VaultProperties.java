package io.ottu.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.CardNumbers;
import io.ottu.access.Principal;
import io.ottu.vault.keys.InMemoryKeyProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties over random valid card numbers of every brand and length. */
class VaultProperties {
  private final CardVault random =
      CardVault.builder().keyProvider(InMemoryKeyProvider.create()).build();
  private final CardVault fpe =
      CardVault.builder()
          .keyProvider(InMemoryKeyProvider.create())
          .tokenFormat(TokenFormat.FORMAT_PRESERVING)
          .build();
  private final Principal engineRandom = random.enginePrincipal();
  private final Principal engineFpe = fpe.enginePrincipal();

  /** Random Luhn-valid numbers: a real brand prefix, random digits, the check digit. */
  @Provide
  Arbitrary<String> pans() {
    Arbitrary<String> prefix =
        Arbitraries.of(
            "4", "51", "55", "2221", "2720", "34", "37", "6011", "65", "3528", "3589", "62", "36",
            "38", "300", "305", "50", "56", "58", "6759");
    Arbitrary<Integer> length = Arbitraries.integers().between(12, 19);
    return Combinators.combine(prefix, length, Arbitraries.longs())
        .as(
            (p, n, seed) -> {
              java.util.Random r = new java.util.Random(seed);
              StringBuilder body = new StringBuilder(p);
              while (body.length() < n - 1) {
                body.append((char) ('0' + r.nextInt(10)));
              }
              return TestCards.withCheckDigit(body.toString());
            });
  }

  private static CardData card(String pan) {
    return CardData.builder().number(pan).expiry(6, 2032).build();
  }

  @Property(tries = 300)
  boolean randomTokensRoundTrip(@ForAll("pans") String pan) {
    CardToken token = random.tokenize(card(pan));
    CardData back = random.detokenize(token.token(), engineRandom);
    return back.number().equals(pan)
        && token.token().matches("tok_[0-9A-Za-z]{22}")
        && token.bin().equals(pan.substring(0, 6))
        && token.last4().equals(pan.substring(pan.length() - 4))
        && token.maskedPan().equals(CardNumbers.mask(pan.toCharArray()))
        && token.brand() == CardBrand.detect(pan);
  }

  @Property(tries = 300)
  void formatPreservingTokensLookLikeTheCardButFailLuhn(@ForAll("pans") String pan) {
    CardToken token = fpe.tokenize(card(pan));
    String t = token.token();
    int kept = Math.min(6, pan.length() - 10);

    assertThat(t).hasSize(pan.length()).containsOnlyDigits();
    assertThat(t).startsWith(pan.substring(0, kept)).endsWith(pan.substring(pan.length() - 4));
    assertThat(CardNumbers.luhnValid(t)).as("token must fail Luhn").isFalse();
    assertThat(t).isNotEqualTo(pan);
    assertThat(fpe.detokenize(t, engineFpe).number()).isEqualTo(pan);
    if (pan.length() >= 16) {
      assertThat(t).startsWith(token.bin());
    }
  }

  @Property(tries = 200)
  boolean fingerprintIsAFunctionOfTheNumberOnly(@ForAll("pans") String pan) {
    CardToken a = random.tokenize(card(pan));
    CardToken b = random.tokenize(CardData.builder().number(pan).expiry(1, 2040).build());
    return a.fingerprint().equals(b.fingerprint())
        && !a.token().equals(b.token())
        && random.fingerprint(card(pan)).equals(a.fingerprint());
  }

  @Property(tries = 200)
  boolean everyNonLuhnNumberIsRejectedBeforeTheVault(@ForAll("pans") String pan) {
    char last = pan.charAt(pan.length() - 1);
    String broken = pan.substring(0, pan.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    try {
      card(broken);
      return false;
    } catch (io.ottu.InvalidRequestException e) {
      return e.field().equals("card.number") && !e.getMessage().contains(broken);
    }
  }
}
