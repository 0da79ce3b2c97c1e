package dev.locus.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The placement engine stays pure Java; Kubernetes I/O lives in the adapters around it. */
class LayeringTest {

    private static final JavaClasses LOCUS =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.locus");

    @Test
    void placementDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage("dev.locus.placement..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.locus.placement..", "java..")
                .because("the engine must be pure Java: records in, decisions out (DESIGN.md)")
                .allowEmptyShould(true)
                .check(LOCUS);
    }

    @Test
    void apiModelDoesNotReachIntoTheOperator() {
        noClasses()
                .that()
                .resideInAPackage("dev.locus.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.locus.placement..",
                        "dev.locus.inventory..",
                        "dev.locus.reconciler..",
                        "dev.locus.dispatch..",
                        "dev.locus.fleet..",
                        "dev.locus.capacity..",
                        "dev.locus.cli..",
                        "io.javaoperatorsdk..",
                        "io.quarkus..")
                .check(LOCUS);
    }
}
