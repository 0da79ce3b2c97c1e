package dev.locus.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * deploy/locus.yaml: the chart rendered with its defaults, for the kustomize base. The chart is the
 * one source of truth; a test fails when this file drifts from it.
 */
public final class RenderedManifests {

    public static final Path FILE = Path.of("deploy/locus.yaml");

    static final String HEADER =
            "# Generated from helm/locus with its default values (release locus, namespace\n"
                    + "# locus-system). Do not edit: change the chart and run\n"
                    + "#   ./mvnw -q test-compile exec:java -Pgenerate\n";

    private RenderedManifests() {}

    public static String render() {
        String rendered = Chart.template("locus", "locus-system", Map.of());
        // Applied with kustomize, not Helm.
        rendered =
                rendered.replace(
                        "app.kubernetes.io/managed-by: Helm",
                        "app.kubernetes.io/managed-by: kustomize");
        return HEADER + rendered.strip() + "\n";
    }

    public static void write(Path root) throws IOException {
        Files.writeString(root.resolve(FILE), render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + root.resolve(FILE));
    }
}
