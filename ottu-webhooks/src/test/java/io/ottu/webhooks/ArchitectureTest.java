package io.ottu.webhooks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** Keeps internal packages internal and the module on its side of the arrows. */
class ArchitectureTest {
  private static final JavaClasses MODULE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.ottu.webhooks");

  private static boolean internal(JavaClass c) {
    return c.getPackageName().contains(".internal");
  }

  @Test
  void noOtherModulesInternalsAndNoAdapters() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ottu.internal..", "io.ottu.gateways..", "io.ottu.vault..")
        .check(MODULE);
  }

  @Test
  void publicApiNeverExposesAnInternalType() {
    ArchCondition<JavaMethod> noInternalTypes =
        new ArchCondition<>("neither take nor return an internal type") {
          @Override
          public void check(JavaMethod m, ConditionEvents events) {
            boolean bad =
                internal(m.getRawReturnType())
                    || m.getRawParameterTypes().stream().anyMatch(ArchitectureTest::internal);
            if (bad) {
              events.add(
                  SimpleConditionEvent.violated(m, m.getFullName() + " exposes an internal type"));
            }
          }
        };
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat(
            DescribedPredicate.describe(
                "public API classes",
                c ->
                    c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                        && !internal(c)))
        .should(noInternalTypes)
        .check(MODULE);
  }

  @Test
  void alertsDoNotDependOnTheWebhookPipelines() {
    noClasses()
        .that()
        .resideInAPackage("io.ottu.webhooks.alerts..")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("Inbound")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("WebhookPublisher")
        .check(MODULE);
  }
}
