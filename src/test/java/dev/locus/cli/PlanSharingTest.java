package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.cli.PlanCommandTest.Run;
import java.io.IOException;
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

/** {@code kubectl locus plan} with FleetQuotas, placed workloads, preemption, tiers and --now. */
class PlanSharingTest {

    @TempDir Path dir;

    /** Zone eu (DE); fra-1 (DE) with 16 H100s, iad-1 (US) with 64; namespaces a and b. */
    private static final String FLEET =
            """
            apiVersion: locus.dev/v1alpha1
            kind: SovereigntyZone
            metadata: {name: eu}
            spec: {jurisdictions: [DE]}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: Cluster
            metadata: {name: fra-1}
            spec: {location: {country: DE}, connection: {local: true}}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: Cluster
            metadata: {name: iad-1}
            spec: {location: {country: US}, connection: {kubeconfigSecretRef: {name: iad}}}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: GPUPool
            metadata: {name: fra}
            spec: {cluster: fra-1, accelerator: {model: H100}, capacity: 16}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: GPUPool
            metadata: {name: iad}
            spec: {cluster: iad-1, accelerator: {model: H100}, capacity: 64, tier: 3}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: a, labels: {team: a}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: b, labels: {team: b}}
            """;

    private static final String QUOTA_A =
            """
            ---
            apiVersion: locus.dev/v1alpha1
            kind: FleetQuota
            metadata: {name: qa}
            spec:
              namespaceSelector: {matchLabels: {team: a}}
              limits: [{zone: eu, accelerators: 8}]
            """;

    static String job(String namespace, String name, String extra) {
        return """
                ---
                apiVersion: locus.dev/v1alpha1
                kind: TrainingJob
                metadata: {name: %s, namespace: %s}
                spec:
                  data: {classification: personal, zone: eu}
                  workers: 1
                  acceleratorsPerWorker: 8
                  template: {spec: {containers: [{name: t, image: x}]}}
                %s"""
                .formatted(name, namespace, extra.indent(2).stripTrailing());
    }

