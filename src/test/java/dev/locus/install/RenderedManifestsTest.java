package dev.locus.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** deploy/locus.yaml is exactly the chart rendered with its defaults. */
class RenderedManifestsTest {

    @Test
    void theKustomizeBaseMatchesTheChart() throws Exception {
        assertThat(Files.readString(RenderedManifests.FILE))
                .as(
                        "deploy/locus.yaml differs from the chart. Regenerate it with `./mvnw -q"
                                + " test-compile exec:java -Pgenerate` and commit the result.")
                .isEqualTo(RenderedManifests.render());
    }
}
