package io.ottu.webhooks;

import static io.ottu.webhooks.StandardWebhooksTest.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ottu.webhooks.WebhookVerificationException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Adyen, Checkout.com, Tap and MPGS verification. */
class GatewayVerifiersTest {
  static String adyenItem(String psp, String original, String code, String success, String sig) {
    return "{\"NotificationRequestItem\":{"
        + "\"additionalData\":{\"hmacSignature\":\""
        + sig
        + "\"},"
        + "\"amount\":{\"value\":1130,\"currency\":\"EUR\"},"
        + "\"pspReference\":\""
        + psp
        + "\","
        + (original == null ? "" : "\"originalReference\":\"" + original + "\",")
        + "\"eventCode\":\""
        + code
        + "\",\"merchantAccountCode\":\"TestMerchant\","
        + "\"merchantReference\":\"TestPayment-1407325143704\","
        + "\"paymentMethod\":\"visa\",\"success\":\""
        + success
        + "\"}}";
  }

  static String adyenSigned(String psp, String original, String code, String success) {
    String signed =
        psp
            + ":"
            + (original == null ? "" : original)
            + ":TestMerchant:TestPayment-1407325143704:1130:EUR:"
            + code
            + ":"
            + success;
    return adyenItem(psp, original, code, success, Signing.adyen(TestSecrets.ADYEN_HEX, signed));
  }

  static String adyenBody(String... items) {
    return "{\"live\":\"false\",\"notificationItems\":[" + String.join(",", items) + "]}";
  }

  @Nested
  class Adyen {
    private final WebhookVerifier verifier = WebhookVerifiers.adyen(TestSecrets.ADYEN_HEX);

    @Test
    void acceptsAdyensPublishedSample() {
      // Adyen's own library test: this key, these fields, this signature.
      String body =
          adyenBody(
              adyenItem(
                  "7914073381342284",
                  null,
                  "AUTHORISATION",
                  "true",
                  "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="));

      assertThatCode(() -> verifier.verify(Signing.request(body))).doesNotThrowAnyException();
    }

    @Test
    void everyItemOfABatchMustVerify() {
      String good = adyenSigned("8815", "7914", "CAPTURE", "true");
      String bad = adyenItem("8816", "7914", "REFUND", "true", "AAAA");

      assertThatCode(() -> verifier.verify(Signing.request(adyenBody(good, good))))
          .doesNotThrowAnyException();
      expect(
          () -> verifier.verify(Signing.request(adyenBody(good, bad))),
          Reason.NO_MATCHING_SIGNATURE,
          "notification item 2 does not match");
    }

    @Test
    void aChangedSignedFieldBreaksTheSignature() {
      String body = adyenBody(adyenSigned("8815", null, "AUTHORISATION", "false"));
      String flipped = body.replace("\"success\":\"false\"", "\"success\":\"true\"");

      expect(
          () -> verifier.verify(Signing.request(flipped)), Reason.NO_MATCHING_SIGNATURE, "item 1");
    }

    @Test
    void saysWhatIsMissing() {
      expect(() -> verifier.verify(Signing.request("not json")), Reason.MALFORMED_BODY, "not JSON");
      expect(
          () -> verifier.verify(Signing.request("{\"notificationItems\":[]}")),
          Reason.MALFORMED_BODY,
          "no notificationItems");
      expect(
          () ->
              verifier.verify(
                  Signing.request(
                      adyenBody("{\"NotificationRequestItem\":{\"pspReference\":\"1\"}}"))),
          Reason.NO_MATCHING_SIGNATURE,
          "has no additionalData.hmacSignature");
    }

