package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load and the hub informer against an embedded hub, without an operator. */
class TrackerAndLoadTest {

    static MockApiServers servers;
    static KubernetesClient hub;
    static final List<BenchFleet.Member> MEMBERS =
            BenchFleet.members(new BenchFleet.Shape(8, 2, 64, 8));

    @BeforeAll
    static void start() {
        servers = new MockApiServers();
        hub = servers.hub().client();
        WorkloadMix.TEAMS.forEach(ns -> MockApiServers.ensureNamespace(hub, ns));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void theTrackerSeesPlacementsAndDispatchesAsTheyAreWritten() throws Exception {
        try (Tracker tracker = new Tracker(hub, Duration.ofSeconds(30))) {
            List<WorkloadResource> workloads = new WorkloadMix(3, MEMBERS).generate("track", 20);
            Tracker.Run run = tracker.start("track", workloads);
            Load.Outcome o =
                    new Load(hub, 4).burst(workloads, run::created, Duration.ofSeconds(30));
            assertThat(o.applied()).isEqualTo(20);
            assertThat(o.finished()).isTrue();
            assertThat(run.placedCount()).isZero();

            // What the scheduler writes, then what dispatching writes.
            for (WorkloadResource w : workloads) {
                WorkloadResource current = hub.resource(w).get();
                hub.resource(current.withStatus(Load.placed(current))).updateStatus();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            assertThat(run.awaitPlaced(deadline, () -> true)).isTrue();
            assertThat(run.dispatchedCount()).isZero();
            for (WorkloadResource w : workloads) {
                WorkloadResource current = hub.resource(w).get();
                WorkloadStatus status = current.getStatus();
                Conditions.set(
                        status.getConditions(),
                        WorkloadStatus.DISPATCHED,
                        true,
                        "Dispatched",
                        "created",
                        1L,
                        Instant.now());
                hub.resource(current).updateStatus();
            }
            assertThat(run.awaitDispatched(deadline, () -> true)).isTrue();
            assertThat(run.toPlacedMillis())
                    .hasSize(20)
                    .allSatisfy(ms -> assertThat(ms).isPositive());
            assertThat(run.toDispatchedMillis()).hasSize(20);
            assertThat(run.lastDispatched()).isGreaterThanOrEqualTo(run.lastPlaced());

            workloads.forEach(w -> hub.resource(w).delete());
            assertThat(run.awaitGone(deadline, () -> true)).isTrue();
            assertThat(run.goneCount()).isEqualTo(20);
        }
    }

    @Test
    void aDeletionTheWatchMissedIsCountedFromWhatTheHubLists() throws Exception {
        try (Tracker tracker = new Tracker(hub, Duration.ofSeconds(30))) {
            List<WorkloadResource> workloads = new WorkloadMix(5, MEMBERS).generate("missed", 3);
            Tracker.Run run = tracker.start("missed", workloads);
            // Never created here, so no watch event will ever say they went: the hub still
            // lists the first one only.
            run.goneExcept(java.util.Set.of(Tracker.key(workloads.get(0))));
            assertThat(run.goneCount()).isEqualTo(2);
            run.goneExcept(java.util.Set.of(Tracker.key(workloads.get(0))));
            assertThat(run.goneCount()).as("each counted once").isEqualTo(2);
            run.goneExcept(java.util.Set.of());
            assertThat(run.awaitGone(System.nanoTime(), () -> true)).isTrue();
        }
    }

    @Test
    void waitingEndsWhenTheOperatorIsGone() throws Exception {
        try (Tracker tracker = new Tracker(hub, Duration.ofSeconds(30))) {
            List<WorkloadResource> workloads = new WorkloadMix(3, MEMBERS).generate("never", 2);
            Tracker.Run run = tracker.start("never", workloads);
            long started = System.nanoTime();
            assertThat(
                            run.awaitPlaced(
                                    System.nanoTime() + Duration.ofMinutes(5).toNanos(),
                                    () -> false))
                    .isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theCeilingCreatesAndWritesAStatusOnEach() throws Exception {
        List<WorkloadResource> workloads =
                new WorkloadMix(5, MEMBERS).generate("ceiling-30", 30, "bench-ceiling");
        MockApiServers.ensureNamespace(hub, "bench-ceiling");
        Load.Outcome o = new Load(hub, 8).createAndWriteStatus(workloads, Duration.ofSeconds(30));
        assertThat(o.applied()).isEqualTo(30);
        assertThat(o.failed()).isZero();
        assertThat(o.seconds()).isPositive();
        List<TrainingJob> jobs =
                hub.resources(TrainingJob.class).inNamespace("bench-ceiling").list().getItems();
        assertThat(jobs)
                .isNotEmpty()
                .allSatisfy(
                        j -> {
                            assertThat(j.getStatus().getPlacement()).isNotNull();
                            assertThat(Conditions.isTrue(j.getStatus().getConditions(), "Placed"))
                                    .isTrue();
                        });
    }

    @Test
    void aConditionListSaysDispatched() {
        assertThat(
                        Tracker.dispatched(
                                Map.of(
                                        "conditions",
                                        List.of(Map.of("type", "Dispatched", "status", "True")))))
                .isTrue();
        assertThat(
                        Tracker.dispatched(
                                Map.of(
                                        "conditions",
                                        List.of(Map.of("type", "Dispatched", "status", "False")))))
                .isFalse();
        assertThat(Tracker.dispatched(Map.of("phase", "Placed"))).isFalse();
    }
}
