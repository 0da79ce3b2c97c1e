package dev.locus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.locus.api.schema.CrdSchemas;
import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the demo's embedded hub, as README's {@code kubectl get tj,ie,gp,lc,sz
 * -A} promises: discovery, tables with the CRDs' printer columns, describe with events, apply with
 * OpenAPI, explain, and watch. Skipped when kubectl is not on the PATH.
 */
class KubectlAgainstTheHubIT {

    record Result(int code, String out, String err) {}

    @TempDir static Path dir;

    static MockApiServers servers;
    static KubernetesClient hub;
    static Path kubeconfig;
    static Result applied;

    @BeforeAll
    static void startTheHubAndApplyTheExamples() throws Exception {
        assumeTrue(
                new ProcessBuilder("kubectl", "version", "--client")
                                .redirectErrorStream(true)
                                .redirectOutput(dir.resolve("version.txt").toFile())
                                .start()
                                .waitFor()
                        == 0,
                "kubectl is not on the PATH: kubectl against the demo hub not checked");
        servers = new MockApiServers();
        hub = servers.hub().client();
        // As the demo does before kubectl comes: this namespace exists without kubectl's
        // annotation, so apply patches it (a strategic merge patch).
        MockApiServers.ensureNamespace(hub, "ml-research");
        kubeconfig = dir.resolve("hub.kubeconfig");
        Files.writeString(kubeconfig, servers.kubectlKubeconfig());
        applied = kubectl("apply", "-f", "examples/", "-R");
    }

