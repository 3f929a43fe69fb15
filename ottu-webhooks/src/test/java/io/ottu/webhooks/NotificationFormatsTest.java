package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.DeclineReason;
import io.ottu.Money;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotificationFormatsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private static GatewayNotification one(NotificationFormat f, String gateway, WebhookRequest r) {
    List<GatewayNotification> list = f.parse(gateway, r, NOW);
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  @Nested
  class Stripe {
    private final NotificationFormat f = NotificationFormats.stripe();

    private String event(String type, String object) {
      return "{\"id\":\"evt_1Q\",\"object\":\"event\",\"created\":1764158400,\"type\":\""
          + type
          + "\",\"data\":{\"object\":"
          + object
          + "}}";
    }

    private String intent(String amountField, long amount, String currency) {
      return "{\"id\":\"pi_3Q\",\"object\":\"payment_intent\",\"amount\":"
          + amount
          + ",\""
          + amountField
          + "\":"
          + amount
          + ",\"currency\":\""
          + currency
          + "\",\"status\":\"succeeded\",\"latest_charge\":\"ch_3Q\","
          + "\"metadata\":{\"ottu_payment_id\":\"pay_01\",\"order_id\":\"order-1001\"}}";
    }

    @Test
    void aSucceededIntentIsACaptureInStripesMinorUnits() {
      GatewayNotification n =
          one(
              f,
              "stripe",
              Signing.request(
                  event("payment_intent.succeeded", intent("amount_received", 12500, "kwd"))));

      assertThat(n.kind()).isEqualTo(Kind.CAPTURED);
      assertThat(n.eventId()).isEqualTo("evt_1Q");
      assertThat(n.gatewayId()).isEqualTo("stripe");
      assertThat(n.paymentId()).isEqualTo("pay_01");
      assertThat(n.reference()).isEqualTo("order-1001");
      assertThat(n.gatewayReference()).isEqualTo("pi_3Q");
      assertThat(n.transactionReference()).isEqualTo("ch_3Q");
      assertThat(n.amount()).isEqualTo(Money.of("12.500", "KWD"));
      assertThat(n.occurredAt()).isEqualTo(Instant.ofEpochSecond(1764158400));
    }

    @Test
    void zeroDecimalAndStripeSpecificExponentsAreRespected() {
      assertThat(
              one(
                      f,
                      "s",
                      Signing.request(
                          event(
                              "payment_intent.succeeded", intent("amount_received", 1500, "jpy"))))
                  .amount())
          .isEqualTo(Money.of("1500", "JPY"));
      // Stripe writes ISK with two decimals though ISO gives it none.
      assertThat(
              one(
                      f,
                      "s",
                      Signing.request(
                          event(
                              "payment_intent.succeeded", intent("amount_received", 10000, "isk"))))
                  .amount())
          .isEqualTo(Money.of("100", "ISK"));
    }

    @Test
    void capturableAmountMeansAuthorized() {
      GatewayNotification n =
          one(
              f,
              "stripe",
              Signing.request(
                  event(
                      "payment_intent.amount_capturable_updated",
                      intent("amount_capturable", 999, "usd"))));

      assertThat(n.kind()).isEqualTo(Kind.AUTHORIZED);
      assertThat(n.amount()).isEqualTo(Money.of("9.99", "USD"));
    }

    @Test
    void aFailedIntentIsADeclineWithTheIssuersCode() {
      String pi =
          "{\"id\":\"pi_3Q\",\"amount\":500,\"currency\":\"usd\",\"metadata\":{},"
              + "\"last_payment_error\":{\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\","
              + "\"message\":\"Your card has insufficient funds.\"}}";
      GatewayNotification n =
          one(f, "stripe", Signing.request(event("payment_intent.payment_failed", pi)));

      assertThat(n.kind()).isEqualTo(Kind.DECLINED);
      assertThat(n.decline().reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
      assertThat(n.decline().rawCode()).isEqualTo("insufficient_funds");
      assertThat(n.decline().gatewayId()).isEqualTo("stripe");
      assertThat(n.paymentId()).isNull();
      assertThat(n.gatewayReference()).isEqualTo("pi_3Q");
    }

    @Test
    void aRefundIsTheGrowthOfTheRefundedAmount() {
      String body =
          "{\"id\":\"evt_2\",\"type\":\"charge.refunded\",\"created\":1764158400,\"data\":{\"object\":"
              + "{\"id\":\"ch_3Q\",\"payment_intent\":\"pi_3Q\",\"amount\":10000,\"amount_refunded\":7500,"
              + "\"currency\":\"usd\",\"metadata\":{\"ottu_payment_id\":\"pay_01\"}},"
              + "\"previous_attributes\":{\"amount_refunded\":5000}}}";
      GatewayNotification n = one(f, "stripe", Signing.request(body));

      assertThat(n.kind()).isEqualTo(Kind.REFUNDED);
      assertThat(n.amount()).isEqualTo(Money.of("25.00", "USD"));
      assertThat(n.gatewayReference()).isEqualTo("pi_3Q");
    }

    @Test
    void aListedRefundGivesItsOwnIdAndAmount() {
      String body =
          "{\"id\":\"evt_3\",\"type\":\"charge.refunded\",\"data\":{\"object\":"
              + "{\"id\":\"ch_3Q\",\"payment_intent\":\"pi_3Q\",\"amount_refunded\":7500,\"currency\":\"usd\","
              + "\"refunds\":{\"data\":[{\"id\":\"re_2\",\"amount\":2500,\"currency\":\"usd\"},"
              + "{\"id\":\"re_1\",\"amount\":5000,\"currency\":\"usd\"}]}}}}";
      GatewayNotification n = one(f, "stripe", Signing.request(body));

      assertThat(n.transactionReference()).isEqualTo("re_2");
      assertThat(n.amount()).isEqualTo(Money.of("25.00", "USD"));
      assertThat(n.occurredAt()).isEqualTo(NOW);
    }

    @Test
    void disputesOpenAndClose() {
      String dispute =
          "{\"id\":\"dp_1\",\"amount\":1000,\"currency\":\"eur\",\"charge\":\"ch_3Q\","
              + "\"payment_intent\":\"pi_3Q\",\"reason\":\"fraudulent\",\"status\":\"lost\"}";
      assertThat(one(f, "s", Signing.request(event("charge.dispute.created", dispute))).kind())
          .isEqualTo(Kind.DISPUTE_OPENED);
      GatewayNotification lost =
          one(f, "s", Signing.request(event("charge.dispute.closed", dispute)));
      assertThat(lost.kind()).isEqualTo(Kind.DISPUTE_LOST);
      assertThat(lost.transactionReference()).isEqualTo("dp_1");
      assertThat(
              one(
                      f,
                      "s",
                      Signing.request(
                          event("charge.dispute.closed", dispute.replace("lost", "won"))))
                  .kind())
          .isEqualTo(Kind.DISPUTE_WON);
    }

    @Test
    void eventsThatMoveNoPaymentGiveNothing() {
      assertThat(
              f.parse("s", Signing.request(event("customer.created", "{\"id\":\"cus_1\"}")), NOW))
          .isEmpty();
    }

    @Test
    void malformedBodiesNameTheProblem() {
      assertThatThrownBy(() -> f.parse("s", Signing.request("[]"), NOW))
          .isInstanceOf(MalformedNotificationException.class)
          .hasMessageContaining("not a JSON object");
      assertThatThrownBy(
              () ->
                  f.parse(
                      "s",
                      Signing.request(
                          event("payment_intent.succeeded", intent("amount_received", 1, "usd"))
                              .replace("\"amount_received\":1", "\"amount_received\":1.5")),
                      NOW))
          .isInstanceOf(MalformedNotificationException.class)
          .hasMessageContaining("amount_received is not an integer");
      assertThatThrownBy(
              () ->
                  f.parse(
                      "s",
                      Signing.request(
                          event("payment_intent.succeeded", intent("amount_received", 1, "xyz"))),
                      NOW))
          .isInstanceOf(MalformedNotificationException.class)
          .hasMessageContaining("unknown currency");
      assertThatThrownBy(() -> f.parse("s", Signing.request("{\"type\":\"x\"}"), NOW))
          .hasMessageContaining("id is missing");
    }

    @Test
    void hintsReadOnlyOurPaymentId() {
      assertThat(
              f.paymentIdHints(
                  Signing.request(
                      event("payment_intent.succeeded", intent("amount_received", 1, "usd")))))
          .containsExactly("pay_01");
      assertThat(f.paymentIdHints(Signing.request("garbage"))).isEmpty();
    }
  }

  @Nested
  class Adyen {
    private final NotificationFormat f = NotificationFormats.adyen();

    private String item(String code, String success, String psp, String original, String extra) {
      return "{\"NotificationRequestItem\":{\"additionalData\":{\"hmacSignature\":\"x\""
          + extra
          + "},\"amount\":{\"value\":12500,\"currency\":\"KWD\"},\"eventCode\":\""
          + code
          + "\",\"eventDate\":\"2026-11-26T12:00:00+01:00\",\"merchantAccountCode\":\"Merchant\","
          + "\"merchantReference\":\"order-1001\","
          + (original == null ? "" : "\"originalReference\":\"" + original + "\",")
          + "\"pspReference\":\""
          + psp
          + "\",\"reason\":\"Not enough balance\",\"success\":\""
          + success
          + "\"}}";
    }

    private String body(String... items) {
      return "{\"live\":\"false\",\"notificationItems\":[" + String.join(",", items) + "]}";
    }

    @Test
    void authorisationSucceedsOrIsRefused() {
      GatewayNotification ok =
          one(f, "adyen", Signing.request(body(item("AUTHORISATION", "true", "PSP1", null, ""))));
      assertThat(ok.kind()).isEqualTo(Kind.AUTHORIZED);
      assertThat(ok.gatewayReference()).isEqualTo("PSP1");
      assertThat(ok.reference()).isEqualTo("order-1001");
      assertThat(ok.amount()).isEqualTo(Money.of("12.500", "KWD"));
      assertThat(ok.eventId()).isEqualTo("PSP1:AUTHORISATION:true");
      assertThat(ok.occurredAt()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));

      GatewayNotification refused =
          one(f, "adyen", Signing.request(body(item("AUTHORISATION", "false", "PSP1", null, ""))));
      assertThat(refused.kind()).isEqualTo(Kind.DECLINED);
      assertThat(refused.decline().reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
      assertThat(refused.eventId()).isEqualTo("PSP1:AUTHORISATION:false");
    }

    @Test
    void modificationsPointAtThePaymentThroughOriginalReference() {
      List<GatewayNotification> list =
          f.parse(
              "adyen",
              Signing.request(
                  body(
                      item("CAPTURE", "true", "CAP1", "PSP1", ""),
                      item("REFUND", "false", "REF1", "PSP1", ""),
                      item(
                          "CANCEL_OR_REFUND",
                          "true",
                          "COR1",
                          "PSP1",
                          ",\"modification.action\":\"refund\""),
                      item("CHARGEBACK_REVERSED", "true", "CB1", "PSP1", ""),
                      item("REPORT_AVAILABLE", "true", "R1", null, ""))),
              NOW);

      assertThat(list)
          .extracting(GatewayNotification::kind)
          .containsExactly(Kind.CAPTURED, Kind.REFUND_FAILED, Kind.REFUNDED, Kind.DISPUTE_WON);
      assertThat(list).allSatisfy(n -> assertThat(n.gatewayReference()).isEqualTo("PSP1"));
      assertThat(list.get(0).transactionReference()).isEqualTo("CAP1");
    }

    @Test
    void theUnsignedMetadataNeverFindsThePaymentButServesAsAHint() {
      WebhookRequest r =
          Signing.request(
              body(
                  item(
                      "AUTHORISATION",
                      "true",
                      "PSP1",
                      null,
                      ",\"metadata.ottu_payment_id\":\"pay_9\"")));

      assertThat(one(f, "adyen", r).paymentId()).isNull();
      assertThat(f.paymentIdHints(r)).containsExactly("pay_9");
    }

    @Test
    void acknowledgesAsAdyenExpects() {
      assertThat(f.acknowledgement()).isEqualTo("[accepted]");
    }
  }

  @Nested
  class CheckoutCom {
    private final NotificationFormat f = NotificationFormats.checkoutCom();

    private String event(String type, String data) {
      return "{\"id\":\"evt_az5sblvku4ge3dwpztvyizgcau\",\"type\":\""
          + type
          + "\",\"version\":\"1.0.33\",\"created_on\":\"2026-11-26T10:00:00.000Z\",\"data\":"
          + data
          + "}";
    }

    @Test
    void aCaptureCarriesItsAction() {
      String data =
          "{\"id\":\"pay_mbabizu24mvu3mela5njyhpit4\",\"action_id\":\"act_y3oqhf46pyzuxjbcn2giaqnb44\","
              + "\"reference\":\"order-1001\",\"amount\":12500,\"currency\":\"BHD\","
              + "\"metadata\":{\"ottu_payment_id\":\"pay_01\"}}";
      GatewayNotification n = one(f, "cko", Signing.request(event("payment_captured", data)));

      assertThat(n.kind()).isEqualTo(Kind.CAPTURED);
      assertThat(n.gatewayReference()).isEqualTo("pay_mbabizu24mvu3mela5njyhpit4");
      assertThat(n.transactionReference()).isEqualTo("act_y3oqhf46pyzuxjbcn2giaqnb44");
      assertThat(n.paymentId()).isEqualTo("pay_01");
      assertThat(n.amount()).isEqualTo(Money.of("12.500", "BHD"));
      assertThat(n.occurredAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void aDeclineIsSoftOrHardByItsResponseCode() {
      GatewayNotification soft =
          one(
              f,
              "cko",
              Signing.request(
                  event(
                      "payment_declined",
                      "{\"id\":\"pay_1\",\"amount\":100,\"currency\":\"USD\",\"response_code\":\"20051\","
                          + "\"response_summary\":\"Insufficient Funds\"}")));
      assertThat(soft.decline().reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
      assertThat(soft.decline().soft()).isTrue();

      GatewayNotification hard =
          one(
              f,
              "cko",
              Signing.request(
                  event(
                      "payment_declined",
                      "{\"id\":\"pay_1\",\"amount\":100,\"currency\":\"USD\",\"response_code\":\"30004\"}")));
      assertThat(hard.decline().reason()).isEqualTo(DeclineReason.LOST_OR_STOLEN);
      assertThat(hard.decline().soft()).isFalse();
    }

    @Test
    void disputesNameTheirPayment() {
      GatewayNotification n =
          one(
              f,
              "cko",
              Signing.request(
                  event(
                      "dispute_lost",
                      "{\"id\":\"dsp_1\",\"payment_id\":\"pay_1\",\"amount\":100,\"currency\":\"USD\"}")));

      assertThat(n.kind()).isEqualTo(Kind.DISPUTE_LOST);
      assertThat(n.gatewayReference()).isEqualTo("pay_1");
      assertThat(n.transactionReference()).isEqualTo("dsp_1");
    }
  }

  @Nested
  class Tap {
    private final NotificationFormat f = NotificationFormats.tap();

    @Test
    void aCapturedChargeInKwd() {
      String charge =
          "{\"id\":\"chg_TS05\",\"object\":\"charge\",\"status\":\"CAPTURED\",\"amount\":12.5,"
              + "\"currency\":\"KWD\",\"transaction\":{\"created\":\"1698392202943\"},"
              + "\"reference\":{\"order\":\"order-1001\",\"payment\":\"43\",\"gateway\":\"12\"},"
              + "\"metadata\":{\"ottu_payment_id\":\"pay_01\"},"
              + "\"card\":{\"first_six\":\"446404\",\"last_four\":\"0007\"}}";
      WebhookRequest r = Signing.request(charge);
      GatewayNotification n = one(f, "tap", r);

      assertThat(n.kind()).isEqualTo(Kind.CAPTURED);
      assertThat(n.gatewayReference()).isEqualTo("chg_TS05");
      assertThat(n.eventId()).isEqualTo("chg_TS05:CAPTURED");
      assertThat(n.amount()).isEqualTo(Money.of("12.500", "KWD"));
      assertThat(n.occurredAt()).isEqualTo(Instant.ofEpochMilli(1698392202943L));
      assertThat(n.paymentId()).isNull();
      assertThat(n.details()).doesNotContainValue("446404").containsEntry("order", "order-1001");
      assertThat(f.paymentIdHints(r)).containsExactly("pay_01");
    }

    @Test
    void declinesAndRefunds() {
      GatewayNotification declined =
          one(
              f,
              "tap",
              Signing.request(
                  "{\"id\":\"chg_1\",\"status\":\"DECLINED\",\"amount\":1,\"currency\":\"SAR\","
                      + "\"response\":{\"code\":\"505\",\"message\":\"Insufficient Funds\"}}"));
      assertThat(declined.kind()).isEqualTo(Kind.DECLINED);
      assertThat(declined.decline().reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);

      GatewayNotification refund =
          one(
              f,
              "tap",
              Signing.request(
                  "{\"id\":\"re_1\",\"object\":\"refund\",\"status\":\"REFUNDED\",\"amount\":0.25,"
                      + "\"currency\":\"BHD\",\"charge_id\":\"chg_1\",\"created\":1698392202943}"));
      assertThat(refund.kind()).isEqualTo(Kind.REFUNDED);
      assertThat(refund.gatewayReference()).isEqualTo("chg_1");
      assertThat(refund.transactionReference()).isEqualTo("re_1");
      assertThat(refund.amount()).isEqualTo(Money.of("0.250", "BHD"));
    }

    @Test
    void anAmountFinerThanTheCurrencyIsRefused() {
      assertThatThrownBy(
              () ->
                  f.parse(
                      "tap",
                      Signing.request(
                          "{\"id\":\"chg_1\",\"status\":\"CAPTURED\",\"amount\":1.0001,\"currency\":\"KWD\"}"),
                      NOW))
          .isInstanceOf(MalformedNotificationException.class)
          .hasMessageContaining("not exact in KWD");
    }
  }

  @Nested
  class Mpgs {
    private final NotificationFormat f = NotificationFormats.mpgs();

    private String body(String type, String result) {
      return "{\"merchant\":\"TESTNBK\",\"order\":{\"id\":\"pay_01\",\"amount\":12.5,\"currency\":\"KWD\","
          + "\"reference\":\"order-1001\",\"status\":\"CAPTURED\"},"
          + "\"transaction\":{\"id\":\"txn-2\",\"type\":\""
          + type
          + "\",\"amount\":12.5,\"currency\":\"KWD\"},"
          + "\"response\":{\"gatewayCode\":\""
          + ("SUCCESS".equals(result) ? "APPROVED" : "INSUFFICIENT_FUNDS")
          + "\"},\"result\":\""
          + result
          + "\",\"timeOfRecord\":\"2026-11-26T10:00:00.000Z\"}";
    }

    @Test
    void aCaptureWithTheNotificationIdAsEventId() {
      GatewayNotification n =
          one(f, "mpgs", Signing.request(body("CAPTURE", "SUCCESS"), "X-Notification-Id", "N-77"));

      assertThat(n.kind()).isEqualTo(Kind.CAPTURED);
      assertThat(n.eventId()).isEqualTo("N-77");
      assertThat(n.paymentId()).isEqualTo("pay_01");
      assertThat(n.gatewayReference()).isEqualTo("pay_01");
      assertThat(n.transactionReference()).isEqualTo("txn-2");
      assertThat(n.amount()).isEqualTo(Money.of("12.500", "KWD"));
    }

    @Test
    void aFailedPaymentIsADeclineAndUnknownResultsWaitForALookup() {
      GatewayNotification n = one(f, "mpgs", Signing.request(body("PAYMENT", "FAILURE")));
      assertThat(n.kind()).isEqualTo(Kind.DECLINED);
      assertThat(n.decline().reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
      assertThat(n.eventId()).isEqualTo("pay_01:txn-2:FAILURE");

      assertThat(f.parse("mpgs", Signing.request(body("PAYMENT", "UNKNOWN")), NOW)).isEmpty();
    }
  }

  @Nested
  class PayPal {
    private final NotificationFormat f = NotificationFormats.paypal();

    private String event(String type, String resource) {
      return "{\"id\":\"WH-58D329510W468432D-8HN650336L201105X\",\"create_time\":\"2026-11-26T10:00:00.000Z\","
          + "\"resource_type\":\"capture\",\"event_type\":\""
          + type
          + "\",\"resource\":"
          + resource
          + "}";
    }

    @Test
    void aCompletedCaptureOfAnOrder() {
      String capture =
          "{\"id\":\"42311647XV020574X\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"10.50\"},"
              + "\"custom_id\":\"pay_01\",\"invoice_id\":\"order-1001\","
              + "\"supplementary_data\":{\"related_ids\":{\"order_id\":\"5O190127TN364715T\"}}}";
      GatewayNotification n =
          one(f, "paypal", Signing.request(event("PAYMENT.CAPTURE.COMPLETED", capture)));

      assertThat(n.kind()).isEqualTo(Kind.CAPTURED);
      assertThat(n.paymentId()).isEqualTo("pay_01");
      assertThat(n.reference()).isEqualTo("order-1001");
      assertThat(n.gatewayReference()).isEqualTo("5O190127TN364715T");
      assertThat(n.transactionReference()).isEqualTo("42311647XV020574X");
      assertThat(n.amount()).isEqualTo(Money.of("10.50", "USD"));
    }

    @Test
    void aDeniedCaptureOfAnAuthorizationIsAFailedCapture() {
      String capture =
          "{\"id\":\"CAP1\",\"status\":\"DECLINED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"1.00\"},"
              + "\"supplementary_data\":{\"related_ids\":{\"order_id\":\"O1\",\"authorization_id\":\"A1\"}}}";

      assertThat(one(f, "paypal", Signing.request(event("PAYMENT.CAPTURE.DENIED", capture))).kind())
          .isEqualTo(Kind.CAPTURE_FAILED);
      assertThat(
              one(
                      f,
                      "paypal",
                      Signing.request(
                          event(
                              "PAYMENT.CAPTURE.DENIED",
                              capture.replace(",\"authorization_id\":\"A1\"", ""))))
                  .kind())
          .isEqualTo(Kind.DECLINED);
    }

    @Test
    void aRefundNamesItsCaptureThroughTheUpLink() {
      String refund =
          "{\"id\":\"1JU08902781691411\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"2.00\"},"
              + "\"links\":[{\"rel\":\"self\",\"href\":\"https://api-m.paypal.com/v2/payments/refunds/1JU08902781691411\"},"
              + "{\"rel\":\"up\",\"href\":\"https://api-m.paypal.com/v2/payments/captures/42311647XV020574X\"}]}";
      GatewayNotification n =
          one(f, "paypal", Signing.request(event("PAYMENT.CAPTURE.REFUNDED", refund)));

      assertThat(n.kind()).isEqualTo(Kind.REFUNDED);
      assertThat(n.gatewayReference()).isEqualTo("42311647XV020574X");
      assertThat(n.transactionReference()).isEqualTo("1JU08902781691411");
      assertThat(n.amount()).isEqualTo(Money.of("2.00", "USD"));
    }

    @Test
    void aDisputeResolvedForTheBuyerIsLost() {
      String dispute =
          "{\"dispute_id\":\"PP-D-1\",\"disputed_transactions\":[{\"seller_transaction_id\":\"42311647XV020574X\","
              + "\"custom\":\"pay_01\"}],\"dispute_amount\":{\"currency_code\":\"USD\",\"value\":\"10.50\"},"
              + "\"dispute_outcome\":{\"outcome_code\":\"RESOLVED_BUYER_FAVOUR\"}}";
      GatewayNotification n =
          one(f, "paypal", Signing.request(event("CUSTOMER.DISPUTE.RESOLVED", dispute)));

      assertThat(n.kind()).isEqualTo(Kind.DISPUTE_LOST);
      assertThat(n.paymentId()).isEqualTo("pay_01");
      assertThat(n.transactionReference()).isEqualTo("PP-D-1");
    }
  }
}
