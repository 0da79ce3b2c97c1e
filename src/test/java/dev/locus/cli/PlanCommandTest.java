package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code kubectl locus plan}: outputs, exit codes and every kind of bad input. */
class PlanCommandTest {

    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = LocusMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonFollowsTheDesignContract() throws IOException {
        Run run = run("plan", "-f", "examples/", "-o", "json");

        assertThat(run.code()).isZero();
        JsonNode placements = new ObjectMapper().readTree(run.out()).get("placements");
        // Every workload but hparam-sweep, which is given as placed (status.placement).
        assertThat(placements).hasSize(11);
        for (JsonNode p : placements) {
            assertThat(p.fieldNames())
                    .toIterable()
                    .contains(
                            "kind",
                            "namespace",
                            "name",
                            "phase",
                            "assignments",
                            "message",
                            "candidates");
            assertThat(p.get("phase").asText()).isIn("Placed", "Unschedulable");
            if (p.get("phase").asText().equals("Unschedulable")) {
                assertThat(p.get("reason").asText())
                        .isIn("UnknownSovereigntyZone", "QuotaExceeded", "NoFeasiblePool");
                assertThat(p.get("assignments")).isEmpty();
            }
            if (p.has("preempts")) {
                for (JsonNode victim : p.get("preempts")) {
                    assertThat(victim.fieldNames())
                            .toIterable()
                            .containsExactly("namespace", "name");
                }
            }
            // Every pool is either assigned or listed as a candidate with its reason, never both.
            assertThat(p.get("assignments").size() + p.get("candidates").size())
                    .as("%s", p.get("name"))
                    .isEqualTo(10);
            for (JsonNode a : p.get("assignments")) {
                assertThat(a.fieldNames())
                        .toIterable()
                        .containsExactly(
                                "cluster", "pool", "replicas", "accelerators", "latencyMs", "tier");
            }
            for (JsonNode c : p.get("candidates")) {
                assertThat(c.fieldNames())
                        .toIterable()
                        .containsExactly("pool", "cluster", "reason", "message");
            }
        }
        JsonNode first = placements.get(0);
        assertThat(first.get("kind").asText()).isEqualTo("TrainingJob");
        assertThat(first.get("name").asText()).isEqualTo("llm-pretrain-de");
        assertThat(first.at("/assignments/0/pool").asText()).isEqualTo("fra-1-h100");
        assertThat(first.at("/assignments/0/accelerators").asInt()).isEqualTo(32);
        assertThat(first.at("/assignments/0/latencyMs").asDouble()).isZero();
    }

    @Test
    void personalEuDataStaysInTheEuEvenWhenAUsPoolIsCheaper() throws IOException {
        Run run = run("plan", "-f", "examples/", "-o", "json");
        JsonNode claims = find(run, "claims-finetune");
        assertThat(claims.get("phase").asText()).isEqualTo("Placed");
        assertThat(claims.at("/assignments/0/cluster").asText()).isEqualTo("osl-1");
        JsonNode iad = null;
        for (JsonNode c : claims.get("candidates")) {
            if (c.get("pool").asText().equals("iad-1-h100")) {
                iad = c;
            }
        }
        assertThat(iad).isNotNull();
        assertThat(iad.get("reason").asText()).isEqualTo("OutsideSovereigntyZone");
    }

    @Test
    void tableShowsEveryWorkloadAndWhyOneDidNotFit() {
        Run run = run("plan", "-f", "examples/");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith("KIND")
                .contains(
                        "WORKLOAD",
                        "PHASE",
                        "ZONE",
                        "CLUSTER",
                        "POOL",
                        "LATENCY",
                        "CARBON",
                        "REASON");
        assertThat(run.out())
                .contains("ml-research/llm-pretrain-de")
                .containsPattern(
                        "ml-research/llm-pretrain-xl +Unschedulable +eu .*QuotaExceeded: research:"
                                + " 80/96 H100/H200 in eu used, needs 128, cohort ml can lend 0;"
                                + " 0/10 pools fit")
                .containsPattern(
                        "ml-prod/safety-eval +Placed +eu +fra-1 +fra-1-h100 +0 +4 +0.00 ms"
                                + " +380 g/kWh +preempts ml-research/hparam-sweep")
                .containsPattern("ml-research/open-weights-eval +Placed +- +iad-1 +iad-1-h100 +3 ")
                .contains("11 workload(s): 10 placed, 1 unschedulable, 1 preempted");
        assertThat(run.out().lines().findFirst().orElseThrow()).contains("TIER");
        // Namespaces are read (their labels select quotas), not skipped.
        assertThat(run.err()).isEmpty();
    }

