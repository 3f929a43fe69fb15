package io.ottu.access;

import io.ottu.OttuException;
import java.util.Objects;

/**
 * A principal asked for an operation its access policy does not allow. The message names the
 * principal and the missing permission, never the data the operation would have touched. Nothing
 * was changed or revealed.
 */
public class AccessDeniedException extends OttuException {
  private static final long serialVersionUID = 1L;

  private final String principalName;
  private final Permission permission;

  /**
   * Creates the exception.
   *
   * @param principal the principal that was refused, or {@code null} if none was given
   * @param permission the permission it lacked
   */
  public AccessDeniedException(Principal principal, Permission permission) {
    super(
        (principal == null ? "no principal given" : "principal '" + principal.name() + "'")
            + " lacks permission "
            + Objects.requireNonNull(permission, "permission"));
    this.principalName = principal == null ? null : principal.name();
    this.permission = permission;
  }

  /** The refused principal's name, or {@code null} if the call had no principal. */
  public String principalName() {
    return principalName;
  }

  /** The permission the principal lacked. */
  public Permission permission() {
    return permission;
  }
}
