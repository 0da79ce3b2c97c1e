package dev.locus.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The committed CRDs must be exactly what the API classes generate. */
class CrdDriftTest {

    private static final String HOW_TO_FIX =
            "The committed CRDs differ from what the API classes generate. Regenerate them with"
                    + " `./mvnw -q test-compile exec:java -Pgenerate` and commit the result.";

    @Test
    void committedCrdsMatchTheApiClasses() throws IOException {
        Map<String, String> generated = CrdFiles.generate();
        assertThat(generated).hasSize(CrdFiles.KINDS.size());
        for (Path target : CrdFiles.TARGETS) {
            Map<String, String> committed = new TreeMap<>();
            try (var files = Files.list(target)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    committed.put(
                            file.getFileName().toString(),
                            Files.readString(file, StandardCharsets.UTF_8));
                }
            }
            assertThat(committed.keySet())
                    .as("CRD files in %s. %s", target, HOW_TO_FIX)
                    .containsExactlyElementsOf(generated.keySet());
            generated.forEach(
                    (name, yaml) ->
                            assertThat(committed.get(name))
                                    .as("%s/%s. %s", target, name, HOW_TO_FIX)
                                    .isEqualTo(yaml));
        }
    }
}
