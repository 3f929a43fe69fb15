package io.ottu.vault.internal;

import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds each ciphertext to its place. The card ciphertext is bound to its
 * token; the wrapped data key is bound to its token and to the key-encryption-key version that
 * wrapped it. Moving either to another token, or relabelling the key version, makes GCM reject it.
 * The format tags let a later format coexist with this one.
 */
public final class AssociatedData {
  private static final String CARD = "ottu-vault/card/v1";
  private static final String DATA_KEY = "ottu-vault/dek/v1";

  private AssociatedData() {}

  /** Associated data for the card ciphertext of {@code token}. */
  public static byte[] card(String token) {
    return (CARD + '\0' + token).getBytes(StandardCharsets.UTF_8);
  }

  /** Associated data for the data key of {@code token}, wrapped under KEK {@code keyVersion}. */
  public static byte[] dataKey(String token, int keyVersion) {
    return (DATA_KEY + '\0' + token + '\0' + keyVersion).getBytes(StandardCharsets.UTF_8);
  }
}
