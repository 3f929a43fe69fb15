/**
 * The card vault: {@link io.ottu.vault.CardVault} tokenizes cards with envelope encryption
 * (AES-256-GCM data keys wrapped by versioned key-encryption keys from a {@link
 * io.ottu.vault.KeyProvider}), keeps records in a {@link io.ottu.vault.VaultStore}, detokenizes for
 * authorized principals with an audit trail, rotates keys online and erases cards by
 * crypto-shredding. It implements the core's {@link io.ottu.card.CardTokenResolver}, so a {@code
 * PaymentClient} pays with its tokens. Key providers are in {@code io.ottu.vault.keys}.
 */
package io.ottu.vault;