    /** A job already running on fra with 8 accelerators, at priority 0. */
    static String running(String namespace, String name) {
        return """
                ---
                apiVersion: locus.dev/v1alpha1
                kind: TrainingJob
                metadata: {name: %s, namespace: %s}
                spec:
                  data: {classification: personal, zone: eu}
                  workers: 1
                  acceleratorsPerWorker: 8
                  template: {spec: {containers: [{name: t, image: x}]}}
                status:
                  phase: Running
                  placement:
                    assignments: [{cluster: fra-1, pool: fra, replicas: 1, accelerators: 8}]
                    decidedAt: "2026-12-01T08:00:00Z"
                """
                .formatted(name, namespace);
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("plan.yaml");
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

    @Test
    void theExamplesShowAPreemptionAQuotaExceededAndTheTiers() throws IOException {
        Run run = PlanCommandTest.run("plan", "-f", "examples/", "-o", "json");
        assertThat(run.code()).as(run.err()).isZero();

        JsonNode safety = find(run, "safety-eval");
        assertThat(safety.get("phase").asText()).isEqualTo("Placed");
        assertThat(safety.at("/assignments/0/pool").asText()).isEqualTo("fra-1-h100");
        assertThat(safety.get("preempts").toString())
                .isEqualTo("[{\"namespace\":\"ml-research\",\"name\":\"hparam-sweep\"}]");

        JsonNode xl = find(run, "llm-pretrain-xl");
        assertThat(xl.get("reason").asText()).isEqualTo("QuotaExceeded");
        assertThat(xl.get("message").asText())
                .startsWith(
                        "research: 80/96 H100/H200 in eu used, needs 128, cohort ml can lend 0");

        // Own hardware first, then cloud: US users are within 60 ms of the cloud only.
        JsonNode chat = find(run, "chat-public");
        assertThat(chat.at("/assignments/0/pool").asText()).isEqualTo("iad-1-h100");
        assertThat(chat.at("/assignments/0/tier").asInt()).isEqualTo(3);
        assertThat(chat.at("/assignments/1/tier").asInt()).isZero();
        // The batch job is placed already: not decided again.
        assertThat(run.out()).doesNotContain("\"name\" : \"hparam-sweep\",\n    \"phase\"");
    }

    @Test
    void aJobOverItsQuotaIsQuotaExceededAndAnotherZoneMayStillFit() throws IOException {
        Path file =
                write(
                        FLEET
                                + QUOTA_A
                                + running("a", "old")
                                + job("a", "eu-only", "")
                                + job("a", "public", "")
                                        .replace(
                                                "{classification: personal, zone: eu}",
                                                "{classification: public}"));
        Run run = PlanCommandTest.run("plan", "-f", file.toString(), "-o", "json");
        assertThat(run.code()).as(run.err()).isZero();

        JsonNode euOnly = find(run, "eu-only");
        assertThat(euOnly.get("reason").asText()).isEqualTo("QuotaExceeded");
        assertThat(euOnly.get("message").asText())
                .startsWith("qa: 8/8 accelerators in eu used, needs 8, no cohort to borrow from;");
        // Public data may go to the US, which the quota's eu limit does not cover.
        JsonNode open = find(run, "public");
        assertThat(open.at("/assignments/0/pool").asText()).isEqualTo("iad");
        assertThat(open.at("/candidates/0/reason").asText()).isEqualTo("QuotaExceeded");

        Run table = PlanCommandTest.run("plan", "-f", file.toString());
        assertThat(table.out())
                .containsPattern("a/eu-only +Unschedulable +eu .*QuotaExceeded: qa: 8/8")
                .containsPattern("a/public +Placed +- +iad-1 +iad +3 ");
    }

    @Test
    void aPreemptionIsShownInTheTableAndTheJson() throws IOException {
        Path file =
                write(
                        FLEET
                                + running("b", "batch")
                                + running("b", "batch2").replace("08:00:00Z", "08:30:00Z")
                                + job(
                                        "a",
                                        "urgent",
                                        "priority: 5\nplacement: {preemptionPolicy: PreemptLowerPriority}"));
        Run json = PlanCommandTest.run("plan", "-f", file.toString(), "-o", "json");
        JsonNode urgent = find(json, "urgent");
        assertThat(urgent.at("/assignments/0/pool").asText()).isEqualTo("fra");
        // Of two equals, the more recently placed goes.
        assertThat(urgent.get("preempts").toString())
                .isEqualTo("[{\"namespace\":\"b\",\"name\":\"batch2\"}]");

        Run table = PlanCommandTest.run("plan", "-f", file.toString());
        assertThat(table.out())
                .containsPattern("a/urgent +Placed +eu +fra-1 +fra +0 +1 .* preempts b/batch2")
                .contains("1 workload(s): 1 placed, 0 unschedulable, 1 preempted");
    }

    @Test
    void aPreemptorThatCouldOnlyFitByMovingRestrictedDataIsUnschedulable() throws IOException {
        // The only lower-priority work is in the US, where personal EU data may not go.
        String usBatch =
                running("b", "us-batch")
                        .replace(
                                "{cluster: fra-1, pool: fra, replicas: 1, accelerators: 8}",
                                "{cluster: iad-1, pool: iad, replicas: 1, accelerators: 64}")
                        .replace(
                                "{classification: personal, zone: eu}", "{classification: public}");
        Path file =
                write(
                        FLEET.replace("capacity: 16", "capacity: 0")
                                + usBatch
                                + job(
                                        "a",
                                        "urgent",
                                        "priority: 5\nplacement: {preemptionPolicy: PreemptLowerPriority}"));
        Run run = PlanCommandTest.run("plan", "-f", file.toString(), "-o", "json");
        JsonNode urgent = find(run, "urgent");
        assertThat(urgent.get("phase").asText()).isEqualTo("Unschedulable");
        assertThat(urgent.get("reason").asText()).isEqualTo("NoFeasiblePool");
        assertThat(urgent.has("preempts")).isFalse();
        assertThat(urgent.get("message").asText())
                .startsWith(
                        "no preemption: no workload of priority below 5 holds accelerators on the"
                                + " 1 pool(s) the workload may use");
        assertThat(urgent.get("candidates").toString()).contains("OutsideSovereigntyZone");
    }

    @Test
    void placedWorkloadsAreNotSubtractedAgainFromAPoolsStatusCapacity() throws IOException {
        String withStatus =
                FLEET.replace(
                        "spec: {cluster: fra-1, accelerator: {model: H100}, capacity: 16}",
                        "spec: {cluster: fra-1, accelerator: {model: H100}, capacity: 16}\n"
                                + "status: {capacity: {available: 8}}");
        String big =
                job("b", "big", "")
                        .replace("acceleratorsPerWorker: 8", "acceleratorsPerWorker: 16");
        // Declared: 16 less the 8 held. Status: 8 available already leaves them out.
        Run declared =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        write(FLEET + running("b", "old") + big).toString(),
                        "-o",
                        "json");
        assertThat(find(declared, "big").at("/candidates/0/message").asText())
                .isEqualTo("needs 16 accelerator(s), 8 free");
        Run available =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        write(withStatus + running("b", "old") + big).toString(),
                        "-o",
                        "json");
        assertThat(find(available, "big").at("/candidates/0/message").asText())
                .isEqualTo("needs 16 accelerator(s), 8 free");
    }

    @Test
    void aFinishedWorkloadHoldsNothingAndIsNotDecided() throws IOException {
        String done = running("b", "done").replace("phase: Running", "phase: Succeeded");
        String big =
                job("b", "big", "")
                        .replace("acceleratorsPerWorker: 8", "acceleratorsPerWorker: 16");
        Run run =
                PlanCommandTest.run(
                        "plan", "-f", write(FLEET + done + big).toString(), "-o", "json");
        assertThat(new ObjectMapper().readTree(run.out()).get("placements")).hasSize(1);
        assertThat(find(run, "big").at("/assignments/0/pool").asText()).isEqualTo("fra");
    }

    @Test
    void aNamespaceOfTwoQuotasGetsNothingPlacedAndTheWarningSaysWhy() throws IOException {
        String second =
                QUOTA_A.replace("name: qa", "name: qall").replace("{matchLabels: {team: a}}", "{}");
        Path file = write(FLEET + QUOTA_A + second + job("a", "j", ""));
        Run run = PlanCommandTest.run("plan", "-f", file.toString(), "-o", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode j = find(run, "j");
        assertThat(j.get("reason").asText()).isEqualTo("QuotaExceeded");
        assertThat(j.get("message").asText())
                .startsWith("namespace a is selected by FleetQuotas [qa, qall] (OverlappingQuota)");
        assertThat(run.err())
                .contains("warning: namespace a is selected by FleetQuotas [qa, qall]")
                .contains("OverlappingQuota");
    }

    @Test
    void nowFixesTheClockAndMustBeRfc3339() throws IOException {
        Path file = write(FLEET + QUOTA_A + running("b", "batch") + job("a", "j", ""));
        Run first =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        file.toString(),
                        "-o",
                        "json",
                        "--now",
                        "2026-12-01T09:00:00Z");
        Run again =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        file.toString(),
                        "-o",
                        "json",
                        "--now",
                        "2026-12-01T10:00:00+01:00");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(again.out()).isEqualTo(first.out());

        Run bad = PlanCommandTest.run("plan", "-f", file.toString(), "--now", "tomorrow");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err())
                .contains("--now")
                .contains("not an RFC 3339 time")
                .doesNotContain("\tat ");
    }

    static Stream<Arguments> badQuotas() {
        String quota =
                """
                ---
                apiVersion: locus.dev/v1alpha1
                kind: FleetQuota
                metadata: {name: q}
                spec:
                  namespaceSelector: {matchLabels: {team: a}}
                  cohort: ml
                  limits:
                    - {zone: eu, models: [H100], accelerators: 8, lendingLimit: 4}
                """;
        return Stream.of(
                Arguments.of(
                        "a negative limit",
                        quota.replace("accelerators: 8", "accelerators: -8"),
                        "document 8 (FleetQuota q): spec.limits[0].accelerators: must be >= 0, got -8"),
                Arguments.of(
                        "lending more than it has",
                        quota.replace("lendingLimit: 4", "lendingLimit: 9"),
                        "(FleetQuota q): spec.limits[0]: lendingLimit cannot exceed accelerators"),
                Arguments.of(
                        "two limits over the same placements",
                        quota + "    - {zone: eu, models: [h100], accelerators: 2}\n",
                        "(FleetQuota q): spec: limits must be unique"),
                Arguments.of(
                        "borrowing without a cohort",
                        quota.replace("  cohort: ml\n", ""),
                        "(FleetQuota q): spec: borrowingLimit and lendingLimit need a cohort"),
                Arguments.of(
                        "an unknown zone in a limit",
                        quota.replace("zone: eu", "zone: eu-west"),
                        "document 8 (FleetQuota q): spec.limits[0].zone: SovereigntyZone"
                                + " \"eu-west\" does not exist (zones: [eu])"),
                Arguments.of(
                        "a selector that matches nothing",
                        quota.replace("team: a", "team: nobody"),
                        "document 8 (FleetQuota q): spec.namespaceSelector: selects none of the"
                                + " namespaces given [a, b]"),
                Arguments.of(
                        "no selector",
                        quota.replace("  namespaceSelector: {matchLabels: {team: a}}\n", ""),
                        "document 8 (FleetQuota q): spec.namespaceSelector: not set"),
                Arguments.of(
                        "a Namespace without a name",
                        "---\napiVersion: v1\nkind: Namespace\nmetadata: {labels: {team: c}}\n",
                        "document 8 (Namespace <no name>): metadata.name: is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQuotas")
    void badQuotasExitTwoNamingFileDocumentAndField(String name, String yaml, String expected)
            throws IOException {
        Path file = write(FLEET + yaml);
        Run run = PlanCommandTest.run("plan", "-f", file.toString());
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: " + file).contains(expected).doesNotContain("\tat ");
    }
}