    @Test
    void failOnUnschedulableExitsThree() {
        assertThat(run("plan", "-f", "examples/", "--fail-on-unschedulable").code()).isEqualTo(3);
        assertThat(
                        run(
                                        "plan",
                                        "-f",
                                        "examples/fleet",
                                        "-f",
                                        "examples/workloads/inferenceendpoints.yaml",
                                        "--fail-on-unschedulable")
                                .code())
                .isZero();
    }

    @Test
    void danglingReferencesAreDecisionsNotInputErrors() throws IOException {
        Path file =
                write(
                        "fleet.yaml",
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: GPUPool
                        metadata: {name: orphan}
                        spec: {cluster: nowhere, accelerator: {model: H100}, capacity: 8}
                        ---
                        apiVersion: locus.dev/v1alpha1
                        kind: TrainingJob
                        metadata: {name: typo, namespace: ml}
                        spec:
                          data: {classification: personal, zone: eu-wset}
                          template: {spec: {containers: [{name: t, image: x}]}}
                        ---
                        apiVersion: locus.dev/v1alpha1
                        kind: TrainingJob
                        metadata: {name: open, namespace: ml}
                        spec:
                          data: {classification: public}
                          template: {spec: {containers: [{name: t, image: x}]}}
                        """);
        Run run = run("plan", "-f", file.toString(), "-o", "json");

        assertThat(run.code()).isZero();
        assertThat(find(run, "typo").get("reason").asText()).isEqualTo("UnknownSovereigntyZone");
        assertThat(find(run, "open").at("/candidates/0/reason").asText())
                .isEqualTo("ClusterNotFound");
    }

    static Stream<Arguments> badInput() {
        String job =
                """
                apiVersion: locus.dev/v1alpha1
                kind: TrainingJob
                metadata: {name: llm, namespace: ml}
                spec:
                  data: {classification: personal, zone: eu}
                  workers: 2
                  template: {spec: {containers: [{name: t, image: x}]}}
                """;
        String cluster =
                """
                apiVersion: locus.dev/v1alpha1
                kind: Cluster
                metadata: {name: fra-1}
                spec:
                  location: {country: DE, latitude: 50.1, longitude: 8.7}
                  connection: {local: true}
                """;
        return Stream.of(
                Arguments.of(
                        "malformed YAML", "a: [b\nc: d\n", "document 1: malformed YAML at line"),
                Arguments.of(
                        "not a mapping",
                        "- just\n- a list\n",
                        "document 1: expected a Kubernetes object"),
                Arguments.of(
                        "no kind",
                        "apiVersion: v1\nmetadata: {name: x}\n",
                        "document 1: kind: is required"),
                Arguments.of(
                        "missing required field",
                        job.replace(
                                "  template: {spec: {containers: [{name: t, image: x}]}}\n", ""),
                        "(TrainingJob ml/llm): spec.template: is required"),
                Arguments.of(
                        "below a minimum",
                        job.replace("workers: 2", "workers: 0"),
                        "(TrainingJob ml/llm): spec.workers: must be >= 1, got 0"),
                Arguments.of(
                        "not an enum value",
                        job.replace("classification: personal", "classification: secret"),
                        "spec.data.classification: must be one of [confidential, internal, personal, public]"),
                Arguments.of(
                        "restricted data without a zone",
                        job.replace(", zone: eu", ""),
                        "spec.data: data.zone is required unless data.classification is public"),
                Arguments.of(
                        "unknown field",
                        job.replace("workers: 2", "wrokers: 2"),
                        "spec.wrokers: unknown field (did you mean workers?)"),
                Arguments.of(
                        "latitude out of range",
                        cluster.replace("latitude: 50.1", "latitude: 95"),
                        "(Cluster fra-1): spec.location.latitude: must be <= 90, got 95"),
                Arguments.of(
                        "longitude out of range",
                        cluster.replace("longitude: 8.7", "longitude: 181"),
                        "spec.location.longitude: must be <= 180, got 181"),
                Arguments.of(
                        "lower-case country",
                        cluster.replace("country: DE", "country: de"),
                        "spec.location.country: must match ^[A-Z]{2}$"),
                Arguments.of(
                        "both connections",
                        cluster.replace(
                                "{local: true}", "{local: true, kubeconfigSecretRef: {name: k}}"),
                        "spec.connection: connection must set exactly one of local: true or kubeconfigSecretRef"),
                Arguments.of(
                        "no connection at all",
                        cluster.replace("  connection: {local: true}\n", ""),
                        "spec.connection: is required"),
                Arguments.of(
                        "wrong apiVersion",
                        cluster.replace("locus.dev/v1alpha1", "locus.dev/v1"),
                        "apiVersion: must be locus.dev/v1alpha1"),
                Arguments.of(
                        "no name",
                        cluster.replace("metadata: {name: fra-1}", "metadata: {}"),
                        "metadata.name: is required"),
                Arguments.of(
                        "duplicate object",
                        cluster + "---\n" + cluster,
                        "document 2 (Cluster fra-1): duplicate of"),
                Arguments.of(
                        "a key given twice",
                        cluster.replace(
                                "  connection: {local: true}\n",
                                "  connection: {local: true}\n  connection: {local: true}\n"),
                        "malformed YAML at line 7, column 13: Duplicate field 'connection'"),
                Arguments.of(
                        "a number too large for the API",
                        job.replace("workers: 2", "workers: 2\n  priority: 3000000000"),
                        "spec.priority: must be <= 1000000000, got 3000000000"),
                Arguments.of(
                        "a selector term without a key",
                        job.replace(
                                "workers: 2",
                                "workers: 2\n  placement: {clusterSelector: {matchExpressions: [{operator: Exists}]}}"),
                        "spec.placement: every clusterSelector.matchExpressions term needs a key"),
                Arguments.of(
                        "labels that are not a mapping",
                        job.replace(
                                "metadata: {name: llm, namespace: ml}",
                                "metadata: {name: llm, namespace: ml, labels: [a]}"),
                        "(TrainingJob ml/llm): metadata.labels: cannot be read"),
                Arguments.of(
                        "a number given as text",
                        job.replace("workers: 2", "workers: \"four\""),
                        "(TrainingJob ml/llm): spec.workers: must be an integer, got string \"four\""),
                Arguments.of(
                        "a required field given as null",
                        job.replace(
                                "template: {spec: {containers: [{name: t, image: x}]}}",
                                "template: ~"),
                        "(TrainingJob ml/llm): spec.template: is required"),
                Arguments.of(
                        "spec given as null",
                        cluster.replace(
                                "spec:\n  location: {country: DE, latitude: 50.1, longitude: 8.7}\n"
                                        + "  connection: {local: true}\n",
                                "spec: null\n"),
                        "(Cluster fra-1): spec: is required"),
                Arguments.of(
                        "a name given as null",
                        cluster.replace("metadata: {name: fra-1}", "metadata: {name: ~}"),
                        "(Cluster <no name>): metadata.name: is required"),
                Arguments.of(
                        // The API server keeps nulls in lists, and rejects them.
                        "a null in a list",
                        job.replace(
                                "workers: 2",
                                "workers: 2\n  placement: {requiredFeatures: [infiniband, ~]}"),
                        "(TrainingJob ml/llm): spec.placement.requiredFeatures[1]: must not be null"),
                Arguments.of(
                        "an unknown field given as null",
                        job.replace("workers: 2", "wrokers: ~"),
                        "spec.wrokers: unknown field (did you mean workers?)"),
                Arguments.of(
                        "a pod template of the wrong shape",
                        job.replace(
                                "{spec: {containers: [{name: t, image: x}]}}",
                                "{spec: {containers: oops}}"),
                        "(TrainingJob ml/llm): spec.template.spec.containers: cannot be read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputExitsTwoNamingFileDocumentAndField(String name, String yaml, String expected)
            throws IOException {
        Path file = write("bad.yaml", yaml);
        Run run = run("plan", "-f", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("error: " + file)
                .contains(expected)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws IOException {
        Path a =
                write(
                        "a.yaml",
                        "apiVersion: locus.dev/v1alpha1\nkind: Cluster\nmetadata: {name: a}\nspec: {connection: {}}\n");
        Path b =
                write(
                        "b.yaml",
                        "apiVersion: locus.dev/v1alpha1\nkind: GPUPool\nmetadata: {name: b}\nspec: {cluster: a, accelerator: {model: H100}, capacity: -1}\n");
        Run run = run("plan", "-f", dir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains(a + ": document 1 (Cluster a): spec.connection")
                .contains(b + ": document 1 (GPUPool b): spec.capacity: must be >= 0, got -1");
    }

    @Test
    void missingPathsAndEmptyDirectoriesAreBadInput() throws IOException {
        assertThat(run("plan", "-f", dir.resolve("nope.yaml").toString()).err())
                .contains("no such file or directory");
        Files.createDirectories(dir.resolve("empty"));
        Run empty = run("plan", "-f", dir.resolve("empty").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("no .yaml or .yml files found");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("plan").code()).isEqualTo(2);
        assertThat(run("plan", "-f", "examples/", "-o", "xml").code()).isEqualTo(2);
    }

    @Test
    void aPoolsStatusCapacityWinsOverItsDeclaredCapacity() throws IOException {
        Path file =
                write(
                        "fleet.yaml",
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: Cluster
                        metadata: {name: c}
                        spec: {connection: {local: true}}
                        ---
                        apiVersion: locus.dev/v1alpha1
                        kind: GPUPool
                        metadata: {name: p}
                        spec: {cluster: c, accelerator: {model: H100}, capacity: 64}
                        status: {capacity: {available: 4}}
                        ---
                        apiVersion: locus.dev/v1alpha1
                        kind: TrainingJob
                        metadata: {name: j, namespace: ml}
                        spec:
                          data: {classification: public}
                          workers: 1
                          acceleratorsPerWorker: 8
                          template: {spec: {containers: [{name: t, image: x}]}}
                        """);
        Run run = run("plan", "-f", file.toString(), "-o", "json");
        assertThat(find(run, "j").at("/candidates/0/reason").asText())
                .isEqualTo("InsufficientCapacity");
        assertThat(find(run, "j").at("/candidates/0/message").asText())
                .isEqualTo("needs 8 accelerator(s), 4 free");
    }

