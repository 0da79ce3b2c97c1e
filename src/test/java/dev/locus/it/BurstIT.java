package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.Workloads;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Correctness under speed: 2,000 workloads applied at once to a fleet that can hold 600 of them. A
 * watch of its own follows every status the operator writes: no pool is ever over-booked at any
 * point of that history, and every workload ends Placed (or Running) or Unschedulable, having been
 * placed at most once.
 */
class BurstIT {

    private static final int WORKLOADS = 2_000;
    private static final Map<String, Integer> CAPACITY =
            Map.of("ams-h100", 200, "par-h100", 200, "iad-h100", 200);

    static Fleet fleet;
    static final Map<String, Map<String, Integer>> holds = new ConcurrentHashMap<>();
    static final Map<String, Set<String>> placements = new ConcurrentHashMap<>();
    static final List<String> violations =
            java.util.Collections.synchronizedList(new ArrayList<>());
    static final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.amsParIad(200, 3.0, 200, 2.5, 200, 1.0);
        informers.add(
                follow(
                        fleet.hub
                                .resources(TrainingJob.class)
                                .inAnyNamespace()
                                .inform(handler(), 0)));
        informers.add(
                follow(
                        fleet.hub
                                .resources(InferenceEndpoint.class)
                                .inAnyNamespace()
                                .inform(handler(), 0)));
    }

    @AfterAll
    static void stopFleet() {
        informers.forEach(SharedIndexInformer::stop);
        fleet.close();
    }

    private static <T> SharedIndexInformer<T> follow(SharedIndexInformer<T> informer) {
        return informer;
    }

    private static <T extends WorkloadResource> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T w) {
                record(w);
            }

            @Override
            public void onUpdate(T before, T after) {
                record(after);
            }

            @Override
            public void onDelete(T w, boolean unknown) {
                holds.remove(w.getMetadata().getUid());
            }
        };
    }

    /** One step of the history: what this workload holds now, and the pools' sums after it. */
    private static synchronized void record(WorkloadResource w) {
        String uid = w.getMetadata().getUid();
        Map<String, Integer> held = new HashMap<>();
        if (Workloads.holdsReservation(w)) {
            for (Assignment a : w.getStatus().getPlacement().getAssignments()) {
                held.merge(a.getPool(), a.getAccelerators(), Integer::sum);
            }
            placements
                    .computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet())
                    .add(w.getStatus().getPlacement().getDecidedAt() + " " + held);
        }
        holds.put(uid, held);
        Map<String, Integer> sums = new HashMap<>();
        holds.values().forEach(h -> h.forEach((pool, n) -> sums.merge(pool, n, Integer::sum)));
        sums.forEach(
                (pool, n) -> {
                    if (n > CAPACITY.getOrDefault(pool, 0)) {
                        violations.add(pool + " held " + n + " > " + CAPACITY.get(pool));
                    }
                });
    }

    @Test
    void aBurstLargerThanTheFleetIsDecidedOnceEachAndNeverOverbooksAPool() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int i = 0; i < WORKLOADS; i++) {
            int n = i;
            clients.submit(
                    () -> {
                        Classification c =
                                n % 3 == 0 ? Classification.PUBLIC : Classification.PERSONAL;
                        String zone = c == Classification.PUBLIC ? null : "eu";
                        if (n % 5 == 0) {
                            fleet.hub
                                    .resource(Hub.endpoint(Fleet.NAMESPACE, "e-" + n, c, zone, 1))
                                    .create();
                        } else {
                            fleet.hub
                                    .resource(Hub.job(Fleet.NAMESPACE, "j-" + n, c, zone, 1, 1))
                                    .create();
                        }
                    });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> decided() == WORKLOADS);

        List<WorkloadResource> all = new ArrayList<>();
        all.addAll(
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .list()
                        .getItems());
        all.addAll(
                fleet.hub
                        .resources(InferenceEndpoint.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .list()
                        .getItems());
        long placed = all.stream().filter(Workloads::holdsReservation).count();
        long unschedulable =
                all.stream().filter(w -> Workloads.phase(w) == WorkloadPhase.UNSCHEDULABLE).count();
        int total = CAPACITY.values().stream().mapToInt(Integer::intValue).sum();
        // Personal data may use only ams and par (eu); public data may use all three.
        assertThat(placed).isLessThanOrEqualTo(total).isGreaterThan(total / 2);
        assertThat(placed + unschedulable).isEqualTo(WORKLOADS);
        assertThat(violations).as("a pool held more than it has, at some point").isEmpty();
        assertThat(placements.values())
                .as("a workload placed more than once")
                .allSatisfy(p -> assertThat(p).hasSize(1));
        // Every pool is either full, or nothing that would fit there waits.
        Map<String, Integer> sums = new HashMap<>();
        holds.values().forEach(h -> h.forEach((pool, n) -> sums.merge(pool, n, Integer::sum)));
        assertThat(sums.getOrDefault("ams-h100", 0) + sums.getOrDefault("par-h100", 0))
                .as("eu pools are full: personal data is waiting")
                .isEqualTo(400);
        assertThat(sums.getOrDefault("iad-h100", 0)).isLessThanOrEqualTo(200);
    }

    private static long decided() {
        long n = 0;
        for (var w :
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .list()
                        .getItems()) {
            n +=
                    Workloads.holdsReservation(w)
                                    || Workloads.phase(w) == WorkloadPhase.UNSCHEDULABLE
                            ? 1
                            : 0;
        }
        for (var w :
                fleet.hub
                        .resources(InferenceEndpoint.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .list()
                        .getItems()) {
            n +=
                    Workloads.holdsReservation(w)
                                    || Workloads.phase(w) == WorkloadPhase.UNSCHEDULABLE
                            ? 1
                            : 0;
        }
        return n;
    }
}
