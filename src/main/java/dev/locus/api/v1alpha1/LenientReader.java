package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.locus.api.schema.CrdSchemas;
import dev.locus.api.schema.SchemaValidator;
import dev.locus.api.schema.Violation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads a Locus object without ever failing: metadata, spec and status are read one by one, and
 * what cannot be read ("workers: four"), or breaks the CRD schema (bounds, enums, required fields,
 * rules), is recorded on the object instead of thrown. So one malformed object, as a hub whose CRDs
 * are older or newer than the operator lets through, is reported and skipped, and the informer that
 * read it goes on for everyone else.
 */
public abstract class LenientReader<R extends LocusResource<S, T>, S, T>
        extends StdDeserializer<R> {

    private final Supplier<R> create;
    private final Class<S> specType;
    private final Class<T> statusType;

    protected LenientReader(
            Class<R> type, Supplier<R> create, Class<S> specType, Class<T> statusType) {
        super(type);
        this.create = create;
        this.specType = specType;
        this.statusType = statusType;
    }

    @Override
    public R deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        R out = create.get();
        List<String> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            problems.add("the object is not a JSON object");
            out.problems(problems);
            return out;
        }
        ObjectMeta metadata = read(node, "metadata", ObjectMeta.class, ctxt, problems);
        if (metadata != null) {
            out.setMetadata(metadata);
        }
        problems.addAll(metadataViolations(node.get("metadata")));
        if (node.hasNonNull("spec")) {
            // The schema's verdict first: it names the field and the rule ("must be <= ...")
            // where reading only knows that a number did not fit.
            List<String> violations = violationsOf(node, out.getKind());
            problems.addAll(violations);
            List<String> unreadable = new ArrayList<>();
            out.setSpec(read(node, "spec", specType, ctxt, unreadable));
            if (!unreadable.isEmpty()) {
                out.setSpec(null);
                out.keepUnreadable("spec", node.get("spec"));
                if (violations.isEmpty()) {
                    problems.addAll(unreadable);
                }
            }
        }
        if (node.hasNonNull("status")) {
            List<String> unreadable = new ArrayList<>();
            out.setStatus(read(node, "status", statusType, ctxt, unreadable));
            if (!unreadable.isEmpty()) {
                out.setStatus(null);
                out.keepUnreadable("status", node.get("status"));
                problems.addAll(unreadable);
            }
        }
        out.problems(problems);
        return out;
    }

    private static <V> V read(
            JsonNode node,
            String field,
            Class<V> type,
            DeserializationContext ctxt,
            List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return ctxt.readTreeAsValue(value, type);
        } catch (IOException | RuntimeException e) {
            problems.add(describe(field, e));
            return null;
        }
    }

    /** What the API server allows of all annotations of one object, in bytes. */
    static final int ANNOTATIONS_LIMIT = 256 * 1024;

    /** What the API server would refuse in metadata, should it reach the operator anyway. */
    private static List<String> metadataViolations(JsonNode metadata) {
        JsonNode annotations = metadata == null ? null : metadata.get("annotations");
        if (annotations == null || !annotations.isObject()) {
            return List.of();
        }
        long size = 0;
        for (var it = annotations.fields(); it.hasNext(); ) {
            var e = it.next();
            size += e.getKey().length() + e.getValue().asText("").length();
        }
        return size > ANNOTATIONS_LIMIT
                ? List.of(
                        "metadata.annotations: must have at most "
                                + ANNOTATIONS_LIMIT
                                + " bytes in all, got "
                                + size)
                : List.of();
    }

    /** Violations by uid and generation: a spec changes only with its generation. */
    private static final Map<String, List<String>> VIOLATIONS = new ConcurrentHashMap<>();

    private static final int REMEMBERED = 50_000;

    /**
     * The spec's violations, checked once per object version: the operator reads the same version
     * many times (every watch event, every copy JOSDK makes for a reconcile).
     */
    private static List<String> violationsOf(JsonNode node, String kind) {
        JsonNode metadata = node.path("metadata");
        String uid = metadata.path("uid").asText("");
        if (uid.isEmpty() || !metadata.has("generation")) {
            return schemaViolations(node.get("spec"), kind);
        }
        String key = uid + "/" + metadata.path("generation").asText();
        List<String> known = VIOLATIONS.get(key);
        if (known != null) {
            return known;
        }
        List<String> found = List.copyOf(schemaViolations(node.get("spec"), kind));
        if (VIOLATIONS.size() >= REMEMBERED) {
            VIOLATIONS.clear(); // simplest bound: start over; each version is checked again once
        }
        VIOLATIONS.put(key, found);
        return found;
    }

    /** The spec's violations of the CRD schema; unknown fields are left to the API server. */
    private static List<String> schemaViolations(JsonNode spec, String kind) {
        var schema =
                CrdSchemas.forKind(kind)
                        .map(k -> k.schema().getProperties().get("spec"))
                        .orElse(null);
        if (schema == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Violation v : SchemaValidator.validate(spec, schema, "spec")) {
            if (!v.message().startsWith("unknown field")) {
                out.add(v.toString());
            }
        }
        return out;
    }

    /** "spec.workers: expected an Integer, got \"four\"", from a Jackson failure. */
    static String describe(String field, Exception e) {
        StringBuilder path = new StringBuilder(field);
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        String why;
        if (e instanceof InvalidFormatException f) {
            why =
                    "expected "
                            + article(f.getTargetType())
                            + ", got "
                            + (f.getValue() instanceof String s ? "\"" + s + "\"" : f.getValue());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            why = "expected " + article(m.getTargetType()) + ", got something else";
        } else {
            String message =
                    e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
            why =
                    message == null
                            ? e.getClass().getSimpleName()
                            : message.lines().findFirst().orElse("");
        }
        return path + ": cannot be read: " + why;
    }

    /** An enum constant as written in manifests. */
    private static String wireName(Object constant) {
        try {
            return String.valueOf(constant.getClass().getMethod("wireName").invoke(constant));
        } catch (ReflectiveOperationException e) {
            return constant.toString();
        }
    }

    private static String article(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                values.add(wireName(constant));
            }
            return "one of " + values;
        }
        String name = type.getSimpleName();
        return switch (name) {
            case "Integer", "Long", "int", "long" -> "an integer";
            case "Double", "Float", "double", "float" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            default -> name.startsWith("List") ? "a list" : "an object (" + name + ")";
        };
    }
}
