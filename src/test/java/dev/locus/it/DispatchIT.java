package dev.locus.it;

import static dev.locus.it.Hub.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.dispatch.RemoteLabels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Placement and dispatch end to end: hub, three member API servers, real informers. */
class DispatchIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet("ams-1", "par-1", "iad-1");
        var hub = fleet.hub;
        hub.resource(Hub.zone("eu", List.of("NL", "FR", "DE"))).create();
        hub.resource(Hub.zone("us", List.of("US"))).create();
        hub.resource(Hub.member("ams-1", "NL")).create();
        hub.resource(Hub.member("par-1", "FR")).create();
        hub.resource(Hub.member("iad-1", "US")).create();
        hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 16, 3.0)).create();
        hub.resource(Hub.pool("par-h100", "par-1", "H100", 16, 2.5)).create();
        hub.resource(Hub.pool("iad-h100", "iad-1", "H100", 64, 1.0)).create();
        fleet.startOperator();
        fleet.awaitReady("ams-1", "par-1", "iad-1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    private static TrainingJob awaitPhase(String name, WorkloadPhase phase) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            TrainingJob j =
                                    fleet.hub
                                            .resources(TrainingJob.class)
                                            .inNamespace(Fleet.NAMESPACE)
                                            .withName(name)
                                            .get();
                            return j != null
                                    && j.getStatus() != null
                                    && j.getStatus().getPhase() == phase;
                        });
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static Job remoteJob(String cluster, String name) {
        return fleet.member(cluster)
                .batch()
                .v1()
                .jobs()
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    @Test
    void aPlacedTrainingJobRunsAsAnIndexedJobOnTheChosenPool() {
        fleet.hub
                .resource(job(Fleet.NAMESPACE, "llm", Classification.PERSONAL, "eu", 2, 4))
                .create();

        TrainingJob placed = awaitPhase("llm", WorkloadPhase.RUNNING);
        assertThat(placed.getStatus().getPlacement().getAssignments())
                .singleElement()
                .satisfies(
                        a -> {
                            // Cheapest compliant pool: iad-1 is cheaper but outside the EU zone.
                            assertThat(a.getCluster()).isEqualTo("par-1");
                            assertThat(a.getAccelerators()).isEqualTo(8);
                        });
        assertThat(placed.getStatus().getPlacement().getPolicy())
                .contains("personal data governed by SovereigntyZone eu");
        assertThat(Conditions.isTrue(placed.getStatus().getConditions(), WorkloadStatus.PLACED))
                .isTrue();
        assertThat(Conditions.isTrue(placed.getStatus().getConditions(), WorkloadStatus.DISPATCHED))
                .isTrue();
        assertThat(placed.getMetadata().getFinalizers()).contains("locus.dev/remote-objects");

        Job remote = remoteJob("par-1", "llm");
        assertThat(remote).isNotNull();
        assertThat(remote.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(remote.getSpec().getCompletions()).isEqualTo(2);
        assertThat(remote.getSpec().getParallelism()).isEqualTo(2);
        assertThat(remote.getMetadata().getLabels())
                .containsEntry(RemoteLabels.WORKLOAD, "llm")
                .containsEntry(RemoteLabels.WORKLOAD_NAMESPACE, Fleet.NAMESPACE)
                .containsEntry(RemoteLabels.WORKLOAD_UID, placed.getMetadata().getUid());
        var pod = remote.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "H100");
        assertThat(
                        pod.getContainers()
                                .get(0)
                                .getResources()
                                .getLimits()
                                .get("nvidia.com/gpu")
                                .getAmount())
                .isEqualTo("4");
        assertThat(pod.getContainers().get(0).getEnv())
                .extracting(EnvVar::getName)
                .contains("WORLD_SIZE", "RANK", "MASTER_ADDR", "MASTER_PORT");
        assertThat(
                        fleet.member("par-1")
                                .services()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("llm")
                                .get()
                                .getSpec()
                                .getClusterIP())
                .isEqualTo("None");
        // Nothing anywhere else.
        assertThat(remoteJob("ams-1", "llm")).isNull();
        assertThat(remoteJob("iad-1", "llm")).isNull();
    }

    @Test
    void remoteCompletionFlowsBackAndReleasesTheReservation() {
        fleet.hub
                .resource(job(Fleet.NAMESPACE, "finetune", Classification.PUBLIC, null, 1, 8))
                .create();
        TrainingJob running = awaitPhase("finetune", WorkloadPhase.RUNNING);
        String cluster = running.getStatus().getPlacement().getAssignments().get(0).getCluster();
        String pool = running.getStatus().getPlacement().getAssignments().get(0).getPool();
        var ledger = fleet.operator().locus().ledger();
        await().until(() -> ledger.heldPerPool().getOrDefault(pool, 0) >= 8);
        int reservedWhileRunning = ledger.heldPerPool().get(pool);

        Job remote = remoteJob(cluster, "finetune");
        remote.setStatus(
                new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                        .withSucceeded(1)
                        .withConditions(
                                new JobConditionBuilder()
                                        .withType("Complete")
                                        .withStatus("True")
                                        .build())
                        .build());
        fleet.member(cluster).resource(remote).updateStatus();

        TrainingJob done = awaitPhase("finetune", WorkloadPhase.SUCCEEDED);
        assertThat(Conditions.isTrue(done.getStatus().getConditions(), WorkloadStatus.COMPLETE))
                .isTrue();
        assertThat(done.getStatus().getMessage())
                .isEqualTo("the Job completed in cluster " + cluster);
        await().until(() -> ledger.heldPerPool().getOrDefault(pool, 0) == reservedWhileRunning - 8);
    }

    @Test
    void deletingAWorkloadDeletesItsRemoteObjects() {
        fleet.hub
                .resource(job(Fleet.NAMESPACE, "short-lived", Classification.PERSONAL, "eu", 1, 1))
                .create();
        TrainingJob running = awaitPhase("short-lived", WorkloadPhase.RUNNING);
        String cluster = running.getStatus().getPlacement().getAssignments().get(0).getCluster();
        assertThat(remoteJob(cluster, "short-lived")).isNotNull();

        fleet.hub.resource(running).delete();

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                remoteJob(cluster, "short-lived") == null
                                        && fleet.member(cluster)
                                                        .services()
                                                        .inNamespace(Fleet.NAMESPACE)
                                                        .withName("short-lived")
                                                        .get()
                                                == null
                                        && fleet.hub
                                                        .resources(TrainingJob.class)
                                                        .inNamespace(Fleet.NAMESPACE)
                                                        .withName("short-lived")
                                                        .get()
                                                == null);
    }

    @Test
    void restrictedDataIsNeverDispatchedOutsideItsZone() {
        // Only the US pool has room for 32: personal EU data must wait rather than go there.
        fleet.hub
                .resource(
                        job(Fleet.NAMESPACE, "too-big-for-eu", Classification.PERSONAL, "eu", 4, 8))
                .create();
        TrainingJob waiting = awaitPhase("too-big-for-eu", WorkloadPhase.UNSCHEDULABLE);

        assertThat(waiting.getStatus().getMessage())
                .startsWith("0/3 pools fit")
                .contains("OutsideSovereigntyZone")
                .contains("InsufficientCapacity");
        assertThat(waiting.getStatus().getCandidates())
                .filteredOn(c -> c.getPool().equals("iad-h100"))
                .singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("OutsideSovereigntyZone"));
        assertThat(
                        Conditions.find(waiting.getStatus().getConditions(), WorkloadStatus.PLACED)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("NoFeasiblePool");
        assertThat(remoteJob("iad-1", "too-big-for-eu")).isNull();
        assertThat(
                        fleet.member("iad-1")
                                .batch()
                                .v1()
                                .jobs()
                                .inAnyNamespace()
                                .withLabel(RemoteLabels.WORKLOAD, "too-big-for-eu")
                                .list()
                                .getItems())
                .isEmpty();
    }

    @Test
    void anInferenceEndpointGetsADeploymentPerPoolAndAServicePerCluster() {
        var endpoint = Hub.endpoint(Fleet.NAMESPACE, "chat", Classification.PUBLIC, null, 3);
        fleet.hub.resource(endpoint).create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            var e =
                                    fleet.hub
                                            .resources(InferenceEndpoint.class)
                                            .inNamespace(Fleet.NAMESPACE)
                                            .withName("chat")
                                            .get();
                            return e.getStatus() != null
                                    && e.getStatus().getPhase() == WorkloadPhase.RUNNING;
                        });
        var placed =
                fleet.hub
                        .resources(InferenceEndpoint.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("chat")
                        .get();
        var a = placed.getStatus().getPlacement().getAssignments().get(0);
        var deployment =
                fleet.member(a.getCluster())
                        .apps()
                        .deployments()
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("chat-" + a.getPool())
                        .get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(
                        fleet.member(a.getCluster())
                                .services()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("chat")
                                .get()
                                .getSpec()
                                .getPorts()
                                .get(0)
                                .getPort())
                .isEqualTo(8000);

        deployment.setStatus(
                new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                        .withReadyReplicas(2)
                        .withReplicas(3)
                        .build());
        fleet.member(a.getCluster()).resource(deployment).updateStatus();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                Integer.valueOf(2)
                                        .equals(
                                                fleet.hub
                                                        .resources(InferenceEndpoint.class)
                                                        .inNamespace(Fleet.NAMESPACE)
                                                        .withName("chat")
                                                        .get()
                                                        .getStatus()
                                                        .getReadyReplicas()));
    }

    @Test
    void anObjectLocusDidNotCreateIsLeftAloneAndReported() {
        // Someone else's Job already has the name Locus would use.
        fleet.member("par-1")
                .batch()
                .v1()
                .jobs()
                .inNamespace(Fleet.NAMESPACE)
                .resource(
                        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                                .withNewMetadata()
                                .withName("taken")
                                .withNamespace(Fleet.NAMESPACE)
                                .withLabels(Map.of("team", "other"))
                                .endMetadata()
                                .withNewSpec()
                                .withNewTemplate()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("x")
                                .withImage("x")
                                .endContainer()
                                .withRestartPolicy("Never")
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .build())
                .create();
        var job = job(Fleet.NAMESPACE, "taken", Classification.PERSONAL, "eu", 1, 1);
        job.getSpec().getPlacement();
        fleet.hub
                .resource(
                        Hub.with(
                                job,
                                j ->
                                        j.getSpec()
                                                .setPlacement(
                                                        Hub.with(
                                                                new dev.locus.api.v1alpha1
                                                                        .PlacementSpec(),
                                                                p ->
                                                                        p.setClusterSelector(
                                                                                new io.fabric8
                                                                                                .kubernetes
                                                                                                .api
                                                                                                .model
                                                                                                .LabelSelectorBuilder()
                                                                                        .withMatchLabels(
                                                                                                Map
                                                                                                        .of(
                                                                                                                "site",
                                                                                                                "paris"))
                                                                                        .build())))))
                .create();
        fleet.mergePatch(
                dev.locus.api.v1alpha1.Cluster.class,
                "par-1",
                "{\"metadata\":{\"labels\":{\"site\":\"paris\"}}}");

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            var j =
                                    fleet.hub
                                            .resources(TrainingJob.class)
                                            .inNamespace(Fleet.NAMESPACE)
                                            .withName("taken")
                                            .get();
                            return j.getStatus() != null
                                    && Conditions.find(
                                                    j.getStatus().getConditions(),
                                                    WorkloadStatus.DISPATCHED)
                                            .map(c -> "NameConflict".equals(c.getReason()))
                                            .orElse(false);
                        });
        Job theirs = remoteJob("par-1", "taken");
        assertThat(theirs.getMetadata().getLabels())
                .containsEntry("team", "other")
                .doesNotContainKey(RemoteLabels.WORKLOAD_UID);
    }
}
