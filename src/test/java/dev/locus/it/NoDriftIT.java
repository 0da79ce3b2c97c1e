package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Locus writes only status (and its finalizer), never a workload's spec, labels or annotations, so
 * GitOps tools (Argo CD, Flux) see no drift between Git and the cluster.
 */
class NoDriftIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.ams(64, 1.0);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aWholeLifecycleLeavesSpecLabelsAndAnnotationsAsApplied() {
        TrainingJob job =
                Hub.job(Fleet.NAMESPACE, "gitops-job", Classification.PERSONAL, "eu", 2, 4);
        job.getMetadata().setLabels(Map.of("team", "research"));
        job.getMetadata()
                .setAnnotations(
                        Map.of(
                                "argocd.argoproj.io/tracking-id",
                                "locus-fleet:locus.dev/TrainingJob:ml/gitops-job"));
        InferenceEndpoint endpoint =
                Hub.endpoint(Fleet.NAMESPACE, "gitops-endpoint", Classification.PUBLIC, null, 2);
        var appliedJob = fleet.hub.resource(job).create();
        var appliedEndpoint = fleet.hub.resource(endpoint).create();

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                phase(job(), WorkloadPhase.RUNNING)
                                        && endpoint().getStatus() != null
                                        && endpoint().getStatus().getPhase()
                                                == WorkloadPhase.RUNNING);
        var remote =
                fleet.member("ams-1")
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("gitops-job")
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
        fleet.member("ams-1").resource(remote).updateStatus();
        await().atMost(Duration.ofSeconds(30)).until(() -> phase(job(), WorkloadPhase.SUCCEEDED));

        for (var pair : List.of(List.of(appliedJob, job()), List.of(appliedEndpoint, endpoint()))) {
            var before = pair.get(0);
            var after = pair.get(1);
            assertThat(
                            Serialization.asJson(
                                    ((io.fabric8.kubernetes.client.CustomResource<?, ?>) after)
                                            .getSpec()))
                    .isEqualTo(
                            Serialization.asJson(
                                    ((io.fabric8.kubernetes.client.CustomResource<?, ?>) before)
                                            .getSpec()));
            assertThat(after.getMetadata().getGeneration())
                    .isEqualTo(before.getMetadata().getGeneration())
                    .isEqualTo(1L);
            assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
            assertThat(after.getMetadata().getAnnotations())
                    .isEqualTo(before.getMetadata().getAnnotations());
        }
    }

    private static TrainingJob job() {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName("gitops-job")
                .get();
    }

    private static InferenceEndpoint endpoint() {
        return fleet.hub
                .resources(InferenceEndpoint.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName("gitops-endpoint")
                .get();
    }

    private static boolean phase(TrainingJob j, WorkloadPhase phase) {
        return j != null && j.getStatus() != null && j.getStatus().getPhase() == phase;
    }
}
