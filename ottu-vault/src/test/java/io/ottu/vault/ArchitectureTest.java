package io.ottu.vault;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The vault uses only the core's API, and keeps its own internals internal. */
class ArchitectureTest {
  private static final JavaClasses VAULT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ottu.vault");

  @Test
  void theVaultImportsNoOtherModulesInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ottu.internal..", "io.ottu.gateways..", "io.ottu.webhooks..", "okhttp3..")
        .check(VAULT);
  }

  @Test
  void vaultInternalsStayBehindTheApi() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage("io.ottu.vault.internal..")
        .should()
        .notHaveRawReturnType(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "an internal type",
                (com.tngtech.archunit.core.domain.JavaClass c) ->
                    c.getPackageName().startsWith("io.ottu.vault.internal")))
        .check(VAULT);
  }
}
