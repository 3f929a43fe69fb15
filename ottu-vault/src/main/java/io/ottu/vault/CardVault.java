package io.ottu.vault;

import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.CardSummary;
import io.ottu.InvalidRequestException;
import io.ottu.access.AccessDeniedException;
import io.ottu.access.AccessPolicy;
import io.ottu.access.Permission;
import io.ottu.access.Principal;
import io.ottu.audit.AuditEvent;
import io.ottu.audit.AuditLog;
import io.ottu.card.CardTokenResolver;
import io.ottu.vault.internal.AesGcm;
import io.ottu.vault.internal.AssociatedData;
import io.ottu.vault.internal.CardPayload;
import io.ottu.vault.internal.DataKey;
import io.ottu.vault.internal.Fingerprints;
import io.ottu.vault.internal.FpeTokens;
import io.ottu.vault.internal.PendingCvcs;
import io.ottu.vault.internal.RandomTokens;
import io.ottu.vault.internal.Randomness;
import io.ottu.vault.internal.Tokens;
import java.nio.CharBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card vault: turns card numbers into tokens and back, with envelope encryption, key rotation,
 * access control, audit and crypto-shredding.
 *
 * <pre>{@code
 * CardVault vault = CardVault.builder()
 *     .keyProvider(Pkcs12KeyProvider.load(path, password))
 *     .accessPolicy(AccessPolicy.roles(Map.of("support", Set.of(Permission.VAULT_DETOKENIZE))))
 *     .build();
 * CardToken token = vault.tokenize(card, "cust_42");
 * PaymentClient client = PaymentClient.builder().vault(vault)...;   // pays with token.token()
 * }</pre>
 *
 * <h2>Envelope encryption</h2>
 *
 * Each card gets a fresh 256-bit data key (from a 256-bit-strength DRBG) and is encrypted under it
 * with AES-256-GCM and a random 96-bit nonce; the associated data binds the ciphertext to its
 * token. The data key is then wrapped by the {@link KeyProvider}'s current key-encryption key
 * (KEK), with the token and the KEK version as associated data, and only the wrapped form is
 * stored. A ciphertext or wrapped key moved to another token, relabelled with another KEK version
 * or altered in any bit fails GCM authentication: {@link VaultIntegrityException}, never wrong
 * data. The card is also checked against its stored summary after decryption. Ciphers come from the
 * JDK's own provider (SunJCE): always present, FIPS-configurable by the host, and accelerated by
 * AES-NI and CLMUL intrinsics; Bouncy Castle is used only for FF1, which the JDK lacks. No cipher
 * is hand-written. Data keys, payloads and decrypted numbers are wiped as soon as they are used.
 *
 * <h2>Keys</h2>
 *
 * {@link #rotateKeys()} creates a new KEK version, which immediately wraps new cards, then re-wraps
 * every existing data key under it page by page (unwrap with the old KEK, wrap with the new,
 * compare-and-set in the store) without ever decrypting a card. Tokenize and detokenize keep
 * working throughout, and old versions keep unwrapping until {@link #retireKeyVersion(int)}
 * destroys them, which it refuses while any live record still uses the version. The card
 * fingerprint and the FF1 tokenization key are derived from the key provider once, at build time.
 *
 * <h2>Erasure</h2>
 *
 * {@link #delete(String)} and {@link #eraseCustomer(String)} crypto-shred: the store destroys the
 * wrapped data key and the ciphertext, leaving a tombstone, so the card is gone even from the
 * vault's own point of view; detokenizing it then fails with {@link TokenErasedException}. Copies
 * of the wrapped key in database backups stay unreadable once every KEK version that wrapped it is
 * retired: rotate and retire after erasures to extend the erasure to backups.
 *
 * <h2>CVC</h2>
 *
 * A CVC is never stored and never encrypted into a record. If the tokenized card carries one, it is
 * held in memory only, for the authorization that follows: {@link #resolve(String, String)} returns
 * it once and wipes it; it is also wiped when its time to live (default 10 minutes) passes, when
 * the token is erased, and when the vault is closed.
 *
 * <h2>Access and audit</h2>
 *
 * {@link #detokenize(String, Principal)} requires {@link Permission#VAULT_DETOKENIZE} under the
 * {@link AccessPolicy} (default: deny all). Two built-in principals are trusted with the
 * permissions they carry, compared by identity: the engine principal ({@code ottu-engine}, {@code
 * VAULT_DETOKENIZE}), used by {@link #resolve(String, String)} when the payment engine needs the
 * card for a gateway call, and the admin principal ({@code ottu-vault-admin}, {@code VAULT_DELETE}
 * and {@code VAULT_ADMIN}), used by the overloads without a principal. Every detokenization,
 * refused detokenization, erasure, rotation and retirement is appended to the {@link AuditLog}
 * (who, when, which token, purpose) before any card is returned; if the audit log fails, the card
 * is wiped and the call fails. Tokenization is not audited. Logs (SLF4J) name tokens and key
 * versions, never card data.
 *
 * <h2>Threads</h2>
 *
 * A vault is thread-safe and meant to be shared. Rotations and retirements are serialized with each
 * other; everything else runs concurrently with them.
 */
public final class CardVault implements CardTokenResolver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CardVault.class);

  static final String FINGERPRINT_PURPOSE = "card-fingerprint/v1";
  static final String FPE_PURPOSE = "fpe-ff1/v1";
  private static final int MAX_TOKEN_ATTEMPTS = 64;
  private static final int MAX_ROTATION_PASSES = 5;

  private final Builder config;
  private final KeyProvider keys;
  private final VaultStore store;
  private final TokenFormat tokenFormat;
  private final AccessPolicy accessPolicy;
  private final AuditLog auditLog;
  private final Principal enginePrincipal;
  private final Principal adminPrincipal;
  private final Clock clock;
  private final SecureRandom random;
  private final int rotationPageSize;
  private final Fingerprints fingerprints;
  private final FpeTokens fpeTokens;
  private final PendingCvcs pendingCvcs;
  private final ReentrantLock keyAdminLock = new ReentrantLock();
  // Versions being or already retired. Read after each insert; see retireKeyVersion.
  private volatile Set<Integer> retiring = Set.of();

  private CardVault(Builder b) {
    this.config = b.copy();
    this.keys = b.keyProvider;
    this.store = b.store;
    this.tokenFormat = b.tokenFormat;
    this.accessPolicy = b.accessPolicy;
    this.auditLog = b.auditLog;
    this.enginePrincipal = b.enginePrincipal;
    this.adminPrincipal = b.adminPrincipal;
    this.clock = b.clock;
    this.random = b.random;
    this.rotationPageSize = b.rotationPageSize;
    byte[] fingerprintKey = keys.deriveSecret(FINGERPRINT_PURPOSE);
    try {
      this.fingerprints = new Fingerprints(fingerprintKey);
    } finally {
      Arrays.fill(fingerprintKey, (byte) 0);
    }
    if (tokenFormat == TokenFormat.FORMAT_PRESERVING) {
      byte[] fpeKey = keys.deriveSecret(FPE_PURPOSE);
      try {
        this.fpeTokens = new FpeTokens(fpeKey);
      } finally {
        Arrays.fill(fpeKey, (byte) 0);
      }
    } else {
      this.fpeTokens = null;
    }
    this.pendingCvcs = new PendingCvcs(clock, b.cvcTtl, b.maxPendingCvcs);
  }

  /** A builder; {@link Builder#keyProvider(KeyProvider)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder with this vault's configuration, sharing its key provider, store and audit log. A
   * vault built from it has its own pending CVCs.
   */
  public Builder toBuilder() {
    return config.copy();
  }

  // ---------------------------------------------------------------------------------------------
  // Tokenize

  /**
   * Tokenizes a card. See {@link #tokenize(CardData, String)}.
   *
   * @param card the card; not modified or wiped
   * @return the token and what may be known of the card without decrypting
   */
  public CardToken tokenize(CardData card) {
    return tokenize(card, null);
  }

  /**
   * Encrypts and stores a card, for a customer, and returns its token. The card's CVC, if present,
   * is held in memory for the next {@link #resolve(String, String)} of this token only.
   *
   * @param card the card; not modified or wiped (the caller wipes it when done)
   * @param customerId the host's customer id, for {@link #eraseCustomer(String)}; or {@code null}
   * @return the token and what may be known of the card without decrypting
   * @throws CardExpiredException if the card expired before the current month
   * @throws InvalidRequestException if the card was wiped or the customer id is blank (invalid card
   *     numbers never get this far: {@link CardData.Builder#build()} rejects them)
   * @throws VaultException if the key provider or the store fails
   */
  public CardToken tokenize(CardData card, String customerId) {
    Objects.requireNonNull(card, "card");
    if (card.isWiped()) {
      throw new InvalidRequestException("card", "was wiped and can no longer be tokenized");
    }
    if (customerId != null && customerId.isBlank()) {
      throw new InvalidRequestException("customerId", "must not be blank");
    }
    Instant createdAt = clock.instant();
    YearMonth now = YearMonth.from(LocalDate.ofInstant(createdAt, clock.getZone()));
    if (card.isExpired(now)) {
      throw new CardExpiredException(card.expiry(), now);
    }
    SecureRandom rnd = random();
    // CardData only hands the number out as a String; it is copied once into bytes we can wipe.
    byte[] pan = ascii(card.number());
    byte[] payload = null;
    DataKey dataKey = null;
    try {
      payload =
          CardPayload.encode(
              pan, card.expiryMonth(), card.expiryYear(), card.holderName().orElse(null));
      String fingerprint = fingerprints.of(pan);
      // One draw from the generator for the data key, the first nonce and the token.
      byte[] fresh = new byte[DataKey.LENGTH + AesGcm.NONCE_LENGTH + RandomTokens.POOL];
      rnd.nextBytes(fresh);
      dataKey = new DataKey(Arrays.copyOfRange(fresh, 0, DataKey.LENGTH));
      byte[] nonce =
          Arrays.copyOfRange(fresh, DataKey.LENGTH, DataKey.LENGTH + AesGcm.NONCE_LENGTH);
      byte[] tokenPool =
          Arrays.copyOfRange(fresh, DataKey.LENGTH + AesGcm.NONCE_LENGTH, fresh.length);
      Arrays.fill(fresh, (byte) 0);
      CardSummary summary = card.summary();
      for (int attempt = 1; ; attempt++) {
        if (attempt > 1) {
          // Never reuse a nonce under this data key, even for a ciphertext that was discarded.
          rnd.nextBytes(nonce);
          rnd.nextBytes(tokenPool);
        }
        String token =
            tokenFormat == TokenFormat.RANDOM
                ? RandomTokens.next(tokenPool, rnd)
                : fpeTokens.next(pan, rnd);
        int version = keys.currentVersion();
        byte[] wrapped;
        try {
          wrapped = keys.wrap(version, dataKey.bytes(), AssociatedData.dataKey(token, version));
        } catch (KeyUnavailableException e) {
          // A rotation and retirement ran between reading the version and wrapping; try again.
          if (attempt < MAX_TOKEN_ATTEMPTS) {
            continue;
          }
          throw e;
        }
        byte[] ciphertext =
            AesGcm.DATA_KEYS.seal(dataKey, nonce, AssociatedData.card(token), payload);
        VaultRecord record =
            VaultRecord.builder()
                .token(token)
                .keyVersion(version)
                .wrappedKey(wrapped)
                .nonce(nonce)
                .ciphertext(ciphertext)
                .summary(summary)
                .panLength(pan.length)
                .fingerprint(fingerprint)
                .customerId(customerId)
                .createdAt(createdAt)
                .build();
        if (store.insert(record)) {
          afterInsert(token, version, dataKey);
          card.cvc().ifPresent(cvc -> holdCvc(token, cvc));
          if (log.isDebugEnabled()) {
            log.debug(
                "tokenized {} ({} card, key version {})",
                Tokens.redact(token),
                summary.brand(),
                version);
          }
          return CardToken.of(record);
        }
        if (attempt >= MAX_TOKEN_ATTEMPTS) {
          throw new VaultException(
              "could not allocate a unique token after " + attempt + " attempts");
        }
      }
    } finally {
      Arrays.fill(pan, (byte) 0);
      if (payload != null) {
        Arrays.fill(payload, (byte) 0);
      }
      if (dataKey != null) {
        dataKey.destroy();
      }
    }
  }

  /**
   * The card's fingerprint in this vault, without storing anything: compare it with {@link
   * CardToken#fingerprint()} values, or look it up with {@link #tokensWithFingerprint(String)}.
   *
   * @param card the card; not modified
   * @return the fingerprint
   * @throws InvalidRequestException if the card was wiped
   */
  public String fingerprint(CardData card) {
    Objects.requireNonNull(card, "card");
    if (card.isWiped()) {
      throw new InvalidRequestException("card", "was wiped");
    }
    byte[] pan = ascii(card.number());
    try {
      return fingerprints.of(pan);
    } finally {
      Arrays.fill(pan, (byte) 0);
    }
  }

  /**
   * The live tokens whose card has this fingerprint (the same card tokenized several times).
   *
   * @param fingerprint a fingerprint from this vault
   * @return the tokens, possibly empty
   */
  public List<String> tokensWithFingerprint(String fingerprint) {
    return store.tokensWithFingerprint(Objects.requireNonNull(fingerprint, "fingerprint"));
  }

  // ---------------------------------------------------------------------------------------------
  // Look up without decrypting

  /**
   * What is stored about a token, without decrypting anything.
   *
   * @param token the token
   * @return the card token, or empty if the token is unknown or erased
   */
  public Optional<CardToken> find(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return store.find(token).filter(r -> !r.isErased()).map(CardToken::of);
  }

  /**
   * Brand, BIN, last four and expiry of a token's card, without decrypting, for routing.
   *
   * @throws TokenNotFoundException field {@code source.token}, if the token is unknown
   * @throws TokenErasedException field {@code source.token}, if the token was erased
   */
  @Override
  public CardSummary describe(String token) {
    return live(token, "source.token").summary();
  }

  // ---------------------------------------------------------------------------------------------
  // Detokenize

  /**
   * Decrypts a token's card for a principal. The CVC is never included (see {@link #resolve(String,
   * String)}).
   *
   * @param token the token
   * @param principal who asks; needs {@link Permission#VAULT_DETOKENIZE}
   * @return the card; the caller wipes it ({@link CardData#wipe()}) after use
   * @throws AccessDeniedException if the principal may not detokenize (checked first, so an
   *     unauthorized caller learns nothing about the token)
   * @throws TokenNotFoundException if the token is unknown
   * @throws TokenErasedException if the token was erased
   * @throws VaultIntegrityException if the record fails authentication
   */
  public CardData detokenize(String token, Principal principal) {
    return detokenize(token, principal, "unspecified");
  }

  /**
   * As {@link #detokenize(String, Principal)}, recording why in the audit trail.
   *
   * @param token the token
   * @param principal who asks; needs {@link Permission#VAULT_DETOKENIZE}
   * @param purpose why, for the audit trail (for example {@code support-ticket:1234})
   * @return the card; the caller wipes it after use
   */
  public CardData detokenize(String token, Principal principal, String purpose) {
    requireToken(token, "token");
    String why = purpose == null || purpose.isBlank() ? "unspecified" : purpose;
    authorize(principal, Permission.VAULT_DETOKENIZE, "vault.detokenize", token, why);
    return reveal(token, "token", principal, why, false);
  }

  /**
   * Decrypts a token's card for one gateway call, as the payment engine: the engine principal needs
   * {@link Permission#VAULT_DETOKENIZE} (it has it by default), and the access is audited with
   * purpose {@code payment:<paymentId>}. A CVC held for the token is included, once, and then
   * forgotten.
   *
   * @param token the token
   * @param paymentId the payment the card is needed for
   * @return the card; the engine wipes it after the gateway call
   * @throws TokenNotFoundException field {@code source.token}, if the token is unknown
   * @throws TokenErasedException field {@code source.token}, if the token was erased
   * @throws AccessDeniedException if the configured engine principal may not detokenize
   * @throws VaultIntegrityException if the record fails authentication
   */
  @Override
  public CardData resolve(String token, String paymentId) {
    requireToken(token, "source.token");
    if (paymentId == null || paymentId.isBlank()) {
      throw new InvalidRequestException("paymentId", "is required");
    }
    String why = "payment:" + paymentId;
    authorize(enginePrincipal, Permission.VAULT_DETOKENIZE, "vault.detokenize", token, why);
    return reveal(token, "source.token", enginePrincipal, why, true);
  }

  // ---------------------------------------------------------------------------------------------
  // Erase

  /**
   * Erases a token as the admin principal, with purpose {@code erasure}. See {@link #delete(String,
   * Principal, String)}.
   *
   * @return {@code true} if erased now, {@code false} if it had already been erased
   */
  public boolean delete(String token) {
    return delete(token, adminPrincipal, "erasure");
  }

  /**
   * Erases a token by crypto-shredding: the store destroys its wrapped data key and ciphertext, so
   * the card can never be decrypted again; a CVC held for it is wiped. Later detokenization fails
   * with {@link TokenErasedException}. Idempotent.
   *
   * @param token the token
   * @param principal who asks; needs {@link Permission#VAULT_DELETE}
   * @param purpose why, for the audit trail (for example {@code gdpr-request:77})
   * @return {@code true} if erased now, {@code false} if it had already been erased
   * @throws TokenNotFoundException if the token is unknown
   * @throws AccessDeniedException if the principal may not delete
   */
  public boolean delete(String token, Principal principal, String purpose) {
    requireToken(token, "token");
    String why = purpose == null || purpose.isBlank() ? "unspecified" : purpose;
    authorize(principal, Permission.VAULT_DELETE, "vault.delete", token, why);
    if (store.find(token).isEmpty()) {
      throw new TokenNotFoundException("token", token);
    }
    pendingCvcs.discard(token);
    boolean erased = store.erase(token, clock.instant());
    if (erased) {
      audit(principal, "vault.delete", token, "purpose=" + why);
      log.info("erased {} (data key destroyed) for {}", Tokens.redact(token), principal.name());
    }
    return erased;
  }

  /**
   * Erases every token of a customer as the admin principal, with purpose {@code erasure}.
   *
   * @return how many tokens were erased now
   */
  public int eraseCustomer(String customerId) {
    return eraseCustomer(customerId, adminPrincipal, "erasure");
  }

  /**
   * Erases every live token of a customer (a GDPR erasure request), each as {@link #delete(String,
   * Principal, String)} does, each audited.
   *
   * @param customerId the host's customer id given to {@link #tokenize(CardData, String)}
   * @param principal who asks; needs {@link Permission#VAULT_DELETE}
   * @param purpose why, for the audit trail
   * @return how many tokens were erased now
   * @throws AccessDeniedException if the principal may not delete
   */
  public int eraseCustomer(String customerId, Principal principal, String purpose) {
    if (customerId == null || customerId.isBlank()) {
      throw new InvalidRequestException("customerId", "is required");
    }
    String why = purpose == null || purpose.isBlank() ? "unspecified" : purpose;
    authorize(principal, Permission.VAULT_DELETE, "vault.erase_customer", customerId, why);
    int erased = 0;
    for (String token : store.tokensOfCustomer(customerId)) {
      pendingCvcs.discard(token);
      if (store.erase(token, clock.instant())) {
        erased++;
        audit(principal, "vault.delete", token, "purpose=" + why + "; customer erasure");
      }
    }
    audit(principal, "vault.erase_customer", customerId, "purpose=" + why + "; erased=" + erased);
    log.info("erased {} token(s) of a customer for {}", erased, principal.name());
    return erased;
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  /** Rotates keys as the admin principal. See {@link #rotateKeys(Principal)}. */
  public KeyRotation rotateKeys() {
    return rotateKeys(adminPrincipal);
  }

  /**
   * Creates a new KEK version, makes it current, and re-wraps every live record's data key under
   * it, online: cards are never decrypted, tokenize and detokenize keep working, and records
   * tokenized meanwhile are caught by further passes. Old versions stay live (and keep unwrapping)
   * until {@link #retireKeyVersion(int)}.
   *
   * @param principal who asks; needs {@link Permission#VAULT_ADMIN}
   * @return what was done, including which old versions can now be retired
   * @throws AccessDeniedException if the principal may not administer keys
   */
  public KeyRotation rotateKeys(Principal principal) {
    authorize(principal, Permission.VAULT_ADMIN, "vault.rotate", "kek", "rotate keys");
    keyAdminLock.lock();
    int previous = keys.currentVersion();
    int next = previous;
    try {
      next = keys.rotate();
      log.info("key rotation: version {} is now current (was {})", next, previous);
      long rewrapped = 0;
      long failed = 0;
      SortedSet<Integer> retirable = new TreeSet<>();
      for (int version : keys.versions()) {
        if (version == next) {
          continue;
        }
        long[] counts = rewrapAll(version, next);
        rewrapped += counts[0];
        failed += counts[1];
        if (store.countLive(version) == 0) {
          retirable.add(version);
        }
      }
      audit(
          principal,
          "vault.rotate",
          "kek",
          "version "
              + previous
              + " -> "
              + next
              + "; rewrapped="
              + rewrapped
              + "; failed="
              + failed);
      log.info(
          "key rotation to version {} done: {} re-wrapped, {} failed, retirable {}",
          next,
          rewrapped,
          failed,
          retirable);
      return new KeyRotation(previous, next, rewrapped, failed, retirable);
    } catch (RuntimeException e) {
      // Records already re-wrapped stay valid under the new version; the rest keep the old one.
      log.error("key rotation from version {} to {} failed: {}", previous, next, e.toString());
      audit(principal, "vault.rotate.failed", "kek", "version " + previous + " -> " + next);
      throw e;
    } finally {
      keyAdminLock.unlock();
    }
  }

  /**
   * Retires a key version as the admin principal. See {@link #retireKeyVersion(int, Principal)}.
   */
  public void retireKeyVersion(int version) {
    retireKeyVersion(version, adminPrincipal);
  }

  /**
   * Destroys an old KEK version in the key provider. Refused while any live record is still wrapped
   * under it (run {@link #rotateKeys()} first) and for the current version.
   *
   * @param version the version to retire
   * @param principal who asks; needs {@link Permission#VAULT_ADMIN}
   * @throws VaultException if the version is current or still in use
   * @throws KeyUnavailableException if the version is not live
   * @throws AccessDeniedException if the principal may not administer keys
   */
  public void retireKeyVersion(int version, Principal principal) {
    authorize(
        principal, Permission.VAULT_ADMIN, "vault.retire_key", "kek", "retire version " + version);
    keyAdminLock.lock();
    try {
      if (!keys.versions().contains(version)) {
        throw new KeyUnavailableException(version);
      }
      if (version == keys.currentVersion()) {
        throw new VaultException("key version " + version + " is current and cannot be retired");
      }
      // Publish the intent before counting. A tokenize that wrapped under this version inserts,
      // then reads `retiring`: either this count sees its record, or it sees the version here
      // and re-wraps its record under the current version itself.
      Set<Integer> before = retiring;
      Set<Integer> with = new HashSet<>(before);
      with.add(version);
      retiring = Set.copyOf(with);
      long live = store.countLive(version);
      if (live > 0) {
        retiring = before;
        throw new VaultException(
            "key version "
                + version
                + " still protects "
                + live
                + " record(s); run rotateKeys() to re-wrap them first");
      }
      keys.retire(version);
      audit(principal, "vault.retire_key", "kek", "version " + version);
      log.info("retired key version {}", version);
    } finally {
      keyAdminLock.unlock();
    }
  }

  /** The current KEK version of the key provider. */
  public int currentKeyVersion() {
    return keys.currentVersion();
  }

  /** The live KEK versions of the key provider, ascending. */
  public SortedSet<Integer> keyVersions() {
    return keys.versions();
  }

  /** How many live records are wrapped under {@code version}. */
  public long recordsUnderKeyVersion(int version) {
    return store.countLive(version);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle and configuration

  /** The principal {@link #resolve(String, String)} acts as. */
  public Principal enginePrincipal() {
    return enginePrincipal;
  }

  /** The principal the overloads without a principal act as. */
  public Principal adminPrincipal() {
    return adminPrincipal;
  }

  /** The audit log this vault appends to. */
  public AuditLog auditLog() {
    return auditLog;
  }

  /**
   * Wipes CVCs whose time to live has passed. They are also purged on every tokenize and resolve; a
   * host may call this from a scheduler when the vault is idle.
   *
   * @return how many were wiped
   */
  public int purgeExpiredCvcs() {
    return pendingCvcs.purge();
  }

  /**
   * Wipes every CVC held in memory. The key provider, store and audit log belong to the host and
   * are not closed. The vault remains usable.
   */
  @Override
  public void close() {
    pendingCvcs.clear();
  }

  @Override
  public String toString() {
    return "CardVault[" + tokenFormat + ", keys=" + keys + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private void afterInsert(String token, int version, DataKey dataKey) {
    if (!retiring.contains(version)) {
      return;
    }
    // A retirement of this version may have counted before our insert. Re-wrap under the current
    // version while we still hold the data key, so the record never depends on a destroyed KEK.
    for (int attempt = 0; attempt < MAX_TOKEN_ATTEMPTS; attempt++) {
      int current = keys.currentVersion();
      if (current == version) {
        return;
      }
      try {
        byte[] wrapped =
            keys.wrap(current, dataKey.bytes(), AssociatedData.dataKey(token, current));
        if (store.rewrap(token, version, current, wrapped, clock.instant())) {
          log.debug(
              "re-wrapped {} under key version {} after a retirement",
              Tokens.redact(token),
              current);
        }
        return;
      } catch (KeyUnavailableException e) {
        log.debug("key version {} vanished while re-wrapping; retrying", current);
      }
    }
  }

  private long[] rewrapAll(int from, int to) {
    long rewrapped = 0;
    Set<String> failed = new HashSet<>();
    for (int pass = 0; pass < MAX_ROTATION_PASSES; pass++) {
      String cursor = null;
      do {
        VaultStore.Page page = store.page(from, cursor, rotationPageSize);
        for (VaultRecord record : page.records()) {
          if (failed.contains(record.token())) {
            continue;
          }
          byte[] dataKey = null;
          try {
            dataKey =
                keys.unwrap(
                    from, record.wrappedKey(), AssociatedData.dataKey(record.token(), from));
            byte[] wrapped = keys.wrap(to, dataKey, AssociatedData.dataKey(record.token(), to));
            if (store.rewrap(record.token(), from, to, wrapped, clock.instant())) {
              rewrapped++;
            }
          } catch (VaultIntegrityException e) {
            failed.add(record.token());
            log.warn(
                "key rotation: {} failed authentication under key version {} and keeps it",
                Tokens.redact(record.token()),
                from);
          } finally {
            if (dataKey != null) {
              Arrays.fill(dataKey, (byte) 0);
            }
          }
        }
        cursor = page.nextCursor();
      } while (cursor != null);
      // Records tokenized under `from` just before the rotation may land after the walk passed.
      if (store.countLive(from) <= failed.size()) {
        break;
      }
    }
    return new long[] {rewrapped, failed.size()};
  }

  private CardData reveal(
      String token, String field, Principal principal, String purpose, boolean withCvc) {
    CardPayload.Decoded card = open(token, field);
    char[] cvc = null;
    try {
      audit(principal, "vault.detokenize", token, "purpose=" + purpose);
      if (withCvc) {
        cvc = pendingCvcs.consume(token);
      }
      CardData.Builder builder =
          CardData.builder()
              .number(CharBuffer.wrap(card.pan()))
              .expiry(card.expiryMonth(), card.expiryYear())
              .holderName(card.holderName());
      if (cvc != null) {
        builder.cvc(CharBuffer.wrap(cvc));
      }
      CardData data = builder.build();
      if (log.isDebugEnabled()) {
        log.debug(
            "detokenized {} for {} (purpose {}{})",
            Tokens.redact(token),
            principal.name(),
            purpose,
            cvc != null ? ", with held CVC" : "");
      }
      return data;
    } finally {
      card.wipe();
      if (cvc != null) {
        Arrays.fill(cvc, '\0');
      }
    }
  }

  /** Finds, unwraps, decrypts and checks a record. The caller wipes the result. */
  private CardPayload.Decoded open(String token, String field) {
    VaultRecord record = live(token, field);
    byte[] keyBytes;
    try {
      keyBytes = unwrap(record);
    } catch (KeyUnavailableException e) {
      // The record may have been re-wrapped and its old version retired since we read it.
      VaultRecord again = live(token, field);
      if (again.keyVersion() == record.keyVersion()) {
        throw e;
      }
      record = again;
      keyBytes = unwrap(record);
    }
    DataKey dataKey = new DataKey(keyBytes);
    byte[] plaintext = null;
    try {
      plaintext =
          AesGcm.DATA_KEYS.open(
              dataKey, record.nonce(), AssociatedData.card(token), record.ciphertext());
      CardPayload.Decoded card = CardPayload.decode(plaintext);
      checkSummary(record, card);
      return card;
    } catch (AEADBadTagException e) {
      log.warn(
          "integrity failure: card ciphertext of {} failed authentication", Tokens.redact(token));
      throw new VaultIntegrityException(
          "the card ciphertext of token "
              + Tokens.redact(token)
              + " failed authentication: it was altered or belongs to another token",
          e);
    } catch (IllegalArgumentException e) {
      log.warn("integrity failure: card payload of {} is malformed", Tokens.redact(token));
      throw new VaultIntegrityException(
          "the card payload of token " + Tokens.redact(token) + " is malformed", e);
    } finally {
      dataKey.destroy();
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  private byte[] unwrap(VaultRecord record) {
    int version = record.keyVersion();
    try {
      return keys.unwrap(
          version, record.wrappedKey(), AssociatedData.dataKey(record.token(), version));
    } catch (VaultIntegrityException e) {
      log.warn(
          "integrity failure: data key of {} failed authentication under key version {}",
          Tokens.redact(record.token()),
          version);
      throw new VaultIntegrityException(
          "the data key of token "
              + Tokens.redact(record.token())
              + " failed authentication under key version "
              + version
              + ": the record was altered, moved from another token, or names the wrong key"
              + " version",
          e);
    }
  }

  private static void checkSummary(VaultRecord record, CardPayload.Decoded card) {
    char[] pan = card.pan();
    CardSummary s = record.summary();
    boolean ok =
        pan.length == record.panLength()
            && s.expiryMonth() == card.expiryMonth()
            && s.expiryYear() == card.expiryYear()
            && regionEquals(pan, 0, s.bin())
            && regionEquals(pan, pan.length - 4, s.last4())
            && s.brand() == CardBrand.detect(CharBuffer.wrap(pan, 0, Math.min(8, pan.length)));
    if (!ok) {
      card.wipe();
      log.warn(
          "integrity failure: stored summary of {} does not match", Tokens.redact(record.token()));
      throw new VaultIntegrityException(
          "the stored card summary of token "
              + Tokens.redact(record.token())
              + " does not match the encrypted card");
    }
  }

  private static boolean regionEquals(char[] pan, int offset, String expected) {
    for (int i = 0; i < expected.length(); i++) {
      if (pan[offset + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private VaultRecord live(String token, String field) {
    requireToken(token, field);
    VaultRecord record =
        store.find(token).orElseThrow(() -> new TokenNotFoundException(field, token));
    if (record.isErased()) {
      throw new TokenErasedException(field, token, record.erasedAt().orElseThrow());
    }
    return record;
  }

  /** Checks a permission; a refusal is logged and audited as {@code <action>.denied}. */
  private void authorize(
      Principal principal, Permission permission, String action, String subject, String purpose) {
    if (allowed(principal, permission)) {
      return;
    }
    String who = principal == null ? "(none)" : principal.name();
    log.warn("refused {} ({}) of {} to {}", action, permission, Tokens.redact(subject), who);
    audit(who, action + ".denied", subject, "purpose=" + purpose);
    throw new AccessDeniedException(principal, permission);
  }

  private boolean allowed(Principal principal, Permission permission) {
    if (principal == null) {
      return false;
    }
    boolean trusted = principal == enginePrincipal || principal == adminPrincipal;
    return (trusted && principal.carries(permission)) || accessPolicy.allows(principal, permission);
  }

  private void audit(Principal principal, String action, String subject, String detail) {
    audit(principal.name(), action, subject, detail);
  }

  private void audit(String actor, String action, String subject, String detail) {
    auditLog.append(new AuditEvent(clock.instant(), actor, action, subject, detail));
  }

  private void holdCvc(String token, String cvc) {
    char[] digits = cvc.toCharArray();
    try {
      pendingCvcs.put(token, digits);
    } finally {
      Arrays.fill(digits, '\0');
    }
  }

  private SecureRandom random() {
    return random != null ? random : Randomness.current();
  }

  private static void requireToken(String token, String field) {
    if (token == null || token.isBlank()) {
      throw new InvalidRequestException(field, "is required");
    }
  }

  private static byte[] ascii(String digits) {
    byte[] out = new byte[digits.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) digits.charAt(i);
    }
    return out;
  }

  /**
   * Configures a {@link CardVault}. Everything but the key provider has a default. {@link #build()}
   * validates and copies, so a builder can be reused. Not thread-safe.
   */
  public static final class Builder {
    private KeyProvider keyProvider;
    private VaultStore store;
    private TokenFormat tokenFormat = TokenFormat.RANDOM;
    private AccessPolicy accessPolicy = AccessPolicy.denyAll();
    private AuditLog auditLog;
    private Principal enginePrincipal =
        Principal.withPermissions("ottu-engine", Permission.VAULT_DETOKENIZE);
    private Principal adminPrincipal =
        Principal.withPermissions(
            "ottu-vault-admin", Permission.VAULT_DELETE, Permission.VAULT_ADMIN);
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Duration cvcTtl = Duration.ofMinutes(10);
    private int maxPendingCvcs = 100_000;
    private int rotationPageSize = 500;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.keyProvider = keyProvider;
      b.store = store;
      b.tokenFormat = tokenFormat;
      b.accessPolicy = accessPolicy;
      b.auditLog = auditLog;
      b.enginePrincipal = enginePrincipal;
      b.adminPrincipal = adminPrincipal;
      b.clock = clock;
      b.random = random;
      b.cvcTtl = cvcTtl;
      b.maxPendingCvcs = maxPendingCvcs;
      b.rotationPageSize = rotationPageSize;
      return b;
    }

    /** Where key-encryption keys and derived secrets come from. Required. */
    public Builder keyProvider(KeyProvider keyProvider) {
      this.keyProvider = keyProvider;
      return this;
    }

    /** Where records are kept. Default: a new {@link VaultStore#inMemory()}. */
    public Builder store(VaultStore store) {
      this.store = store;
      return this;
    }

    /** How tokens are spelled. Default {@link TokenFormat#RANDOM}. */
    public Builder tokenFormat(TokenFormat tokenFormat) {
      this.tokenFormat = tokenFormat;
      return this;
    }

    /** Who may detokenize, delete and administer keys. Default {@link AccessPolicy#denyAll()}. */
    public Builder accessPolicy(AccessPolicy accessPolicy) {
      this.accessPolicy = accessPolicy;
      return this;
    }

    /**
     * Where accesses are recorded. Default: a new {@link AuditLog#inMemory()}, which grows with
     * every access; production hosts pass a durable log.
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = auditLog;
      return this;
    }

    /**
     * The principal {@link CardVault#resolve(String, String)} acts as, trusted with the permissions
     * it carries. Default {@code ottu-engine} with {@code VAULT_DETOKENIZE}; give one without
     * permissions to let the access policy alone decide.
     */
    public Builder enginePrincipal(Principal enginePrincipal) {
      this.enginePrincipal = enginePrincipal;
      return this;
    }

    /**
     * The principal the overloads without a principal ({@code delete(token)}, {@code rotateKeys()},
     * ...) act as, trusted with the permissions it carries. Default {@code ottu-vault-admin} with
     * {@code VAULT_DELETE} and {@code VAULT_ADMIN}.
     */
    public Builder adminPrincipal(Principal adminPrincipal) {
      this.adminPrincipal = adminPrincipal;
      return this;
    }

    /** The clock for expiry checks, CVC time to live and timestamps. Default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The source of data keys, nonces and tokens, shared by all threads. Default: one
     * 256-bit-strength DRBG per thread, which avoids lock contention.
     */
    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    /** How long a CVC waits in memory for its authorization. Default 10 minutes. */
    public Builder cvcTtl(Duration cvcTtl) {
      this.cvcTtl = cvcTtl;
      return this;
    }

    /** The most CVCs held at once; beyond it the oldest are wiped. Default 100,000. */
    public Builder maxPendingCvcs(int maxPendingCvcs) {
      this.maxPendingCvcs = maxPendingCvcs;
      return this;
    }

    /** How many records a key rotation re-wraps per store page. Default 500. */
    public Builder rotationPageSize(int rotationPageSize) {
      this.rotationPageSize = rotationPageSize;
      return this;
    }

    /**
     * Validates and builds the vault. Derives the fingerprint key (and the FF1 key) from the key
     * provider now.
     *
     * @throws IllegalArgumentException naming a missing or invalid setting
     * @throws VaultException if the key provider fails
     */
    public CardVault build() {
      Builder b = copy();
      require(b.keyProvider != null, "keyProvider", "is required");
      require(b.tokenFormat != null, "tokenFormat", "is required");
      require(b.accessPolicy != null, "accessPolicy", "is required");
      require(b.enginePrincipal != null, "enginePrincipal", "is required");
      require(b.adminPrincipal != null, "adminPrincipal", "is required");
      require(b.clock != null, "clock", "is required");
      require(
          b.cvcTtl != null && !b.cvcTtl.isNegative() && !b.cvcTtl.isZero(),
          "cvcTtl",
          "must be positive");
      require(b.maxPendingCvcs >= 1, "maxPendingCvcs", "must be at least 1");
      require(b.rotationPageSize >= 1, "rotationPageSize", "must be at least 1");
      if (b.store == null) {
        b.store = VaultStore.inMemory();
      }
      if (b.auditLog == null) {
        b.auditLog = AuditLog.inMemory();
      }
      return new CardVault(b);
    }

    private static void require(boolean ok, String field, String problem) {
      if (!ok) {
        throw new IllegalArgumentException(field + ": " + problem);
      }
    }
  }
}
