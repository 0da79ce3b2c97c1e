package dev.locus.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's runtime artifact ({@code target/quarkus-app}, which the image copies) ships no
 * mock API server; the demo gets it from {@code target/demo-lib/} instead. Runs after {@code
 * package}.
 */
class RuntimeArtifactIT {

    static final Path APP = Path.of("target", "quarkus-app");
    static final Path DEMO_LIB = Path.of("target", "demo-lib");

    /** Jar names and class packages of fabric8's mock API server. */
    static final String MOCK_JAR = "(?i).*(kubernetes-server-mock|mockwebserver).*\\.jar";

    static final List<String> MOCK_PACKAGES =
            List.of("io/fabric8/kubernetes/client/server/mock/", "io/fabric8/mockwebserver/");

    @Test
    void theRuntimeLibrariesHoldNoMockServerJar() throws IOException {
        assertThat(APP.resolve("quarkus-run.jar")).as("built by ./mvnw package").exists();
        assertThat(jars(APP.resolve("lib")))
                .as("jars in target/quarkus-app/lib")
                .isNotEmpty()
                .noneMatch(jar -> jar.getFileName().toString().matches(MOCK_JAR));
    }

    @Test
    void noJarOfTheArtifactContainsMockServerClasses() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path jar : jars(APP)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream()
                        .map(e -> e.getName())
                        .filter(name -> MOCK_PACKAGES.stream().anyMatch(name::startsWith))
                        .findFirst()
                        .ifPresent(name -> found.add(jar + ": " + name));
            }
        }
        assertThat(found).as("mock server classes in target/quarkus-app").isEmpty();
    }

    @Test
    void theDemoLibraryHasTheMockServer() throws IOException {
        assertThat(jars(DEMO_LIB))
                .as("target/demo-lib, the demo's extra classpath")
                .anyMatch(jar -> jar.getFileName().toString().startsWith("kubernetes-server-mock"))
                .anyMatch(jar -> jar.getFileName().toString().startsWith("mockwebserver"));
    }

    @Test
    void theArtifactRunsWithoutTheDemo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("help.txt");
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                APP.resolve("quarkus-run.jar").toString(),
                                "--help")
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String help = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(help).isZero();
        assertThat(help)
                .contains("plan", "operator")
                .contains("The demo is not part of this artifact")
                .doesNotContain("Exception");
    }

    private static List<Path> jars(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
