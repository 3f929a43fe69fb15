package io.ottu.gateways;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the shared infrastructure free of any one adapter, keeps {@code internal} out of the API,
 * and keeps the module off the core's internals.
 */
class ArchitectureTest {
  private static final JavaClasses GATEWAYS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ottu.gateways");

  @Test
  void theSharedInfrastructureKnowsNoAdapter() {
    noClasses()
        .that()
        .resideInAnyPackage("io.ottu.gateways.internal..")
        .or()
        .resideInAPackage("io.ottu.gateways")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "an adapter package",
                (JavaClass c) ->
                    c.getPackageName().startsWith("io.ottu.gateways.")
                        && !c.getPackageName().startsWith("io.ottu.gateways.internal")))
        .check(GATEWAYS);
  }

  @Test
  void internalTypesNeverAppearInPublicSignatures() {
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage("io.ottu.gateways.internal..")
        .should()
        .notHaveRawReturnType(
            DescribedPredicate.describe(
                "an internal type",
                (JavaClass c) -> c.getPackageName().startsWith("io.ottu.gateways.internal")))
        .check(GATEWAYS);
  }

  @Test
  void nothingUsesTheCoresInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ottu.internal..")
        .check(GATEWAYS);
  }
}
