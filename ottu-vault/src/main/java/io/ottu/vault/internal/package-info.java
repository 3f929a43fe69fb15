/**
 * The vault's implementation: cipher plumbing, token generation, the in-memory store and the
 * pending-CVC cache. Not API: nothing outside {@code ottu-vault} may import it, and it may change
 * in any release.
 */
package io.ottu.vault.internal;
