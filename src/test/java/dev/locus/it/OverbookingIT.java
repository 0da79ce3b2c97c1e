package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fifty workloads applied at once never take more accelerators than a pool has. */
class OverbookingIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet("ams-1", "par-1", "fra-1");
        var hub = fleet.hub;
        hub.resource(Hub.zone("eu", List.of("NL", "FR", "DE"))).create();
        hub.resource(Hub.member("ams-1", "NL")).create();
        hub.resource(Hub.member("par-1", "FR")).create();
        hub.resource(Hub.member("fra-1", "DE")).create();
        // 40 + 24 + 16 = 80 accelerators: room for 10 of the 50 jobs of 8.
        hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 40, 3.0)).create();
        hub.resource(Hub.pool("par-h100", "par-1", "H100", 24, 2.5)).create();
        hub.resource(Hub.pool("fra-h100", "fra-1", "H100", 16, 2.0)).create();
        fleet.startOperator();
        fleet.awaitReady("ams-1", "par-1", "fra-1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void fiftyJobsAtOnceFillThePoolsExactlyAndTheRestWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "burst-" + i;
            created.add(
                    pool.submit(
                            () ->
                                    fleet.hub
                                            .resource(
                                                    Hub.job(
                                                            Fleet.NAMESPACE,
                                                            name,
                                                            Classification.INTERNAL,
                                                            "eu",
                                                            1,
                                                            8))
                                            .create()));
        }
        for (Future<?> f : created) {
            f.get();
        }
        pool.shutdown();

        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                fleet
                                        .hub
                                        .resources(TrainingJob.class)
                                        .inNamespace(Fleet.NAMESPACE)
                                        .list()
                                        .getItems()
                                        .stream()
                                        .allMatch(
                                                j ->
                                                        j.getStatus() != null
                                                                && j.getStatus().getPhase() != null
                                                                && j.getStatus().getPhase()
                                                                        != WorkloadPhase.PENDING));
        // A late (wrong) placement would surface within moments: for three seconds, no pool
        // may hold more than it has.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                heldOn("ams-h100") <= 40
                                        && heldOn("par-h100") <= 24
                                        && heldOn("fra-h100") <= 16);

        List<TrainingJob> jobs =
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .list()
                        .getItems();
        Map<String, Integer> used = new HashMap<>();
        int placed = 0;
        for (TrainingJob j : jobs) {
            if (j.getStatus().getPhase().holdsReservation()) {
                placed++;
                j.getStatus()
                        .getPlacement()
                        .getAssignments()
                        .forEach(a -> used.merge(a.getPool(), a.getAccelerators(), Integer::sum));
            } else {
                assertThat(j.getStatus().getPhase()).isEqualTo(WorkloadPhase.UNSCHEDULABLE);
                assertThat(j.getStatus().getMessage()).contains("InsufficientCapacity");
            }
        }
        assertThat(used)
                .containsEntry("ams-h100", 40)
                .containsEntry("par-h100", 24)
                .containsEntry("fra-h100", 16);
        assertThat(placed).isEqualTo(10);
        // Remote Jobs match the hub's decisions: one per placed workload, in its cluster only.
        long remote =
                fleet.servers.members().values().stream()
                        .mapToLong(
                                m ->
                                        m.client()
                                                .batch()
                                                .v1()
                                                .jobs()
                                                .inNamespace(Fleet.NAMESPACE)
                                                .list()
                                                .getItems()
                                                .size())
                        .sum();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                fleet.servers.members().values().stream()
                                                .mapToLong(
                                                        m ->
                                                                m.client()
                                                                        .batch()
                                                                        .v1()
                                                                        .jobs()
                                                                        .inNamespace(
                                                                                Fleet.NAMESPACE)
                                                                        .list()
                                                                        .getItems()
                                                                        .size())
                                                .sum()
                                        == 10);
        assertThat(remote).isLessThanOrEqualTo(10);
    }

    private static int heldOn(String pool) {
        return fleet
                .hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .list()
                .getItems()
                .stream()
                .filter(j -> j.getStatus() != null && j.getStatus().getPlacement() != null)
                .flatMap(j -> j.getStatus().getPlacement().getAssignments().stream())
                .filter(a -> pool.equals(a.getPool()))
                .mapToInt(a -> a.getAccelerators())
                .sum();
    }
}
