package dev.locus.it;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.dispatch.InferenceEndpointRenderer;
import dev.locus.dispatch.RemoteLabels;
import dev.locus.dispatch.TrainingJobRenderer;
import dev.locus.it.SoakFleet.PoolDef;
import dev.locus.it.SoakFleet.Spec;
import dev.locus.it.SoakHistory.RemoteEvent;
import dev.locus.it.SoakHistory.WorkloadEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The promises Locus makes, checked on a {@link SoakFleet} after a run: over its whole history (no
 * pool over-booked at any moment, no restricted data outside its zone at any moment, no workload
 * decided twice) and in the state it settled in (exactly one decision per live workload, exactly
 * its remote objects in exactly its clusters, every deletion finished, nothing waiting while a
 * compliant pool has room).
 */
final class SoakInvariants {

    private final SoakFleet fleet;
    private final Map<String, Spec> specs;
    private final Set<String> deleted;

    /**
     * @param specs every workload the test created, by uid
     * @param deleted the uids of those the test deleted
     */
    SoakInvariants(SoakFleet fleet, Map<String, Spec> specs, Set<String> deleted) {
        this.fleet = fleet;
        this.specs = specs;
        this.deleted = deleted;
    }

    /** Every violation, history and end state. */
    List<String> all() {
        List<String> out = new ArrayList<>();
        fleet.history.problems().forEach(p -> out.add("history incomplete: " + p));
        out.addAll(overbooking());
        out.addAll(outsideZone());
        out.addAll(decidedTwice());
        out.addAll(endState());
        return out;
    }

    /** At every point of the hub's history, what placed workloads hold fits each pool. */
    List<String> overbooking() {
        List<String> out = new ArrayList<>();
        Map<String, Map<String, Integer>> holdsByUid = new HashMap<>();
        Map<String, Map<String, Integer>> byPool = new HashMap<>();
        Map<String, Integer> worst = new LinkedHashMap<>();
        Map<String, String> first = new LinkedHashMap<>();
        // The last changes of each pool's holders, for the first violation's report.
        Map<String, java.util.ArrayDeque<String>> trail = new HashMap<>();
        for (WorkloadEvent e : fleet.history.workloads()) {
            Map<String, Integer> before = holdsByUid.remove(e.uid());
            if (before != null) {
                before.forEach(
                        (pool, n) -> {
                            byPool.get(pool).remove(e.uid());
                            boolean stays =
                                    e.holds()
                                            && e.assignments().stream()
                                                    .anyMatch(a -> pool.equals(a.getPool()));
                            if (!stays) {
                                remember(trail, pool, e, "released " + n);
                            }
                        });
            }
            if (!e.holds()) {
                continue;
            }
            Map<String, Integer> now = new HashMap<>();
            for (Assignment a : e.assignments()) {
                if (a.getPool() != null && a.getAccelerators() != null) {
                    now.merge(a.getPool(), a.getAccelerators(), Integer::sum);
                }
            }
            holdsByUid.put(e.uid(), now);
            for (var entry : now.entrySet()) {
                Map<String, Integer> holders =
                        byPool.computeIfAbsent(entry.getKey(), p -> new LinkedHashMap<>());
                holders.put(e.uid(), entry.getValue());
                Integer had = before == null ? null : before.get(entry.getKey());
                if (!entry.getValue().equals(had)) {
                    remember(trail, entry.getKey(), e, "holds " + entry.getValue());
                }
                PoolDef pool = SoakFleet.pool(entry.getKey());
                int sum = holders.values().stream().mapToInt(Integer::intValue).sum();
                int capacity = pool == null ? 0 : pool.capacity();
                if (sum > capacity) {
                    worst.merge(entry.getKey(), sum, Math::max);
                    first.putIfAbsent(
                            entry.getKey(),
                            "at resourceVersion "
                                    + e.rv()
                                    + " ("
                                    + e.key()
                                    + " placed there) "
                                    + sum
                                    + " > "
                                    + capacity
                                    + " held by "
                                    + describe(holders)
                                    + "; last changes there:"
                                    + String.join("", trail.get(entry.getKey())));
                }
            }
        }
        first.forEach(
                (pool, what) ->
                        out.add(
                                "pool "
                                        + pool
                                        + " over-booked (at most "
                                        + worst.get(pool)
                                        + "): first "
                                        + what));
        return out;
    }

