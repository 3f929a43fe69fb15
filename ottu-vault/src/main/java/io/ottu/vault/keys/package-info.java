/**
 * The built-in {@link io.ottu.vault.KeyProvider}s.
 *
 * <ul>
 *   <li>{@link io.ottu.vault.keys.InMemoryKeyProvider}: random keys that live as long as the
 *       process. Tests, demos, benchmarks.
 *   <li>{@link io.ottu.vault.keys.Pkcs12KeyProvider}: keys in a password-protected PKCS#12 file
 *       (the JDK's keystore), loaded into memory. A single host without an HSM.
 *   <li>{@link io.ottu.vault.keys.Pkcs11KeyProvider}: keys inside a hardware security module,
 *       reached through the JDK's SunPKCS11 provider. Wrapping and unwrapping happen inside the
 *       HSM; the key-encryption keys are created there as sensitive, non-extractable objects and
 *       never leave it.
 * </ul>
 */
package io.ottu.vault.keys;
