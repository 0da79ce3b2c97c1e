package dev.locus.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.locus.api.schema.CrdSchemas;
import dev.locus.api.schema.NullPruning;
import dev.locus.api.schema.SchemaValidator;
import dev.locus.api.schema.Violation;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.LocusResource;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests from files and directories (recursively, {@code .yaml} and {@code
 * .yml}, multi-document) and validates every Locus object against its CRD before anything is
 * planned. Every problem is collected, each naming the file, the document and the field. Objects
 * are read as the API server would keep them: a field given as null is absent ({@link
 * NullPruning}).
 */
public final class ManifestReader {

    /** Input that cannot be planned; {@link #problems()} says what and where. */
    public static final class InvalidInput extends Exception {
        private final List<String> problems;

        InvalidInput(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Strict like the API server: a key given twice in one mapping is an error. */
    private final ObjectMapper yaml =
            new ObjectMapper(new YAMLFactory())
                    .enable(
                            com.fasterxml.jackson.core.JsonParser.Feature
                                    .STRICT_DUPLICATE_DETECTION);

    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> seen = new HashMap<>();
    private final Manifests manifests = Manifests.empty();

    /** Reads all paths; throws with every problem found when any input is invalid. */
    public Manifests read(List<Path> paths) throws InvalidInput {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                problems.add(path + ": no such file or directory");
                continue;
            }
            List<Path> files = files(path);
            if (files.isEmpty()) {
                problems.add(path + ": no .yaml or .yml files found");
            }
            files.forEach(this::readFile);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return manifests;
    }

    /** Non-fatal remarks, such as skipped kinds. */
    public List<String> warnings() {
        return warnings;
    }

