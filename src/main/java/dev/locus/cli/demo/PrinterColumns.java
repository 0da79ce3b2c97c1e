package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code meta.k8s.io/v1} Table an API server returns for a custom resource when kubectl asks
 * for one ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}): a Name column, then the
 * CRD's {@code additionalPrinterColumns} evaluated on each object. kubectl hides the columns of
 * priority above 0 unless {@code -o wide}.
 *
 * <p>Column paths are the JSONPath subset CRDs use: {@code .a.b}, {@code [0]}, {@code [*]} and
 * {@code [?(@.type=="Ready")]}; the first match is the cell, no match an empty cell. Like the API
 * server, {@code date} columns become ages ("5m"), string columns print lists and maps as JSON.
 */
final class PrinterColumns {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PrinterColumns() {}

    /** A Table of {@code objects}, with the object in each row as {@code includeObject} asks. */
    static ObjectNode table(
            List<CustomResourceColumnDefinition> columns,
            List<JsonNode> objects,
            String resourceVersion,
            String includeObject,
            Instant now) {
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions
                .addObject()
                .put("name", "Name")
                .put("type", "string")
                .put("format", "name")
                .put("description", "Name must be unique within a namespace.")
                .put("priority", 0);
        for (CustomResourceColumnDefinition column : columns) {
            definitions
                    .addObject()
                    .put("name", column.getName())
                    .put("type", column.getType())
                    .put("format", column.getFormat() == null ? "" : column.getFormat())
                    .put(
                            "description",
                            column.getDescription() == null ? "" : column.getDescription())
                    .put("priority", column.getPriority() == null ? 0 : column.getPriority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(object.path("metadata").path("name").asText());
            for (CustomResourceColumnDefinition column : columns) {
                cells.add(cell(object, column, now));
            }
            if ("Object".equals(includeObject)) {
                row.set("object", object);
            } else if (!"None".equals(includeObject)) {
                row.putObject("object")
                        .put("kind", "PartialObjectMetadata")
                        .put("apiVersion", "meta.k8s.io/v1")
                        .set("metadata", object.path("metadata"));
            }
        }
        return table;
    }

    /** One cell: the column's value on the object, converted to the column's type. */
    static JsonNode cell(JsonNode object, CustomResourceColumnDefinition column, Instant now) {
        JsonNode value;
        try {
            value = first(object, column.getJsonPath());
        } catch (IllegalArgumentException unsupportedPath) {
            value = null;
        }
        if (value == null || value.isNull() || value.isMissingNode()) {
            return JSON.nullNode();
        }
        switch (column.getType()) {
            case "string":
                return JSON.textNode(value.isContainerNode() ? compact(value) : value.asText());
            case "integer":
                return value.isNumber() ? JSON.numberNode(value.asLong()) : JSON.nullNode();
            case "number":
                return value.isNumber() ? value : JSON.nullNode();
            case "boolean":
                return value.isBoolean() ? value : JSON.nullNode();
            case "date":
                return value.isTextual()
                        ? JSON.textNode(age(value.asText(), now))
                        : JSON.nullNode();
            default:
                return JSON.nullNode();
        }
    }

    private static final Pattern STEP =
            Pattern.compile(
                    "\\.([^.\\[]+)" // .field
                            + "|\\[(\\d+|\\*)]" // [0] or [*]
                            + "|\\[\\?\\(@\\.([\\w.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]"); // filter

    /** The first value a path selects, or null; IllegalArgumentException for other syntax. */
    static JsonNode first(JsonNode object, String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        List<JsonNode> current = List.of(object);
        Matcher m = STEP.matcher(p);
        int at = 0;
        while (at < p.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unsupported JSONPath: " + path);
            }
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (m.group(1) != null) {
                    add(next, node.get(m.group(1)));
                } else if ("*".equals(m.group(2))) {
                    node.forEach(next::add);
                } else if (m.group(2) != null) {
                    add(next, node.isArray() ? node.get(Integer.parseInt(m.group(2))) : null);
                } else if (node.isArray()) {
                    for (JsonNode element : node) {
                        JsonNode field = element;
                        for (String name : m.group(3).split("\\.")) {
                            field = field.path(name);
                        }
                        if (field.isValueNode() && field.asText().equals(m.group(4))) {
                            next.add(element);
                        }
                    }
                }
            }
            current = next;
            at = m.end();
        }
        return current.isEmpty() ? null : current.get(0);
    }

    private static void add(List<JsonNode> nodes, JsonNode node) {
        if (node != null) {
            nodes.add(node);
        }
    }

    private static String compact(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return value.toString();
        }
    }

    /**
     * How kubectl shows ages: "45s", "3m20s", "5h", "12d", "2y3d" ("&lt;unknown&gt;" if
     * unreadable).
     */
    static String age(String timestamp, Instant now) {
        Instant then;
        try {
            then = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
        Duration d = Duration.between(then, now);
        if (d.getSeconds() < -1) {
            return "<invalid>";
        }
        long s = Math.max(0, d.getSeconds());
        long m = s / 60;
        long h = s / 3600;
        long days = h / 24;
        if (s < 120) {
            return s + "s";
        } else if (m < 10) {
            return s % 60 == 0 ? m + "m" : m + "m" + s % 60 + "s";
        } else if (m < 180) {
            return m + "m";
        } else if (h < 8) {
            return m % 60 == 0 ? h + "h" : h + "h" + m % 60 + "m";
        } else if (h < 48) {
            return h + "h";
        } else if (h < 24 * 8) {
            return h % 24 == 0 ? days + "d" : days + "d" + h % 24 + "h";
        } else if (days < 365 * 2) {
            return days + "d";
        } else if (days < 365 * 8) {
            long years = days / 365;
            return days % 365 == 0 ? years + "y" : years + "y" + days % 365 + "d";
        }
        return days / 365 + "y";
    }
}