    /** Notes a change of what a workload holds on a pool, keeping the last few per pool. */
    private static void remember(
            Map<String, java.util.ArrayDeque<String>> trail,
            String pool,
            WorkloadEvent e,
            String what) {
        java.util.ArrayDeque<String> last =
                trail.computeIfAbsent(pool, p -> new java.util.ArrayDeque<>());
        last.addLast(
                "\n      rv "
                        + e.rv()
                        + " "
                        + e.key()
                        + " "
                        + what
                        + " ("
                        + e.phase()
                        + ", decidedAt "
                        + e.decidedAt()
                        + ", restarts "
                        + e.restarts()
                        + ", placement "
                        + (e.assignments() == null
                                ? "-"
                                : e.assignments().stream()
                                        .map(a -> a.getPool() + "=" + a.getAccelerators())
                                        .toList())
                        + ")");
        if (last.size() > 12) {
            last.removeFirst();
        }
    }

    /** No remote object of restricted data ever existed on a cluster outside its zone. */
    List<String> outsideZone() {
        List<String> out = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (RemoteEvent e : fleet.history.remote()) {
            if (e.workloadUid() == null || e.action().equals("DELETED")) {
                continue;
            }
            Spec spec = specs.get(e.workloadUid());
            if (spec == null) {
                if (reported.add("unknown " + e.workloadUid())) {
                    out.add(
                            e.kind()
                                    + " "
                                    + e.namespace()
                                    + "/"
                                    + e.name()
                                    + " in "
                                    + e.cluster()
                                    + " belongs to no workload the test created (uid "
                                    + e.workloadUid()
                                    + ")");
                }
                continue;
            }
            Set<String> allowed = SoakFleet.allowedClusters(spec.classification(), spec.zone());
            if (!allowed.contains(e.cluster()) && reported.add(spec + "@" + e.cluster())) {
                out.add(
                        spec
                                + " ("
                                + spec.classification().wireName()
                                + " data of zone "
                                + spec.zone()
                                + ") had "
                                + e.kind()
                                + " "
                                + e.name()
                                + " in "
                                + e.cluster()
                                + ", outside "
                                + allowed);
            }
        }
        return out;
    }

    /**
     * A placement is only ever replaced by a move (restarts incremented): a placed workload decided
     * again, or one losing its placement while it runs, was decided twice.
     */
    List<String> decidedTwice() {
        List<String> out = new ArrayList<>();
        Map<String, WorkloadEvent> lastPlaced = new HashMap<>();
        Set<String> reported = new TreeSet<>();
        for (WorkloadEvent e : fleet.history.workloads()) {
            if (e.action().equals("DELETED") || e.deleting()) {
                continue;
            }
            WorkloadEvent previous = lastPlaced.get(e.uid());
            if (e.decidedAt() != null) {
                if (previous != null
                        && !previous.decidedAt().equals(e.decidedAt())
                        && e.restarts() <= previous.restarts()
                        && reported.add(e.uid())) {
                    out.add(
                            e.key()
                                    + " decided twice: placed at "
                                    + previous.decidedAt()
                                    + " on "
                                    + pools(previous)
                                    + ", then at "
                                    + e.decidedAt()
                                    + " on "
                                    + pools(e)
                                    + " with no move (restarts "
                                    + e.restarts()
                                    + ")");
                }
                lastPlaced.put(e.uid(), e);
            } else if (previous != null
                    && e.phase() != null
                    && !e.phase().isFinished()
                    && reported.add(e.uid())) {
                out.add(
                        e.key()
                                + " lost its placement on "
                                + pools(previous)
                                + " (now "
                                + e.phase()
                                + ") though it neither finished nor was deleted");
            }
        }
        return out;
    }

