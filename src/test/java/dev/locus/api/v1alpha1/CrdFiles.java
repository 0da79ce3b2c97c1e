package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Generates the CRD YAML of every Locus kind from the API classes, as committed in crds/. */
public final class CrdFiles {

    /** Every kind Locus defines; a new kind must be added here to get a CRD. */
    public static final List<Class<? extends HasMetadata>> KINDS =
            List.of(
                    SovereigntyZone.class,
                    Cluster.class,
                    GPUPool.class,
                    TrainingJob.class,
                    InferenceEndpoint.class,
                    FleetQuota.class);

    /** Where the committed CRDs live, relative to the repository root. */
    public static final List<Path> TARGETS =
            List.of(Path.of("crds"), Path.of("helm/locus/crds"), Path.of("deploy/crds"));

    private CrdFiles() {}

    /** Generates the CRDs and returns them by file name ({@code <plural>.locus.dev.yaml}). */
    public static Map<String, String> generate() {
        try {
            Path dir = Files.createTempDirectory("locus-crds");
            new CRDGenerator()
                    .customResourceClasses(KINDS)
                    .forCRDVersions("v1")
                    .withMinQuotes(true)
                    .withPostProcessor(
                            new CRDPostProcessor() {
                                @Override
                                public HasMetadata process(HasMetadata crd, String version) {
                                    return orderPrinterColumns(crd);
                                }
                            })
                    .inOutputDir(dir.toFile())
                    .generate();
            Map<String, String> files = new TreeMap<>();
            try (var generated = Files.list(dir)) {
                for (Path file : generated.toList()) {
                    String name = file.getFileName().toString().replace("-v1.yml", ".yaml");
                    files.put(name, Files.readString(file, StandardCharsets.UTF_8));
                    Files.delete(file);
                }
            }
            Files.delete(dir);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The generator sorts printer columns by JSON path; kubectl shows them in CRD order, so put
     * them back in the order the annotations are declared (AGE last, as kubectl users expect).
     */
    private static HasMetadata orderPrinterColumns(HasMetadata resource) {
        var crd = (CustomResourceDefinition) resource;
        Class<?> kind =
                KINDS.stream()
                        .filter(k -> k.getSimpleName().equals(crd.getSpec().getNames().getKind()))
                        .findFirst()
                        .orElseThrow();
        List<String> order =
                Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                        .map(AdditionalPrinterColumn::name)
                        .toList();
        for (var version : crd.getSpec().getVersions()) {
            // kubectl explain shows these; the generator has no source for them.
            var root = version.getSchema().getOpenAPIV3Schema();
            root.setDescription(describe(kind));
            // Every Locus object needs a spec; the generator cannot mark the inherited field.
            root.setRequired(List.of("spec"));
            // What Locus keeps of a part it could not read is written out under that part's own
            // name (spec, status), never as a field of its own: not in the schema.
            root.getProperties().remove("unreadableParts");
            root.getProperties().get("spec").setDescription(describe(typeArgument(kind, 0)));
            root.getProperties().get("status").setDescription(describe(typeArgument(kind, 1)));
            var columns = new ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(
                    Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
            version.setAdditionalPrinterColumns(columns);
        }
        return crd;
    }

    private static String describe(Class<?> type) {
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        if (description == null) {
            throw new IllegalStateException(type + " needs a @JsonClassDescription");
        }
        return description.value();
    }

    /** The spec (0) or status (1) class of a CustomResource subclass. */
    private static Class<?> typeArgument(Class<?> kind, int index) {
        var type = (ParameterizedType) kind.getGenericSuperclass();
        return (Class<?>) type.getActualTypeArguments()[index];
    }

    /** Writes the CRDs into every target directory under the repository root. */
    public static void write(Path root) throws IOException {
        Map<String, String> files = generate();
        for (Path relative : TARGETS) {
            Path target = root.resolve(relative);
            Files.createDirectories(target);
            try (var old = Files.list(target)) {
                for (Path file : old.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Files.delete(file);
                }
            }
            for (var e : files.entrySet()) {
                Files.writeString(target.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            System.out.println("wrote " + files.size() + " CRDs to " + target);
        }
    }
}
