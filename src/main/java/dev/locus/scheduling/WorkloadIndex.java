package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.api.v1alpha1.Workloads;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workloads a scheduling pass needs to see, kept as the hub cache changes so that a pass never
 * walks every workload: those waiting for a decision, those placed (by cluster, for failover and
 * zone checks), those set aside as Unschedulable, and those whose decision is being written.
 */
final class WorkloadIndex {

    /** A workload found Unschedulable: set aside until its spec or the capacity epoch moves. */
    private record Parked(long generation, long epoch) {}

    private final Map<String, WorkloadResource> pending = new ConcurrentHashMap<>();
    private final Map<String, WorkloadResource> placed = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> placedByCluster = new ConcurrentHashMap<>();
    private final Map<String, Parked> parked = new ConcurrentHashMap<>();
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
    private final java.util.function.Predicate<WorkloadResource> ready;

    /**
     * @param ready whether a waiting workload may be decided yet (in the operator: once its
     *     finalizer is on)
     */
    WorkloadIndex(java.util.function.Predicate<WorkloadResource> ready) {
        this.ready = ready;
    }

    /**
     * Takes in a change of a workload; true when it brings something new to decide (a workload that
     * starts waiting, or one whose spec changed while it waits).
     */
    synchronized boolean observe(WorkloadResource before, WorkloadResource after) {
        WorkloadResource any = after != null ? after : before;
        String uid = any.getMetadata().getUid();
        if (uid == null) {
            return false;
        }
        boolean waits = after != null && Workloads.awaitsDecision(after) && ready.test(after);
        boolean waited = before != null && Workloads.awaitsDecision(before) && ready.test(before);
        if (waits) {
            pending.put(uid, after);
        } else {
            pending.remove(uid);
            parked.remove(uid);
        }
        WorkloadResource previous = placed.remove(uid);
        if (previous != null) {
            forgetPlacement(uid, previous);
        }
        if (after != null && Workloads.holdsReservation(after)) {
            placed.put(uid, after);
            for (Assignment a : after.getStatus().getPlacement().getAssignments()) {
                if (a.getCluster() != null) {
                    placedByCluster
                            .computeIfAbsent(a.getCluster(), c -> ConcurrentHashMap.newKeySet())
                            .add(uid);
                }
            }
        }
        return waits && (!waited || Workloads.generation(before) != Workloads.generation(after));
    }

    /** Every workload waiting for a decision (set-aside ones included). */
    Collection<WorkloadResource> waiting() {
        return pending.values();
    }

    /**
     * Whether a waiting workload is decided at capacity epoch {@code epoch}: not while a decision
     * for it is being written; a deferred one from its hour on; otherwise not while it is set aside
     * as Unschedulable with nothing changed since.
     */
    boolean decidable(WorkloadResource w, long epoch, java.time.Instant now) {
        String uid = w.getMetadata().getUid();
        if (writing.contains(uid)) {
            return false;
        }
        java.time.Instant startAfter = Workloads.startAfter(w);
        if (startAfter != null) {
            // Deferred: decided again from its hour on (DESIGN: it reserves nothing meanwhile).
            return !now.isBefore(startAfter);
        }
        Parked p = parked.get(uid);
        return p == null || p.generation() != Workloads.generation(w) || p.epoch() != epoch;
    }

    /** Sets a workload aside as Unschedulable at this spec and capacity epoch. */
    void park(String uid, long generation, long epoch) {
        parked.put(uid, new Parked(generation, epoch));
    }

    void writing(String uid) {
        writing.add(uid);
    }

    void written(String uid) {
        writing.remove(uid);
    }

    boolean isWriting(String uid) {
        return writing.contains(uid);
    }

    int writesInFlight() {
        return writing.size();
    }

    /** A placed workload by uid, or null. */
    WorkloadResource placed(String uid) {
        return placed.get(uid);
    }

    /** A workload by uid, placed or waiting; null when it is neither. */
    WorkloadResource any(String uid) {
        WorkloadResource w = placed.get(uid);
        return w != null ? w : pending.get(uid);
    }

    Set<String> placedUids() {
        return placed.keySet();
    }

    /** The placed workloads with an assignment on a cluster. */
    Set<String> placedOn(String cluster) {
        return placedByCluster.getOrDefault(cluster, Set.of());
    }

    /** The clusters some placed workload has an assignment on. */
    Set<String> clustersInUse() {
        return placedByCluster.keySet();
    }

    /** Waiting workloads by the reason they wait with ("Pending" if never decided). */
    Map<String, Long> waitingByReason() {
        Map<String, Long> out = new HashMap<>();
        for (WorkloadResource w : pending.values()) {
            String why =
                    Workloads.phase(w) == WorkloadPhase.PENDING
                            ? "Pending"
                            : Conditions.find(w.getStatus().getConditions(), WorkloadStatus.PLACED)
                                    .map(Condition::getReason)
                                    .orElse("NoFeasiblePool");
            out.merge(why, 1L, Long::sum);
        }
        return out;
    }

    private void forgetPlacement(String uid, WorkloadResource previous) {
        for (Assignment a : previous.getStatus().getPlacement().getAssignments()) {
            Set<String> on = a.getCluster() == null ? null : placedByCluster.get(a.getCluster());
            if (on != null) {
                on.remove(uid);
                if (on.isEmpty()) {
                    placedByCluster.remove(a.getCluster(), on);
                }
            }
        }
    }
}
