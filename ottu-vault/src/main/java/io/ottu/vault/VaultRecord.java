package io.ottu.vault;

import io.ottu.CardSummary;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One card as a {@link VaultStore} keeps it: the token, the envelope (the key-encryption-key
 * version, the wrapped data key, the nonce and the AES-GCM ciphertext of the card), and what may be
 * known without decrypting (the card summary, the number's length, the fingerprint, the customer).
 * An erased record is a tombstone that keeps only the token and the times, so that a later lookup
 * can say the token was erased rather than unknown.
 *
 * <p>Nothing here is secret on its own: the data key is only present wrapped, and the CVC is never
 * part of a record. Immutable: byte arrays are copied in and out. Each field maps to one column of
 * a database table, so a JDBC store can read and write records with {@link #builder()}.
 */
public final class VaultRecord {
  private final String token;
  private final int keyVersion;
  private final byte[] wrappedKey;
  private final byte[] nonce;
  private final byte[] ciphertext;
  private final CardSummary summary;
  private final int panLength;
  private final String fingerprint;
  private final String customerId;
  private final Instant createdAt;
  private final Instant rotatedAt;
  private final Instant erasedAt;

  private VaultRecord(Builder b) {
    this.token = b.token;
    this.keyVersion = b.keyVersion;
    this.wrappedKey = b.wrappedKey;
    this.nonce = b.nonce;
    this.ciphertext = b.ciphertext;
    this.summary = b.summary;
    this.panLength = b.panLength;
    this.fingerprint = b.fingerprint;
    this.customerId = b.customerId;
    this.createdAt = b.createdAt;
    this.rotatedAt = b.rotatedAt;
    this.erasedAt = b.erasedAt;
  }

  /** A builder for a record. Not thread-safe. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding a copy of this record's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.token = token;
    b.keyVersion = keyVersion;
    b.wrappedKey = wrappedKey;
    b.nonce = nonce;
    b.ciphertext = ciphertext;
    b.summary = summary;
    b.panLength = panLength;
    b.fingerprint = fingerprint;
    b.customerId = customerId;
    b.createdAt = createdAt;
    b.rotatedAt = rotatedAt;
    b.erasedAt = erasedAt;
    return b;
  }

  /**
   * This record with its data key re-wrapped under another key version.
   *
   * @param newKeyVersion the version that wrapped {@code newWrappedKey}
   * @param newWrappedKey the data key wrapped under that version
   * @param at when
   * @return the re-wrapped record
   * @throws IllegalStateException if this record is erased
   */
  public VaultRecord rewrapped(int newKeyVersion, byte[] newWrappedKey, Instant at) {
    if (isErased()) {
      throw new IllegalStateException("an erased record has no data key");
    }
    return toBuilder().keyVersion(newKeyVersion).wrappedKey(newWrappedKey).rotatedAt(at).build();
  }

  /**
   * The tombstone this record becomes when erased: the token and the times survive, the envelope,
   * the summary, the fingerprint and the customer do not.
   *
   * @param at when it was erased
   * @return the tombstone
   */
  public VaultRecord erased(Instant at) {
    Builder b = new Builder();
    b.token = token;
    b.createdAt = createdAt;
    b.rotatedAt = rotatedAt;
    b.erasedAt = Objects.requireNonNull(at, "at");
    return b.build();
  }

  /** The token. */
  public String token() {
    return token;
  }

  /** The key-encryption-key version that wrapped the data key; 0 once erased. */
  public int keyVersion() {
    return keyVersion;
  }

  /** A copy of the wrapped data key; {@code null} once erased. */
  public byte[] wrappedKey() {
    return wrappedKey == null ? null : wrappedKey.clone();
  }

  /** A copy of the AES-GCM nonce of the card ciphertext; {@code null} once erased. */
  public byte[] nonce() {
    return nonce == null ? null : nonce.clone();
  }

  /** A copy of the card ciphertext with its tag; {@code null} once erased. */
  public byte[] ciphertext() {
    return ciphertext == null ? null : ciphertext.clone();
  }

  /** Brand, BIN, last four and expiry; {@code null} once erased. */
  public CardSummary summary() {
    return summary;
  }

  /** How many digits the card number has; 0 once erased. */
  public int panLength() {
    return panLength;
  }

  /** The card's fingerprint in this vault; {@code null} once erased. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The host's customer id, if the card was tokenized for one (and not erased). */
  public Optional<String> customerId() {
    return Optional.ofNullable(customerId);
  }

  /** When the card was tokenized. */
  public Instant createdAt() {
    return createdAt;
  }

  /** When the data key was last re-wrapped, if ever. */
  public Optional<Instant> rotatedAt() {
    return Optional.ofNullable(rotatedAt);
  }

  /** When the record was erased, if it was. */
  public Optional<Instant> erasedAt() {
    return Optional.ofNullable(erasedAt);
  }

  /** Whether the record was erased (crypto-shredded). */
  public boolean isErased() {
    return erasedAt != null;
  }

  @Override
  public String toString() {
    return "VaultRecord["
        + io.ottu.vault.internal.Tokens.redact(token)
        + (isErased() ? " erased " + erasedAt : " key v" + keyVersion + " " + summary)
        + "]";
  }

  /**
   * Builds a {@link VaultRecord}, validating at {@link #build()}: a live record needs every
   * envelope field, a summary and a fingerprint; an erased one needs only the token and the times.
   * Arrays are copied. Not thread-safe.
   */
  public static final class Builder {
    private String token;
    private int keyVersion;
    private byte[] wrappedKey;
    private byte[] nonce;
    private byte[] ciphertext;
    private CardSummary summary;
    private int panLength;
    private String fingerprint;
    private String customerId;
    private Instant createdAt;
    private Instant rotatedAt;
    private Instant erasedAt;

    private Builder() {}

    /** The token. Required. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The key-encryption-key version, at least 1. Required while live. */
    public Builder keyVersion(int keyVersion) {
      this.keyVersion = keyVersion;
      return this;
    }

    /** The wrapped data key. Required while live. */
    public Builder wrappedKey(byte[] wrappedKey) {
      this.wrappedKey = wrappedKey == null ? null : wrappedKey.clone();
      return this;
    }

    /** The nonce of the card ciphertext. Required while live. */
    public Builder nonce(byte[] nonce) {
      this.nonce = nonce == null ? null : nonce.clone();
      return this;
    }

    /** The card ciphertext with its tag. Required while live. */
    public Builder ciphertext(byte[] ciphertext) {
      this.ciphertext = ciphertext == null ? null : ciphertext.clone();
      return this;
    }

    /** The card summary. Required while live. */
    public Builder summary(CardSummary summary) {
      this.summary = summary;
      return this;
    }

    /** The number's length, 12 to 19. Required while live. */
    public Builder panLength(int panLength) {
      this.panLength = panLength;
      return this;
    }

    /** The card fingerprint. Required while live. */
    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    /** The host's customer id. Optional. */
    public Builder customerId(String customerId) {
      this.customerId = customerId;
      return this;
    }

    /** When the card was tokenized. Required. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** When the data key was last re-wrapped. Optional. */
    public Builder rotatedAt(Instant rotatedAt) {
      this.rotatedAt = rotatedAt;
      return this;
    }

    /** When the record was erased; set only for a tombstone. */
    public Builder erasedAt(Instant erasedAt) {
      this.erasedAt = erasedAt;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public VaultRecord build() {
      require(token != null && !token.isBlank(), "token");
      require(createdAt != null, "createdAt");
      if (erasedAt != null) {
        require(wrappedKey == null && nonce == null && ciphertext == null, "envelope (erased)");
        return new VaultRecord(this);
      }
      require(keyVersion >= 1, "keyVersion");
      require(wrappedKey != null && wrappedKey.length > 0, "wrappedKey");
      require(nonce != null && nonce.length > 0, "nonce");
      require(ciphertext != null && ciphertext.length > 0, "ciphertext");
      require(summary != null, "summary");
      require(panLength >= 12 && panLength <= 19, "panLength");
      require(fingerprint != null && !fingerprint.isBlank(), "fingerprint");
      return new VaultRecord(this);
    }

    private static void require(boolean ok, String field) {
      if (!ok) {
        throw new IllegalArgumentException("vault record: " + field + " is missing or invalid");
      }
    }
  }
}