    /** A small fleet and two workloads in which every field below is given. */
    private static final String FLEET =
            """
            apiVersion: locus.dev/v1alpha1
            kind: SovereigntyZone
            metadata: {name: eu}
            spec:
              jurisdictions: [DE, FR]
              restrictedClassifications: [personal, confidential]
              transfersAllowedTo: [uk]
            ---
            apiVersion: locus.dev/v1alpha1
            kind: Cluster
            metadata:
              name: fra-1
              labels: {tier: gold}
            spec:
              location: {country: DE, latitude: 50.1, longitude: 8.7}
              connection: {local: true}
              interconnects: [{cluster: par-1, latencyMs: 9}]
              power: {carbonIntensityGramsPerKwh: 380}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: Cluster
            metadata: {name: par-1, labels: {tier: gold}}
            spec:
              location: {country: FR, latitude: 48.9, longitude: 2.4}
              connection: {kubeconfigSecretRef: {name: par-1, key: kubeconfig}}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: GPUPool
            metadata: {name: fra-1-h100}
            spec:
              cluster: fra-1
              accelerator: {type: gpu, model: H100, memoryGiB: 80}
              capacity: 16
              costPerAcceleratorHour: 3.5
              features: [infiniband]
              nodeSelector: {gpu: h100}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: GPUPool
            metadata: {name: par-1-h100}
            spec:
              cluster: par-1
              accelerator: {model: H100}
              capacity: 8
              costPerAcceleratorHour: 2.5
            status: {capacity: {available: 6}}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: train, namespace: ml}
            spec:
              data: {classification: personal, zone: eu, origin: {cluster: fra-1}}
              workers: 2
              acceleratorsPerWorker: 4
              accelerator: {type: gpu, models: [H100], minMemoryGiB: 40}
              priority: 5
              placement: {optimizeFor: cost, clusterSelector: {matchLabels: {tier: gold}}, maxLatencyMs: 50}
              failover: {tolerationSeconds: 60}
              template: {spec: {containers: [{name: t, image: x}]}}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: InferenceEndpoint
            metadata: {name: serve, namespace: ml}
            spec:
              data: {classification: public}
              replicas: 2
              port: 9000
              users: [{name: de, country: DE, latitude: 52.5, longitude: 13.4, weight: 3}]
              template: {spec: {containers: [{name: s, image: y}]}}
            """;

