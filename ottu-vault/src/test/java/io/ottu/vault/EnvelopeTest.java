package io.ottu.vault;

import static io.ottu.vault.TestCards.AMEX;
import static io.ottu.vault.TestCards.AMEX_CVC;
import static io.ottu.vault.TestCards.CVC;
import static io.ottu.vault.TestCards.VISA;
import static io.ottu.vault.TestCards.cardWithCvc;
import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.vault.keys.InMemoryKeyProvider;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opens records by hand with the JDK's AES-GCM, independently of the vault's code, to check the
 * envelope is what the design says: a fresh 256-bit data key per record, a 96-bit nonce, the token
 * as associated data, and no CVC anywhere.
 */
class EnvelopeTest {
  private InMemoryKeyProvider keys;
  private VaultStore store;
  private CardVault vault;

  @BeforeEach
  void setUp() {
    keys = InMemoryKeyProvider.create();
    store = VaultStore.inMemory();
    vault = CardVault.builder().keyProvider(keys).store(store).build();
  }

  private byte[] dataKey(VaultRecord r) {
    String aad = "ottu-vault/dek/v1\0" + r.token() + "\0" + r.keyVersion();
    return keys.unwrap(r.keyVersion(), r.wrappedKey(), aad.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] openByHand(VaultRecord r) throws Exception {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(dataKey(r), "AES"),
        new GCMParameterSpec(128, r.nonce()));
    gcm.updateAAD(("ottu-vault/card/v1\0" + r.token()).getBytes(StandardCharsets.UTF_8));
    return gcm.doFinal(r.ciphertext());
  }

  @Test
  void recordIsAnAesGcmEnvelopeBoundToItsToken() throws Exception {
    CardToken token = vault.tokenize(cardWithCvc(VISA, CVC));
    VaultRecord r = store.find(token.token()).orElseThrow();

    assertThat(r.nonce()).hasSize(12);
    assertThat(dataKey(r)).hasSize(32);
    assertThat(r.wrappedKey()).hasSize(61);
    byte[] payload = openByHand(r);
    String text = new String(payload, StandardCharsets.ISO_8859_1);
    assertThat(text).contains(VISA).contains("Ada Lovelace");
    // Format byte, length byte, 16 digits, month, year (2 bytes), then the name: no CVC field.
    assertThat(payload.length).isEqualTo(2 + 16 + 3 + "Ada Lovelace".length());
    assertThat(r.ciphertext()).hasSize(payload.length + 16);
  }

  @Test
  void everyRecordHasItsOwnDataKeyAndNonce() {
    Set<String> keysSeen = new HashSet<>();
    Set<String> noncesSeen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      VaultRecord r = store.find(vault.tokenize(cardWithCvc(VISA, CVC)).token()).orElseThrow();
      assertThat(keysSeen.add(HexFormat.of().formatHex(dataKey(r)))).isTrue();
      assertThat(noncesSeen.add(HexFormat.of().formatHex(r.nonce()))).isTrue();
    }
  }

  @Test
  void cvcIsNeverInTheStore() throws Exception {
    CardToken token = vault.tokenize(cardWithCvc(AMEX, AMEX_CVC));
    VaultRecord r = store.find(token.token()).orElseThrow();

    String plaintext = new String(openByHand(r), StandardCharsets.ISO_8859_1);
    assertThat(plaintext).contains(AMEX).doesNotContain(AMEX_CVC);
    for (byte[] field : new byte[][] {r.wrappedKey(), r.nonce(), r.ciphertext()}) {
      assertThat(new String(field, StandardCharsets.ISO_8859_1)).doesNotContain(AMEX_CVC);
    }
    assertThat(r.toString()).doesNotContain(AMEX_CVC).doesNotContain(AMEX);
    assertThat(r.fingerprint()).doesNotContain(AMEX_CVC);
  }

  @Test
  void rotationRewrapsTheDataKeyWithoutTouchingTheCiphertext() throws Exception {
    CardToken token = vault.tokenize(cardWithCvc(VISA, CVC));
    VaultRecord before = store.find(token.token()).orElseThrow();
    byte[] keyBefore = dataKey(before);

    vault.rotateKeys();

    VaultRecord after = store.find(token.token()).orElseThrow();
    assertThat(after.keyVersion()).isEqualTo(2);
    assertThat(after.rotatedAt()).isPresent();
    assertThat(after.wrappedKey()).isNotEqualTo(before.wrappedKey());
    assertThat(after.ciphertext()).isEqualTo(before.ciphertext());
    assertThat(after.nonce()).isEqualTo(before.nonce());
    assertThat(dataKey(after)).isEqualTo(keyBefore);
    assertThat(new String(openByHand(after), StandardCharsets.ISO_8859_1)).contains(VISA);
  }
}
