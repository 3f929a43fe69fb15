package io.ottu.vault.keys;

import static io.ottu.vault.keys.VaultCards.VISA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CardData;
import io.ottu.vault.CardToken;
import io.ottu.vault.CardVault;
import io.ottu.vault.KeyRotation;
import io.ottu.vault.VaultException;
import io.ottu.vault.VaultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12KeyProviderTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @TempDir Path dir;

  @Test
  void meetsTheKeyProviderContract() {
    KeyProviderContract.verify(Pkcs12KeyProvider.create(dir.resolve("vault.p12"), PASSWORD));
  }

  @Test
  void createWritesAnOwnerOnlyPkcs12File() throws Exception {
    Path file = dir.resolve("vault.p12");
    Pkcs12KeyProvider.create(file, PASSWORD).close();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    assertThat(Collections.list(ks.aliases()))
        .containsExactlyInAnyOrder("ottu-vault-kek-1", "ottu-vault-secret");
    assertThat(ks.entryInstanceOf("ottu-vault-kek-1", KeyStore.SecretKeyEntry.class)).isTrue();
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temporary files left").containsExactly(file);
    }
  }

  @Test
  void cardsSurviveARestartAndARotationPersists() {
    Path file = dir.resolve("vault.p12");
    VaultStore store = VaultStore.inMemory();
    Pkcs12KeyProvider first = Pkcs12KeyProvider.create(file, PASSWORD);
    CardVault vault = CardVault.builder().keyProvider(first).store(store).build();
    CardToken token = vault.tokenize(CardData.builder().number(VISA).expiry(1, 2031).build());
    KeyRotation rotation = vault.rotateKeys();
    vault.retireKeyVersion(1);
    first.close();

    Pkcs12KeyProvider reopened = Pkcs12KeyProvider.load(file, PASSWORD);
    CardVault again = CardVault.builder().keyProvider(reopened).store(store).build();

    assertThat(rotation.newVersion()).isEqualTo(2);
    assertThat(reopened.versions()).containsExactly(2);
    assertThat(again.detokenize(token.token(), again.enginePrincipal()).number()).isEqualTo(VISA);
    assertThat(again.fingerprint(CardData.builder().number(VISA).expiry(1, 2031).build()))
        .as("fingerprint key survives restarts and rotations")
        .isEqualTo(token.fingerprint());
  }

  @Test
  void wrongPasswordMissingFileAndExistingFileHaveClearErrors() {
    Path file = dir.resolve("vault.p12");
    Pkcs12KeyProvider.create(file, PASSWORD).close();

    assertThatThrownBy(() -> Pkcs12KeyProvider.load(file, "wrong".toCharArray()))
        .isInstanceOf(VaultException.class)
        .hasMessage("cannot open keystore " + file + ": wrong password or damaged file");
    assertThatThrownBy(() -> Pkcs12KeyProvider.load(dir.resolve("nope.p12"), PASSWORD))
        .isInstanceOf(VaultException.class)
        .hasMessage("keystore " + dir.resolve("nope.p12") + " does not exist");
    assertThatThrownBy(() -> Pkcs12KeyProvider.create(file, PASSWORD))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> Pkcs12KeyProvider.create(dir.resolve("x.p12"), new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password: a keystore password is required");
  }

  @Test
  void keystoreWithoutVaultKeysIsRefused() throws Exception {
    Path file = dir.resolve("other.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, PASSWORD);
    try (var out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD);
    }

    assertThatThrownBy(() -> Pkcs12KeyProvider.load(file, PASSWORD))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("holds no vault keys");
  }

  @Test
  void closedProviderRefusesKeyChangesAndCallerPasswordIsNotWiped() {
    char[] mine = PASSWORD.clone();
    Pkcs12KeyProvider keys = Pkcs12KeyProvider.create(dir.resolve("vault.p12"), mine);
    keys.close();

    assertThat(mine).isEqualTo(PASSWORD);
    assertThatThrownBy(keys::rotate)
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("closed");
  }
}
