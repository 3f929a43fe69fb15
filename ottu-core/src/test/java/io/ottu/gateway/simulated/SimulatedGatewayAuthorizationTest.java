package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.card;
import static io.ottu.gateway.simulated.Sim.failure;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.Decline;
import io.ottu.DeclineReason;
import io.ottu.Money;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatedGatewayAuthorizationTest {
  private final SimulatedGateway gateway = SimulatedGateway.builder("sim").seed(1).build();

  @Test
  void approvesAnOrdinaryCardWithTheAmountAndARawStatus() {
    GatewayResult result = gateway.authorize(authorize("p1", "k1", usd("12.50")));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.gatewayReference()).hasValue("sim_sim_1");
    assertThat(result.amount()).hasValue(usd("12.50"));
    assertThat(result.rawStatus()).hasValue("authorized");
    LedgerEntry entry = gateway.ledger().entry("sim_sim_1").orElseThrow();
    assertThat(entry.status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(entry.isCharge()).isTrue();
    assertThat(entry.paymentId()).isEqualTo("p1");
    assertThat(entry.reference()).isEqualTo("order-p1");
    assertThat(entry.authorizationKey()).isEqualTo("k1");
    assertThat(entry.operations())
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.operation()).isEqualTo(GatewayOperation.AUTHORIZE);
              assertThat(op.outcome()).isEqualTo(GatewayResult.Type.AUTHORIZED);
              assertThat(op.amount()).isEqualTo(usd("12.50"));
              assertThat(op.idempotencyKey()).isEqualTo("k1");
            });
  }

  @Test
  void purchaseCapturesAtOnce() {
    GatewayResult result =
        gateway.authorize(
            authorize(
                "p1",
                "k1",
                usd("30.00"),
                card(TestCards.MASTERCARD),
                true,
                ThreeDSecure.AUTOMATIC));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.amount()).hasValue(usd("30.00"));
    LedgerEntry entry = gateway.ledger().entry(result.gatewayReference().orElseThrow()).get();
    assertThat(entry.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(entry.captured()).isEqualTo(usd("30.00"));
    assertThat(entry.purchase()).isTrue();
    assertThat(entry.operations().get(0).operation()).isEqualTo(GatewayOperation.PURCHASE);
  }

  static Stream<Arguments> decliningCards() {
    return Stream.of(
        Arguments.of(TestCards.DECLINED, "05", DeclineReason.DO_NOT_HONOR, true),
        Arguments.of(TestCards.INSUFFICIENT_FUNDS, "51", DeclineReason.INSUFFICIENT_FUNDS, false),
        Arguments.of(TestCards.LOST_CARD, "41", DeclineReason.LOST_OR_STOLEN, false),
        Arguments.of(TestCards.STOLEN_CARD, "43", DeclineReason.LOST_OR_STOLEN, false),
        Arguments.of(TestCards.EXPIRED_CARD, "54", DeclineReason.EXPIRED_CARD, false),
        Arguments.of(TestCards.INCORRECT_CVC, "N7", DeclineReason.INCORRECT_CVC, false),
        Arguments.of(TestCards.PROCESSING_ERROR, "96", DeclineReason.PROCESSING_ERROR, true),
        Arguments.of(TestCards.FRAUDULENT, "59", DeclineReason.SUSPECTED_FRAUD, false),
        Arguments.of(TestCards.VELOCITY_EXCEEDED, "61", DeclineReason.LIMIT_EXCEEDED, false));
  }

  @ParameterizedTest
  @MethodSource("decliningCards")
  void testCardsDeclineWithTheirCodeWhateverTheApprovalRate(
      String number, String rawCode, DeclineReason reason, boolean soft) {
    SimulatedGateway alwaysApproves = SimulatedGateway.builder("sim").approvalRate(1.0).build();

    GatewayResult result =
        alwaysApproves.authorize(
            authorize("p1", "k1", usd("10.00"), card(number), false, ThreeDSecure.AUTOMATIC));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    Decline decline = result.decline().orElseThrow();
    assertThat(decline.rawCode()).isEqualTo(rawCode);
    assertThat(decline.reason()).isEqualTo(reason);
    assertThat(decline.soft()).isEqualTo(soft);
    assertThat(decline.gatewayId()).isEqualTo("sim");
    assertThat(result.rawStatus()).hasValue("declined");
    LedgerEntry entry = alwaysApproves.ledger().entriesForPayment("p1").get(0);
    assertThat(entry.status()).isEqualTo(PaymentStatus.DECLINED);
    assertThat(entry.isCharge()).isFalse();
    assertThat(alwaysApproves.ledger().charges()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    TestCards.VISA,
    TestCards.VISA_DEBIT,
    TestCards.MASTERCARD,
    TestCards.AMERICAN_EXPRESS
  })
  void approvingTestCardsApproveEvenWhenTheRateDeclinesEverything(String number) {
    SimulatedGateway neverApproves = SimulatedGateway.builder("sim").approvalRate(0.0).build();

    GatewayResult result =
        neverApproves.authorize(
            authorize("p1", "k1", usd("10.00"), card(number), false, ThreeDSecure.AUTOMATIC));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @ParameterizedTest
  @CsvSource({
    "99.51, USD, 51, INSUFFICIENT_FUNDS",
    "19.991, KWD, 91, ISSUER_UNAVAILABLE",
    "9905, JPY, 05, DO_NOT_HONOR",
    "1299.14, USD, 14, INVALID_CARD"
  })
  void amountsEndingIn99AndAnIsoCodeDeclineWithThatCode(
      String amount, String currency, String rawCode, DeclineReason reason) {
    GatewayResult result =
        gateway.authorize(
            authorize(
                "p1",
                "k1",
                Money.of(amount, currency),
                card("4111111111111111"),
                false,
                ThreeDSecure.AUTOMATIC));

    assertThat(result.decline()).map(Decline::rawCode).hasValue(rawCode);
    assertThat(result.decline()).map(Decline::reason).hasValue(reason);
  }

  @Test
  void amountTriggersCanBeTurnedOffAndIgnoreUnknownCodes() {
    SimulatedGateway noTriggers = SimulatedGateway.builder("sim").amountTriggers(false).build();

    assertThat(noTriggers.authorize(authorize("p1", "k1", usd("99.51"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    // 99 followed by 00 is no ISO decline code in the table, so the amount is ordinary.
    assertThat(gateway.authorize(authorize("p2", "k2", usd("99.00"))).type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void approvalRateIsHonouredWithinStatisticalTolerance() {
    SimulatedGateway eightyPercent =
        SimulatedGateway.builder("sim").approvalRate(0.8).seed(7).build();
    int payments = 10_000;
    int approved = 0;
    for (int i = 0; i < payments; i++) {
      GatewayResult r =
          eightyPercent.authorize(
              authorize(
                  "p" + i,
                  "key-" + i,
                  usd("10.00"),
                  card("4111111111111111"),
                  false,
                  ThreeDSecure.AUTOMATIC));
      if (r.type() == GatewayResult.Type.AUTHORIZED) {
        approved++;
      }
    }
    // Binomial(10 000, 0.8) has a standard deviation of 40; five of them is a safe margin.
    assertThat(approved).isBetween(8_000 - 200, 8_000 + 200);
    assertThat(eightyPercent.ledger().countAuthorizations()).isEqualTo(approved);
    assertThat(eightyPercent.ledger().size()).isEqualTo(payments);
  }

  @Test
  void declineMixIsHonouredWithinStatisticalTolerance() {
    SimulatedGateway declines =
        SimulatedGateway.builder("sim")
            .approvalRate(0.0)
            .declineMix(Map.of(DeclineCode.DO_NOT_HONOR, 3.0, DeclineCode.INSUFFICIENT_FUNDS, 1.0))
            .seed(11)
            .build();
    Map<DeclineReason, Integer> counts = new EnumMap<>(DeclineReason.class);
    int payments = 8_000;
    for (int i = 0; i < payments; i++) {
      GatewayResult r = declines.authorize(authorize("p" + i, "key-" + i, usd("10.00")));
      counts.merge(r.decline().orElseThrow().reason(), 1, Integer::sum);
    }
    assertThat(counts.keySet())
        .containsExactlyInAnyOrder(DeclineReason.DO_NOT_HONOR, DeclineReason.INSUFFICIENT_FUNDS);
    // 0.75 of 8 000 with a standard deviation of about 39.
    assertThat(counts.get(DeclineReason.DO_NOT_HONOR)).isBetween(6_000 - 200, 6_000 + 200);
  }

  @Test
  void defaultDeclineMixProducesRealisticCodesBothSoftAndHard() {
    SimulatedGateway declines = SimulatedGateway.builder("sim").approvalRate(0.0).seed(3).build();
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (int i = 0; i < 4_000; i++) {
      Decline d = declines.authorize(authorize("p" + i, "key-" + i, usd("5.00"))).decline().get();
      counts.merge(d.rawCode() + (d.soft() ? "/soft" : "/hard"), 1, Integer::sum);
    }
    assertThat(counts)
        .containsOnlyKeys(
            "05/soft", "51/hard", "54/hard", "91/soft", "59/hard", "96/soft", "14/hard", "N7/hard");
    assertThat((double) counts.get("05/soft") / 4_000).isCloseTo(0.40, within(0.04));
  }

  @Test
  void sameSeedAndKeyGiveTheSameDecisionOnAnotherInstance() {
    SimulatedGateway a = SimulatedGateway.builder("sim").approvalRate(0.5).seed(99).build();
    SimulatedGateway b = SimulatedGateway.builder("sim").approvalRate(0.5).seed(99).build();
    for (int i = 0; i < 200; i++) {
      GatewayResult ra = a.authorize(authorize("p" + i, "key-" + i, usd("10.00")));
      GatewayResult rb = b.authorize(authorize("p" + i, "key-" + i, usd("10.00")));
      assertThat(rb.type()).isEqualTo(ra.type());
      assertThat(rb.decline()).isEqualTo(ra.decline());
    }
  }

  @Test
  void cardExpiredByTheClockDeclines54() {
    YearMonth lastMonth = YearMonth.now().minusMonths(1);
    CardData expired =
        CardData.builder()
            .number(TestCards.VISA)
            .expiry(lastMonth.getMonthValue(), lastMonth.getYear())
            .build();

    GatewayResult result =
        gateway.authorize(
            authorize(
                "p1",
                "k1",
                usd("1.00"),
                GatewaySource.card(expired),
                false,
                ThreeDSecure.AUTOMATIC));

    assertThat(result.decline()).map(Decline::rawCode).hasValue("54");
  }

  @Test
  void gatewayTokensFollowTheTokenTable() {
    assertThat(
            gateway
                .authorize(
                    authorize(
                        "p1",
                        "k1",
                        usd("1.00"),
                        GatewaySource.gatewayToken(TestCards.TOKEN_VISA),
                        false,
                        ThreeDSecure.AUTOMATIC))
                .type())
        .isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(
            gateway
                .authorize(
                    authorize(
                        "p2",
                        "k2",
                        usd("1.00"),
                        GatewaySource.gatewayToken(TestCards.TOKEN_INSUFFICIENT_FUNDS),
                        false,
                        ThreeDSecure.AUTOMATIC))
                .decline())
        .map(Decline::rawCode)
        .hasValue("51");
    assertThat(
            gateway
                .authorize(
                    authorize(
                        "p3",
                        "k3",
                        usd("1.00"),
                        GatewaySource.gatewayToken(TestCards.TOKEN_DECLINED),
                        false,
                        ThreeDSecure.AUTOMATIC))
                .decline())
        .map(Decline::rawCode)
        .hasValue("05");
  }

  @Test
  void unsupportedBrandIsASoftDecline() {
    SimulatedGateway visaOnly =
        SimulatedGateway.builder("sim")
            .capabilities(GatewayCapabilities.builder().brands(CardBrand.VISA).build())
            .build();

    GatewayResult result =
        visaOnly.authorize(
            authorize(
                "p1",
                "k1",
                usd("1.00"),
                card(TestCards.MASTERCARD),
                false,
                ThreeDSecure.AUTOMATIC));

    assertThat(result.decline()).map(Decline::reason).hasValue(DeclineReason.NOT_SUPPORTED);
    assertThat(result.decline()).map(Decline::soft).hasValue(true);
  }

  @Test
  void requestsOutsideTheCapabilitiesAreRejectedAndNotRecorded() {
    SimulatedGateway limited =
        SimulatedGateway.builder("sim")
            .capabilities(
                GatewayCapabilities.builder()
                    .currencies("KWD")
                    .operations(GatewayOperation.AUTHORIZE, GatewayOperation.CAPTURE)
                    .threeDSecure(false)
                    .build())
            .build();

    GatewayException currency =
        failure(() -> limited.authorize(authorize("p1", "k1", usd("1.00"))));
    assertThat(currency.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(currency.gatewayCode()).hasValue("currency_unsupported");

    Money kwd = Money.of("1.000", "KWD");
    GatewayException purchase =
        failure(
            () ->
                limited.authorize(
                    authorize(
                        "p2", "k2", kwd, card(TestCards.VISA), true, ThreeDSecure.AUTOMATIC)));
    assertThat(purchase.gatewayCode()).hasValue("operation_unsupported");

    GatewayException threeDs =
        failure(
            () ->
                limited.authorize(
                    authorize(
                        "p3", "k3", kwd, card(TestCards.VISA), false, ThreeDSecure.REQUIRED)));
    assertThat(threeDs.gatewayCode()).hasValue("three_d_secure_unsupported");

    assertThat(limited.ledger().size()).isZero();
  }

  @Test
  void nonPositiveAmountAndWipedCardAreRejected() {
    GatewayException zero = failure(() -> gateway.authorize(authorize("p1", "k1", usd("0.00"))));
    assertThat(zero.gatewayCode()).hasValue("invalid_amount");

    CardData wiped = TestCards.card(TestCards.VISA);
    wiped.wipe();
    GatewayException wipedCard =
        failure(
            () ->
                gateway.authorize(
                    authorize(
                        "p2",
                        "k2",
                        usd("1.00"),
                        GatewaySource.card(wiped),
                        false,
                        ThreeDSecure.AUTOMATIC)));
    assertThat(wipedCard.gatewayCode()).hasValue("invalid_card");
    assertThat(gateway.ledger().size()).isZero();
  }

  @Test
  void gatewayReferencesAreUniqueAndSequential() {
    for (int i = 1; i <= 3; i++) {
      assertThat(gateway.authorize(authorize("p" + i, "k" + i, usd("1.00"))).gatewayReference())
          .hasValue("sim_sim_" + i);
    }
  }
}