    @AfterAll
    static void stopTheHub() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void applyCreatesTheExamples() {
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out())
                .contains("trainingjob.locus.dev/llm-pretrain-de created")
                .contains("cluster.locus.dev/fra-1 created")
                .contains("fleetquota.locus.dev/research created")
                .contains("namespace/ml-prod created")
                .contains("namespace/ml-research configured");
        assertThat(hub.resources(SovereigntyZone.class).list().getItems()).hasSize(4);
        assertThat(hub.resources(Cluster.class).list().getItems()).hasSize(7);
        assertThat(hub.resources(GPUPool.class).list().getItems()).hasSize(10);
        assertThat(hub.resources(TrainingJob.class).inAnyNamespace().list().getItems()).hasSize(9);
        assertThat(hub.resources(InferenceEndpoint.class).inAnyNamespace().list().getItems())
                .hasSize(3);
        assertThat(hub.namespaces().withName("ml-research").get().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    void apiResourcesListsTheLocusKindsAndTheBuiltInOnes() throws Exception {
        Result r = kubectl("api-resources");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("trainingjobs +tj +locus.dev/v1alpha1 +true +TrainingJob")
                .containsPattern(
                        "inferenceendpoints +ie +locus.dev/v1alpha1 +true +InferenceEndpoint")
                .containsPattern("gpupools +gp +locus.dev/v1alpha1 +false +GPUPool")
                .containsPattern("clusters +lc +locus.dev/v1alpha1 +false +Cluster")
                .containsPattern("sovereigntyzones +sz +locus.dev/v1alpha1 +false +SovereigntyZone")
                .containsPattern("namespaces +ns +v1 +false +Namespace")
                .containsPattern("secrets +v1 +true +Secret")
                .containsPattern("events +ev +v1 +true +Event")
                .containsPattern("jobs +batch/v1 +true +Job")
                .containsPattern("deployments +deploy +apps/v1 +true +Deployment");
    }

    @Test
    void getShowsEveryKindWithItsPrinterColumns() throws Exception {
        place("llm-pretrain-de", "fra-1", "fra-1-h100");
        Result r = kubectl("get", "tj,ie,gp,lc,sz", "-A");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("NAMESPACE +NAME +PHASE +ZONE +CLUSTER +POOL +AGE")
                .containsPattern(
                        "ml-research +trainingjob.locus.dev/llm-pretrain-de +Placed +eu +fra-1 +fra-1-h100 +\\d+[smh]")
                .contains("inferenceendpoint.locus.dev/assistant-eu")
                .containsPattern("gpupool.locus.dev/fra-1-h100 +fra-1 +H100")
                .containsPattern("cluster.locus.dev/fra-1 +DE +equinix")
                .containsPattern("sovereigntyzone.locus.dev/uk +\\[\"GB\"]")
                // MESSAGE has priority 1: only in -o wide.
                .doesNotContain("MESSAGE");
    }

    @Test
    void wideAddsTheColumnsOfPriorityOne() throws Exception {
        place("llm-pretrain-de", "fra-1", "fra-1-h100");
        Result r = kubectl("get", "tj", "-A", "-o", "wide");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern(
                        "NAMESPACE +NAME +PHASE +ZONE +CLUSTER +POOL +WORKERS +MESSAGE +AGE")
                .containsPattern("llm-pretrain-de +Placed +eu +fra-1 +fra-1-h100 +4 +placed by")
                // Rows in name order, as an API server lists them.
                .containsPattern("(?s)claims-finetune.*fraud-detector-uk.*llm-pretrain-de");
    }

    @Test
    void describeShowsTheObjectAndItsEvents() throws Exception {
        TrainingJob job = place("claims-finetune", "osl-1", "osl-1-h100");
        event(job, "claims.1", "Placed", "the event of claims-finetune");
        event(
                hub.resources(TrainingJob.class)
                        .inNamespace("ml-research")
                        .withName("green-finetune")
                        .get(),
                "green.1",
                "Placed",
                "the event of green-finetune");
        Result r = kubectl("describe", "tj", "-n", "ml-research", "claims-finetune");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("Name: +claims-finetune")
                .containsPattern("Kind: +TrainingJob")
                .containsPattern("Classification: +personal")
                .containsPattern("Phase: +Placed")
                .containsPattern("Normal +Placed .* the event of claims-finetune")
                .doesNotContain("the event of green-finetune");
    }

    @Test
    void explainDescribesAFieldFromTheCrdSchema() throws Exception {
        String description =
                CrdSchemas.forKind("TrainingJob")
                        .orElseThrow()
                        .schema()
                        .getProperties()
                        .get("spec")
                        .getProperties()
                        .get("data")
                        .getDescription();
        Result r = kubectl("explain", "trainingjob.spec.data");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("KIND:       TrainingJob")
                .contains("FIELD: data <Object>")
                .contains(description.substring(0, 40))
                .containsPattern("classification\\s+<string> -required-");
    }

    @Test
    void watchPrintsObjectsCreatedAfterItStarted() throws Exception {
        Path out = dir.resolve("watch.out");
        List<String> command = command("get", "tj", "-n", "ml-research", "-w");
        Process watch =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(dir.resolve("watch.err").toFile())
                        .start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(out).contains("llm-pretrain-xl"));
            TrainingJob copy =
                    hub.resources(TrainingJob.class)
                            .inNamespace("ml-research")
                            .withName("green-finetune")
                            .get();
            copy.setMetadata(
                    new ObjectMetaBuilder()
                            .withName("watched-finetune")
                            .withNamespace("ml-research")
                            .build());
            copy.setStatus(null);
            hub.resource(copy).create();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(Files.readString(out))
                                            .containsPattern("(?m)^watched-finetune +\\d+s$"));
            // The list before the watch is printed once: the watch does not repeat it.
            assertThat(Files.readString(out).split("llm-pretrain-xl", -1)).hasSize(2);
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("watch.err"))).doesNotContain("error");
    }

    /** Writes a placement into a TrainingJob's status, as the operator would. */
    private static TrainingJob place(String name, String cluster, String pool) {
        TrainingJob job =
                hub.resources(TrainingJob.class).inNamespace("ml-research").withName(name).get();
        TrainingJobStatus status = new TrainingJobStatus();
        status.setPhase(WorkloadPhase.PLACED);
        status.setMessage("placed by the test");
        PlacementStatus placement = new PlacementStatus();
        placement.setZone("eu");
        placement.setAssignments(
                List.of(new Assignment(cluster, pool, job.getSpec().getWorkers(), 8, 0.0)));
        status.setPlacement(placement);
        job.setStatus(status);
        return hub.resource(job).updateStatus();
    }

    private static void event(TrainingJob job, String name, String reason, String message) {
        hub.v1()
                .events()
                .inNamespace("ml-research")
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace("ml-research")
                                .endMetadata()
                                .withType("Normal")
                                .withReason(reason)
                                .withMessage(message)
                                .withNewInvolvedObject()
                                .withApiVersion(job.getApiVersion())
                                .withKind(job.getKind())
                                .withName(job.getMetadata().getName())
                                .withNamespace(job.getMetadata().getNamespace())
                                .withUid(job.getMetadata().getUid())
                                .endInvolvedObject()
                                .withNewSource("the-test", null)
                                .withFirstTimestamp(job.getMetadata().getCreationTimestamp())
                                .withLastTimestamp(job.getMetadata().getCreationTimestamp())
                                .withCount(1)
                                .build())
                .createOr(existing -> existing.update());
    }

    private static List<String> command(String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "kubectl",
                                "--kubeconfig",
                                kubeconfig.toString(),
                                "--cache-dir",
                                dir.resolve("cache").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "kubectl", ".out");
        Path err = Files.createTempFile(dir, "kubectl", ".err");
        Process process =
                new ProcessBuilder(command(args))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s", List.of(args)).isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
