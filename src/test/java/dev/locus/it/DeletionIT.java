package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a workload deletes its remote objects first; a member that cannot be reached holds the
 * deletion until {@code locus.deletion.unreachable-timeout} (6 s here), then the workload is let go
 * with a warning naming the cluster.
 */
class DeletionIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.ams(16, 3.0);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    private static TrainingJob job(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    @Test
    void aReachableMemberLosesTheRemoteObjectsBeforeTheWorkloadGoes() {
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "tidy", Classification.PERSONAL, "eu", 1, 1))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                job("tidy") != null
                                        && job("tidy").getStatus() != null
                                        && job("tidy").getStatus().getPhase()
                                                == WorkloadPhase.RUNNING);
        var jobs = fleet.member("ams-1").batch().v1().jobs().inNamespace(Fleet.NAMESPACE);
        assertThat(jobs.withName("tidy").get()).isNotNull();

        fleet.hub.resource(job("tidy")).delete();

        await().atMost(Duration.ofSeconds(30)).until(() -> job("tidy") == null);
        assertThat(jobs.withName("tidy").get()).isNull();
        assertThat(
                        fleet.member("ams-1")
                                .services()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("tidy")
                                .get())
                .isNull();
    }

    @Test
    void anUnreachableMemberHoldsTheDeletionOnlyUntilTheTimeout() {
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "stranded", Classification.PERSONAL, "eu", 1, 1))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                job("stranded") != null
                                        && job("stranded").getStatus() != null
                                        && job("stranded").getStatus().getPhase()
                                                == WorkloadPhase.RUNNING);

        fleet.servers.stopMember("ams-1");
        try {
            fleet.hub.resource(job("stranded")).delete();

            // Held while the member does not answer...
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> job("stranded") != null);
            assertThat(job("stranded").getMetadata().getDeletionTimestamp()).isNotNull();
            // ...then let go, with a warning that names the cluster and how to find leftovers.
            await().atMost(Duration.ofSeconds(30)).until(() -> job("stranded") == null);
            Event abandoned =
                    fleet.hub.v1().events().inNamespace(Fleet.NAMESPACE).list().getItems().stream()
                            .filter(e -> "stranded".equals(e.getInvolvedObject().getName()))
                            .filter(e -> "CleanupAbandoned".equals(e.getReason()))
                            .findFirst()
                            .orElseThrow();
            assertThat(abandoned.getType()).isEqualTo("Warning");
            assertThat(abandoned.getMessage())
                    .contains("ams-1")
                    .contains("locus.dev/workload-uid=");
        } finally {
            fleet.servers.restartMember("ams-1");
        }
    }
}
