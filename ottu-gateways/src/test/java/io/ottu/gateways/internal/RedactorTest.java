package io.ottu.gateways.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the redacting logger masks, and what it leaves alone. */
class RedactorTest {
  private final Redactor redactor = new Redactor(Set.of("shopper_ip"));

  @Test
  void formBodiesLoseCardNumbersCvcAndSecrets() {
    String form =
        "amount=1000&payment_method_data[card][number]=4242424242424242"
            + "&payment_method_data%5Bcard%5D%5Bcvc%5D=123&payment_method_data[card][cvc]=456"
            + "&client_secret=pi_1_secret_abc&shopper_ip=10.0.0.1&metadata[order_id]=order-1001";
    String out = redactor.redactForm(form);
    assertThat(out)
        .contains("amount=1000")
        .contains("payment_method_data[card][number]=424242******4242")
        .contains("payment_method_data%5Bcard%5D%5Bcvc%5D=[REDACTED]")
        .contains("payment_method_data[card][cvc]=[REDACTED]")
        .contains("client_secret=[REDACTED]")
        .contains("shopper_ip=[REDACTED]")
        .contains("metadata[order_id]=order-1001")
        .doesNotContain("4242424242424242")
        .doesNotContain("=123")
        .doesNotContain("456");
  }

  @Test
  void jsonBodiesLoseCardNumbersCvcAndSecrets() {
    String json =
        "{\"card\":{\"number\":\"5555 5555 5555 4444\",\"cvc\":\"737\",\"expiryMonth\":3},"
            + "\"paymentMethod\":{\"encryptedSecurityCode\":\"adyenjs_0_1_25$abc\","
            + "\"pan\":378282246310005},\"password\":\"hunter2\",\"amount\":{\"value\":1000}}";
    String out = redactor.redactJson(json);
    assertThat(out)
        .contains("\"number\":\"555555******4444\"")
        .contains("\"cvc\":\"[REDACTED]\"")
        .contains("\"encryptedSecurityCode\":\"[REDACTED]\"")
        .contains("\"pan\":378282*****0005")
        .contains("\"password\":\"[REDACTED]\"")
        .contains("\"expiryMonth\":3")
        .contains("\"value\":1000")
        .doesNotContain("737")
        .doesNotContain("hunter2");
  }

  @Test
  void secretsAndCredentialsAnywhereAreMasked() {
    String out =
        redactor.redactText(
            "key sk_live_51H8x9yZ0abcdef, Authorization: Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc,"
                + " basic Basic bWVyY2hhbnQuVEVTVDpwYXNz whsec_abcdEFGH1234");
    assertThat(out)
        .contains("sk_live_****")
        .contains("Bearer [REDACTED]")
        .contains("Basic [REDACTED]")
        .contains("whsec_****")
        .doesNotContain("51H8x9yZ0abcdef")
        .doesNotContain("4eC39HqLyjWDarjtT1zdp7dc")
        .doesNotContain("bWVyY2hhbnQuVEVTVDpwYXNz");
  }

  @Test
  void numbersThatAreNotCardNumbersStay() {
    String text =
        "created 1717000000 amount 1234567890123 ref 4242424242424241 id 99999999999999999999";
    assertThat(redactor.redactText(text)).isEqualTo(text);
  }
}
