package io.ottu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.ottu.testkit.example.AcmePayGatewayCompatibilityTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Tests the tester: a correct adapter passes every kit test, and an adapter that calls a read
 * timeout "not sent" (which would let the engine fail over and charge twice) is caught.
 */
class KitSelfTest {
  /** The example adapter with its timeout bug switched on. */
  public static class BrokenAcmePay extends AcmePayGatewayCompatibilityTest {
    @Override
    protected boolean broken() {
      return true;
    }
  }

  @Test
  void aCorrectAdapterPassesEveryCheckAndSkipsOnlyTheOptionalLookups() {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(AcmePayGatewayCompatibilityTest.class))
            .execute()
            .testEvents();
    assertThat(tests.failed().count()).isZero();
    assertThat(tests.succeeded().count()).isEqualTo(22);
    assertThat(tests.skipped().count()).isZero();
    assertThat(tests.aborted().count()).isEqualTo(3);
  }

  @Test
  void anAdapterThatCallsATimeoutNotSentFails() {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(
                selectMethod(BrokenAcmePay.class, "readTimeoutAfterSendingIsAnUnknownOutcome"),
                selectMethod(BrokenAcmePay.class, "connectionResetAfterSendingIsAnUnknownOutcome"),
                selectMethod(BrokenAcmePay.class, "approvalAuthorizesTheRequestedAmount"))
            .execute()
            .testEvents();
    assertThat(tests.failed().count()).isEqualTo(2);
    assertThat(tests.succeeded().count()).isEqualTo(1);
  }
}
