package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.api.v1alpha1.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The accelerators each placed workload holds on each pool, kept up to date as changes arrive: what
 * the hub cache shows in workloads' status, overlaid with placements this operator wrote that the
 * cache does not show yet. So two workloads never get the same accelerators, even when a pass
 * starts before the cache caught up with the last one's writes. Thread-safe.
 */
public final class ReservationLedger {

    /**
     * How long a written placement counts while the cache does not show it. Past this the write is
     * taken to have failed, and the workload is decided again.
     */
    public static final Duration TTL = Duration.ofMinutes(2);

    /** Accelerators on one pool. */
    public record Hold(String pool, int accelerators) {}

    /** A placement written to a workload's status, until the cache shows it. */
    private record Written(String decidedAt, List<Hold> holds, Instant writtenAt) {}

    private final Map<String, List<Hold>> shown = new HashMap<>();
    private final Map<String, Written> written = new HashMap<>();
    private final Map<String, List<Hold>> effective = new HashMap<>();
    private final Map<String, Map<String, Integer>> perPool = new HashMap<>();
    private final Map<String, Integer> totals = new HashMap<>();
    private final List<Consumer<String>> poolListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> releaseListeners = new CopyOnWriteArrayList<>();

    /** Called with a pool's name whenever what is held on it changes (outside the lock). */
    public void onPoolChange(Consumer<String> listener) {
        poolListeners.add(listener);
    }

    /** Called with a pool's name whenever less is held on it than before (outside the lock). */
    public void onRelease(Consumer<String> listener) {
        releaseListeners.add(listener);
    }

    /** A workload as the hub cache now shows it ({@code after} null: deleted). */
    public void observed(WorkloadResource before, WorkloadResource after) {
        WorkloadResource any = after != null ? after : before;
        String uid = any.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        Changes touched;
        synchronized (this) {
            if (after == null) {
                shown.remove(uid);
                written.remove(uid);
            } else {
                boolean holds = Workloads.holdsReservation(after);
                shown.put(
                        uid,
                        holds
                                ? holds(after.getStatus().getPlacement().getAssignments())
                                : List.of());
                Written w = written.get(uid);
                if (w != null && shownBy(w, after.getStatus())) {
                    written.remove(uid);
                }
            }
            touched = recompute(uid);
        }
        notifyPools(touched);
    }

    /** Remembers a placement this operator is writing, before the write goes out. */
    public void wrote(String uid, String decidedAt, List<Assignment> assignments, Instant now) {
        Changes touched;
        synchronized (this) {
            written.put(uid, new Written(decidedAt, holds(assignments), now));
            touched = recompute(uid);
        }
        notifyPools(touched);
    }

    /** Forgets a write that is known to have failed. */
    public void forget(String uid) {
        Changes touched;
        synchronized (this) {
            if (written.remove(uid) == null) {
                return;
            }
            touched = recompute(uid);
        }
        notifyPools(touched);
    }

    /** Drops writes the cache never showed within {@link #TTL}: they are taken to have failed. */
    public void expire(Instant now) {
        Changes touched = Changes.NONE;
        synchronized (this) {
            for (String uid : List.copyOf(written.keySet())) {
                if (written.get(uid).writtenAt().plus(TTL).isBefore(now)) {
                    written.remove(uid);
                    touched = touched.plus(recompute(uid));
                }
            }
        }
        notifyPools(touched);
    }

    /** True while a placement written for this workload is not shown by the cache yet. */
    public synchronized boolean inFlight(String uid) {
        return written.containsKey(uid);
    }

    /** Accelerators held on a pool. */
    public synchronized int held(String pool) {
        return totals.getOrDefault(pool, 0);
    }

    /** Accelerators held per pool. */
    public synchronized Map<String, Integer> heldPerPool() {
        return Map.copyOf(totals);
    }

    /** The uids of the workloads that hold accelerators on a pool. */
    public synchronized Set<String> holders(String pool) {
        Map<String, Integer> byUid = perPool.get(pool);
        return byUid == null ? Set.of() : Set.copyOf(byUid.keySet());
    }

    /** What every workload holds, by uid. */
    public synchronized Map<String, List<Hold>> holdings() {
        return new HashMap<>(effective);
    }

