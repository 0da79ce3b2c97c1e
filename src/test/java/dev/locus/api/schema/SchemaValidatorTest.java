package dev.locus.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.locus.api.v1alpha1.Rules;
import dev.locus.testing.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad manifests are rejected with the field's path and the rule they break. */
class SchemaValidatorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String JOB =
            """
            kind: TrainingJob
            spec:
              data: {classification: personal, zone: eu, origin: {cluster: fra-1}}
              workers: 2
              acceleratorsPerWorker: 8
              template: {spec: {containers: [{name: t, image: x}]}}
            """;

    private static final String CLUSTER =
            """
            kind: Cluster
            spec:
              location: {country: DE, latitude: 50.1, longitude: 8.7}
              connection: {local: true}
            """;

    private static final String QUOTA =
            """
            kind: FleetQuota
            spec:
              namespaceSelector: {matchLabels: {team: research}}
              cohort: ml
              limits:
                - {zone: eu, models: [H100, H200], accelerators: 256, borrowingLimit: 64, lendingLimit: 128}
                - {accelerators: 512}
              fairSharing: {weight: 2}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("valid job", JOB, "", "", ""),
                Arguments.of("valid cluster", CLUSTER, "", "", ""),
                Arguments.of("valid quota", QUOTA, "", "", ""),
                valid(QUOTA, "models: [H100, H200]", "models: [H200, h100]"),
                valid(QUOTA, "{matchLabels: {team: research}}", "{}"),
                bad(
                        QUOTA,
                        "accelerators: 512",
                        "accelerators: -1",
                        "spec.limits[1].accelerators",
                        "must be >= 0, got -1"),
                bad(
                        QUOTA,
                        "borrowingLimit: 64",
                        "borrowingLimit: -64",
                        "spec.limits[0].borrowingLimit",
                        "must be >= 0, got -64"),
                bad(
                        QUOTA,
                        "lendingLimit: 128",
                        "lendingLimit: 300",
                        "spec.limits[0]",
                        Rules.LENDING_WITHIN_ACCELERATORS_MESSAGE),
                bad(
                        QUOTA,
                        "{accelerators: 512}",
                        "{zone: eu, models: [h200, h100], accelerators: 8}",
                        "spec",
                        Rules.QUOTA_LIMITS_UNIQUE_MESSAGE),
                bad(QUOTA, "cohort: ml", "", "spec", Rules.BORROWING_NEEDS_COHORT_MESSAGE),
                bad(
                        QUOTA,
                        "{matchLabels: {team: research}}",
                        "{matchExpressions: [{key: team}]}",
                        "spec",
                        Rules.NAMESPACE_SELECTOR_TERMS_COMPLETE_MESSAGE),
                bad(
                        QUOTA,
                        "weight: 2",
                        "weight: 0",
                        "spec.fairSharing.weight",
                        "must be > 0, got 0"),
                bad(
                        QUOTA,
                        "cohort: ml",
                        "cohort: ML",
                        "spec.cohort",
                        "must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, got \"ML\""),
                bad(
                        JOB,
                        "workers: 2",
                        "workers: 2\n  placement: {preemptionPolicy: Always}",
                        "spec.placement.preemptionPolicy",
                        "must be one of [Never, PreemptLowerPriority], got string \"Always\""),
                bad(JOB, "workers: 2", "workers: 0", "spec.workers", "must be >= 1, got 0"),
                bad(
                        JOB,
                        "acceleratorsPerWorker: 8",
                        "acceleratorsPerWorker: 2.5",
                        "spec.acceleratorsPerWorker",
                        "must be an integer, got number 2.5"),
                bad(
                        JOB,
                        "classification: personal",
                        "classification: secret",
                        "spec.data.classification",
                        "must be one of [confidential, internal, personal, public], got string \"secret\""),
                bad(
                        JOB,
                        "zone: eu, ",
                        "",
                        "spec.data",
                        "data.zone is required unless data.classification is public"),
                bad(
                        JOB,
                        "data: {classification: personal, zone: eu, origin: {cluster: fra-1}}",
                        "data: {zone: eu}",
                        "spec.data.classification",
                        "is required"),
                bad(
                        JOB,
                        "origin: {cluster: fra-1}",
                        "origin: {cluster: fra-1, country: DE}",
                        "spec.data.origin",
                        "origin is either a cluster or a place (country, latitude, longitude), not both"),
                bad(
                        JOB,
                        "workers: 2",
                        "wokers: 2",
                        "spec.wokers",
                        "unknown field (did you mean workers?)"),
                bad(
                        JOB,
                        "template: {spec: {containers: [{name: t, image: x}]}}",
                        "",
                        "spec.template",
                        "is required"),
                bad(
                        CLUSTER,
                        "country: DE",
                        "country: de",
                        "spec.location.country",
                        "must match ^[A-Z]{2}$, got \"de\""),
                bad(
                        CLUSTER,
                        "country: DE",
                        "country: NO",
                        "spec.location.country",
                        "must be a string, got boolean false (YAML reads unquoted NO, YES, ON, OFF as booleans: quote the value)"),
                bad(
                        CLUSTER,
                        "latitude: 50.1",
                        "latitude: 91",
                        "spec.location.latitude",
                        "must be <= 90, got 91"),
                bad(
                        CLUSTER,
                        "longitude: 8.7",
                        "longitude: -180.5",
                        "spec.location.longitude",
                        "must be >= -180, got -180.5"),
                bad(
                        CLUSTER,
                        ", longitude: 8.7",
                        "",
                        "spec.location",
                        "latitude and longitude must be given together"),
                bad(
                        CLUSTER,
                        "connection: {local: true}",
                        "connection: {local: true, kubeconfigSecretRef: {name: s}}",
                        "spec.connection",
                        "connection must set exactly one of local: true or kubeconfigSecretRef"),
                bad(
                        CLUSTER,
                        "connection: {local: true}",
                        "connection: {local: false}",
                        "spec.connection",
                        "connection must set exactly one of local: true or kubeconfigSecretRef"),
                bad(
                        CLUSTER,
                        "connection: {local: true}",
                        "connection: {kubeconfigSecretRef: {key: k}}",
                        "spec.connection.kubeconfigSecretRef.name",
                        "is required"),
                // A field given as null is absent, as the API server prunes it: in every
                // spelling YAML has, at every depth, and where a CEL rule reads it.
                valid(JOB, "workers: 2", "workers: ~"),
                valid(JOB, "workers: 2", "workers: null"),
                valid(JOB, "workers: 2", "workers: Null"),
                valid(JOB, "workers: 2", "workers: NULL"),
                valid(JOB, "  acceleratorsPerWorker: 8\n", "  acceleratorsPerWorker:\n"),
                valid(CLUSTER, "country: DE", "country: null"),
                valid(
                        CLUSTER,
                        "connection: {local: true}",
                        "connection: {local: true, kubeconfigSecretRef: ~}"),
                valid(
                        CLUSTER,
                        "connection: {local: true}",
                        "connection: {local: ~, kubeconfigSecretRef: {name: s, key: ~}}"),
                valid(
                        JOB,
                        "origin: {cluster: fra-1}",
                        "origin: {cluster: fra-1, country: ~, latitude: ~}"),
                valid(
                        JOB,
                        "{classification: personal, zone: eu, origin: {cluster: fra-1}}",
                        "{classification: public, zone: ~, origin: ~}"),
                valid(
                        JOB,
                        "workers: 2",
                        "workers: 2\n  placement: {optimizeFor: ~, requiredFeatures: ~,"
                                + " clusterSelector: {matchLabels: {a: b, c: ~},"
                                + " matchExpressions: [{key: k, operator: Exists, values: ~}]}}"),
                valid(JOB, "workers: 2", "workers: 2\n  accelerator: {models: ~, type: ~}"),
                // Real errors stay errors.
                bad(
                        JOB,
                        "workers: 2",
                        "workers: \"four\"",
                        "spec.workers",
                        "must be an integer, got string \"four\""),
                bad(
                        JOB,
                        "template: {spec: {containers: [{name: t, image: x}]}}",
                        "template: NULL",
                        "spec.template",
                        "is required"),
                bad(
                        JOB,
                        "{classification: personal, zone: eu, origin: {cluster: fra-1}}",
                        "{classification: ~, zone: eu}",
                        "spec.data.classification",
                        "is required"),
                bad(
                        // The API server keeps a null in a list, and rejects it.
                        JOB,
                        "workers: 2",
                        "workers: 2\n  placement: {requiredFeatures: [nvlink, ~]}",
                        "spec.placement.requiredFeatures[1]",
                        "must not be null"),
                bad(
                        JOB,
                        "workers: 2",
                        "wokers: ~",
                        "spec.wokers",
                        "unknown field (did you mean workers?)"));
    }

    private static Arguments valid(String base, String from, String to) {
        assertThat(base).as("fixture contains %s", from).contains(from);
        String yaml = base.replace(from, to);
        return Arguments.of("valid: " + to.strip(), yaml, "", "", from);
    }

    private static Arguments bad(String base, String from, String to, String path, String message) {
        assertThat(base).as("fixture contains %s", from).contains(from);
        return Arguments.of(path + " " + message, base.replace(from, to), path, message, from);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheFieldAndTheRule(
            String name, String yaml, String path, String message, String unused) throws Exception {
        JsonNode doc = YAML.readTree(yaml);
        var schema = CrdSchemas.forKind(doc.get("kind").asText()).orElseThrow().schema();
        List<Violation> violations =
                SchemaValidator.validate(
                        doc.get("spec"), schema.getProperties().get("spec"), "spec");
        if (path.isEmpty()) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).containsExactly(new Violation(path, message));
        }
    }

    static Stream<Arguments> documentsWithNulls() {
        return Stream.of(
                Arguments.of(
                        "status: null",
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: GPUPool
                        metadata: {name: p}
                        spec: {cluster: c, accelerator: {model: H100}}
                        status: null
                        """,
                        List.of()),
                Arguments.of(
                        "nulls in metadata",
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: TrainingJob
                        metadata: {name: j, namespace: ~, labels: ~, annotations: {a: ~}}
                        spec:
                          data: {classification: public}
                          template: {spec: {containers: [{name: t, image: x}]}}
                        status: {phase: ~, placement: {assignments: ~}}
                        """,
                        List.of()),
                Arguments.of(
                        "spec: null is a missing spec",
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: Cluster
                        metadata: {name: c}
                        spec:
                        """,
                        List.of(new Violation("spec", "is required"))),
                Arguments.of(
                        "metadata.name: null is a missing name",
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: Cluster
                        metadata: {name: null}
                        spec: {connection: {local: true}}
                        """,
                        List.of(new Violation("metadata.name", "is required"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentsWithNulls")
    void aWholeDocumentsNullsAreAbsent(String name, String yaml, List<Violation> expected)
            throws Exception {
        JsonNode doc = YAML.readTree(yaml);
        var kind = CrdSchemas.forKind(doc.get("kind").asText()).orElseThrow();
        assertThat(SchemaValidator.validateDocument(doc, kind)).containsExactlyElementsOf(expected);
    }

    @org.junit.jupiter.api.Test
    void everyCelRuleInTheCrdsHasAJavaTwin() {
        List<String> rules =
                TestFiles.crds().stream()
                        .flatMap(
                                crd ->
                                        rulesIn(
                                                crd.getSpec()
                                                        .getVersions()
                                                        .get(0)
                                                        .getSchema()
                                                        .getOpenAPIV3Schema()))
                        .distinct()
                        .toList();
        assertThat(rules).isNotEmpty();
        assertThat(rules)
                .allSatisfy(rule -> assertThat(RuleTwins.forRule(rule)).as(rule).isPresent());
    }

    private static Stream<String> rulesIn(
            io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps schema) {
        if (schema == null) {
            return Stream.empty();
        }
        Stream<String> own =
                schema.getXKubernetesValidations() == null
                        ? Stream.empty()
                        : schema.getXKubernetesValidations().stream().map(r -> r.getRule());
        Stream<String> props =
                schema.getProperties() == null
                        ? Stream.empty()
                        : schema.getProperties().values().stream()
                                .flatMap(SchemaValidatorTest::rulesIn);
        Stream<String> items =
                schema.getItems() == null ? Stream.empty() : rulesIn(schema.getItems().getSchema());
        return Stream.concat(own, Stream.concat(props, items));
    }

    @org.junit.jupiter.api.Test
    void examplesDirectoryIsReadable() {
        assertThat(TestFiles.documents(Path.of("examples"))).isNotEmpty();
    }
}
