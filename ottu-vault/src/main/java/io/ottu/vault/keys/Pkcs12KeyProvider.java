package io.ottu.vault.keys;

import io.ottu.vault.KeyProvider;
import io.ottu.vault.KeyUnavailableException;
import io.ottu.vault.VaultException;
import io.ottu.vault.internal.LocalKeyring;
import io.ottu.vault.internal.Randomness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyProvider} over a PKCS#12 keystore file, the JDK's standard password-protected
 * keystore. The file holds one AES-256 secret-key entry per KEK version ({@code ottu-vault-kek-1},
 * {@code ottu-vault-kek-2}, ...) and the master secret ({@code ottu-vault-secret}) from which
 * fingerprint and tokenization keys are derived. The JDK protects each entry with PBES2
 * (PBKDF2-HMAC-SHA256, AES-256) and the file with an HMAC-SHA256 integrity check under the
 * password.
 *
 * <p>The keys are loaded into memory and used through the JDK's AES-GCM, so this provider is as
 * fast as {@link InMemoryKeyProvider}; protecting the file and its password (the host supplies it,
 * from a secret manager or the environment) is what protects the cards. Where an HSM is available,
 * prefer {@link Pkcs11KeyProvider}.
 *
 * <p>{@link #rotate()} and {@link #retire(int)} rewrite the file atomically (a temporary file in
 * the same directory, owner-only permissions where the file system supports them, then an atomic
 * move), so a crash leaves either the old or the new keystore. One process should own the file;
 * several processes sharing it must coordinate rotation themselves. Thread-safe.
 */
public final class Pkcs12KeyProvider implements KeyProvider {
  private static final Logger log = LoggerFactory.getLogger(Pkcs12KeyProvider.class);
  private static final String KEK_PREFIX = "ottu-vault-kek-";
  private static final Pattern KEK_ALIAS = Pattern.compile("ottu-vault-kek-(\\d+)");
  private static final String SECRET_ALIAS = "ottu-vault-secret";

  private final Path file;
  private final char[] password;
  private final KeyStore keyStore;
  private final LocalKeyring keyring;
  private boolean closed;

  private Pkcs12KeyProvider(Path file, char[] password, KeyStore keyStore, LocalKeyring keyring) {
    this.file = file;
    this.password = password;
    this.keyStore = keyStore;
    this.keyring = keyring;
  }

