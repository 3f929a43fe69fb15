package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.capture;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedGatewayConcurrencyTest {
  private static final int THREADS = 32;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Runs {@code task} on every thread at once, released by one start gate. */
  private <T> List<T> race(int threads, Callable<T> task) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                start.await();
                return task.call();
              }));
    }
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void sameKeyFromManyThreadsChargesExactlyOnce() throws Exception {
    SimulatedGateway gateway = SimulatedGateway.builder("sim").build();

    List<GatewayResult> results =
        race(THREADS, () -> gateway.authorize(authorize("p1", "k1", usd("10.00"))));

    assertThat(results).allSatisfy(r -> assertThat(r).isSameAs(results.get(0)));
    assertThat(gateway.ledger().chargesForPayment("p1")).hasSize(1);
    assertThat(gateway.ledger().size()).isEqualTo(1);
  }

  @Test
  void sameKeyRepeatedlyWithLostResponsesStillChargesOnce() throws Exception {
    for (int round = 0; round < 20; round++) {
      SimulatedGateway gateway =
          SimulatedGateway.builder("sim")
              .faults(
                  FaultPlan.random(
                      Map.of(
                          Fault.PROCESSED_RESPONSE_LOST, 0.3,
                          Fault.LOST_BEFORE_PROCESSING, 0.2,
                          Fault.NOT_SENT, 0.1)))
              .seed(round)
              .build();
      AtomicInteger answered = new AtomicInteger();

      race(
          THREADS,
          () -> {
            try {
              gateway.authorize(authorize("p1", "k1", usd("10.00")));
              answered.incrementAndGet();
            } catch (GatewayException e) {
              assertThat(e.failureClass())
                  .isIn(FailureClass.UNKNOWN_OUTCOME, FailureClass.NOT_SENT);
            }
            return null;
          });

      assertThat(gateway.ledger().chargesForPayment("p1")).hasSizeLessThanOrEqualTo(1);
      if (answered.get() > 0) {
        assertThat(gateway.ledger().chargesForPayment("p1")).hasSize(1);
      }
    }
  }

  @Test
  void concurrentCapturesNeverExceedTheAuthorizedAmount() throws Exception {
    SimulatedGateway gateway = SimulatedGateway.builder("sim").build();
    String ref = gateway.authorize(authorize("p1", "k1", usd("10.00"))).gatewayReference().get();
    AtomicInteger key = new AtomicInteger();

    List<Boolean> captured =
        race(
            THREADS,
            () -> {
              try {
                gateway.capture(capture("p1", ref, usd("1.00"), "c" + key.incrementAndGet()));
                return true;
              } catch (GatewayException e) {
                assertThat(e.gatewayCode())
                    .hasValueSatisfying(
                        code ->
                            assertThat(code).isIn("capture_exceeds_authorized", "invalid_state"));
                return false;
              }
            });

    assertThat(captured.stream().filter(b -> b).count()).isEqualTo(10);
    assertThat(gateway.ledger().entry(ref).orElseThrow().captured()).isEqualTo(usd("10.00"));
  }

  @Test
  void manyPaymentsFromManyThreadsEachChargeOnceWithUniqueReferences() throws Exception {
    SimulatedGateway gateway = SimulatedGateway.builder("sim").approvalRate(0.7).seed(3).build();
    int perThread = 500;
    AtomicInteger thread = new AtomicInteger();

    race(
        THREADS,
        () -> {
          int t = thread.getAndIncrement();
          for (int i = 0; i < perThread; i++) {
            String id = "p" + t + "-" + i;
            gateway.authorize(authorize(id, id + "-a1", usd("10.00")));
            // Every payment is also retried once with its key, as after a lost response.
            gateway.authorize(authorize(id, id + "-a1", usd("10.00")));
          }
          return null;
        });

    SimulatedLedger ledger = gateway.ledger();
    assertThat(ledger.size()).isEqualTo(THREADS * perThread);
    assertThat(ledger.chargesByPayment().values()).allSatisfy(l -> assertThat(l).hasSize(1));
    assertThat(ledger.entries()).extracting(LedgerEntry::gatewayReference).doesNotHaveDuplicates();
  }

  @Test
  void injectedFaultsAreConsumedExactlyOnceUnderConcurrency() throws Exception {
    SimulatedGateway gateway = SimulatedGateway.builder("sim").build();
    gateway.injectFaults(Fault.NOT_SENT, 10);
    AtomicInteger n = new AtomicInteger();

    List<Boolean> failed =
        race(
            THREADS,
            () -> {
              int i = n.incrementAndGet();
              try {
                gateway.authorize(authorize("p" + i, "k" + i, usd("1.00")));
                return false;
              } catch (GatewayException e) {
                return true;
              }
            });

    assertThat(failed.stream().filter(b -> b).count()).isEqualTo(10);
    assertThat(gateway.ledger().size()).isEqualTo(THREADS - 10);
  }
}
