package dev.locus.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A manifest as the API server keeps it: a field given as {@code null} ({@code ~}, {@code null}, an
 * empty value) is absent. The API server prunes the nulls of non-nullable fields before it
 * validates and defaults an object, so a manifest that says {@code country: null} is the manifest
 * without {@code country}.
 *
 * <p>Exactly what the API server prunes:
 *
 * <ul>
 *   <li>in spec and status, a null field the schema declares (a property, or a value of a map with
 *       {@code additionalProperties}) and does not mark {@code nullable};
 *   <li>not a null item of a list: it stays and fails validation, as it does on the API server;
 *   <li>not a field the schema does not declare: it is an unknown field whatever its value, and
 *       nothing inside a part the schema leaves open ({@code x-kubernetes-preserve-unknown-fields},
 *       the pod template) is touched;
 *   <li>in metadata, a null field is absent, and a label or annotation given as null has the empty
 *       value (what decoding into ObjectMeta makes of it).
 * </ul>
 */
public final class NullPruning {

    private static final Set<String> TOP_LEVEL =
            Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> STRING_MAPS = Set.of("labels", "annotations");

    private NullPruning() {}

    /**
     * A copy of a whole manifest of a Locus kind with its nulls pruned as the API server prunes
     * them; anything but an object is returned as it is.
     */
    public static JsonNode document(JsonNode doc, CrdSchemas.KindSchema kind) {
        if (doc == null || !doc.isObject()) {
            return doc;
        }
        ObjectNode copy = ((ObjectNode) doc).deepCopy();
        for (String field : fieldNames(copy)) {
            if (TOP_LEVEL.contains(field) && copy.get(field).isNull()) {
                copy.remove(field);
            }
        }
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata(metadata);
        }
        Map<String, JSONSchemaProps> parts = kind.schema().getProperties();
        for (String part : List.of("spec", "status")) {
            JsonNode value = copy.get(part);
            if (value != null && parts != null && parts.get(part) != null) {
                prune(value, parts.get(part));
            }
        }
        return copy;
    }

    /**
     * A copy of {@code value} with the nulls {@code schema} does not allow pruned, at every depth.
     * A null {@code value} itself is returned as it is: whether it counts is for its parent.
     */
    public static JsonNode value(JsonNode value, JSONSchemaProps schema) {
        if (value == null) {
            return null;
        }
        JsonNode copy = value.deepCopy();
        prune(copy, schema);
        return copy;
    }

    /** True when the API server prunes a null given for a field of this schema. */
    static boolean prunable(JSONSchemaProps schema) {
        return schema != null && !Boolean.TRUE.equals(schema.getNullable());
    }

    /** The schema of a field of an object: its property, else the object's map values. */
    static JSONSchemaProps fieldSchema(JSONSchemaProps object, String field) {
        if (object == null) {
            return null;
        }
        if (object.getProperties() != null && object.getProperties().containsKey(field)) {
            return object.getProperties().get(field);
        }
        return object.getAdditionalProperties() == null
                ? null
                : object.getAdditionalProperties().getSchema();
    }

    private static void prune(JsonNode node, JSONSchemaProps schema) {
        if (schema == null) {
            return; // a part the schema leaves open: the API server keeps it as given
        }
        if (node instanceof ObjectNode object) {
            for (String field : fieldNames(object)) {
                JSONSchemaProps sub = fieldSchema(schema, field);
                JsonNode child = object.get(field);
                if (child.isNull() && prunable(sub)) {
                    object.remove(field);
                } else {
                    prune(child, sub);
                }
            }
        } else if (node.isArray()) {
            JSONSchemaProps items =
                    schema.getItems() == null ? null : schema.getItems().getSchema();
            node.forEach(item -> prune(item, items));
        }
    }

    private static void metadata(ObjectNode metadata) {
        for (String field : fieldNames(metadata)) {
            JsonNode value = metadata.get(field);
            if (value.isNull()) {
                metadata.remove(field);
            } else if (STRING_MAPS.contains(field) && value instanceof ObjectNode map) {
                for (String key : fieldNames(map)) {
                    if (map.get(key).isNull()) {
                        map.set(key, TextNode.valueOf(""));
                    }
                }
            }
        }
    }

    /** The names of an object's fields, copied so that the object can change meanwhile. */
    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
