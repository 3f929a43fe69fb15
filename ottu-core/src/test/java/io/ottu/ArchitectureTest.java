package io.ottu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Keeps the core free of adapters, HTTP, ciphers, and keeps internal packages internal. */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.ottu");

  @Test
  void coreKnowsNoHttpClientCipherLibraryOrAdapter() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "okhttp3..",
                "org.bouncycastle..",
                "com.fasterxml.jackson..",
                "javax.crypto..",
                "io.ottu.gateways..",
                "io.ottu.vault..",
                "io.ottu.webhooks..");
    rule.check(CORE);
  }

  @Test
  void onlyTheMicrometerBindingTouchesMicrometer() {
    // Micrometer is optional: a class outside io.ottu.metrics that used it would fail to load
    // in a host without it.
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.ottu.metrics.MicrometerPaymentMetrics")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micrometer..")
        .check(CORE);
  }

  @Test
  void internalTypesNeverAppearInTheApi() {
    ArchRule rule =
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods()
            .that()
            .arePublic()
            .and()
            .areDeclaredInClassesThat()
            .resideOutsideOfPackage("io.ottu.internal..")
            .should()
            .notHaveRawReturnType(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "an internal type",
                    (com.tngtech.archunit.core.domain.JavaClass c) ->
                        c.getPackageName().startsWith("io.ottu.internal")));
    rule.check(CORE);
  }
}