    @Test
    void refusesAKeyThatIsNotHexWithoutShowingIt() {
      assertThatThrownBy(() -> WebhookVerifiers.adyen("not-hex-secret"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("hmacKeyHex: not a hex string");
    }
  }

  @Nested
  class CheckoutCom {
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"payment_captured\"}";
    private final WebhookVerifier verifier = WebhookVerifiers.checkoutCom(TestSecrets.CHECKOUT);

    @Test
    void acceptsTheHexHmacOfTheBody() {
      String sig = Signing.hexHmac(TestSecrets.CHECKOUT, BODY);

      assertThatCode(() -> verifier.verify(Signing.request(BODY, "Cko-Signature", sig)))
          .doesNotThrowAnyException();
      assertThatCode(
              () -> verifier.verify(Signing.request(BODY, "cko-signature", sig.toUpperCase())))
          .doesNotThrowAnyException();
    }

    @Test
    void refusesOtherBodiesAndBadHeaders() {
      String sig = Signing.hexHmac(TestSecrets.CHECKOUT, BODY);
      expect(
          () -> verifier.verify(Signing.request(BODY + "\n", "Cko-Signature", sig)),
          Reason.NO_MATCHING_SIGNATURE,
          "does not match the body");
      expect(() -> verifier.verify(Signing.request(BODY)), Reason.MISSING_HEADER, "Cko-Signature");
      expect(
          () -> verifier.verify(Signing.request(BODY, "Cko-Signature", "xyz")),
          Reason.MALFORMED_HEADER,
          "64 hex digits");
    }
  }

  @Nested
  class Tap {
    private static final String CHARGE =
        "{\"id\":\"chg_TS05A4120230736x9K22710693\",\"object\":\"charge\",\"status\":\"CAPTURED\","
            + "\"amount\":1,\"currency\":\"KWD\",\"metadata\":{\"udf1\":\"x\"},"
            + "\"transaction\":{\"created\":\"1698392202943\",\"amount\":1,\"currency\":\"KWD\"},"
            + "\"reference\":{\"payment\":\"4327230736106619650\",\"gateway\":\"123456789\"},"
            + "\"card\":{\"first_six\":\"446404\",\"last_four\":\"0007\"}}";

    private static final String SIGNED =
        "x_idchg_TS05A4120230736x9K22710693x_amount1.000x_currencyKWD"
            + "x_gateway_reference123456789x_payment_reference4327230736106619650"
            + "x_statusCAPTUREDx_created1698392202943";

    private final WebhookVerifier verifier = WebhookVerifiers.tap(TestSecrets.TAP);

    @Test
    void signsTheDocumentedFieldsWithTheAmountAtTheCurrencysDecimals() {
      String hash = Signing.hexHmac(TestSecrets.TAP, SIGNED);

      assertThatCode(() -> verifier.verify(Signing.request(CHARGE, "hashstring", hash)))
          .doesNotThrowAnyException();
    }

    @Test
    void aChangedStatusOrAmountBreaksIt() {
      String hash = Signing.hexHmac(TestSecrets.TAP, SIGNED);
      expect(
          () ->
              verifier.verify(
                  Signing.request(CHARGE.replace("CAPTURED", "DECLINED"), "hashstring", hash)),
          Reason.NO_MATCHING_SIGNATURE,
          "hashstring");
      expect(
          () ->
              verifier.verify(
                  Signing.request(
                      CHARGE.replace("\"amount\":1,", "\"amount\":100,"), "hashstring", hash)),
          Reason.NO_MATCHING_SIGNATURE,
          "signed fields");
    }

    @Test
    void saysWhatIsWrong() {
      expect(() -> verifier.verify(Signing.request(CHARGE)), Reason.MISSING_HEADER, "hashstring");
      expect(
          () -> verifier.verify(Signing.request(CHARGE, "hashstring", "12")),
          Reason.MALFORMED_HEADER,
          "64 hex digits");
      expect(
          () -> verifier.verify(Signing.request("<xml/>", "hashstring", "a".repeat(64))),
          Reason.MALFORMED_BODY,
          "not JSON");
    }
  }

  @Nested
  class Mpgs {
    private final WebhookVerifier verifier = WebhookVerifiers.mpgs(TestSecrets.MPGS);

    @Test
    void acceptsTheConfiguredSecretOnly() {
      assertThatCode(
              () ->
                  verifier.verify(Signing.request("{}", "X-Notification-Secret", TestSecrets.MPGS)))
          .doesNotThrowAnyException();
      expect(
          () ->
              verifier.verify(
                  Signing.request("{}", "X-Notification-Secret", TestSecrets.MPGS + "x")),
          Reason.NO_MATCHING_SIGNATURE,
          "does not match the configured secret");
      expect(
          () -> verifier.verify(Signing.request("{}", "X-Notification-Secret", "")),
          Reason.NO_MATCHING_SIGNATURE,
          "X-Notification-Secret");
      expect(
          () -> verifier.verify(Signing.request("{}")),
          Reason.MISSING_HEADER,
          "X-Notification-Secret header is missing");
    }

    @Test
    void neverShowsEitherSecret() {
      Throwable t =
          catchThrowable(
              () -> verifier.verify(Signing.request("{}", "X-Notification-Secret", "guess-123")));

      assertThat(t.getMessage()).doesNotContain(TestSecrets.MPGS).doesNotContain("guess-123");
      assertThat(verifier.toString()).doesNotContain(TestSecrets.MPGS);
    }
  }
}
