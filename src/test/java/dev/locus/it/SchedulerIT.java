package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.cli.demo.MockApiServers;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.scheduling.DecisionWriter;
import dev.locus.scheduling.ReservationLedger;
import dev.locus.scheduling.Scheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a hub whose caches lag behind its own writes: the reservations it wrote
 * still count, so a second pass never hands out the same accelerators again.
 */
class SchedulerIT {

    private MockApiServers servers;
    private KubernetesClient hub;

    /** A cache of the hub frozen at one moment, as caches are before they catch up. */
    static HubCache frozen(KubernetesClient hub) {
        HubCache cache = new HubCache();
        hub.resources(SovereigntyZone.class).list().getItems().forEach(cache.zones()::add);
        hub.resources(Cluster.class).list().getItems().forEach(cache.clusters()::add);
        hub.resources(GPUPool.class).list().getItems().forEach(cache.pools()::add);
        hub.resources(TrainingJob.class)
                .inAnyNamespace()
                .list()
                .getItems()
                .forEach(cache.trainingJobs()::add);
        hub.resources(InferenceEndpoint.class)
                .inAnyNamespace()
                .list()
                .getItems()
                .forEach(cache.inferenceEndpoints()::add);
        cache.markSynced();
        return cache;
    }

    /** A scheduler over a cache, writing to the hub, that runs passes only when asked. */
    private Scheduler scheduler(HubCache cache, ReservationLedger ledger) {
        return scheduler(cache, ledger, w -> true);
    }

    private Scheduler scheduler(
            HubCache cache,
            ReservationLedger ledger,
            java.util.function.Predicate<dev.locus.api.v1alpha1.WorkloadResource> ready) {
        return new Scheduler(
                cache,
                ledger,
                new DecisionWriter(
                        hub, ledger, new EventRecorder(hub, Clock.systemUTC(), "default"), 4),
                Clock.systemUTC(),
                Duration.ofHours(1),
                ready);
    }

