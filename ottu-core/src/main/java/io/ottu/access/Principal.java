package io.ottu.access;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: a name, the roles the host assigned it, and optionally permissions granted to it
 * directly. The host authenticates the caller and builds the principal; this type carries no
 * credentials, so {@link #toString()} is safe to log.
 *
 * <p>Whether roles or carried permissions count is up to the {@link AccessPolicy}: {@link
 * AccessPolicy#roles(java.util.Map)} looks only at roles, {@link
 * AccessPolicy#principalPermissions()} trusts the permissions the principal carries. Immutable and
 * thread-safe.
 *
 * @param name a non-blank name for the audit trail (a user id, a service name)
 * @param roles role names; copied, never null
 * @param permissions permissions granted directly; copied, never null
 */
public record Principal(String name, Set<String> roles, Set<Permission> permissions) {

  /**
   * Validates and copies the parts.
   *
   * @throws IllegalArgumentException if the name is blank or a role is null or blank
   */
  public Principal {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    roles = roles == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(roles));
    for (String role : roles) {
      if (role == null || role.isBlank()) {
        throw new IllegalArgumentException("roles must not contain blank names");
      }
    }
    permissions =
        permissions == null || permissions.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
  }

  /**
   * A principal with roles and no directly granted permissions.
   *
   * @param name the principal's name
   * @param roles its role names
   * @return the principal
   */
  public static Principal withRoles(String name, String... roles) {
    return new Principal(name, Set.copyOf(Arrays.asList(roles)), Set.of());
  }

  /**
   * A principal with permissions granted directly and no roles. Used for the library's own system
   * principals (the payment engine, the vault administrator), and with {@link
   * AccessPolicy#principalPermissions()} by hosts that resolve permissions themselves.
   *
   * @param name the principal's name
   * @param permissions the permissions it carries
   * @return the principal
   */
  public static Principal withPermissions(String name, Permission... permissions) {
    return new Principal(name, Set.of(), Set.copyOf(Arrays.asList(permissions)));
  }

  /** Whether the principal has the role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether the principal carries the permission directly (policies decide whether it counts). */
  public boolean carries(Permission permission) {
    return permissions.contains(permission);
  }

  @Override
  public String toString() {
    return "Principal[" + name + " roles=" + roles + " permissions=" + permissions + "]";
  }
}