    /**
     * {@code field: null} in every spelling YAML has (null, Null, NULL, ~, an empty value), at
     * every depth: each replaces {@code from} in {@link #FLEET} with {@code withNull}, and must
     * plan exactly as the manifest with {@code from} replaced by {@code without}.
     */
    static Stream<Arguments> nullIsAbsent() {
        return Stream.of(
                nullCase(
                        "a cluster's location.country: null",
                        "{country: FR, latitude: 48.9, longitude: 2.4}",
                        "{country: null, latitude: 48.9, longitude: 2.4}",
                        "{latitude: 48.9, longitude: 2.4}"),
                nullCase(
                        "a pool's costPerAcceleratorHour: ~",
                        "  costPerAcceleratorHour: 3.5\n",
                        "  costPerAcceleratorHour: ~\n",
                        ""),
                nullCase(
                        "a list given as an empty value (features:)",
                        "  features: [infiniband]\n",
                        "  features:\n",
                        ""),
                nullCase(
                        "a map value null (nodeSelector)",
                        "{gpu: h100}",
                        "{gpu: h100, zone: null}",
                        "{gpu: h100}"),
                nullCase(
                        "a defaulted field given as null (workers: ~)",
                        "  workers: 2\n",
                        "  workers: ~\n",
                        ""),
                nullCase(
                        "nulls inside a nested object (accelerator)",
                        "{type: gpu, models: [H100], minMemoryGiB: 40}",
                        "{type: ~, models: ~, minMemoryGiB: ~}",
                        "{}"),
                nullCase(
                        "an object given as NULL (data.origin)",
                        "{classification: personal, zone: eu, origin: {cluster: fra-1}}",
                        "{classification: personal, zone: eu, origin: NULL}",
                        "{classification: personal, zone: eu}"),
                nullCase(
                        "a field a CEL rule reads (connection.local: null)",
                        "{kubeconfigSecretRef: {name: par-1, key: kubeconfig}}",
                        "{local: null, kubeconfigSecretRef: {name: par-1, key: Null}}",
                        "{kubeconfigSecretRef: {name: par-1}}"),
                nullCase(
                        "status: null",
                        "status: {capacity: {available: 6}}\n",
                        "status: null\n",
                        ""),
                nullCase(
                        "status.capacity.available: ~",
                        "status: {capacity: {available: 6}}",
                        "status: {capacity: {available: ~}, nodes: ~, conditions: ~}",
                        "status: {capacity: {}}"),
                nullCase(
                        "metadata.labels: null",
                        "metadata: {name: par-1, labels: {tier: gold}}",
                        "metadata: {name: par-1, labels: null, annotations: ~}",
                        "metadata: {name: par-1}"),
                nullCase(
                        "metadata.labels given as an empty value",
                        "  labels: {tier: gold}\n",
                        "  labels:\n",
                        ""),
                nullCase(
                        // The API server stores a label given as null with the empty value.
                        "a label value null is the empty value",
                        "metadata: {name: par-1, labels: {tier: gold}}",
                        "metadata: {name: par-1, labels: {tier: gold, spare: ~}}",
                        "metadata: {name: par-1, labels: {tier: gold, spare: \"\"}}"),
                nullCase(
                        "metadata.namespace: null",
                        "metadata: {name: train, namespace: ml}",
                        "metadata: {name: train, namespace: null}",
                        "metadata: {name: train}"),
                nullCase(
                        "nulls in placement and a selector's map value",
                        "{optimizeFor: cost, clusterSelector: {matchLabels: {tier: gold}},"
                                + " maxLatencyMs: 50}",
                        "{optimizeFor: ~, clusterSelector: {matchLabels: {tier: gold, rack: ~},"
                                + " matchExpressions: ~}, maxLatencyMs: ~, requiredFeatures: ~}",
                        "{clusterSelector: {matchLabels: {tier: gold}}}"),
                nullCase(
                        "a whole spec part given as null (placement, failover)",
                        "  placement: {optimizeFor: cost, clusterSelector: {matchLabels: {tier:"
                                + " gold}}, maxLatencyMs: 50}\n"
                                + "  failover: {tolerationSeconds: 60}\n",
                        "  placement: null\n  failover: {tolerationSeconds: ~}\n",
                        "  failover: {}\n"),
                nullCase(
                        "a zone's lists given as null",
                        "  restrictedClassifications: [personal, confidential]\n"
                                + "  transfersAllowedTo: [uk]\n",
                        "  restrictedClassifications: ~\n  transfersAllowedTo:\n",
                        ""),
                nullCase(
                        "a cluster's interconnects and power: null",
                        "  interconnects: [{cluster: par-1, latencyMs: 9}]\n"
                                + "  power: {carbonIntensityGramsPerKwh: 380}\n",
                        "  interconnects: null\n  power: {carbonIntensityGramsPerKwh: null}\n",
                        "  power: {}\n"),
                nullCase(
                        "nulls in an endpoint's user and sizes",
                        "  replicas: 2\n  port: 9000\n  users: [{name: de, country: DE, latitude:"
                                + " 52.5, longitude: 13.4, weight: 3}]\n",
                        "  replicas: ~\n  port: ~\n  acceleratorsPerReplica: ~\n  users: [{name:"
                                + " de, country: ~, latitude: ~, longitude: ~, weight: ~}]\n",
                        "  users: [{name: de}]\n"),
                nullCase(
                        "data.zone: null for public data",
                        "data: {classification: public}",
                        "data: {classification: public, zone: null, origin: ~}",
                        "data: {classification: public}"),
                nullCase(
                        "nulls inside the pod template",
                        "{spec: {containers: [{name: s, image: y}]}}",
                        "{metadata: ~, spec: {nodeSelector: ~, containers: [{name: s, image: y,"
                                + " env: ~}]}}",
                        "{spec: {containers: [{name: s, image: y}]}}"));
    }

