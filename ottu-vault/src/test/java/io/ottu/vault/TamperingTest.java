package io.ottu.vault;

import static io.ottu.vault.TestCards.MASTERCARD;
import static io.ottu.vault.TestCards.VISA;
import static io.ottu.vault.TestCards.card;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CardBrand;
import io.ottu.CardSummary;
import io.ottu.access.Principal;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An attacker with write access to the store can make detokenize fail, never lie. */
class TamperingTest {
  private TamperableStore store;
  private CardVault vault;
  private Principal engine;
  private String visa;
  private String mastercard;

  @BeforeEach
  void setUp() {
    store = new TamperableStore();
    vault = CardVault.builder().keyProvider(InMemoryKeyProvider.create()).store(store).build();
    engine = vault.enginePrincipal();
    visa = vault.tokenize(card(VISA)).token();
    mastercard = vault.tokenize(card(MASTERCARD)).token();
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  @Test
  void untamperedRecordsDecrypt() {
    assertThat(vault.detokenize(visa, engine).number()).isEqualTo(VISA);
    assertThat(vault.detokenize(mastercard, engine).number()).isEqualTo(MASTERCARD);
  }

  @Test
  void flippedCiphertextByteFails() {
    for (int i : new int[] {0, 5, store.original(visa).ciphertext().length - 1}) {
      store.tamper(visa, r -> r.toBuilder().ciphertext(flip(r.ciphertext(), i)).build());

      assertThatThrownBy(() -> vault.detokenize(visa, engine))
          .isInstanceOf(VaultIntegrityException.class)
          .hasMessage(
              "the card ciphertext of token "
                  + visa
                  + " failed authentication: it was altered or belongs to another token")
          .hasMessageNotContaining(VISA);
    }
  }

  @Test
  void flippedNonceByteFails() {
    store.tamper(visa, r -> r.toBuilder().nonce(flip(r.nonce(), 3)).build());

    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessageContaining("card ciphertext");
  }

  @Test
  void flippedWrappedKeyByteFails() {
    for (int i = 1; i < store.original(visa).wrappedKey().length; i += 20) {
      int index = i;
      store.tamper(visa, r -> r.toBuilder().wrappedKey(flip(r.wrappedKey(), index)).build());

      assertThatThrownBy(() -> vault.detokenize(visa, engine))
          .isInstanceOf(VaultIntegrityException.class)
          .hasMessage(
              "the data key of token "
                  + visa
                  + " failed authentication under key version 1: the record was altered, moved"
                  + " from another token, or names the wrong key version");
    }
  }

  @Test
  void truncatedWrappedKeyFails() {
    store.tamper(visa, r -> r.toBuilder().wrappedKey(Arrays.copyOf(r.wrappedKey(), 40)).build());

    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessageContaining("failed authentication under key version 1")
        .hasRootCauseMessage("wrapped data key is malformed (expected 61 bytes, format 1)");
  }

  @Test
  void wholeEnvelopeMovedToAnotherTokenFails() {
    VaultRecord other = store.original(mastercard);
    store.tamper(
        visa,
        r ->
            r.toBuilder()
                .wrappedKey(other.wrappedKey())
                .nonce(other.nonce())
                .ciphertext(other.ciphertext())
                .summary(other.summary())
                .build());

    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessageContaining("data key of token " + visa);
  }

  @Test
  void ciphertextMovedUnderAnotherTokensDataKeyFails() {
    // Associated data swap: the attacker keeps this token's valid data key but moves the card.
    VaultRecord other = store.original(mastercard);
    store.tamper(
        visa, r -> r.toBuilder().nonce(other.nonce()).ciphertext(other.ciphertext()).build());

    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessageContaining("card ciphertext");
  }

  @Test
  void wrongKeyVersionLabelFails() {
    vault.rotateKeys();
    assertThat(store.original(visa).keyVersion()).isEqualTo(2);
    store.tamper(visa, r -> r.toBuilder().keyVersion(1).build());

    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessageContaining("under key version 1");

    store.tamper(visa, r -> r.toBuilder().keyVersion(7).build());
    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageStartingWith("key-encryption key version 7 is not available")
        .satisfies(e -> assertThat(((KeyUnavailableException) e).keyVersion()).isEqualTo(7));
  }

  @Test
  void alteredSummaryIsCaughtAfterDecryption() {
    store.tamper(
        visa,
        r ->
            r.toBuilder()
                .summary(new CardSummary(CardBrand.VISA, "424242", "1111", 12, 2030))
                .build());
    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class)
        .hasMessage(
            "the stored card summary of token " + visa + " does not match the encrypted card");

    store.tamper(
        visa,
        r ->
            r.toBuilder()
                .summary(new CardSummary(CardBrand.VISA, "424242", "4242", 1, 2031))
                .build());
    assertThatThrownBy(() -> vault.detokenize(visa, engine))
        .isInstanceOf(VaultIntegrityException.class);
  }

  @Test
  void tamperedRecordIsLeftUnderItsVersionByRotation() {
    store.tamper(visa, r -> r.toBuilder().wrappedKey(flip(r.wrappedKey(), 30)).build());

    KeyRotation rotation = vault.rotateKeys();

    assertThat(rotation.rewrapped()).isEqualTo(1);
    assertThat(rotation.failed()).isEqualTo(1);
    assertThat(rotation.retirableVersions()).isEmpty();
    assertThat(store.original(visa).keyVersion()).isEqualTo(1);
    assertThat(store.original(mastercard).keyVersion()).isEqualTo(2);
    assertThatThrownBy(() -> vault.retireKeyVersion(1))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "key version 1 still protects 1 record(s); run rotateKeys() to re-wrap them first");
  }
}
