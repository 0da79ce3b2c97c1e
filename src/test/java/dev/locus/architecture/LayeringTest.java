package dev.locus.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packages keep to the architecture in docs/architecture.md: no cycles, and each package
 * imports only the Locus packages its row allows. The engine stays pure Java; only the reconcilers
 * and the wiring touch JOSDK, only the wiring and the CLI touch Quarkus.
 */
class LayeringTest {

    private static final JavaClasses LOCUS =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.locus");

    private static final List<String> ALL =
            List.of(
                    "api",
                    "placement",
                    "inventory",
                    "hub",
                    "scheduling",
                    "fleet",
                    "dispatch",
                    "capacity",
                    "reconciler",
                    "metrics",
                    "app",
                    "cli");

    /** Each package and the Locus packages it may import (besides itself). */
    static Stream<Arguments> mayImport() {
        return Stream.of(
                Arguments.of("api", List.of()),
                Arguments.of("placement", List.of()),
                Arguments.of("inventory", List.of("api", "placement")),
                Arguments.of("hub", List.of("api")),
                Arguments.of("scheduling", List.of("api", "placement", "inventory", "hub")),
                Arguments.of("fleet", List.of("api")),
                Arguments.of("dispatch", List.of("api", "fleet")),
                Arguments.of("capacity", List.of("api", "fleet", "hub")),
                Arguments.of(
                        "reconciler",
                        List.of(
                                "api",
                                "placement",
                                "inventory",
                                "hub",
                                "scheduling",
                                "fleet",
                                "dispatch",
                                "capacity",
                                "metrics")),
                Arguments.of("metrics", List.of("api", "placement")),
                Arguments.of(
                        "app",
                        List.of(
                                "api",
                                "placement",
                                "inventory",
                                "hub",
                                "scheduling",
                                "fleet",
                                "dispatch",
                                "capacity",
                                "reconciler",
                                "metrics")));
    }

    @ParameterizedTest(name = "{0} imports only {1}")
    @MethodSource("mayImport")
    void packagesImportOnlyWhatTheirRowAllows(String pkg, List<String> allowed) {
        List<String> forbidden = new ArrayList<>();
        for (String other : ALL) {
            if (!other.equals(pkg) && !allowed.contains(other)) {
                forbidden.add("dev.locus." + other + "..");
            }
        }
        noClasses()
                .that()
                .resideInAPackage("dev.locus." + pkg + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("docs/architecture.md: " + pkg + " may import " + allowed)
                .allowEmptyShould(true)
                .check(LOCUS);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.locus.(*)..").should().beFreeOfCycles().check(LOCUS);
    }

    @Test
    void placementDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage("dev.locus.placement..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.locus.placement..", "java..")
                .because("the engine must be pure Java: records in, decisions out")
                .allowEmptyShould(true)
                .check(LOCUS);
    }

    @Test
    void onlyReconcilersAndWiringKnowJosdk() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.locus.reconciler..", "dev.locus.app..", "dev.locus.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javaoperatorsdk..", "io.quarkiverse..")
                .because("reconcile loops are JOSDK's; everything else is plain Java and fabric8")
                .check(LOCUS);
    }

    @Test
    void onlyWiringAndCliKnowQuarkus() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.locus.app..", "dev.locus.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "jakarta.enterprise..")
                .check(LOCUS);
    }

    @Test
    void apiModelDoesNotReachIntoTheOperator() {
        noClasses()
                .that()
                .resideInAPackage("dev.locus.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javaoperatorsdk..", "io.quarkus..")
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
