package io.ottu.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.vault.KeyProvider;
import io.ottu.vault.KeyUnavailableException;
import io.ottu.vault.VaultException;
import io.ottu.vault.VaultIntegrityException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The behaviour every {@link KeyProvider} must have, run against each built-in provider (and usable
 * on a host's own). Each check starts from a provider whose only version is 1.
 */
final class KeyProviderContract {
  private KeyProviderContract() {}

  static void verify(KeyProvider keys) {
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    byte[] aad = "token-1".getBytes(StandardCharsets.UTF_8);

    assertThat(keys.versions()).containsExactly(1);
    assertThat(keys.currentVersion()).isEqualTo(1);

    byte[] wrapped = keys.wrap(1, dataKey, aad);
    assertThat(wrapped).isNotEqualTo(dataKey).hasSize(61);
    assertThat(keys.wrap(1, dataKey, aad)).as("random nonce").isNotEqualTo(wrapped);
    assertThat(keys.unwrap(1, wrapped, aad)).isEqualTo(dataKey);

    assertThatThrownBy(() -> keys.unwrap(1, wrapped, "token-2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(VaultIntegrityException.class);
    byte[] flipped = wrapped.clone();
    flipped[20] ^= 1;
    assertThatThrownBy(() -> keys.unwrap(1, flipped, aad))
        .isInstanceOf(VaultIntegrityException.class);
    assertThatThrownBy(() -> keys.unwrap(2, wrapped, aad))
        .isInstanceOf(KeyUnavailableException.class);

    int v2 = keys.rotate();
    assertThat(v2).isEqualTo(2);
    assertThat(keys.currentVersion()).isEqualTo(2);
    assertThat(keys.versions()).containsExactly(1, 2);
    assertThatThrownBy(() -> keys.unwrap(2, wrapped, aad))
        .as("another version's KEK cannot unwrap")
        .isInstanceOf(VaultIntegrityException.class);
    byte[] wrapped2 = keys.wrap(2, dataKey, aad);
    assertThat(keys.unwrap(2, wrapped2, aad)).isEqualTo(dataKey);
    assertThat(keys.unwrap(1, wrapped, aad)).isEqualTo(dataKey);

    assertThatThrownBy(() -> keys.retire(2))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("current");
    keys.retire(1);
    assertThat(keys.versions()).containsExactly(2);
    assertThatThrownBy(() -> keys.unwrap(1, wrapped, aad))
        .isInstanceOf(KeyUnavailableException.class);
    assertThatThrownBy(() -> keys.retire(1)).isInstanceOf(KeyUnavailableException.class);

    byte[] s1 = keys.deriveSecret("card-fingerprint/v1");
    assertThat(s1).hasSize(32);
    assertThat(keys.deriveSecret("card-fingerprint/v1")).isEqualTo(s1);
    assertThat(keys.deriveSecret("fpe-ff1/v1")).isNotEqualTo(s1);
  }
}
