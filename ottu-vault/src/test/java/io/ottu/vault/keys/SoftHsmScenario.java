package io.ottu.vault.keys;

import io.ottu.CardData;
import io.ottu.vault.CardToken;
import io.ottu.vault.CardVault;
import io.ottu.vault.KeyRotation;
import io.ottu.vault.TokenFormat;
import io.ottu.vault.VaultException;
import io.ottu.vault.VaultIntegrityException;
import io.ottu.vault.VaultStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The vault run against a real PKCS#11 token, in its own JVM: {@link Pkcs11KeyProviderTest} starts
 * it with {@code SOFTHSM2_CONF} pointing at a fresh token, because SoftHSM2 reads that variable
 * once, when SunPKCS11 loads the library into the process. Each step prints {@code STEP <name> OK};
 * any failure prints its stack trace and exits with status 1.
 *
 * <p>Arguments: library path, slot id, user PIN.
 */
public final class SoftHsmScenario {
  private SoftHsmScenario() {}

  public static void main(String[] args) throws Exception {
    try {
      run(Path.of(args[0]), Long.parseLong(args[1]), args[2].toCharArray());
      System.out.println("SCENARIO PASSED");
      System.out.flush();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      System.out.println("SCENARIO FAILED: " + t);
      System.out.flush();
      System.exit(1);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  private static void step(String name) {
    System.out.println("STEP " + name + " OK");
  }

  private static Pkcs11KeyProvider.Builder hsm(Path library, long slot, char[] pin) {
    return Pkcs11KeyProvider.builder().library(library).slot(slot).pin(pin);
  }

  private static CardData card(String pan, String cvc) {
    CardData.Builder b = CardData.builder().number(pan).expiry(11, 2031);
    return (cvc == null ? b : b.cvc(cvc)).build();
  }

  static void run(Path library, long slot, char[] pin) throws Exception {
    try {
      hsm(library, slot, "0000".toCharArray()).build();
      throw new AssertionError("a wrong PIN must be refused");
    } catch (VaultException e) {
      check(e.getMessage().contains("cannot log in"), "wrong PIN message: " + e.getMessage());
    }
    step("wrong-pin-refused");

    Pkcs11KeyProvider keys = hsm(library, slot, pin).createIfAbsent(true).build();
    check(keys.versions().equals(java.util.Set.of(1)), "versions after create: " + keys.versions());
    check(keys.keyIsNonExtractable(1), "KEK must be sensitive and non-extractable");
    check(keys.provider().getName().startsWith("SunPKCS11-"), "provider " + keys.provider());
    step("keys-created-in-hsm-non-extractable");

    byte[] dataKey = new byte[32];
    new java.security.SecureRandom().nextBytes(dataKey);
    byte[] aad = "tok_x".getBytes(StandardCharsets.UTF_8);
    byte[] wrapped = keys.wrap(1, dataKey, aad);
    check(wrapped.length == 61, "wrapped length " + wrapped.length);
    check(java.util.Arrays.equals(keys.unwrap(1, wrapped, aad), dataKey), "unwrap round trip");
    try {
      keys.unwrap(1, wrapped, "tok_y".getBytes(StandardCharsets.UTF_8));
      throw new AssertionError("wrong associated data must fail");
    } catch (VaultIntegrityException expected) {
      // the tag is checked inside the HSM
    }
    wrapped[30] ^= 1;
    try {
      keys.unwrap(1, wrapped, aad);
      throw new AssertionError("a flipped byte must fail");
    } catch (VaultIntegrityException expected) {
      // the tag is checked inside the HSM
    }
    step("wrap-unwrap-in-hsm-with-tamper-detection");

    VaultStore store = VaultStore.inMemory();
    CardVault vault = CardVault.builder().keyProvider(keys).store(store).build();
    CardVault fpe =
        CardVault.builder()
            .keyProvider(keys)
            .store(store)
            .tokenFormat(TokenFormat.FORMAT_PRESERVING)
            .build();
    Map<String, String> expected = new ConcurrentHashMap<>();
    CardToken visa = vault.tokenize(card(VaultCards.VISA, VaultCards.CVC));
    expected.put(visa.token(), VaultCards.VISA);
    expected.put(vault.tokenize(card(VaultCards.MASTERCARD, null)).token(), VaultCards.MASTERCARD);
    expected.put(vault.tokenize(card(VaultCards.AMEX, null)).token(), VaultCards.AMEX);
    CardToken fpeToken = fpe.tokenize(card(VaultCards.VISA, null));
    expected.put(fpeToken.token(), VaultCards.VISA);
    check(fpeToken.token().startsWith("424242") && fpeToken.token().endsWith("4242"), "fpe shape");
    step("tokenize");

    for (Map.Entry<String, String> e : expected.entrySet()) {
      check(
          vault.detokenize(e.getKey(), vault.enginePrincipal()).number().equals(e.getValue()),
          "detokenize " + e.getKey());
    }
    CardData resolved = vault.resolve(visa.token(), "pay_hsm_1");
    check(resolved.cvc().orElse("").equals(VaultCards.CVC), "CVC held once");
    check(vault.resolve(visa.token(), "pay_hsm_1").cvc().isEmpty(), "CVC gone after use");
    step("detokenize");

    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicBoolean rotating = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(2);
    List<Future<Integer>> workers = new java.util.ArrayList<>();
    for (int w = 0; w < 2; w++) {
      workers.add(
          pool.submit(
              () -> {
                started.countDown();
                int n = 0;
                while (rotating.get() || n < 5) {
                  CardToken t = vault.tokenize(card(VaultCards.MASTERCARD, null));
                  expected.put(t.token(), VaultCards.MASTERCARD);
                  String probe = visa.token();
                  check(
                      vault
                          .detokenize(probe, vault.enginePrincipal())
                          .number()
                          .equals(VaultCards.VISA),
                      "detokenize during rotation");
                  n++;
                }
                return n;
              }));
    }
    started.await();
    KeyRotation rotation;
    try {
      rotation = vault.rotateKeys();
    } finally {
      rotating.set(false);
    }
    int during = 0;
    for (Future<Integer> f : workers) {
      during += f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    check(rotation.newVersion() == 2, "new version " + rotation.newVersion());
    check(rotation.failed() == 0, "failed " + rotation.failed());
    if (store.countLive(1) > 0) {
      vault.rotateKeys(); // records tokenized under 1 in the instant before the first rotation
    }
    int retiredVersion = 1;
    vault.retireKeyVersion(retiredVersion);
    check(!keys.versions().contains(1), "version 1 destroyed in the HSM: " + keys.versions());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      check(
          vault.detokenize(e.getKey(), vault.enginePrincipal()).number().equals(e.getValue()),
          "detokenize after rotation " + e.getKey());
    }
    System.out.println(
        "rotation re-wrapped " + rotation.rewrapped() + "; worker operations " + during);
    step("rotate-under-load-and-retire");

    int current = keys.currentVersion();
    keys.close();
    Pkcs11KeyProvider reopened = hsm(library, slot, pin).build();
    check(reopened.currentVersion() == current, "versions after reopen: " + reopened.versions());
    check(reopened.keyIsNonExtractable(current), "reopened KEK non-extractable");
    CardVault again = CardVault.builder().keyProvider(reopened).store(store).build();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      check(
          again.detokenize(e.getKey(), again.enginePrincipal()).number().equals(e.getValue()),
          "detokenize after reopen " + e.getKey());
    }
    check(
        again.fingerprint(card(VaultCards.VISA, null)).equals(visa.fingerprint()),
        "fingerprint key derived in the HSM is stable");
    step("keys-persist-on-token");

    try {
      hsm(library, slot, pin).labelPrefix("someone-else").build();
      throw new AssertionError("missing keys must be reported");
    } catch (VaultException e) {
      check(e.getMessage().contains("holds no vault keys"), e.getMessage());
    }
    step("missing-keys-refused");
    reopened.close();
  }
}
