package io.ottu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.OttuException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private final Principal ops = Principal.withRoles("alice", "ops");
  private final Principal support = Principal.withRoles("bob", "support");

  @Test
  void rolesGrantOnlyWhatTheMapSays() {
    AccessPolicy policy =
        AccessPolicy.roles(
            Map.of(
                "ops", Set.of(Permission.VAULT_DETOKENIZE, Permission.VAULT_DELETE),
                "support", Set.of(Permission.PAYMENT_REFUND)));

    assertThat(policy.allows(ops, Permission.VAULT_DETOKENIZE)).isTrue();
    assertThat(policy.allows(ops, Permission.PAYMENT_REFUND)).isFalse();
    assertThat(policy.allows(support, Permission.PAYMENT_REFUND)).isTrue();
    assertThat(policy.allows(support, Permission.VAULT_DETOKENIZE)).isFalse();
    assertThat(policy.allows(null, Permission.VAULT_DETOKENIZE)).isFalse();
  }

  @Test
  void rolesIgnorePermissionsThePrincipalCarries() {
    AccessPolicy policy = AccessPolicy.roles(Map.of("ops", Set.of(Permission.PAYMENT_CREATE)));
    Principal selfGranted = Principal.withPermissions("mallory", Permission.VAULT_DETOKENIZE);

    assertThat(policy.allows(selfGranted, Permission.VAULT_DETOKENIZE)).isFalse();
  }

  @Test
  void adminDoesNotImplyOtherPermissions() {
    AccessPolicy policy = AccessPolicy.roles(Map.of("root", Set.of(Permission.ADMIN)));
    Principal root = Principal.withRoles("root-user", "root");

    assertThat(policy.allows(root, Permission.ADMIN)).isTrue();
    assertThat(policy.allows(root, Permission.VAULT_DETOKENIZE)).isFalse();
  }

  @Test
  void rolesPolicyCopiesItsInput() {
    Map<String, Set<Permission>> grants = new HashMap<>();
    grants.put("ops", Set.of(Permission.VAULT_DELETE));
    AccessPolicy policy = AccessPolicy.roles(grants);
    grants.put("ops", Set.of(Permission.VAULT_DETOKENIZE));

    assertThat(policy.allows(ops, Permission.VAULT_DELETE)).isTrue();
    assertThat(policy.allows(ops, Permission.VAULT_DETOKENIZE)).isFalse();
  }

  @Test
  void rolesPolicyRejectsBlankRoleNames() {
    assertThatThrownBy(() -> AccessPolicy.roles(Map.of(" ", Set.of(Permission.ADMIN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role names");
  }

  @Test
  void allowAllDenyAllAndPrincipalPermissions() {
    Principal carrier = Principal.withPermissions("svc", Permission.VAULT_DETOKENIZE);

    assertThat(AccessPolicy.allowAll().allows(ops, Permission.ADMIN)).isTrue();
    assertThat(AccessPolicy.allowAll().allows(null, Permission.ADMIN)).isFalse();
    assertThat(AccessPolicy.denyAll().allows(ops, Permission.PAYMENT_CREATE)).isFalse();
    assertThat(AccessPolicy.principalPermissions().allows(carrier, Permission.VAULT_DETOKENIZE))
        .isTrue();
    assertThat(AccessPolicy.principalPermissions().allows(carrier, Permission.VAULT_DELETE))
        .isFalse();
  }

  @Test
  void orCombinesPolicies() {
    AccessPolicy policy =
        AccessPolicy.roles(Map.of("ops", Set.of(Permission.VAULT_DELETE)))
            .or(AccessPolicy.principalPermissions());
    Principal carrier = Principal.withPermissions("svc", Permission.VAULT_DETOKENIZE);

    assertThat(policy.allows(ops, Permission.VAULT_DELETE)).isTrue();
    assertThat(policy.allows(carrier, Permission.VAULT_DETOKENIZE)).isTrue();
    assertThat(policy.allows(carrier, Permission.VAULT_DELETE)).isFalse();
  }

  @Test
  void checkThrowsNamingPrincipalAndPermission() {
    AccessPolicy policy = AccessPolicy.denyAll();

    assertThatThrownBy(() -> policy.check(support, Permission.VAULT_DETOKENIZE))
        .isInstanceOf(AccessDeniedException.class)
        .isInstanceOf(OttuException.class)
        .hasMessage("principal 'bob' lacks permission VAULT_DETOKENIZE")
        .satisfies(
            e -> {
              AccessDeniedException denied = (AccessDeniedException) e;
              assertThat(denied.principalName()).isEqualTo("bob");
              assertThat(denied.permission()).isEqualTo(Permission.VAULT_DETOKENIZE);
            });
    assertThatThrownBy(() -> AccessPolicy.allowAll().check(null, Permission.ADMIN))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("no principal given lacks permission ADMIN");
  }

  @Test
  void principalValidatesAndIsImmutable() {
    assertThatThrownBy(() -> Principal.withRoles(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    Principal p = Principal.withPermissions("svc", Permission.VAULT_ADMIN);

    assertThatThrownBy(() -> p.permissions().add(Permission.ADMIN))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.carries(Permission.VAULT_ADMIN)).isTrue();
    assertThat(ops.hasRole("ops")).isTrue();
    assertThat(p.toString()).isEqualTo("Principal[svc roles=[] permissions=[VAULT_ADMIN]]");
  }
}