    /** What the fleet settled in. */
    List<String> endState() {
        List<String> out = new ArrayList<>();
        // Every remote object Locus made, by workload uid.
        Map<String, List<String>> remoteByUid = new HashMap<>();
        fleet.members()
                .forEach(
                        (cluster, client) -> {
                            for (HasMetadata o : remoteObjects(client)) {
                                String uid =
                                        o.getMetadata().getLabels().get(RemoteLabels.WORKLOAD_UID);
                                remoteByUid
                                        .computeIfAbsent(uid, u -> new ArrayList<>())
                                        .add(describe(cluster, o));
                                Map<String, String> labels = o.getMetadata().getLabels();
                                Spec spec = specs.get(uid);
                                if (spec != null
                                        && (!spec.name().equals(labels.get(RemoteLabels.WORKLOAD))
                                                || !spec.namespace()
                                                        .equals(
                                                                labels.get(
                                                                        RemoteLabels
                                                                                .WORKLOAD_NAMESPACE)))) {
                                    out.add(
                                            describe(cluster, o)
                                                    + " has wrong workload labels "
                                                    + labels);
                                }
                            }
                        });
        Map<String, WorkloadResource> live = new HashMap<>();
        for (TrainingJob j :
                fleet.hub.resources(TrainingJob.class).inAnyNamespace().list().getItems()) {
            live.put(j.getMetadata().getUid(), j);
        }
        for (InferenceEndpoint e :
                fleet.hub.resources(InferenceEndpoint.class).inAnyNamespace().list().getItems()) {
            live.put(e.getMetadata().getUid(), e);
        }
        // Orphans: remote objects of workloads that are gone or were never created.
        remoteByUid.forEach(
                (uid, objects) -> {
                    if (!live.containsKey(uid)) {
                        Spec spec = specs.get(uid);
                        out.add(
                                "orphans of "
                                        + (spec == null
                                                ? "unknown workload " + uid
                                                : spec + " (deleted)")
                                        + ": "
                                        + objects);
                    }
                });
        Map<String, Integer> free = new HashMap<>();
        SoakFleet.POOLS.forEach(p -> free.put(p.name(), p.capacity()));
        for (WorkloadResource w : live.values()) {
            if (isHolding(w)) {
                for (Assignment a : w.getStatus().getPlacement().getAssignments()) {
                    free.merge(a.getPool(), -a.getAccelerators(), Integer::sum);
                }
            }
        }
        for (var entry : specs.entrySet()) {
            String uid = entry.getKey();
            Spec spec = entry.getValue();
            WorkloadResource w = live.get(uid);
            List<String> remote = remoteByUid.getOrDefault(uid, List.of());
            if (deleted.contains(uid)) {
                if (w != null) {
                    out.add(
                            spec
                                    + " deletion not finished: finalizers "
                                    + w.getMetadata().getFinalizers()
                                    + ", phase "
                                    + phase(w));
                }
                continue;
            }
            if (w == null) {
                out.add(spec + " vanished: the test never deleted it");
                continue;
            }
            out.addAll(decision(spec, w, remote, free));
        }
        return out;
    }

    /** One live workload: one decision, its objects where it was placed, nothing left waiting. */
    private List<String> decision(
            Spec spec, WorkloadResource w, List<String> remote, Map<String, Integer> free) {
        List<String> out = new ArrayList<>();
        WorkloadPhase phase = phase(w);
        WorkloadStatus status = w.getStatus();
        var placement = status == null ? null : status.getPlacement();
        switch (phase) {
            case PENDING -> out.add(spec + " was never decided");
            case UNSCHEDULABLE -> {
                if (placement != null) {
                    out.add(spec + " is Unschedulable but keeps a placement");
                }
                if (!remote.isEmpty()) {
                    out.add(spec + " is Unschedulable but has remote objects " + remote);
                }
            }
            case PLACED -> out.add(spec + " placed but never dispatched: " + status.getMessage());
            case FAILED -> out.add(spec + " failed: " + status.getMessage());
            default -> {}
        }
        if (phase == WorkloadPhase.PENDING || phase == WorkloadPhase.UNSCHEDULABLE) {
            String room = room(spec, free);
            if (room != null) {
                out.add(
                        spec
                                + " is "
                                + phase.wireName()
                                + " while a compliant pool has room: "
                                + room
                                + " ("
                                + (status == null ? "no status" : status.getMessage())
                                + ")");
            }
            return out;
        }
        if (placement == null || placement.getAssignments().isEmpty()) {
            out.add(spec + " is " + phase.wireName() + " without a placement");
            return out;
        }
        int total = 0;
        Set<String> clusters = new TreeSet<>();
        for (Assignment a : placement.getAssignments()) {
            PoolDef pool = SoakFleet.pool(a.getPool());
            if (pool == null || !pool.cluster().equals(a.getCluster())) {
                out.add(
                        spec
                                + " placed on "
                                + a.getCluster()
                                + "/"
                                + a.getPool()
                                + ": no such pool");
            } else if (!spec.models().contains(pool.model())) {
                out.add(spec + " placed on " + pool.name() + " of model " + pool.model());
            }
            total += a.getAccelerators() == null ? 0 : a.getAccelerators();
            clusters.add(a.getCluster());
        }
        if (total != spec.accelerators()) {
            out.add(spec + " placed with " + total + " accelerators, wants " + spec.accelerators());
        }
        Set<String> allowed = SoakFleet.allowedClusters(spec.classification(), spec.zone());
        if (!allowed.containsAll(clusters)) {
            out.add(spec + " placed on " + clusters + ", outside " + allowed);
        }
        if (phase == WorkloadPhase.RUNNING
                && !Conditions.isTrue(status.getConditions(), WorkloadStatus.DISPATCHED)) {
            out.add(spec + " Running but not Dispatched: " + status.getMessage());
        }
        Set<String> expected = new TreeSet<>();
        if (w instanceof TrainingJob job) {
            String name = TrainingJobRenderer.name(job);
            for (String c : clusters) {
                expected.add(c + ":Job:" + spec.namespace() + "/" + name);
                expected.add(c + ":Service:" + spec.namespace() + "/" + name);
            }
        } else if (w instanceof InferenceEndpoint endpoint) {
            for (Assignment a : placement.getAssignments()) {
                expected.add(
                        a.getCluster()
                                + ":Deployment:"
                                + spec.namespace()
                                + "/"
                                + InferenceEndpointRenderer.deploymentName(endpoint, a.getPool()));
                expected.add(
                        a.getCluster()
                                + ":Service:"
                                + spec.namespace()
                                + "/"
                                + InferenceEndpointRenderer.serviceName(endpoint));
            }
        }
        List<String> actual = new ArrayList<>(remote);
        actual.sort(null);
        if (!new ArrayList<>(expected).equals(actual)) {
            out.add(
                    spec
                            + " ("
                            + phase.wireName()
                            + " on "
                            + clusters
                            + ") has remote objects "
                            + actual
                            + ", expected exactly "
                            + expected);
        }
        return out;
    }

