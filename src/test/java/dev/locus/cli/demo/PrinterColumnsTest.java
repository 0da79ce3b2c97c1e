package dev.locus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrinterColumnsTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static final JsonNode CLUSTER =
            json(
                    """
                    {"metadata": {"name": "fra-1", "namespace": "", "creationTimestamp": "2026-06-01T11:55:00Z",
                                  "labels": {"a": "b"}},
                     "spec": {"location": {"country": "DE"}, "cost": 2.5},
                     "status": {"zones": ["eu", "de"],
                                "capacity": {"available": 64},
                                "conditions": [{"type": "Reachable", "status": "False"},
                                               {"type": "Ready", "status": "True"}],
                                "placement": {"assignments": [{"cluster": "fra-1"}, {"cluster": "par-1"}]}}}
                    """);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                ".spec.location.country | string | DE",
                "{.spec.location.country} | string | DE",
                ".status.zones | string | [\"eu\",\"de\"]",
                ".status.conditions[?(@.type==\"Ready\")].status | string | True",
                ".status.conditions[?(@.type=='Reachable')].status | string | False",
                ".status.placement.assignments[1].cluster | string | par-1",
                ".status.placement.assignments[*].cluster | string | fra-1",
                ".status.capacity.available | integer | 64",
                ".spec.cost | number | 2.5",
                ".metadata.creationTimestamp | date | 5m",
            })
    void cellsFollowTheColumnPathAndType(String path, String type, String expected) {
        assertThat(PrinterColumns.cell(CLUSTER, column(path, type), NOW).asText())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                ".status.missing | string",
                ".status.conditions[?(@.type==\"Gone\")].status | string",
                ".status.placement.assignments[7].cluster | string",
                ".spec.location.country | integer",
                ".spec..country | string",
                "status.zones | string",
            })
    void aMissingValueOrUnsupportedPathIsAnEmptyCell(String path, String type) {
        assertThat(PrinterColumns.cell(CLUSTER, column(path, type), NOW).isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "2026-06-01T11:59:15Z, 45s",
        "2026-06-01T11:55:00Z, 5m",
        "2026-06-01T11:56:40Z, 3m20s",
        "2026-06-01T10:00:00Z, 120m",
        "2026-06-01T07:30:00Z, 4h30m",
        "2026-05-31T12:00:00Z, 24h",
        "2026-05-29T09:00:00Z, 3d3h",
        "2026-03-01T12:00:00Z, 92d",
        "2023-05-01T12:00:00Z, 3y32d",
        "2026-06-01T12:00:01Z, 0s",
        "2026-06-01T12:10:00Z, <invalid>",
        "yesterday, <unknown>",
    })
    void agesReadLikeKubectls(String timestamp, String age) {
        assertThat(PrinterColumns.age(timestamp, NOW)).isEqualTo(age);
    }

    @Test
    void aTableHasANameColumnThenTheCrdColumnsWithTheirPriority() {
        var table =
                PrinterColumns.table(
                        List.of(
                                column(".spec.location.country", "string"),
                                new CustomResourceColumnDefinitionBuilder()
                                        .withName("AVAILABLE")
                                        .withType("integer")
                                        .withPriority(1)
                                        .withJsonPath(".status.capacity.available")
                                        .build()),
                        List.of(CLUSTER),
                        "42",
                        null,
                        NOW);
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "COLUMN", "AVAILABLE");
        assertThat(table.path("columnDefinitions").get(2).path("priority").asInt()).isEqualTo(1);
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("cells").toString()).isEqualTo("[\"fra-1\",\"DE\",64]");
        // By default a row carries the object's metadata only, as kubectl needs for -A.
        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("labels").path("a").asText())
                .isEqualTo("b");
        assertThat(row.path("object").has("spec")).isFalse();
    }

    @Test
    void includeObjectChoosesWhatARowCarries() {
        var column = List.of(column(".spec.location.country", "string"));
        JsonNode whole = PrinterColumns.table(column, List.of(CLUSTER), null, "Object", NOW);
        JsonNode none = PrinterColumns.table(column, List.of(CLUSTER), null, "None", NOW);
        assertThat(whole.path("rows").get(0).path("object")).isEqualTo(CLUSTER);
        assertThat(none.path("rows").get(0).has("object")).isFalse();
    }

    private static CustomResourceColumnDefinition column(String path, String type) {
        return new CustomResourceColumnDefinitionBuilder()
                .withName("COLUMN")
                .withType(type)
                .withJsonPath(path)
                .build();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
