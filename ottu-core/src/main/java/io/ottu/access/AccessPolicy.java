package io.ottu.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a {@link Principal} holds a {@link Permission}. A single-method interface, so a
 * host can plug in its own authorization with a lambda; the static factories cover the common
 * cases. Implementations must be thread-safe and fast (they run on every guarded call) and must
 * answer {@code false} for a {@code null} principal.
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * Whether {@code principal} may do what {@code permission} guards.
   *
   * @param principal the caller, possibly {@code null} (then the answer must be {@code false})
   * @param permission the permission needed
   * @return {@code true} to allow
   */
  boolean allows(Principal principal, Permission permission);

  /**
   * Throws unless the policy allows the principal the permission.
   *
   * @throws AccessDeniedException naming the principal and the permission
   */
  default void check(Principal principal, Permission permission) {
    if (principal == null || !allows(principal, permission)) {
      throw new AccessDeniedException(principal, permission);
    }
  }

  /**
   * A policy that allows what either this or {@code other} allows.
   *
   * @param other the second policy
   * @return the combined policy
   */
  default AccessPolicy or(AccessPolicy other) {
    Objects.requireNonNull(other, "other");
    return (principal, permission) ->
        allows(principal, permission) || other.allows(principal, permission);
  }

  /** Allows every non-null principal everything. For tests and single-tenant demos only. */
  static AccessPolicy allowAll() {
    return (principal, permission) -> principal != null;
  }

  /** Allows nothing. The safe default where no policy was configured. */
  static AccessPolicy denyAll() {
    return (principal, permission) -> false;
  }

  /**
   * Grants permissions by role: a principal holds a permission if any of its roles maps to it.
   * Permissions carried by the principal itself are ignored. The map is copied.
   *
   * @param grants role name to the permissions that role grants
   * @return the policy
   * @throws IllegalArgumentException if a role name is blank or a permission set is null
   */
  static AccessPolicy roles(Map<String, Set<Permission>> grants) {
    Objects.requireNonNull(grants, "grants");
    Map<String, Set<Permission>> copy = new HashMap<>();
    grants.forEach(
        (role, permissions) -> {
          if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("grants: role names must not be blank");
          }
          if (permissions == null) {
            throw new IllegalArgumentException("grants: role '" + role + "' maps to null");
          }
          copy.put(
              role,
              permissions.isEmpty()
                  ? Set.of()
                  : Collections.unmodifiableSet(EnumSet.copyOf(permissions)));
        });
    Map<String, Set<Permission>> frozen = Map.copyOf(copy);
    return (principal, permission) -> {
      if (principal == null) {
        return false;
      }
      for (String role : principal.roles()) {
        Set<Permission> granted = frozen.get(role);
        if (granted != null && granted.contains(permission)) {
          return true;
        }
      }
      return false;
    };
  }

  /**
   * Trusts the permissions each principal carries ({@link Principal#permissions()}). For hosts that
   * resolve permissions in their own authorization layer and hand the result over.
   */
  static AccessPolicy principalPermissions() {
    return (principal, permission) -> principal != null && principal.carries(permission);
  }
}
