package dev.locus;

import dev.locus.api.v1alpha1.CrdFiles;
import dev.locus.install.RenderedManifests;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Regenerates every generated, committed file: the CRDs (crds/, helm/locus/crds/, deploy/crds/) and
 * deploy/locus.yaml. Run: {@code ./mvnw -q test-compile exec:java -Pgenerate}.
 */
public final class GeneratedFiles {

    private GeneratedFiles() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        CrdFiles.write(root);
        RenderedManifests.write(root);
    }
}
