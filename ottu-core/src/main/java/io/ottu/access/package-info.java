/**
 * Access control for sensitive operations: who may capture, refund, detokenize a card, or change
 * keys.
 *
 * <p>The host authenticates its callers and describes each as a {@link io.ottu.access.Principal} (a
 * name with roles and, optionally, permissions); an {@link io.ottu.access.AccessPolicy} decides
 * whether a principal holds a {@link io.ottu.access.Permission}. Components that guard an operation
 * (the card vault, the engine's admin calls) call {@link
 * io.ottu.access.AccessPolicy#check(Principal, Permission)}, which throws {@link
 * io.ottu.access.AccessDeniedException}. No permission implies another: {@code ADMIN} does not
 * grant {@code VAULT_DETOKENIZE}, so a policy states every grant it means.
 */
package io.ottu.access;
