package dev.locus.api.schema;

import dev.locus.api.v1alpha1.Groups;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The committed CRDs, shipped in the application under META-INF/locus/crds, by kind. */
public final class CrdSchemas {

    /** The CRD files, as committed in crds/. */
    public static final List<String> FILES =
            List.of(
                    "sovereigntyzones.locus.dev.yaml",
                    "clusters.locus.dev.yaml",
                    "gpupools.locus.dev.yaml",
                    "trainingjobs.locus.dev.yaml",
                    "inferenceendpoints.locus.dev.yaml",
                    "fleetquotas.locus.dev.yaml");

    /** What validation needs of one kind's CRD. */
    public record KindSchema(String kind, boolean namespaced, JSONSchemaProps schema) {}

    private static final Map<String, KindSchema> BY_KIND = load();

    private CrdSchemas() {}

    /** The schema of a Locus kind, if {@code kind} is one. */
    public static Optional<KindSchema> forKind(String kind) {
        return Optional.ofNullable(BY_KIND.get(kind));
    }

    /** The CRDs themselves, for installing them (the demo's embedded API servers). */
    public static List<CustomResourceDefinition> definitions() {
        return FILES.stream().map(CrdSchemas::read).toList();
    }

    private static Map<String, KindSchema> load() {
        Map<String, KindSchema> byKind = new LinkedHashMap<>();
        for (CustomResourceDefinition crd : definitions()) {
            var version =
                    crd.getSpec().getVersions().stream()
                            .filter(v -> Groups.VERSION.equals(v.getName()))
                            .findFirst()
                            .orElseThrow();
            String kind = crd.getSpec().getNames().getKind();
            byKind.put(
                    kind,
                    new KindSchema(
                            kind,
                            "Namespaced".equals(crd.getSpec().getScope()),
                            version.getSchema().getOpenAPIV3Schema()));
        }
        return Map.copyOf(byKind);
    }

    private static CustomResourceDefinition read(String file) {
        String resource = "/META-INF/locus/crds/" + file;
        try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + resource + " is missing from the build");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