    /** What one workload holds, pool by pool (written placements first). */
    public synchronized List<Hold> holdsOf(String uid) {
        return effective.getOrDefault(uid, List.of());
    }

    /** Pools whose holds changed, and those of them on which less is held now. */
    private record Changes(Set<String> touched, Set<String> released) {
        static final Changes NONE = new Changes(Set.of(), Set.of());

        Changes plus(Changes other) {
            Set<String> t = new HashSet<>(touched);
            t.addAll(other.touched);
            Set<String> r = new HashSet<>(released);
            r.addAll(other.released);
            return new Changes(t, r);
        }
    }

    private Changes recompute(String uid) {
        Written w = written.get(uid);
        List<Hold> seen = shown.getOrDefault(uid, List.of());
        // A placement being written that replaces another (a move) holds both until the cache shows
        // it: the old one is still what the hub says, and stays so if the write fails.
        List<Hold> next = w != null ? atLeast(w.holds(), seen) : seen;
        List<Hold> previous = effective.getOrDefault(uid, List.of());
        if (previous.equals(next)) {
            return Changes.NONE;
        }
        Map<String, Integer> before = new HashMap<>();
        previous.forEach(h -> before.merge(h.pool(), h.accelerators(), Integer::sum));
        Map<String, Integer> after = new HashMap<>();
        next.forEach(h -> after.merge(h.pool(), h.accelerators(), Integer::sum));
        Set<String> released = new HashSet<>();
        before.forEach(
                (pool, n) -> {
                    if (after.getOrDefault(pool, 0) < n) {
                        released.add(pool);
                    }
                });
        Set<String> touched = new HashSet<>();
        for (Hold h : previous) {
            Map<String, Integer> byUid = perPool.get(h.pool());
            if (byUid != null && byUid.remove(uid) != null) {
                totals.merge(h.pool(), -h.accelerators(), Integer::sum);
                if (byUid.isEmpty()) {
                    perPool.remove(h.pool());
                    totals.remove(h.pool());
                }
                touched.add(h.pool());
            }
        }
        for (Hold h : next) {
            perPool.computeIfAbsent(h.pool(), p -> new HashMap<>())
                    .merge(uid, h.accelerators(), Integer::sum);
            totals.merge(h.pool(), h.accelerators(), Integer::sum);
            touched.add(h.pool());
        }
        if (next.isEmpty()) {
            effective.remove(uid);
        } else {
            effective.put(uid, next);
        }
        return new Changes(touched, released);
    }

    /** {@code first}, raised on each pool to what {@code second} holds there, if more. */
    private static List<Hold> atLeast(List<Hold> first, List<Hold> second) {
        if (second.isEmpty()) {
            return first;
        }
        Map<String, Integer> byPool = new java.util.LinkedHashMap<>();
        first.forEach(h -> byPool.put(h.pool(), h.accelerators()));
        second.forEach(h -> byPool.merge(h.pool(), h.accelerators(), Math::max));
        List<Hold> out = new ArrayList<>(byPool.size());
        byPool.forEach((pool, n) -> out.add(new Hold(pool, n)));
        return List.copyOf(out);
    }

    private void notifyPools(Changes changes) {
        for (String pool : changes.touched()) {
            poolListeners.forEach(l -> l.accept(pool));
        }
        for (String pool : changes.released()) {
            releaseListeners.forEach(l -> l.accept(pool));
        }
    }

    private static boolean shownBy(Written w, WorkloadStatus status) {
        return status != null
                && status.getPlacement() != null
                && Objects.equals(w.decidedAt(), status.getPlacement().getDecidedAt())
                && w.holds().equals(holds(status.getPlacement().getAssignments()));
    }

    /** Assignments as holds, merging two assignments on one pool; unusable entries dropped. */
    static List<Hold> holds(List<Assignment> assignments) {
        if (assignments == null || assignments.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> byPool = new java.util.LinkedHashMap<>();
        for (Assignment a : assignments) {
            if (a != null
                    && a.getPool() != null
                    && a.getAccelerators() != null
                    && a.getAccelerators() > 0) {
                byPool.merge(a.getPool(), a.getAccelerators(), Integer::sum);
            }
        }
        List<Hold> out = new ArrayList<>(byPool.size());
        byPool.forEach((pool, n) -> out.add(new Hold(pool, n)));
        return List.copyOf(out);
    }
}