    private static Arguments nullCase(String name, String from, String withNull, String without) {
        assertThat(FLEET).as("the fleet contains %s", from).containsOnlyOnce(from);
        return Arguments.of(name, FLEET.replace(from, withNull), FLEET.replace(from, without));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullIsAbsent")
    void aFieldGivenAsNullIsPlannedAsAbsent(String name, String withNull, String without)
            throws IOException {
        Files.createDirectories(dir.resolve("null"));
        Files.createDirectories(dir.resolve("absent"));
        Path a = write("null/fleet.yaml", withNull);
        Path b = write("absent/fleet.yaml", without);

        Run expected = run("plan", "-f", b.toString(), "-o", "json");
        Run actual = run("plan", "-f", a.toString(), "-o", "json");

        assertThat(expected.code()).as(expected.err()).isZero();
        assertThat(actual.code()).as(actual.err()).isZero();
        assertThat(actual.err()).isEmpty();
        assertThat(actual.out()).isEqualTo(expected.out());
        assertThat(new ObjectMapper().readTree(actual.out()).get("placements")).hasSize(2);
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static JsonNode find(Run run, String name) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        new ObjectMapper()
                .readTree(run.out())
                .get("placements")
                .forEach(
                        p -> {
                            if (p.get("name").asText().equals(name)) {
                                found.add(p);
                            }
                        });
        assertThat(found).as("placement %s in %s", name, run.out()).hasSize(1);
        return found.get(0);
    }
}
