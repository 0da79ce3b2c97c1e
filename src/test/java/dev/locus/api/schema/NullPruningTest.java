package dev.locus.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A manifest's nulls are pruned exactly where the API server prunes them, and nowhere else. */
class NullPruningTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String POOL = "apiVersion: locus.dev/v1alpha1\nkind: GPUPool\n";
    private static final String JOB = "apiVersion: locus.dev/v1alpha1\nkind: TrainingJob\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "a spec field, in every spelling",
                        POOL
                                + "spec: {cluster: c, capacity: ~, costPerAcceleratorHour: null,"
                                + " resourceName: Null, features: NULL}\n",
                        POOL + "spec: {cluster: c}\n"),
                Arguments.of(
                        "an empty value",
                        POOL + "spec:\n  cluster: c\n  features:\n",
                        POOL + "spec: {cluster: c}\n"),
                Arguments.of(
                        "nested objects, and objects in lists",
                        POOL
                                + "spec: {accelerator: {type: ~, model: H100}, tolerations: [{key: k,"
                                + " value: ~, effect: NoSchedule}]}\n",
                        POOL
                                + "spec: {accelerator: {model: H100}, tolerations: [{key: k, effect:"
                                + " NoSchedule}]}\n"),
                Arguments.of(
                        "a value of a map (additionalProperties)",
                        POOL + "spec: {nodeSelector: {gpu: h100, zone: ~}}\n",
                        POOL + "spec: {nodeSelector: {gpu: h100}}\n"),
                Arguments.of(
                        "status, and fields in status",
                        POOL + "spec: {cluster: c}\nstatus: {capacity: {available: ~}}\n",
                        POOL + "spec: {cluster: c}\nstatus: {capacity: {}}\n"),
                Arguments.of("top-level fields", POOL + "metadata: ~\nspec: ~\nstatus: ~\n", POOL),
                Arguments.of(
                        "metadata: null fields are absent, null labels are empty",
                        POOL
                                + "metadata: {name: p, namespace: ~, labels: {a: ~, b: x},"
                                + " annotations: ~, finalizers: ~}\n",
                        POOL + "metadata: {name: p, labels: {a: '', b: x}}\n"),
                Arguments.of(
                        "an annotation given as null is empty",
                        POOL + "metadata: {name: p, annotations: {note: ~}}\n",
                        POOL + "metadata: {name: p, annotations: {note: ''}}\n"),
                Arguments.of(
                        "not an item of a list: the API server rejects it",
                        POOL + "spec: {features: [nvlink, ~]}\n",
                        POOL + "spec: {features: [nvlink, ~]}\n"),
                Arguments.of(
                        "not an unknown field: it is reported as unknown",
                        POOL + "spec: {capacty: ~}\nextra: ~\n",
                        POOL + "spec: {capacty: ~}\nextra: ~\n"),
                Arguments.of(
                        "not inside the pod template, which the schema leaves open",
                        JOB
                                + "spec: {workers: ~, template: {metadata: ~, spec: {nodeSelector: ~}}}\n",
                        JOB + "spec: {template: {metadata: ~, spec: {nodeSelector: ~}}}\n"),
                Arguments.of(
                        "a selector's map and list of terms",
                        JOB
                                + "spec: {placement: {clusterSelector: {matchLabels: {a: ~},"
                                + " matchExpressions: [{key: k, operator: ~, values: ~}]}}}\n",
                        JOB
                                + "spec: {placement: {clusterSelector: {matchLabels: {},"
                                + " matchExpressions: [{key: k}]}}}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prunesWhatTheApiServerPrunes(String name, String yaml, String expected) throws Exception {
        JsonNode doc = YAML.readTree(yaml);
        JsonNode before = doc.deepCopy();
        var kind = CrdSchemas.forKind(doc.get("kind").asText()).orElseThrow();

        assertThat(NullPruning.document(doc, kind)).isEqualTo(YAML.readTree(expected));
        assertThat(doc).as("the input is not changed").isEqualTo(before);
    }

    @Test
    void aValueIsPrunedBelowItsSchema() throws Exception {
        var spec = CrdSchemas.forKind("Cluster").orElseThrow().schema().getProperties().get("spec");
        JsonNode value = YAML.readTree("{location: {country: ~}, connection: {local: true}}");

        assertThat(NullPruning.value(value, spec))
                .isEqualTo(YAML.readTree("{location: {}, connection: {local: true}}"));
        assertThat(NullPruning.value(null, spec)).isNull();
    }
}
