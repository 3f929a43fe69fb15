package io.ottu.vault;

import static io.ottu.vault.TestCards.card;
import static io.ottu.vault.TestCards.withCheckDigit;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.vault.keys.InMemoryKeyProvider;
import org.junit.jupiter.api.Test;

/**
 * The brand the vault reports for each BIN range, through core's {@link CardBrand#detect}, with the
 * edges of each range.
 */
class CardBrandTest {
  private final CardVault vault =
      CardVault.builder().keyProvider(InMemoryKeyProvider.create()).build();

  private CardBrand brandOf(String prefix, int length) {
    StringBuilder body = new StringBuilder(prefix);
    while (body.length() < length - 1) {
      body.append('0');
    }
    CardData card = card(withCheckDigit(body.toString()));
    CardBrand brand = vault.tokenize(card).brand();
    assertThat(brand).isEqualTo(card.brand());
    return brand;
  }

  @Test
  void visa() {
    assertThat(brandOf("4", 16)).isEqualTo(CardBrand.VISA);
    assertThat(brandOf("4", 13)).isEqualTo(CardBrand.VISA);
    assertThat(brandOf("4", 19)).isEqualTo(CardBrand.VISA);
  }

  @Test
  void mastercardIncludingTheTwoSeries() {
    assertThat(brandOf("51", 16)).isEqualTo(CardBrand.MASTERCARD);
    assertThat(brandOf("55", 16)).isEqualTo(CardBrand.MASTERCARD);
    assertThat(brandOf("2221", 16)).isEqualTo(CardBrand.MASTERCARD);
    assertThat(brandOf("2500", 16)).isEqualTo(CardBrand.MASTERCARD);
    assertThat(brandOf("272099", 16)).isEqualTo(CardBrand.MASTERCARD);
    assertThat(brandOf("2220", 16)).isEqualTo(CardBrand.UNKNOWN);
    assertThat(brandOf("2721", 16)).isEqualTo(CardBrand.UNKNOWN);
    assertThat(brandOf("56", 16)).isNotEqualTo(CardBrand.MASTERCARD);
  }

  @Test
  void americanExpress() {
    assertThat(brandOf("34", 15)).isEqualTo(CardBrand.AMERICAN_EXPRESS);
    assertThat(brandOf("37", 15)).isEqualTo(CardBrand.AMERICAN_EXPRESS);
    assertThat(brandOf("35", 15)).isNotEqualTo(CardBrand.AMERICAN_EXPRESS);
  }

  @Test
  void discover() {
    assertThat(brandOf("6011", 16)).isEqualTo(CardBrand.DISCOVER);
    assertThat(brandOf("644", 16)).isEqualTo(CardBrand.DISCOVER);
    assertThat(brandOf("649", 16)).isEqualTo(CardBrand.DISCOVER);
    assertThat(brandOf("65", 16)).isEqualTo(CardBrand.DISCOVER);
  }

  @Test
  void jcb() {
    assertThat(brandOf("3528", 16)).isEqualTo(CardBrand.JCB);
    assertThat(brandOf("3589", 16)).isEqualTo(CardBrand.JCB);
    assertThat(brandOf("3527", 16)).isNotEqualTo(CardBrand.JCB);
    assertThat(brandOf("3590", 16)).isNotEqualTo(CardBrand.JCB);
  }

  @Test
  void unionPay() {
    assertThat(brandOf("62", 16)).isEqualTo(CardBrand.UNIONPAY);
    assertThat(brandOf("6205", 19)).isEqualTo(CardBrand.UNIONPAY);
  }

  @Test
  void dinersClub() {
    assertThat(brandOf("300", 14)).isEqualTo(CardBrand.DINERS_CLUB);
    assertThat(brandOf("305", 14)).isEqualTo(CardBrand.DINERS_CLUB);
    assertThat(brandOf("36", 14)).isEqualTo(CardBrand.DINERS_CLUB);
    assertThat(brandOf("38", 16)).isEqualTo(CardBrand.DINERS_CLUB);
  }

  @Test
  void maestro() {
    assertThat(brandOf("50", 16)).isEqualTo(CardBrand.MAESTRO);
    assertThat(brandOf("56", 16)).isEqualTo(CardBrand.MAESTRO);
    assertThat(brandOf("58", 16)).isEqualTo(CardBrand.MAESTRO);
    assertThat(brandOf("6759", 16)).isEqualTo(CardBrand.MAESTRO);
    assertThat(brandOf("6759", 12)).isEqualTo(CardBrand.MAESTRO);
  }

  @Test
  void maskingKeepsFirstSixAndLastFour() {
    assertThat(vault.tokenize(card(TestCards.AMEX)).maskedPan()).isEqualTo("378282*****0005");
    assertThat(vault.tokenize(card(TestCards.UNIONPAY_19)).maskedPan())
        .isEqualTo("620550*********0004");
    assertThat(vault.tokenize(card(TestCards.VISA_13)).maskedPan()).isEqualTo("422222***2222");
  }
}