    private List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(path + ": cannot read: " + e.getMessage());
            return List.of();
        }
    }

    private void readFile(Path file) {
        int index = 0;
        try (MappingIterator<JsonNode> docs =
                yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
            // Counted before each read, so a syntax error names the document it is in.
            while (true) {
                index++;
                if (!docs.hasNextValue()) {
                    break;
                }
                readDocument(file, index, docs.nextValue());
            }
        } catch (JsonProcessingException e) {
            // The parser cannot resynchronise after a syntax error: the rest of the file is lost.
            problems.add(
                    file
                            + ": document "
                            + index
                            + ": malformed YAML"
                            + where(e)
                            + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // Jackson wraps some parse errors in unchecked exceptions.
            Throwable cause = e.getCause() instanceof JsonProcessingException j ? j : e;
            problems.add(
                    file
                            + ": document "
                            + index
                            + ": malformed YAML: "
                            + firstLine(cause.getMessage()));
        }
    }

    private void readDocument(Path file, int index, JsonNode doc) {
        if (doc == null
                || doc.isNull()
                || doc.isMissingNode()
                || (doc.isObject() && doc.isEmpty())) {
            return; // an empty document, as after a trailing ---
        }
        String at = file + ": document " + index;
        if (!doc.isObject()) {
            problems.add(
                    at
                            + ": expected a Kubernetes object (a mapping), got "
                            + doc.getNodeType().toString().toLowerCase());
            return;
        }
        String kind = doc.path("kind").asText("");
        if (kind.isEmpty()) {
            problems.add(at + ": kind: is required");
            return;
        }
        String name = doc.path("metadata").path("name").asText("");
        String namespace = doc.path("metadata").path("namespace").asText("");
        String label =
                kind
                        + " "
                        + (namespace.isEmpty() ? "" : namespace + "/")
                        + (name.isEmpty() ? "<no name>" : name);
        if (kind.equals("Namespace") && doc.path("apiVersion").asText("").equals("v1")) {
            readNamespace(at, label, name, doc);
            return;
        }
        var schema = CrdSchemas.forKind(kind);
        if (schema.isEmpty() || !doc.path("apiVersion").asText("").startsWith("locus.dev/")) {
            warnings.add(
                    at
                            + " ("
                            + label
                            + "): skipped, "
                            + doc.path("apiVersion").asText("?")
                            + " "
                            + kind
                            + " is not a Locus kind");
            return;
        }
        // As the API server keeps it: a field given as null is absent, everywhere below.
        JsonNode object = NullPruning.document(doc, schema.get());
        List<Violation> violations = SchemaValidator.validateDocument(object, schema.get());
        if (!violations.isEmpty()) {
            violations.forEach(v -> problems.add(at + " (" + label + "): " + v));
            return;
        }
        String key =
                kind
                        + "/"
                        + (schema.get().namespaced()
                                ? (namespace.isEmpty() ? "default" : namespace) + "/"
                                : "")
                        + name;
        String previous = seen.putIfAbsent(key, at);
        if (previous != null) {
            problems.add(at + " (" + label + "): duplicate of " + previous);
            return;
        }
        String where = at + " (" + label + ")";
        try {
            switch (kind) {
                case "SovereigntyZone" ->
                        manifests
                                .zones()
                                .add(located(convert(object, SovereigntyZone.class), where));
                case "Cluster" ->
                        manifests.clusters().add(located(convert(object, Cluster.class), where));
                case "GPUPool" ->
                        manifests.pools().add(located(convert(object, GPUPool.class), where));
                case "FleetQuota" ->
                        manifests.quotas().add(located(convert(object, FleetQuota.class), where));
                case "TrainingJob" -> {
                    TrainingJob job = located(convert(object, TrainingJob.class), where);
                    manifests.trainingJobs().add(job);
                    manifests.workloadsInOrder().add(job);
                }
                case "InferenceEndpoint" -> {
                    InferenceEndpoint endpoint =
                            located(convert(object, InferenceEndpoint.class), where);
                    manifests.inferenceEndpoints().add(endpoint);
                    manifests.workloadsInOrder().add(endpoint);
                }
                default -> warnings.add(where + ": skipped, not planned");
            }
        } catch (IllegalArgumentException e) {
            // What the CRD schema leaves open (metadata, the pod template) may still not read
            // into the model: say where.
            problems.add(at + " (" + label + "): " + unreadable(e));
        } catch (UnreadableObject e) {
            e.problems.forEach(p -> problems.add(at + " (" + label + "): " + p));
        }
    }

    private <T> T located(T object, String where) {
        manifests.locations().put(object, where);
        return object;
    }

    /** A v1 Namespace: its labels select FleetQuotas. */
    private void readNamespace(String at, String label, String name, JsonNode doc) {
        if (name.isEmpty()) {
            problems.add(at + " (" + label + "): metadata.name: is required");
            return;
        }
        String previous = seen.putIfAbsent("Namespace/" + name, at);
        if (previous != null) {
            problems.add(at + " (" + label + "): duplicate of " + previous);
            return;
        }
        JsonNode labels = doc.path("metadata").path("labels");
        if (!labels.isMissingNode() && !labels.isNull() && !labels.isObject()) {
            problems.add(at + " (" + label + "): metadata.labels: must be a map of strings");
            return;
        }
        for (var it = labels.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isNull() && !e.getValue().isValueNode()) {
                problems.add(
                        at
                                + " ("
                                + label
                                + "): metadata.labels."
                                + e.getKey()
                                + ": must be a string");
                return;
            }
        }
        try {
            manifests
                    .namespaces()
                    .add(
                            located(
                                    Serialization.jsonMapper().convertValue(doc, Namespace.class),
                                    at + " (" + label + ")"));
        } catch (IllegalArgumentException e) {
            problems.add(at + " (" + label + "): " + unreadable(e));
        }
    }

    /** An object the model read only in part: what it could not read. */
    private static final class UnreadableObject extends Exception {
        private final List<String> problems;

        UnreadableObject(List<String> problems) {
            super(null, null, false, false);
            this.problems = problems;
        }
    }

    private static String unreadable(IllegalArgumentException e) {
        if (e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            StringBuilder path = new StringBuilder();
            for (var ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return (path.length() == 0 ? "" : path + ": ")
                    + "cannot be read: "
                    + firstLine(mapping.getOriginalMessage());
        }
        return "cannot be read: " + firstLine(e.getMessage());
    }

    private static <T extends HasMetadata> T convert(JsonNode doc, Class<T> type)
            throws UnreadableObject {
        T out = Serialization.jsonMapper().convertValue(doc, type);
        if (out instanceof LocusResource<?, ?> resource && !resource.isValid()) {
            throw new UnreadableObject(resource.problems());
        }
        return out;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
