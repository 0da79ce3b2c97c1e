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

    @Test
    void theOperatorDoesNotDependOnTheCli() {
        noClasses()
                .that()
                .resideInAPackage("dev.locus.app..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.locus.cli..")
                .because("the CLI starts the operator, not the other way round")
                .check(LOCUS);
    }

    @Test
    void onlyTheDemoUsesTheMockApiServer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.locus.cli.demo..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.locus.cli.demo..",
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..")
                .because(
                        "the mock API server is not in the operator's artifact (provided scope,"
                                + " target/demo-lib): nothing else may need it to load")
                .check(LOCUS);
    }
}
