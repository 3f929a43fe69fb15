package io.ottu.vault;

import static io.ottu.vault.TestCards.AMEX;
import static io.ottu.vault.TestCards.MASTERCARD;
import static io.ottu.vault.TestCards.VISA;
import static io.ottu.vault.TestCards.card;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CardData;
import io.ottu.access.Principal;
import io.ottu.audit.AuditLog;
import io.ottu.audit.AuditRecord;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyRotationTest {
  private InMemoryKeyProvider keys;
  private VaultStore store;
  private AuditLog audit;
  private CardVault vault;
  private Principal engine;

  @BeforeEach
  void setUp() {
    keys = InMemoryKeyProvider.create();
    store = VaultStore.inMemory();
    audit = AuditLog.inMemory();
    vault =
        CardVault.builder()
            .keyProvider(keys)
            .store(store)
            .auditLog(audit)
            .rotationPageSize(7)
            .build();
    engine = vault.enginePrincipal();
  }

  @Test
  void rotationRewrapsEveryRecordAndOldVersionCanThenBeRetired() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(vault.tokenize(card(i % 2 == 0 ? VISA : AMEX)).token());
    }
    assertThat(store.countLive(1)).isEqualTo(50);

    KeyRotation rotation = vault.rotateKeys();

    assertThat(rotation.previousVersion()).isEqualTo(1);
    assertThat(rotation.newVersion()).isEqualTo(2);
    assertThat(rotation.rewrapped()).isEqualTo(50);
    assertThat(rotation.failed()).isZero();
    assertThat(rotation.retirableVersions()).containsExactly(1);
    assertThat(vault.currentKeyVersion()).isEqualTo(2);
    assertThat(vault.keyVersions()).containsExactly(1, 2);
    assertThat(vault.recordsUnderKeyVersion(1)).isZero();
    assertThat(vault.recordsUnderKeyVersion(2)).isEqualTo(50);

    vault.retireKeyVersion(1);

    assertThat(vault.keyVersions()).containsExactly(2);
    for (int i = 0; i < tokens.size(); i++) {
      assertThat(vault.detokenize(tokens.get(i), engine).number())
          .isEqualTo(i % 2 == 0 ? VISA : AMEX);
    }
    assertThat(vault.tokenize(card(VISA)).token()).isNotBlank();
    assertThat(store.countLive(2)).isEqualTo(51);
  }

  @Test
  void newRecordsUseTheNewVersionAndOldOnesStillDecryptBeforeRetirement() {
    String old = vault.tokenize(card(VISA)).token();
    int next = keys.rotate(); // a provider-level rotation, without re-wrapping
    String fresh = vault.tokenize(card(MASTERCARD)).token();

    assertThat(store.find(old).orElseThrow().keyVersion()).isEqualTo(1);
    assertThat(store.find(fresh).orElseThrow().keyVersion()).isEqualTo(next);
    assertThat(vault.detokenize(old, engine).number()).isEqualTo(VISA);
    assertThat(vault.detokenize(fresh, engine).number()).isEqualTo(MASTERCARD);
    assertThatThrownBy(() -> vault.retireKeyVersion(1))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "key version 1 still protects 1 record(s); run rotateKeys() to re-wrap them first");
  }

  @Test
  void currentAndUnknownVersionsCannotBeRetired() {
    assertThatThrownBy(() -> vault.retireKeyVersion(1))
        .isInstanceOf(VaultException.class)
        .hasMessage("key version 1 is current and cannot be retired");
    assertThatThrownBy(() -> vault.retireKeyVersion(9)).isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void rotationsAndRetirementsAreAudited() {
    vault.tokenize(card(VISA));
    vault.rotateKeys();
    vault.retireKeyVersion(1);

    List<AuditRecord> records = audit.records();
    assertThat(records)
        .extracting(r -> r.event().action())
        .containsExactly("vault.rotate", "vault.retire_key");
    assertThat(records.get(0).event().actor()).isEqualTo("ottu-vault-admin");
    assertThat(records.get(0).event().detail()).isEqualTo("version 1 -> 2; rewrapped=1; failed=0");
    assertThat(records.get(1).event().detail()).isEqualTo("version 1");
  }

  @Test
  void repeatedRotationsRewrapFromEveryOldVersion() {
    String a = vault.tokenize(card(VISA)).token();
    keys.rotate();
    String b = vault.tokenize(card(MASTERCARD)).token();

    KeyRotation rotation = vault.rotateKeys();

    assertThat(rotation.newVersion()).isEqualTo(3);
    assertThat(rotation.rewrapped()).isEqualTo(2);
    assertThat(rotation.retirableVersions()).containsExactly(1, 2);
    vault.retireKeyVersion(1);
    vault.retireKeyVersion(2);
    assertThat(vault.detokenize(a, engine).number()).isEqualTo(VISA);
    assertThat(vault.detokenize(b, engine).number()).isEqualTo(MASTERCARD);
  }

  @Test
  void aRotationThatFailsMidwayIsAuditedAndLosesNothing() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tokens.add(vault.tokenize(card(VISA)).token());
    }
    AtomicInteger wraps = new AtomicInteger();
    KeyProvider flaky =
        new ForwardingKeyProvider(keys) {
          @Override
          public byte[] wrap(int version, byte[] dataKey, byte[] aad) {
            if (version == 2 && wraps.incrementAndGet() == 4) {
              throw new VaultException("HSM connection lost");
            }
            return super.wrap(version, dataKey, aad);
          }
        };
    CardVault fragile = vault.toBuilder().keyProvider(flaky).build();

    assertThatThrownBy(fragile::rotateKeys)
        .isInstanceOf(VaultException.class)
        .hasMessage("HSM connection lost");

    assertThat(store.countLive(1) + store.countLive(2)).isEqualTo(10);
    assertThat(store.countLive(2)).isEqualTo(3);
    assertThat(audit.records().get(audit.records().size() - 1).event().action())
        .isEqualTo("vault.rotate.failed");
    for (String token : tokens) {
      assertThat(fragile.detokenize(token, fragile.enginePrincipal()).number()).isEqualTo(VISA);
    }
    KeyRotation retry = fragile.rotateKeys();
    assertThat(retry.newVersion()).isEqualTo(3);
    assertThat(retry.retirableVersions()).containsExactly(1, 2);
  }

  @Test
  void erasedRecordsAreSkippedByRotation() {
    String kept = vault.tokenize(card(VISA)).token();
    String erased = vault.tokenize(card(VISA)).token();
    vault.delete(erased);

    KeyRotation rotation = vault.rotateKeys();

    assertThat(rotation.rewrapped()).isEqualTo(1);
    assertThat(store.find(kept).orElseThrow().keyVersion()).isEqualTo(2);
    assertThat(store.find(erased).orElseThrow().isErased()).isTrue();
  }

  /**
   * A tokenize that wrapped its data key under version 1 just before a rotation and retirement of
   * version 1 (all of which happen inside the key provider's wrap call here) must still leave a
   * readable record: the vault notices the retirement after its insert and re-wraps.
   */
  @Test
  void tokenizeRacingARetirementReWrapsItsOwnRecord() {
    AtomicBoolean armed = new AtomicBoolean(true);
    CardVault[] self = new CardVault[1];
    KeyProvider racing =
        new ForwardingKeyProvider(keys) {
          @Override
          public byte[] wrap(int version, byte[] dataKey, byte[] aad) {
            byte[] wrapped = super.wrap(version, dataKey, aad);
            if (armed.getAndSet(false)) {
              self[0].rotateKeys();
              self[0].retireKeyVersion(version);
            }
            return wrapped;
          }
        };
    CardVault racer = CardVault.builder().keyProvider(racing).store(store).build();
    self[0] = racer;

    String token = racer.tokenize(card(VISA)).token();

    assertThat(keys.versions()).containsExactly(2);
    assertThat(store.find(token).orElseThrow().keyVersion()).isEqualTo(2);
    assertThat(racer.detokenize(token, racer.enginePrincipal()).number()).isEqualTo(VISA);
  }

  /**
   * Tokenize and detokenize run on four threads while a rotation re-wraps. Latches inside the key
   * provider make the interleaving certain (no sleeps): the rotation waits, right after the new
   * version is created and again halfway through re-wrapping, until the workers have completed
   * operations in that state.
   */
  @Test
  void rotationUnderConcurrentLoadLosesNothing() throws Exception {
    int workers = 4;
    CountDownLatch afterNewVersion = new CountDownLatch(40);
    CountDownLatch halfwayRewrapped = new CountDownLatch(40);
    AtomicInteger phase = new AtomicInteger(); // 0 before, 1 new version, 2 halfway, 3 done
    AtomicInteger rotationUnwraps = new AtomicInteger();
    Thread[] rotationThread = new Thread[1];
    KeyProvider gated =
        new ForwardingKeyProvider(keys) {
          @Override
          public int rotate() {
            int version = super.rotate();
            phase.set(1);
            await(afterNewVersion);
            return version;
          }

          @Override
          public byte[] unwrap(int version, byte[] wrappedKey, byte[] aad) {
            if (Thread.currentThread() == rotationThread[0]
                && rotationUnwraps.incrementAndGet() == 150) {
              phase.set(2);
              await(halfwayRewrapped);
            }
            return super.unwrap(version, wrappedKey, aad);
          }
        };
    CardVault loaded =
        CardVault.builder().keyProvider(gated).store(store).rotationPageSize(25).build();
    Principal engine = loaded.enginePrincipal();
    Map<String, String> expected = new ConcurrentHashMap<>();
    for (int i = 0; i < 300; i++) {
      String pan = i % 3 == 0 ? VISA : i % 3 == 1 ? MASTERCARD : AMEX;
      expected.put(loaded.tokenize(card(pan)).token(), pan);
    }
    List<String> seeded = new ArrayList<>(expected.keySet());
    ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
    CountDownLatch started = new CountDownLatch(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int id = w;
        futures.add(
            pool.submit(
                () -> {
                  started.countDown();
                  int i = 0;
                  while (phase.get() < 3 || i < 100) {
                    String pan = (i + id) % 2 == 0 ? VISA : MASTERCARD;
                    CardToken t = loaded.tokenize(card(pan));
                    expected.put(t.token(), pan);
                    String probe = seeded.get((i * 7 + id) % seeded.size());
                    CardData back = loaded.detokenize(probe, engine);
                    if (!back.number().equals(expected.get(probe))) {
                      throw new AssertionError("wrong card for " + probe);
                    }
                    back.wipe();
                    int now = phase.get();
                    if (now == 1) {
                      afterNewVersion.countDown();
                    } else if (now == 2) {
                      halfwayRewrapped.countDown();
                    }
                    i++;
                  }
                  return null;
                }));
      }
      Future<KeyRotation> rotation =
          pool.submit(
              () -> {
                rotationThread[0] = Thread.currentThread();
                started.await();
                try {
                  return loaded.rotateKeys();
                } finally {
                  phase.set(3);
                }
              });
      KeyRotation result = rotation.get(60, TimeUnit.SECONDS);
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }

      assertThat(afterNewVersion.getCount()).isZero();
      assertThat(halfwayRewrapped.getCount()).isZero();
      assertThat(result.failed()).isZero();
      assertThat(result.rewrapped()).isGreaterThanOrEqualTo(300);
    } finally {
      pool.shutdownNow();
    }

    // Records tokenized under version 1 in the instant before the rotation may need one more
    // rotation; nothing is lost either way and version 1 then retires cleanly.
    if (store.countLive(1) > 0) {
      loaded.rotateKeys();
    }
    loaded.retireKeyVersion(1);
    assertThat(loaded.keyVersions()).doesNotContain(1);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(300 + workers * 100);
    expected.forEach(
        (token, pan) -> assertThat(loaded.detokenize(token, engine).number()).isEqualTo(pan));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("workers made no progress during the rotation");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
