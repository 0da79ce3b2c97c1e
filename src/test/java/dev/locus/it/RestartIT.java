package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An operator restarted mid-flight adopts what the last one created instead of duplicating. */
class RestartIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.amsParIad(16, 3.0, 16, 2.5, 16, 1.0);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aRestartedOperatorAdoptsRemoteObjectsAndCarriesOn() {
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "long-run", Classification.PERSONAL, "eu", 2, 8))
                .create();
        fleet.hub
                .resource(Hub.endpoint(Fleet.NAMESPACE, "serve", Classification.PUBLIC, null, 2))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                phase("long-run") == WorkloadPhase.RUNNING
                                        && endpointPhase("serve") == WorkloadPhase.RUNNING);
        TrainingJob before = job("long-run");
        String cluster = before.getStatus().getPlacement().getAssignments().get(0).getCluster();
        String uid =
                fleet.member(cluster)
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("long-run")
                        .get()
                        .getMetadata()
                        .getUid();
        String decidedAt = before.getStatus().getPlacement().getDecidedAt();

        fleet.startOperator(); // stops the first operator, starts a new one with empty memory
        fleet.awaitReady("ams-1", "par-1", "iad-1");

        // The new operator finishes what the old one started: remote progress still flows.
        var remote =
                fleet.member(cluster)
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("long-run")
                        .get();
        remote.setStatus(
                new JobStatusBuilder()
                        .withSucceeded(2)
                        .withConditions(
                                new JobConditionBuilder()
                                        .withType("Complete")
                                        .withStatus("True")
                                        .build())
                        .build());
        fleet.member(cluster).resource(remote).updateStatus();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> phase("long-run") == WorkloadPhase.SUCCEEDED);

        // Same decision, same remote object: adopted, not re-created, and no copies elsewhere.
        TrainingJob after = job("long-run");
        assertThat(after.getStatus().getPlacement().getDecidedAt()).isEqualTo(decidedAt);
        assertThat(
                        fleet.member(cluster)
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("long-run")
                                .get()
                                .getMetadata()
                                .getUid())
                .isEqualTo(uid);
        long copies =
                fleet.servers.members().values().stream()
                        .mapToLong(
                                m ->
                                        m
                                                .client()
                                                .batch()
                                                .v1()
                                                .jobs()
                                                .inAnyNamespace()
                                                .list()
                                                .getItems()
                                                .stream()
                                                .filter(
                                                        j ->
                                                                j.getMetadata()
                                                                        .getName()
                                                                        .equals("long-run"))
                                                .count())
                        .sum();
        assertThat(copies).isEqualTo(1);
        long deployments =
                fleet.servers.members().values().stream()
                        .mapToLong(
                                m ->
                                        m.client()
                                                .apps()
                                                .deployments()
                                                .inAnyNamespace()
                                                .list()
                                                .getItems()
                                                .size())
                        .sum();
        assertThat(deployments)
                .isEqualTo(endpoint("serve").getStatus().getPlacement().getAssignments().size());
    }

    private static TrainingJob job(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static InferenceEndpoint endpoint(String name) {
        return fleet.hub
                .resources(InferenceEndpoint.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static WorkloadPhase phase(String name) {
        TrainingJob j = job(name);
        return j == null || j.getStatus() == null ? null : j.getStatus().getPhase();
    }

    private static WorkloadPhase endpointPhase(String name) {
        InferenceEndpoint e = endpoint(name);
        return e == null || e.getStatus() == null ? null : e.getStatus().getPhase();
    }
}
