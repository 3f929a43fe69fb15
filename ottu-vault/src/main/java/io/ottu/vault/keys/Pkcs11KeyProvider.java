package io.ottu.vault.keys;

import io.ottu.vault.KeyProvider;
import io.ottu.vault.KeyUnavailableException;
import io.ottu.vault.VaultException;
import io.ottu.vault.VaultIntegrityException;
import io.ottu.vault.internal.AesGcm;
import io.ottu.vault.internal.DataKey;
import io.ottu.vault.internal.Randomness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyProvider} whose key-encryption keys live in a hardware security module and never
 * leave it, reached through the JDK's own PKCS#11 bridge, SunPKCS11 (no native code of ours, no
 * third-party driver). Tested against SoftHSM2.
 *
 * <p>Keys are token objects labelled {@code <prefix>-kek-1}, {@code <prefix>-kek-2}, ... (AES-256)
 * and {@code <prefix>-secret} (an HMAC-SHA256 generic secret), created inside the HSM by {@code
 * C_GenerateKey} with {@code CKA_SENSITIVE=true} and {@code CKA_EXTRACTABLE=false}: not even the
 * PIN holder can read them out. A data key is wrapped by encrypting it inside the HSM with {@code
 * CKM_AES_GCM} ({@code Cipher.getInstance("AES/GCM/NoPadding", sunPkcs11)}) with a random 96-bit
 * nonce and the vault's associated data; unwrapping decrypts it inside the HSM and the GCM tag is
 * checked there. GCM is used, not {@code CKM_AES_KEY_WRAP}, because the JDK 17 SunPKCS11 provider
 * offers no AES key-wrap cipher (it arrived in JDK 18), and because GCM binds the associated data
 * (token and key version), which RFC 3394 key wrap cannot. The wrapped format matches the local
 * providers': {@code 0x01 || nonce || ciphertext || tag}.
 *
 * <p>Derived secrets (the fingerprint and FF1 keys) are HMAC-SHA256 computed inside the HSM under
 * the secret object; the results, unlike the KEKs, are used in the JVM. Expect each wrap or unwrap
 * to cost a round trip to the HSM (tens to hundreds of microseconds on SoftHSM2, more on network
 * HSMs). Thread-safe: SunPKCS11 pools sessions.
 *
 * <p>Where the HSM's library reads its configuration from the environment (SoftHSM2 reads {@code
 * SOFTHSM2_CONF} when the library is loaded), set it before the first provider is built in the
 * process.
 */
