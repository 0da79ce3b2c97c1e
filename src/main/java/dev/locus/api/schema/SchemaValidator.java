package dev.locus.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.api.v1alpha1.Groups;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a JSON value against a CRD's structural OpenAPI v3 schema, as the API server would with
 * strict field validation: types, required fields, unknown fields, enums, patterns, bounds, sizes
 * and the CEL rules (through {@link RuleTwins}).
 */
public final class SchemaValidator {

    private SchemaValidator() {}

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final java.util.Set<String> TOP_LEVEL =
            java.util.Set.of("apiVersion", "kind", "metadata", "spec", "status");

    /**
     * Every violation of a whole manifest of a Locus kind: its apiVersion and metadata, and its
     * spec and status against the CRD schema. A field given as null is absent, as on the API server
     * ({@link NullPruning}).
     */
    public static List<Violation> validateDocument(JsonNode raw, CrdSchemas.KindSchema kind) {
        JsonNode doc = NullPruning.document(raw, kind);
        List<Violation> out = new ArrayList<>();
        String apiVersion = doc.path("apiVersion").asText("");
        if (!Groups.API_VERSION.equals(apiVersion)) {
            out.add(
                    new Violation(
                            "apiVersion",
                            "must be " + Groups.API_VERSION + ", got \"" + apiVersion + "\""));
        }
        JsonNode metadata = doc.path("metadata");
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            out.add(new Violation("metadata.name", "is required"));
        } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            out.add(
                    new Violation(
                            "metadata.name",
                            "must be a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.'), got \""
                                    + name
                                    + "\""));
        }
        JsonNode namespace = metadata.path("namespace");
        if (kind.namespaced()
                && namespace.isTextual()
                && (namespace.asText().length() > 63
                        || !DNS_LABEL.matcher(namespace.asText()).matches())) {
            out.add(
                    new Violation(
                            "metadata.namespace",
                            "must be a lowercase RFC 1123 label, got \""
                                    + namespace.asText()
                                    + "\""));
        }
        for (var it = doc.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                out.add(new Violation(field, "unknown field" + suggestion(field, TOP_LEVEL)));
            }
        }
        for (String part : List.of("spec", "status")) {
            JSONSchemaProps schema = kind.schema().getProperties().get(part);
            JsonNode value = doc.get(part);
            if (schema != null && value != null) {
                check(value, schema, part, out);
            }
        }
        if (kind.schema().getRequired() != null) {
            for (String field : kind.schema().getRequired()) {
                if (!doc.hasNonNull(field)) {
                    out.add(new Violation(field, "is required"));
                }
            }
        }
        return out;
    }

    /**
     * Every violation of {@code schema} by {@code value}; empty when the value is valid. A field
     * given as null is absent, as on the API server ({@link NullPruning}); so is a null {@code
     * value} itself: whether it may be absent is for its parent to say.
     */
    public static List<Violation> validate(JsonNode value, JSONSchemaProps schema, String path) {
        List<Violation> out = new ArrayList<>();
        if (value != null && !value.isNull()) {
            check(NullPruning.value(value, schema), schema, path, out);
        }
        return out;
    }

    private static void check(
            JsonNode value, JSONSchemaProps schema, String path, List<Violation> out) {
        if (value == null || value.isMissingNode()) {
            return;
        }
        if (value.isNull()) {
            // What is left after pruning: an item of a list, which the API server rejects too.
            if (!allowsNull(schema)) {
                out.add(new Violation(path, "must not be null"));
            }
            return;
        }
        String type = schema.getType();
        if (type != null && !hasType(value, type)) {
            out.add(new Violation(path, "must be " + article(type) + ", got " + describe(value)));
            return;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            boolean listed = schema.getEnum().stream().anyMatch(e -> sameScalar(e, value));
            if (!listed) {
                out.add(
                        new Violation(
                                path,
                                "must be one of "
                                        + schema.getEnum().stream().map(JsonNode::asText).toList()
                                        + ", got "
                                        + describe(value)));
            }
        }
        if (value.isTextual()) {
            checkString(value.asText(), schema, path, out);
        }
        if (value.isNumber()) {
            checkNumber(value.asDouble(), value, schema, path, out);
        }
        if (value.isArray()) {
            checkArray(value, schema, path, out);
        }
        if (value.isObject()) {
            checkObject(value, schema, path, out);
        }
        checkRules(value, schema, path, out);
    }

    private static void checkString(
            String text, JSONSchemaProps schema, String path, List<Violation> out) {
        if (schema.getPattern() != null
                && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
            out.add(
                    new Violation(
                            path, "must match " + schema.getPattern() + ", got \"" + text + "\""));
        }
        if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
            out.add(
                    new Violation(
                            path, "must be at least " + schema.getMinLength() + " characters"));
        }
        if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
            out.add(
                    new Violation(
                            path, "must be at most " + schema.getMaxLength() + " characters"));
        }
    }

    private static void checkNumber(
            double number,
            JsonNode value,
            JSONSchemaProps schema,
            String path,
            List<Violation> out) {
        Double min = schema.getMinimum();
        if (min != null) {
            boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMinimum());
            if (exclusive ? number <= min : number < min) {
                out.add(
                        new Violation(
                                path,
                                "must be "
                                        + (exclusive ? "> " : ">= ")
                                        + format(min)
                                        + ", got "
                                        + value.asText()));
            }
        }
        Double max = schema.getMaximum();
        if (max != null) {
            boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMaximum());
            if (exclusive ? number >= max : number > max) {
                out.add(
                        new Violation(
                                path,
                                "must be "
                                        + (exclusive ? "< " : "<= ")
                                        + format(max)
                                        + ", got "
                                        + value.asText()));
            }
        }
    }

    private static void checkArray(
            JsonNode array, JSONSchemaProps schema, String path, List<Violation> out) {
        if (schema.getMinItems() != null && array.size() < schema.getMinItems()) {
            out.add(new Violation(path, "must have at least " + schema.getMinItems() + " item(s)"));
        }
        if (schema.getMaxItems() != null && array.size() > schema.getMaxItems()) {
            out.add(new Violation(path, "must have at most " + schema.getMaxItems() + " item(s)"));
        }
        JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
        if (items != null) {
            for (int i = 0; i < array.size(); i++) {
                check(array.get(i), items, path + "[" + i + "]", out);
            }
        }
    }

    private static void checkObject(
            JsonNode object, JSONSchemaProps schema, String path, List<Violation> out) {
        Map<String, JSONSchemaProps> properties = schema.getProperties();
        boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        JSONSchemaProps additional =
                schema.getAdditionalProperties() == null
                        ? null
                        : schema.getAdditionalProperties().getSchema();
        if (schema.getRequired() != null) {
            for (String field : schema.getRequired()) {
                JsonNode v = object.get(field);
                if (v == null
                        || (v.isNull() && !allowsNull(NullPruning.fieldSchema(schema, field)))) {
                    out.add(new Violation(join(path, field), "is required"));
                }
            }
        }
        for (var it = object.fields(); it.hasNext(); ) {
            var field = it.next();
            String fieldPath = join(path, field.getKey());
            JSONSchemaProps fieldSchema =
                    properties == null ? null : properties.get(field.getKey());
            if (fieldSchema != null) {
                check(field.getValue(), fieldSchema, fieldPath, out);
            } else if (additional != null) {
                check(field.getValue(), additional, fieldPath, out);
            } else if (!preserve && properties != null) {
                out.add(
                        new Violation(
                                fieldPath,
                                "unknown field" + suggestion(field.getKey(), properties.keySet())));
            }
        }
    }

    private static void checkRules(
            JsonNode value, JSONSchemaProps schema, String path, List<Violation> out) {
        List<ValidationRule> rules = schema.getXKubernetesValidations();
        if (rules == null) {
            return;
        }
        for (ValidationRule rule : rules) {
            var twin = RuleTwins.forRule(rule.getRule());
            if (twin.isEmpty()) {
                // Fail closed: a rule Locus cannot evaluate offline is reported, not skipped.
                out.add(new Violation(path, "cannot check rule offline: " + rule.getRule()));
            } else if (!twin.get().test(value)) {
                out.add(
                        new Violation(
                                path,
                                rule.getMessage() != null ? rule.getMessage() : rule.getRule()));
            }
        }
    }

    private static boolean allowsNull(JSONSchemaProps schema) {
        return schema != null && Boolean.TRUE.equals(schema.getNullable());
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean sameScalar(JsonNode allowed, JsonNode value) {
        if (allowed.isNumber() && value.isNumber()) {
            return allowed.asDouble() == value.asDouble();
        }
        return allowed.equals(value);
    }

    private static String describe(JsonNode value) {
        if (value.isBoolean()) {
            // YAML 1.1 reads unquoted yes/no/on/off (and the country code NO) as booleans.
            return "boolean "
                    + value.asText()
                    + " (YAML reads unquoted NO, YES, ON, OFF as booleans: quote the value)";
        }
        if (value.isTextual()) {
            return "string \"" + value.asText() + "\"";
        }
        if (value.isIntegralNumber()) {
            return "integer " + value.asText();
        }
        if (value.isNumber()) {
            return "number " + value.asText();
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.getNodeType().toString().toLowerCase();
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + (type.equals("array") ? "list" : type);
            default -> "a " + type;
        };
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** " (did you mean X?)" for a close known field, else nothing. */
    private static String suggestion(String unknown, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(unknown.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, unknown.length() / 3)
                ? " (did you mean " + best + "?)"
                : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