    /** A compliant pool that has room for a waiting workload now, or null. */
    private static String room(Spec spec, Map<String, Integer> free) {
        Set<String> allowed = SoakFleet.allowedClusters(spec.classification(), spec.zone());
        int replicas = 0;
        List<String> pools = new ArrayList<>();
        for (PoolDef p : SoakFleet.POOLS) {
            if (!allowed.contains(p.cluster()) || !spec.models().contains(p.model())) {
                continue;
            }
            int f = free.getOrDefault(p.name(), 0);
            if (spec.training()) {
                if (f >= spec.accelerators()) {
                    return p.name() + " has " + f + " free, it needs " + spec.accelerators();
                }
            } else if (f >= spec.perUnit()) {
                replicas += f / spec.perUnit();
                pools.add(p.name() + "=" + f);
            }
        }
        if (!spec.training() && replicas >= spec.units()) {
            return pools
                    + " take "
                    + replicas
                    + " replicas of "
                    + spec.perUnit()
                    + ", it needs "
                    + spec.units();
        }
        return null;
    }

    private static boolean isHolding(WorkloadResource w) {
        return w.getMetadata().getDeletionTimestamp() == null
                && phase(w).holdsReservation()
                && w.getStatus().getPlacement() != null;
    }

    private static WorkloadPhase phase(WorkloadResource w) {
        return w.getStatus() == null || w.getStatus().getPhase() == null
                ? WorkloadPhase.PENDING
                : w.getStatus().getPhase();
    }

    private static List<HasMetadata> remoteObjects(KubernetesClient client) {
        List<HasMetadata> out = new ArrayList<>();
        out.addAll(
                client.batch()
                        .v1()
                        .jobs()
                        .inAnyNamespace()
                        .withLabel(RemoteLabels.WORKLOAD_UID)
                        .list()
                        .getItems());
        out.addAll(
                client.apps()
                        .deployments()
                        .inAnyNamespace()
                        .withLabel(RemoteLabels.WORKLOAD_UID)
                        .list()
                        .getItems());
        out.addAll(
                client.services()
                        .inAnyNamespace()
                        .withLabel(RemoteLabels.WORKLOAD_UID)
                        .list()
                        .getItems());
        return out;
    }

    private static String describe(String cluster, HasMetadata o) {
        return cluster
                + ":"
                + o.getKind()
                + ":"
                + o.getMetadata().getNamespace()
                + "/"
                + o.getMetadata().getName();
    }

    private String describe(Map<String, Integer> holders) {
        List<String> parts = new ArrayList<>();
        holders.forEach(
                (uid, n) -> {
                    Spec s = specs.get(uid);
                    parts.add((s == null ? uid : s.name()) + "=" + n);
                });
        return parts.toString();
    }

    private static String pools(WorkloadEvent e) {
        return e.assignments() == null
                ? "-"
                : e.assignments().stream().map(Assignment::getPool).toList().toString();
    }
}