public final class Pkcs11KeyProvider implements KeyProvider {
  private static final Logger log = LoggerFactory.getLogger(Pkcs11KeyProvider.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final byte[] DERIVE_DOMAIN =
      "ottu-vault/derive/v1".getBytes(StandardCharsets.US_ASCII);

  private final Provider provider;
  private final boolean ownsProvider;
  private final KeyStore keyStore;
  private final String prefix;
  private final Pattern kekAlias;
  private final ConcurrentSkipListMap<Integer, Key> keks = new ConcurrentSkipListMap<>();
  private final Key secret;

  private Pkcs11KeyProvider(Builder b, Provider provider, KeyStore keyStore) {
    this.provider = provider;
    this.ownsProvider = b.provider == null;
    this.keyStore = keyStore;
    this.prefix = b.labelPrefix;
    this.kekAlias = Pattern.compile(Pattern.quote(prefix + "-kek-") + "(\\d+)");
    try {
      for (String alias : Collections.list(keyStore.aliases())) {
        Matcher m = kekAlias.matcher(alias);
        if (m.matches()) {
          keks.put(Integer.parseInt(m.group(1)), keyStore.getKey(alias, null));
        }
      }
      Key found =
          keyStore.containsAlias(secretAlias()) ? keyStore.getKey(secretAlias(), null) : null;
      if (keks.isEmpty() && found == null && b.createIfAbsent) {
        keks.put(1, generateOnToken("AES", 256, kekAlias(1)));
        found = generateOnToken("HmacSHA256", 256, secretAlias());
        log.info("created vault keys {} and {} on the PKCS#11 token", kekAlias(1), secretAlias());
      }
      if (keks.isEmpty() || found == null) {
        throw new VaultException(
            "the PKCS#11 token holds no vault keys labelled "
                + prefix
                + "-kek-N and "
                + secretAlias()
                + (b.createIfAbsent ? " (only some exist; refusing to replace them)" : "")
                + "; build with createIfAbsent(true) to create them");
      }
      this.secret = found;
    } catch (GeneralSecurityException e) {
      throw new VaultException("cannot read vault keys from the PKCS#11 token", e);
    }
  }

  /** A builder for a provider. */
  public static Builder builder() {
    return new Builder();
  }

  /** The SunPKCS11 provider instance this key provider works through. */
  public Provider provider() {
    return provider;
  }

  @Override
  public int currentVersion() {
    return keks.lastKey();
  }

  @Override
  public SortedSet<Integer> versions() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(keks.keySet()));
  }

  @Override
  public byte[] wrap(int version, byte[] dataKey, byte[] associatedData) {
    Key kek = kek(version);
    if (dataKey.length != DataKey.LENGTH) {
      throw new IllegalArgumentException("a data key has " + DataKey.LENGTH + " bytes");
    }
    byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    Randomness.current().nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
      cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(AesGcm.TAG_LENGTH * 8, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = cipher.doFinal(dataKey);
      byte[] out = new byte[1 + nonce.length + sealed.length];
      out[0] = 1;
      System.arraycopy(nonce, 0, out, 1, nonce.length);
      System.arraycopy(sealed, 0, out, 1 + nonce.length, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new VaultException("the HSM failed to wrap a data key under version " + version, e);
    }
  }

  @Override
  public byte[] unwrap(int version, byte[] wrappedKey, byte[] associatedData) {
    Key kek = kek(version);
    int expected = 1 + AesGcm.NONCE_LENGTH + DataKey.LENGTH + AesGcm.TAG_LENGTH;
    if (wrappedKey == null || wrappedKey.length != expected || wrappedKey[0] != 1) {
      throw new VaultIntegrityException(
          "wrapped data key is malformed (expected " + expected + " bytes, format 1)");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
      cipher.init(
          Cipher.DECRYPT_MODE,
          kek,
          new GCMParameterSpec(AesGcm.TAG_LENGTH * 8, wrappedKey, 1, AesGcm.NONCE_LENGTH));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(
          wrappedKey, 1 + AesGcm.NONCE_LENGTH, expected - 1 - AesGcm.NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      throw new VaultIntegrityException(
          "wrapped data key failed authentication in the HSM under key version " + version, e);
    } catch (GeneralSecurityException e) {
      throw new VaultException("the HSM failed to unwrap a data key under version " + version, e);
    }
  }

  @Override
  public synchronized int rotate() {
    int next = currentVersion() + 1;
    keks.put(next, generateOnToken("AES", 256, kekAlias(next)));
    log.info("created key version {} on the PKCS#11 token", next);
    return next;
  }

  @Override
  public synchronized void retire(int version) {
    if (!keks.containsKey(version)) {
      throw new KeyUnavailableException(version);
    }
    if (version == currentVersion()) {
      throw new VaultException("key version " + version + " is current and cannot be retired");
    }
    try {
      keyStore.deleteEntry(kekAlias(version));
    } catch (GeneralSecurityException e) {
      throw new VaultException("the HSM refused to destroy key version " + version, e);
    }
    keks.remove(version);
    log.info("destroyed key version {} on the PKCS#11 token", version);
  }

  @Override
  public byte[] deriveSecret(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256", provider);
      mac.init(secret);
      mac.update(DERIVE_DOMAIN);
      mac.update((byte) 0);
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new VaultException("the HSM failed to derive a secret", e);
    }
  }

  /**
   * Logs out of the token if this provider configured SunPKCS11 itself; a provider passed in with
   * {@link Builder#provider(Provider)} is left as it is. PKCS#11 keeps one login state per process
   * and token, so closing logs out every other provider of this process on the same token too:
   * close only when the process is done with the token.
   */
  @Override
  public void close() {
    if (ownsProvider && provider instanceof AuthProvider) {
      try {
        ((AuthProvider) provider).logout();
      } catch (LoginException e) {
        log.warn("logout from the PKCS#11 token failed: {}", e.toString());
      }
    }
  }

  /**
   * Whether the KEK of {@code version} is a key the JVM cannot read: a sensitive, non-extractable
   * token object whose encoding is unavailable. Always {@code true} for keys this provider created.
   */
  public boolean keyIsNonExtractable(int version) {
    Key kek = kek(version);
    return kek.getEncoded() == null;
  }

  @Override
  public String toString() {
    return "Pkcs11KeyProvider[" + provider.getName() + " versions=" + keks.keySet() + "]";
  }

  private Key kek(int version) {
    Key kek = keks.get(version);
    if (kek == null) {
      throw new KeyUnavailableException(version);
    }
    return kek;
  }

  private String secretAlias() {
    return prefix + "-secret";
  }

  private String kekAlias(int version) {
    return prefix + "-kek-" + version;
  }

  /**
   * Generates a key inside the HSM (a session object), refuses it if the JVM can read it, then
   * stores it as a labelled token object through the PKCS#11 keystore ({@code C_CopyObject}; the
   * key material stays in the HSM) and returns the token object's handle.
   */
  private Key generateOnToken(String algorithm, int bits, String alias) {
    try {
      if (keyStore.containsAlias(alias)) {
        throw new VaultException("the PKCS#11 token already holds a key labelled " + alias);
      }
      KeyGenerator generator = KeyGenerator.getInstance(algorithm, provider);
      generator.init(bits);
      SecretKey sessionKey = generator.generateKey();
      if (sessionKey.getEncoded() != null) {
        throw new VaultException(
            "the PKCS#11 token generated an extractable key; configure its attributes with"
                + " CKA_SENSITIVE=true and CKA_EXTRACTABLE=false");
      }
      keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(sessionKey), null);
      return keyStore.getKey(alias, null);
    } catch (GeneralSecurityException e) {
      throw new VaultException("the HSM failed to create key " + alias, e);
    }
  }

  /**
   * Builds a {@link Pkcs11KeyProvider}: either from a PKCS#11 library path and slot (this class
   * then configures SunPKCS11 itself, with sensitive, non-extractable key generation), or from a
   * SunPKCS11 {@link Provider} the host configured. Not thread-safe.
   */
  public static final class Builder {
    private Path library;
    private Long slot;
    private Integer slotListIndex;
    private Provider provider;
    private char[] pin;
    private String labelPrefix = "ottu-vault";
    private boolean createIfAbsent;

    private Builder() {}

    /** The PKCS#11 library, such as {@code /usr/lib/softhsm/libsofthsm2.so}. */
    public Builder library(Path library) {
      this.library = library;
      return this;
    }

    /** The slot id of the token. Give this or {@link #slotListIndex(int)}; default index 0. */
    public Builder slot(long slot) {
      this.slot = slot;
      return this;
    }

    /** The token's index in the library's slot list. */
    public Builder slotListIndex(int slotListIndex) {
      this.slotListIndex = slotListIndex;
      return this;
    }

    /** A SunPKCS11 provider the host configured, instead of {@link #library(Path)}. */
    public Builder provider(Provider provider) {
      this.provider = provider;
      return this;
    }

    /** The user PIN. Copied; the copy is wiped once the token is logged in. Required. */
    public Builder pin(char[] pin) {
      this.pin = pin == null ? null : pin.clone();
      return this;
    }

    /** The label prefix of the vault's key objects. Default {@code ottu-vault}. */
    public Builder labelPrefix(String labelPrefix) {
      this.labelPrefix = labelPrefix;
      return this;
    }

    /** Whether to create KEK version 1 and the secret when the token holds neither. */
    public Builder createIfAbsent(boolean createIfAbsent) {
      this.createIfAbsent = createIfAbsent;
      return this;
    }

    /**
     * Configures SunPKCS11 (unless a provider was given), logs in and loads the keys.
     *
     * @throws IllegalArgumentException naming a missing or invalid setting
     * @throws VaultException if the token cannot be reached, the PIN is wrong, or the keys are
     *     missing and {@code createIfAbsent} is off
     */
    public Pkcs11KeyProvider build() {
      if (pin == null || pin.length == 0) {
        throw new IllegalArgumentException("pin: the token's user PIN is required");
      }
      if (labelPrefix == null || !labelPrefix.matches("[A-Za-z0-9._-]{1,32}")) {
        throw new IllegalArgumentException("labelPrefix: 1 to 32 letters, digits, '.', '_', '-'");
      }
      try {
        Provider p = provider != null ? provider : configure();
        KeyStore ks = KeyStore.getInstance("PKCS11", p);
        try {
          ks.load(null, pin);
        } catch (IOException e) {
          throw new VaultException(
              "cannot log in to the PKCS#11 token (wrong PIN or token not initialized)", e);
        }
        return new Pkcs11KeyProvider(this, p, ks);
      } catch (GeneralSecurityException e) {
        throw new VaultException("cannot open the PKCS#11 keystore", e);
      } finally {
        Arrays.fill(pin, '\0');
        pin = null;
      }
    }

    private Provider configure() {
      if (library == null) {
        throw new IllegalArgumentException("library: a PKCS#11 library path or a provider");
      }
      if (!Files.isReadable(library)) {
        throw new IllegalArgumentException("library: " + library + " is not readable");
      }
      if (slot != null && slotListIndex != null) {
        throw new IllegalArgumentException("slot and slotListIndex: give one, not both");
      }
      Provider base = Security.getProvider("SunPKCS11");
      if (base == null) {
        throw new VaultException("this Java runtime has no SunPKCS11 provider");
      }
      String config =
          "--name=OttuVault"
              + INSTANCES.incrementAndGet()
              + "\nlibrary="
              + library.toAbsolutePath()
              + "\n"
              + (slot != null
                  ? "slot=" + slot
                  : "slotListIndex=" + (slotListIndex == null ? 0 : slotListIndex))
              + "\nattributes(generate, CKO_SECRET_KEY, *) = {\n"
              + "  CKA_SENSITIVE = true\n"
              + "  CKA_EXTRACTABLE = false\n"
              + "}\n";
      try {
        return base.configure(config);
      } catch (RuntimeException e) {
        throw new VaultException("cannot load PKCS#11 library " + library + ": " + e, e);
      }
    }
  }
}