  /**
   * Creates a new keystore file with KEK version 1 and a master secret, both random.
   *
   * @param file where to write it; must not exist
   * @param password the keystore password; copied, and the copy is wiped on {@link #close()}
   * @return the provider
   * @throws VaultException if the file exists or cannot be written
   */
  public static Pkcs12KeyProvider create(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    char[] pw = requirePassword(password);
    if (Files.exists(file)) {
      throw new VaultException(
          "keystore " + file + " already exists; use Pkcs12KeyProvider.load to open it");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, pw);
      SecretKey kek = newKey("AES");
      SecretKey secret = newKey("HmacSHA256");
      ks.setEntry(
          kekAlias(1), new KeyStore.SecretKeyEntry(kek), new KeyStore.PasswordProtection(pw));
      ks.setEntry(
          SECRET_ALIAS, new KeyStore.SecretKeyEntry(secret), new KeyStore.PasswordProtection(pw));
      Pkcs12KeyProvider provider =
          new Pkcs12KeyProvider(file, pw, ks, new LocalKeyring(Map.of(1, kek), secret));
      provider.save(true);
      log.info("created vault keystore {} with key version 1", file);
      return provider;
    } catch (GeneralSecurityException | IOException e) {
      Arrays.fill(pw, '\0');
      throw new VaultException("cannot create keystore " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing keystore file.
   *
   * @param file the keystore
   * @param password its password; copied, and the copy is wiped on {@link #close()}
   * @return the provider
   * @throws VaultException if the file is missing, the password is wrong, the file is corrupt, or
   *     it holds no vault keys
   */
  public static Pkcs12KeyProvider load(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    char[] pw = requirePassword(password);
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      Map<Integer, SecretKey> keks = new HashMap<>();
      for (String alias : Collections.list(ks.aliases())) {
        Matcher m = KEK_ALIAS.matcher(alias);
        if (m.matches()) {
          keks.put(Integer.parseInt(m.group(1)), copyAs((SecretKey) ks.getKey(alias, pw), "AES"));
        }
      }
      Key secret = ks.getKey(SECRET_ALIAS, pw);
      if (keks.isEmpty() || !(secret instanceof SecretKey)) {
        throw new VaultException(
            "keystore "
                + file
                + " holds no vault keys ("
                + KEK_PREFIX
                + "N and "
                + SECRET_ALIAS
                + ")");
      }
      SecretKey master = copyAs((SecretKey) secret, "HmacSHA256");
      Pkcs12KeyProvider provider =
          new Pkcs12KeyProvider(file, pw, ks, new LocalKeyring(keks, master));
      log.info("opened vault keystore {} with key versions {}", file, provider.versions());
      return provider;
    } catch (NoSuchFileException e) {
      Arrays.fill(pw, '\0');
      throw new VaultException("keystore " + file + " does not exist", e);
    } catch (IOException e) {
      Arrays.fill(pw, '\0');
      throw new VaultException(
          "cannot open keystore " + file + ": wrong password or damaged file", e);
    } catch (GeneralSecurityException e) {
      Arrays.fill(pw, '\0');
      throw new VaultException("cannot read keystore " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      Arrays.fill(pw, '\0');
      throw e;
    }
  }

  /** The keystore file. */
  public Path file() {
    return file;
  }

  @Override
  public int currentVersion() {
    return keyring.currentVersion();
  }

  @Override
  public SortedSet<Integer> versions() {
    return keyring.versions();
  }

  @Override
  public byte[] wrap(int version, byte[] dataKey, byte[] associatedData) {
    return keyring.wrap(version, dataKey, associatedData);
  }

  @Override
  public byte[] unwrap(int version, byte[] wrappedKey, byte[] associatedData) {
    return keyring.unwrap(version, wrappedKey, associatedData);
  }

  @Override
  public synchronized int rotate() {
    checkOpen();
    int next = keyring.currentVersion() + 1;
    try {
      SecretKey kek = newKey("AES");
      keyStore.setEntry(
          kekAlias(next),
          new KeyStore.SecretKeyEntry(kek),
          new KeyStore.PasswordProtection(password));
      try {
        save(false);
      } catch (IOException | GeneralSecurityException e) {
        keyStore.deleteEntry(kekAlias(next));
        throw e;
      }
      keyring.add(next, kek);
      log.info("keystore {}: created key version {}", file, next);
      return next;
    } catch (IOException | GeneralSecurityException e) {
      throw new VaultException("cannot add key version " + next + " to " + file, e);
    }
  }

  @Override
  public synchronized void retire(int version) {
    checkOpen();
    if (!keyring.versions().contains(version)) {
      throw new KeyUnavailableException(version);
    }
    if (version == keyring.currentVersion()) {
      throw new VaultException("key version " + version + " is current and cannot be retired");
    }
    try {
      KeyStore.Entry entry =
          keyStore.getEntry(kekAlias(version), new KeyStore.PasswordProtection(password));
      keyStore.deleteEntry(kekAlias(version));
      try {
        save(false);
      } catch (IOException | GeneralSecurityException e) {
        keyStore.setEntry(kekAlias(version), entry, new KeyStore.PasswordProtection(password));
        throw e;
      }
      keyring.remove(version);
      log.info("keystore {}: retired key version {}", file, version);
    } catch (IOException | GeneralSecurityException e) {
      throw new VaultException("cannot retire key version " + version + " in " + file, e);
    }
  }

  @Override
  public byte[] deriveSecret(String purpose) {
    return keyring.derive(purpose);
  }

  /**
   * Wipes the copy of the password. Keys already loaded stay usable until the provider is freed.
   */
  @Override
  public synchronized void close() {
    Arrays.fill(password, '\0');
    closed = true;
  }

  @Override
  public String toString() {
    return "Pkcs12KeyProvider[" + file + " versions=" + keyring.versions() + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new VaultException("key provider for " + file + " is closed");
    }
  }

  private void save(boolean createNew) throws IOException, GeneralSecurityException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.debug("file system of {} has no POSIX permissions", dir);
      }
      try (OutputStream out = Files.newOutputStream(tmp)) {
        keyStore.store(out, password);
      }
      if (createNew) {
        // Without REPLACE_EXISTING: never overwrite a keystore that appeared meanwhile.
        Files.move(tmp, file);
      } else {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("keystore " + file + " appeared while it was being created", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String kekAlias(int version) {
    return KEK_PREFIX + version;
  }

  private static char[] requirePassword(char[] password) {
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("password: a keystore password is required");
    }
    return password.clone();
  }

  private static SecretKey copyAs(SecretKey key, String algorithm) {
    byte[] bytes = key.getEncoded();
    try {
      return new SecretKeySpec(bytes, algorithm);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static SecretKey newKey(String algorithm) {
    byte[] bytes = new byte[32];
    Randomness.current().nextBytes(bytes);
    try {
      return new SecretKeySpec(bytes, algorithm);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
