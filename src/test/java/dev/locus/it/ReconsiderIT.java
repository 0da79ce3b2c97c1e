package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Unschedulable workload is reconsidered as soon as something that could change the answer
 * changes. The scheduler's timer is set to ten minutes here, so only events can do it.
 */
class ReconsiderIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.ams(8, 3.0, Duration.ofMinutes(10));
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    private static WorkloadPhase phase(String name) {
        TrainingJob j =
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .withName(name)
                        .get();
        return j == null || j.getStatus() == null ? null : j.getStatus().getPhase();
    }

    @Test
    void waitingWorkSeesCapacityFreedByAFinishedJobAPoolGrowingAndANewZone() {
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "first", Classification.PERSONAL, "eu", 1, 8))
                .create();
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("first") == WorkloadPhase.RUNNING);
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "second", Classification.PERSONAL, "eu", 1, 8))
                .create();
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "third", Classification.PERSONAL, "eu", 1, 8))
                .create();
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "swiss", Classification.PERSONAL, "ch", 1, 1))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                phase("second") == WorkloadPhase.UNSCHEDULABLE
                                        && phase("third") == WorkloadPhase.UNSCHEDULABLE
                                        && phase("swiss") == WorkloadPhase.UNSCHEDULABLE);
        assertThat(events("second"))
                .anySatisfy(
                        e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason()).isEqualTo("NoFeasiblePool");
                        });

        // Another workload finishing frees its accelerators: the next in line takes them.
        var remote =
                fleet.member("ams-1")
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("first")
                        .get();
        remote.setStatus(
                new JobStatusBuilder()
                        .withSucceeded(1)
                        .withConditions(
                                new JobConditionBuilder()
                                        .withType("Complete")
                                        .withStatus("True")
                                        .build())
                        .build());
        fleet.member("ams-1").resource(remote).updateStatus();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> phase("second") == WorkloadPhase.RUNNING);
        assertThat(phase("third")).isEqualTo(WorkloadPhase.UNSCHEDULABLE);

        // A pool that grows takes the next one.
        fleet.mergePatch(GPUPool.class, "ams-h100", "{\"spec\":{\"capacity\":16}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("third") == WorkloadPhase.RUNNING);

        // Room for one more, but the zone it names does not exist: it stays Unschedulable...
        fleet.mergePatch(GPUPool.class, "ams-h100", "{\"spec\":{\"capacity\":17}}");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            GPUPool pool =
                                    fleet.hub.resources(GPUPool.class).withName("ams-h100").get();
                            return pool.getStatus() != null
                                    && pool.getStatus().getCapacity().getAvailable() == 1;
                        });
        assertThat(phase("swiss")).isEqualTo(WorkloadPhase.UNSCHEDULABLE);
        // ...until the zone is created: that event alone places it.
        fleet.hub.resource(Hub.zone("ch", List.of("NL"))).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> phase("swiss") == WorkloadPhase.RUNNING);

        assertThat(events("third")).extracting(Event::getReason).contains("Placed", "Dispatched");
    }

    private static List<Event> events(String workload) {
        return fleet.hub.v1().events().inNamespace(Fleet.NAMESPACE).list().getItems().stream()
                .filter(e -> workload.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