    /** Waits until the decisions a pass handed to the writer are written. */
    static void awaitWrites(Scheduler scheduler) {
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.writesInFlight() == 0);
    }

    /** The cache sees a new generation of a Cluster, as after an edit of its spec. */
    static void touchCluster(HubCache cache, String name) {
        Cluster before = cache.cluster(name).orElseThrow();
        Cluster after = io.fabric8.kubernetes.client.utils.Serialization.clone(before);
        after.getMetadata().setGeneration(before.getMetadata().getGeneration() + 1);
        cache.clusters().add(after);
    }

    @BeforeEach
    void fleet() {
        servers = new MockApiServers();
        hub = servers.hub().client();
        MockApiServers.ensureNamespace(hub, "ml");
        hub.resource(Hub.zone("eu", List.of("NL", "FR"))).create();
        for (String[] c : new String[][] {{"ams-1", "NL"}, {"par-1", "FR"}}) {
            Cluster cluster = hub.resource(Hub.member(c[0], c[1])).create();
            ClusterStatus status = new ClusterStatus();
            Conditions.set(
                    status.getConditions(),
                    ClusterStatus.READY,
                    true,
                    "Reachable",
                    "ok",
                    1L,
                    Instant.now());
            cluster.setStatus(status);
            hub.resource(cluster).updateStatus();
        }
        hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 48, 3.0)).create();
        hub.resource(Hub.pool("par-h100", "par-1", "H100", 32, 2.5)).create();
        for (int i = 0; i < 50; i++) {
            hub.resource(
                            Hub.job(
                                    "ml",
                                    String.format("job-%02d", i),
                                    Classification.PERSONAL,
                                    "eu",
                                    1,
                                    8))
                    .create();
        }
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void aWorkloadIsDecidedOnlyOnceTheOperatorFollowsIt() {
        HubCache cache = frozen(hub);
        Scheduler scheduler =
                scheduler(
                        cache, new ReservationLedger(), dev.locus.api.v1alpha1.Workloads::followed);
        // No finalizer yet: deciding now would race the finalizer's patch.
        assertThat(scheduler.runPass().decisions()).isEmpty();
        assertThat(scheduler.pendingByReason()).isEmpty();

        TrainingJob job = cache.trainingJobs().named("ml", "job-07").orElseThrow();
        TrainingJob followed = io.fabric8.kubernetes.client.utils.Serialization.clone(job);
        followed.getMetadata().setFinalizers(List.of(dev.locus.api.v1alpha1.Workloads.FINALIZER));
        cache.trainingJobs().add(followed);

        var pass = scheduler.runPass();
        assertThat(pass.decisions())
                .singleElement()
                .satisfies(d -> assertThat(d.workload().ref().name()).isEqualTo("job-07"));
        awaitWrites(scheduler);
    }

    @Test
    void aSecondPassOnStaleCachesPlacesNothingTwice() {
        ReservationLedger ledger = new ReservationLedger();
        HubCache cache = frozen(hub);
        Scheduler scheduler = scheduler(cache, ledger);

        var first = scheduler.runPass();
        assertThat(first.decisions()).hasSize(50);
        assertThat(first.decisions().stream().filter(d -> d.placed()).count()).isEqualTo(10);
        awaitWrites(scheduler);

        // The cache still shows every job Pending, but the scheduler remembers what it wrote.
        // (Unschedulable work is decided again only once capacity may have grown: a Cluster
        // change says it may.)
        touchCluster(cache, "par-1");
        var second = scheduler.runPass();
        assertThat(second.decisions().stream().filter(d -> d.placed())).isEmpty();
        assertThat(second.decisions()).hasSize(40);
        assertThat(ledger.heldPerPool())
                .containsEntry("ams-h100", 48)
                .containsEntry("par-h100", 32);

        Map<String, Integer> used = new HashMap<>();
        List<String> placed = new ArrayList<>();
        for (TrainingJob j : hub.resources(TrainingJob.class).inNamespace("ml").list().getItems()) {
            if (j.getStatus().getPhase() == WorkloadPhase.PLACED) {
                placed.add(j.getMetadata().getName());
                j.getStatus()
                        .getPlacement()
                        .getAssignments()
                        .forEach(a -> used.merge(a.getPool(), a.getAccelerators(), Integer::sum));
            }
        }
        assertThat(placed).hasSize(10);
        assertThat(used).containsEntry("ams-h100", 48).containsEntry("par-h100", 32);
        scheduler.close();
    }

    @Test
    void aFailoverThatFindsNoRoomKeepsItsHealthyCapacityFromNewWork() {
        // ams-1 is lost; an endpoint holds 2 accelerators there and 2 on par-1 (3 in all).
        Cluster ams = hub.resources(Cluster.class).withName("ams-1").get();
        ClusterStatus down = new ClusterStatus();
        Conditions.set(
                down.getConditions(),
                ClusterStatus.READY,
                false,
                "Unreachable",
                "gone",
                1L,
                Instant.now().minusSeconds(3600));
        ams.setStatus(down);
        hub.resource(ams).updateStatus();
        hub.resources(GPUPool.class)
                .withName("par-h100")
                .edit(
                        p -> {
                            p.getSpec().setCapacity(3);
                            return p;
                        });
        hub.resources(TrainingJob.class).inNamespace("ml").delete();
        var endpoint =
                hub.resource(Hub.endpoint("ml", "serve", Classification.PERSONAL, "eu", 4))
                        .create();
        var status = new dev.locus.api.v1alpha1.InferenceEndpointStatus();
        status.setPhase(WorkloadPhase.RUNNING);
        var placement = new dev.locus.api.v1alpha1.PlacementStatus();
        placement.setDecidedAt("2026-01-01T00:00:00Z");
        placement.setAssignments(
                List.of(
                        new dev.locus.api.v1alpha1.Assignment("ams-1", "ams-h100", 2, 2, 0.0),
                        new dev.locus.api.v1alpha1.Assignment("par-1", "par-h100", 2, 2, 0.0)));
        status.setPlacement(placement);
        endpoint.setStatus(status);
        hub.resource(endpoint).updateStatus();
        // New, higher-priority work that would fit in the endpoint's par-1 accelerators.
        var urgent = Hub.job("ml", "urgent", Classification.PERSONAL, "eu", 1, 2);
        urgent.getSpec().setPriority(100);
        hub.resource(urgent).create();

        Scheduler scheduler = scheduler(frozen(hub), new ReservationLedger());
        var pass = scheduler.runPass();
        awaitWrites(scheduler);

        // The endpoint cannot move (par-1 has 3, it needs 4) and keeps its 2 there: 1 is left.
        assertThat(pass.decisions()).hasSize(2);
        assertThat(
                        hub.resources(InferenceEndpoint.class)
                                .inNamespace("ml")
                                .withName("serve")
                                .get()
                                .getStatus()
                                .getMessage())
                .startsWith("failover pending");
        TrainingJob job =
                hub.resources(TrainingJob.class).inNamespace("ml").withName("urgent").get();
        assertThat(job.getStatus().getPhase()).isEqualTo(WorkloadPhase.UNSCHEDULABLE);
        assertThat(job.getStatus().getMessage()).contains("InsufficientCapacity");
        scheduler.close();
    }

    @Test
    void aMoveDecidedFirstNeverTakesWhatAnotherMoverKeepsOnItsHealthyClusters() {
        // ams-1 is lost. An endpoint holds 2 accelerators there and 2 on par-1 (3 in all); a
        // job, decided first (higher priority), holds 2 on ams-1 only and would fit in par-1's
        // free 1 plus the endpoint's 2.
        loseAms1();
        hub.resources(GPUPool.class)
                .withName("par-h100")
                .edit(
                        p -> {
                            p.getSpec().setCapacity(3);
                            return p;
                        });
        hub.resources(TrainingJob.class).inNamespace("ml").delete();
        var endpoint =
                hub.resource(Hub.endpoint("ml", "serve", Classification.PERSONAL, "eu", 4))
                        .create();
        endpoint.setStatus(
                running(
                        new dev.locus.api.v1alpha1.InferenceEndpointStatus(),
                        new dev.locus.api.v1alpha1.Assignment("ams-1", "ams-h100", 2, 2, 0.0),
                        new dev.locus.api.v1alpha1.Assignment("par-1", "par-h100", 2, 2, 0.0)));
        hub.resource(endpoint).updateStatus();
        var first = Hub.job("ml", "first", Classification.PERSONAL, "eu", 1, 2);
        first.getSpec().setPriority(100);
        first = hub.resource(first).create();
        first.setStatus(
                running(
                        new dev.locus.api.v1alpha1.TrainingJobStatus(),
                        new dev.locus.api.v1alpha1.Assignment("ams-1", "ams-h100", 1, 2, 0.0)));
        hub.resource(first).updateStatus();

        Scheduler scheduler = scheduler(frozen(hub), new ReservationLedger());
        var pass = scheduler.runPass();
        awaitWrites(scheduler);

        // Neither can move: the endpoint needs 4 and keeps its 2 on par-1, so 1 is left there.
        assertThat(pass.decisions()).hasSize(2).noneMatch(d -> d.placed());
        int heldOnPar = 0;
        for (var w :
                List.of(
                        hub.resources(InferenceEndpoint.class)
                                .inNamespace("ml")
                                .withName("serve")
                                .get(),
                        hub.resources(TrainingJob.class)
                                .inNamespace("ml")
                                .withName("first")
                                .get())) {
            for (var a : w.getStatus().getPlacement().getAssignments()) {
                if (a.getPool().equals("par-h100")) {
                    heldOnPar += a.getAccelerators();
                }
            }
        }
        assertThat(heldOnPar).isLessThanOrEqualTo(3);
        scheduler.close();
    }

    @Test
    void aMoverMayTakeWhatItHoldsOnAHealthyClusterAgain() {
        // ams-1 is lost; a job holds 2 there and 2 on par-1 (capacity 4). It moves entirely to
        // par-1, its own 2 there included; new work in the same pass finds nothing left.
        loseAms1();
        hub.resources(GPUPool.class)
                .withName("par-h100")
                .edit(
                        p -> {
                            p.getSpec().setCapacity(4);
                            return p;
                        });
        hub.resources(TrainingJob.class).inNamespace("ml").delete();
        var mover =
                hub.resource(Hub.job("ml", "mover", Classification.PERSONAL, "eu", 2, 2)).create();
        mover.setStatus(
                running(
                        new dev.locus.api.v1alpha1.TrainingJobStatus(),
                        new dev.locus.api.v1alpha1.Assignment("ams-1", "ams-h100", 1, 2, 0.0),
                        new dev.locus.api.v1alpha1.Assignment("par-1", "par-h100", 1, 2, 0.0)));
        hub.resource(mover).updateStatus();
        hub.resource(Hub.job("ml", "newcomer", Classification.PERSONAL, "eu", 1, 2)).create();

        Scheduler scheduler = scheduler(frozen(hub), new ReservationLedger());
        var pass = scheduler.runPass();
        awaitWrites(scheduler);

        assertThat(pass.decisions()).hasSize(2);
        TrainingJob moved =
                hub.resources(TrainingJob.class).inNamespace("ml").withName("mover").get();
        assertThat(moved.getStatus().getRestarts()).isEqualTo(1);
        assertThat(moved.getStatus().getPlacement().getAssignments())
                .extracting(a -> a.getPool() + "=" + a.getAccelerators())
                .containsExactly("par-h100=4");
        TrainingJob newcomer =
                hub.resources(TrainingJob.class).inNamespace("ml").withName("newcomer").get();
        assertThat(newcomer.getStatus().getPhase()).isEqualTo(WorkloadPhase.UNSCHEDULABLE);
        scheduler.close();
    }

    @Test
    void whatAMoverLeavesOnAHealthyClusterIsNotHandedOutBeforeTheMoveIsShown() {
        // ams-1 is lost; an endpoint holds 2 there and all of par-1's 2. It moves to lyo-1
        // (cheaper, room for 4). Until the hub shows the move, its old placement still holds
        // par-1: new work decided in the same pass must not get those 2.
        loseAms1();
        Cluster lyo = hub.resource(Hub.member("lyo-1", "FR")).create();
        ClusterStatus ready = new ClusterStatus();
        Conditions.set(
                ready.getConditions(),
                ClusterStatus.READY,
                true,
                "Reachable",
                "ok",
                1L,
                Instant.now());
        lyo.setStatus(ready);
        hub.resource(lyo).updateStatus();
        hub.resource(Hub.pool("lyo-h100", "lyo-1", "H100", 4, 1.0)).create();
        hub.resources(GPUPool.class)
                .withName("par-h100")
                .edit(
                        p -> {
                            p.getSpec().setCapacity(2);
                            return p;
                        });
        hub.resources(TrainingJob.class).inNamespace("ml").delete();
        var endpoint =
                hub.resource(Hub.endpoint("ml", "serve", Classification.PERSONAL, "eu", 4))
                        .create();
        endpoint.setStatus(
                running(
                        new dev.locus.api.v1alpha1.InferenceEndpointStatus(),
                        new dev.locus.api.v1alpha1.Assignment("ams-1", "ams-h100", 2, 2, 0.0),
                        new dev.locus.api.v1alpha1.Assignment("par-1", "par-h100", 2, 2, 0.0)));
        hub.resource(endpoint).updateStatus();
        hub.resource(Hub.job("ml", "newcomer", Classification.PERSONAL, "eu", 1, 2)).create();

        ReservationLedger ledger = new ReservationLedger();
        Scheduler scheduler = scheduler(frozen(hub), ledger);
        var pass = scheduler.runPass();
        awaitWrites(scheduler);

        assertThat(pass.decisions()).hasSize(2);
        var moved =
                hub.resources(InferenceEndpoint.class).inNamespace("ml").withName("serve").get();
        assertThat(moved.getStatus().getRestarts()).isEqualTo(1);
        assertThat(moved.getStatus().getPlacement().getAssignments())
                .extracting(a -> a.getPool() + "=" + a.getAccelerators())
                .containsExactly("lyo-h100=4");
        // The cache still shows the endpoint on par-1: the ledger counts it there, and nothing
        // else may be.
        assertThat(ledger.held("par-h100")).isLessThanOrEqualTo(2);
        assertThat(
                        hub.resources(TrainingJob.class)
                                .inNamespace("ml")
                                .withName("newcomer")
                                .get()
                                .getStatus()
                                .getPhase())
                .isEqualTo(WorkloadPhase.UNSCHEDULABLE);
        scheduler.close();
    }

    private void loseAms1() {
        Cluster ams = hub.resources(Cluster.class).withName("ams-1").get();
        ClusterStatus down = new ClusterStatus();
        Conditions.set(
                down.getConditions(),
                ClusterStatus.READY,
                false,
                "Unreachable",
                "gone",
                1L,
                Instant.now().minusSeconds(3600));
        ams.setStatus(down);
        hub.resource(ams).updateStatus();
    }

    private static <S extends dev.locus.api.v1alpha1.WorkloadStatus> S running(
            S status, dev.locus.api.v1alpha1.Assignment... assignments) {
        status.setPhase(WorkloadPhase.RUNNING);
        var placement = new dev.locus.api.v1alpha1.PlacementStatus();
        placement.setDecidedAt("2026-01-01T00:00:00Z");
        placement.setAssignments(List.of(assignments));
        status.setPlacement(placement);
        return status;
    }

    @Test
    void decisionsFollowCreationOrderWhenPrioritiesTie() {
        // Creation order is the reverse of name order, a second apart: job-49 is the oldest.
        HubCache cache = frozen(hub);
        Instant oldest = Instant.parse("2026-12-01T00:00:00Z");
        for (TrainingJob job : cache.trainingJobs().list()) {
            TrainingJob copy = io.fabric8.kubernetes.client.utils.Serialization.clone(job);
            int index = Integer.parseInt(job.getMetadata().getName().substring(4));
            copy.getMetadata().setCreationTimestamp(oldest.plusSeconds(49 - index).toString());
            cache.trainingJobs().add(copy);
        }
        Scheduler scheduler = scheduler(cache, new ReservationLedger());
        var pass = scheduler.runPass();
        List<String> order = pass.decisions().stream().map(d -> d.workload().ref().name()).toList();
        assertThat(order.subList(0, 3)).containsExactly("job-49", "job-48", "job-47");
        // The ten oldest get the room (80 accelerators, 8 each).
        assertThat(pass.decisions().stream().filter(d -> d.placed()))
                .extracting(d -> d.workload().ref().name())
                .containsExactlyInAnyOrder(
                        "job-49", "job-48", "job-47", "job-46", "job-45", "job-44", "job-43",
                        "job-42", "job-41", "job-40");
        awaitWrites(scheduler);
        scheduler.close();
    }

    @Test
    void namespaceAndNameBreakATieOfCreationTime() {
        // All created in the same second (the mock's clock): namespace/name decides.
        HubCache cache = frozen(hub);
        Instant same = Instant.parse("2026-12-01T00:00:00Z");
        for (TrainingJob job : cache.trainingJobs().list()) {
            TrainingJob copy = io.fabric8.kubernetes.client.utils.Serialization.clone(job);
            copy.getMetadata().setCreationTimestamp(same.toString());
            cache.trainingJobs().add(copy);
        }
        Scheduler scheduler = scheduler(cache, new ReservationLedger());
        var pass = scheduler.runPass();
        assertThat(pass.decisions().get(0).workload().ref().name()).isEqualTo("job-00");
        assertThat(pass.decisions().subList(0, 10))
                .allSatisfy(d -> assertThat(d.placed()).isTrue());
        awaitWrites(scheduler);
        scheduler.close();
    }

    @Test
    void anUnschedulableWorkloadWaitsUntilCapacityMayHaveGrown() {
        HubCache cache = frozen(hub);
        Scheduler scheduler = scheduler(cache, new ReservationLedger());
        var first = scheduler.runPass();
        assertThat(first.decisions().stream().filter(d -> !d.placed()).count()).isEqualTo(40);
        awaitWrites(scheduler);

        // Nothing changed: the 40 that did not fit are not decided again.
        assertThat(scheduler.runPass().decisions()).isEmpty();

        // A pool grows: they are, and as many as now fit are placed.
        GPUPool ams = cache.pools().named("ams-h100").orElseThrow();
        GPUPool bigger = io.fabric8.kubernetes.client.utils.Serialization.clone(ams);
        bigger.getSpec().setCapacity(64);
        bigger.getMetadata().setGeneration(ams.getMetadata().getGeneration() + 1);
        cache.pools().add(bigger);
        var third = scheduler.runPass();
        assertThat(third.decisions()).hasSize(40);
        assertThat(third.decisions().stream().filter(d -> d.placed()).count()).isEqualTo(2);
        awaitWrites(scheduler);
        scheduler.close();
    }
}
