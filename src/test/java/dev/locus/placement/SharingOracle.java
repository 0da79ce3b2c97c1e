package dev.locus.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A deliberately naive re-statement of the sharing rules (quotas, borrowing, preemption): no
 * indices, usage summed from scratch every time it is asked for, victim sets by brute force over
 * every subset. Property tests replay the engine's decisions against it.
 */
final class SharingOracle {

    /** A workload that holds accelerators: on which pools, how many. */
    record Held(
            WorkloadRef ref,
            int priority,
            Instant decidedAt,
            Map<String, Integer> onPool,
            Map<String, String> clusterOfPool) {}

    /** A pool and a victim set that makes room there. */
    record Preemption(String pool, List<Held> victims) {}

    private final Snapshot snapshot;
    private final Map<String, Pool> pools = new HashMap<>();
    private final Map<String, Site> sites = new HashMap<>();
    private final Map<String, Zone> zones = new HashMap<>();
    final Map<String, Integer> free = new HashMap<>();
    final List<Held> active = new ArrayList<>();

    SharingOracle(Snapshot snapshot) {
        this.snapshot = snapshot;
        snapshot.pools().forEach(p -> pools.putIfAbsent(p.name(), p));
        snapshot.sites().forEach(s -> sites.putIfAbsent(s.name(), s));
        snapshot.zones().forEach(z -> zones.putIfAbsent(z.name(), z));
        pools.values().forEach(p -> free.put(p.name(), Math.max(0, p.free())));
        Set<WorkloadRef> seen = new HashSet<>();
        for (PlacedWorkload w : snapshot.placed()) {
            if (!seen.add(w.workload().ref())) {
                continue;
            }
            Map<String, Integer> on = new HashMap<>();
            Map<String, String> clusters = new HashMap<>();
            for (PlacedWorkload.Holding h : w.holdings()) {
                on.merge(h.pool(), h.accelerators(), Integer::sum);
                clusters.put(h.pool(), h.cluster());
                if (pools.containsKey(h.pool()) && !h.takenFromFree()) {
                    free.merge(h.pool(), -h.accelerators(), Integer::sum);
                }
            }
            active.add(
                    new Held(
                            w.workload().ref(),
                            w.workload().priority(),
                            w.decidedAt(),
                            on,
                            clusters));
        }
    }

    // ------------------------------------------------------------------ quotas

    /** The quotas that select a namespace, by position. */
    List<Integer> quotasOf(String namespace) {
        Map<String, String> labels = snapshot.namespaces().getOrDefault(namespace, Map.of());
        List<Integer> out = new ArrayList<>();
        List<Quota> quotas = uniqueQuotas();
        for (int q = 0; q < quotas.size(); q++) {
            LabelSelector s = quotas.get(q).namespaceSelector();
            if (s != null && s.matches(labels)) {
                out.add(q);
            }
        }
        return out;
    }

    List<Quota> uniqueQuotas() {
        Map<String, Quota> byName = new java.util.LinkedHashMap<>();
        snapshot.quotas().forEach(q -> byName.putIfAbsent(q.name(), q));
        return new ArrayList<>(byName.values());
    }

    private boolean inZone(String zone, String cluster) {
        Zone z = zones.get(zone);
        Site s = cluster == null ? null : sites.get(cluster);
        return z != null
                && s != null
                && s.country() != null
                && z.jurisdictions().contains(s.country());
    }

    private String model(String pool) {
        Pool p = pools.get(pool);
        return p == null || p.model() == null ? "" : p.model().toLowerCase(Locale.ROOT);
    }

    private boolean matches(Quota.Limit l, String pool, String cluster) {
        if (l.zone() != null) {
            Pool p = pools.get(pool);
            String c = p != null ? p.cluster() : cluster;
            if (!inZone(l.zone(), c)) {
                return false;
            }
        }
        return l.models().isEmpty() || l.models().contains(model(pool));
    }

    /** What the active workloads of quota {@code q} hold against its limit {@code l}. */
    long used(List<Held> holders, int q, Quota.Limit l) {
        long sum = 0;
        for (Held h : holders) {
            if (!quotasOf(h.ref().namespace()).contains(q)) {
                continue;
            }
            for (var e : h.onPool().entrySet()) {
                if (matches(l, e.getKey(), h.clusterOfPool().get(e.getKey()))) {
                    sum += e.getValue();
                }
            }
        }
        return sum;
    }

    long borrowable(List<Held> holders, int q, Quota.Limit l) {
        List<Quota> quotas = uniqueQuotas();
        String cohort = quotas.get(q).cohort();
        if (cohort == null) {
            return 0;
        }
        long lendable = 0;
        long borrowed = 0;
        for (int r = 0; r < quotas.size(); r++) {
            if (r == q || !cohort.equals(quotas.get(r).cohort())) {
                continue;
            }
            for (Quota.Limit o : quotas.get(r).limits()) {
                if (Objects.equals(o.zone(), l.zone()) && o.models().equals(l.models())) {
                    long used = used(holders, r, o);
                    long unused = Math.max(0, o.accelerators() - used);
                    lendable +=
                            o.lendingLimit() == null
                                    ? unused
                                    : Math.min(unused, Math.max(0, o.lendingLimit()));
                    borrowed += Math.max(0, used - o.accelerators());
                }
            }
        }
        long b = Math.max(0, lendable - borrowed);
        return l.borrowingLimit() == null ? b : Math.min(b, Math.max(0, l.borrowingLimit()));
    }

    /** Whether {@code more} accelerators on these pools fit the namespace's quota now. */
    boolean quotaFits(String namespace, Map<String, Integer> more) {
        return quotaFitsFor(active, namespace, more);
    }

    /** Whether {@code more} fits the namespace's quota with only {@code holders} holding. */
    boolean quotaFitsFor(List<Held> holders, String namespace, Map<String, Integer> more) {
        List<Integer> of = quotasOf(namespace);
        if (of.isEmpty()) {
            return true;
        }
        if (of.size() > 1) {
            return false;
        }
        int q = of.get(0);
        for (Quota.Limit l : uniqueQuotas().get(q).limits()) {
            long need = 0;
            for (var e : more.entrySet()) {
                if (matches(l, e.getKey(), null)) {
                    need += e.getValue();
                }
            }
            if (need > 0
                    && used(holders, q, l) + need > l.accelerators() + borrowable(holders, q, l)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ gangs and preemption

    /** Pools a gang fits now (checks, quota, capacity), best first. */
    List<Oracle.Option> fitting(Workload w) {
        List<Oracle.Option> out = new ArrayList<>();
        for (Oracle.Option o : Oracle.passing(snapshot, w)) {
            String pool = o.pool().name();
            int need = (int) w.totalAccelerators();
            if (free.get(pool) >= need && quotaFits(w.ref().namespace(), Map.of(pool, need))) {
                out.add(o);
            }
        }
        out.sort(Oracle.ranking(w));
        return out;
    }

    /**
     * The preemption the rules choose: the pool with the fewest victims (ties to the better-ranked
     * pool), there the first set of that size in victim order; null when none makes room.
     */
    Preemption preemption(Workload w) {
        if (!w.mayPreempt()) {
            return null;
        }
        int need = (int) w.totalAccelerators();
        List<Oracle.Option> options = new ArrayList<>(Oracle.passing(snapshot, w));
        options.sort(Oracle.ranking(w));
        Preemption best = null;
        for (Oracle.Option o : options) {
            String pool = o.pool().name();
            List<Held> candidates = new ArrayList<>();
            for (Held h : active) {
                if (h.priority() < w.priority() && h.onPool().getOrDefault(pool, 0) > 0) {
                    candidates.add(h);
                }
            }
            candidates.sort(victimOrder(w, pool));
            int n = candidates.size();
            List<Held> found = null;
            // Every subset, smallest first; within a size, in the order of sorted index tuples.
            for (int k = 1; k <= n && found == null; k++) {
                for (List<Integer> combo : combinations(n, k)) {
                    List<Held> set = new ArrayList<>();
                    combo.forEach(i -> set.add(candidates.get(i)));
                    if (fitsWithout(w, pool, need, set)) {
                        found = set;
                        break;
                    }
                }
            }
            if (found != null && (best == null || found.size() < best.victims().size())) {
                best = new Preemption(pool, found);
            }
        }
        return best;
    }

    boolean fitsWithout(Workload w, String pool, int need, List<Held> victims) {
        List<Held> left = new ArrayList<>(active);
        left.removeAll(victims);
        int room = free.get(pool);
        for (Held v : victims) {
            room += v.onPool().getOrDefault(pool, 0);
        }
        return room >= need && quotaFitsFor(left, w.ref().namespace(), Map.of(pool, need));
    }

    /** Borrowers from the preemptor's cohort, lower priority, more recent, namespace/name. */
    Comparator<Held> victimOrder(Workload w, String pool) {
        List<Integer> own = quotasOf(w.ref().namespace());
        List<Quota> quotas = uniqueQuotas();
        String cohort = own.size() == 1 ? quotas.get(own.get(0)).cohort() : null;
        return Comparator.comparing((Held h) -> !borrowsFrom(h, cohort, pool))
                .thenComparingInt(Held::priority)
                .thenComparing(
                        Held::decidedAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                .thenComparing(h -> h.ref().namespace())
                .thenComparing(h -> h.ref().name())
                .thenComparing(h -> h.ref().kind());
    }

    private boolean borrowsFrom(Held h, String cohort, String pool) {
        if (cohort == null) {
            return false;
        }
        List<Quota> quotas = uniqueQuotas();
        for (int q : quotasOf(h.ref().namespace())) {
            if (!cohort.equals(quotas.get(q).cohort())) {
                continue;
            }
            for (Quota.Limit l : quotas.get(q).limits()) {
                if (matches(l, pool, h.clusterOfPool().get(pool))
                        && used(active, q, l) > l.accelerators()) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<List<Integer>> combinations(int n, int k) {
        List<List<Integer>> out = new ArrayList<>();
        combine(n, k, 0, new ArrayList<>(), out);
        return out;
    }

    private static void combine(
            int n, int k, int from, List<Integer> prefix, List<List<Integer>> out) {
        if (prefix.size() == k) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = from; i < n; i++) {
            prefix.add(i);
            combine(n, k, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    // ------------------------------------------------------------------ state changes

    Held find(WorkloadRef ref) {
        return active.stream().filter(h -> h.ref().equals(ref)).findFirst().orElse(null);
    }

    void release(Held h) {
        active.remove(h);
        h.onPool().forEach((pool, n) -> free.computeIfPresent(pool, (k, f) -> f + n));
    }

    void place(Workload w, List<Assignment> assignments, Instant at) {
        Map<String, Integer> on = new HashMap<>();
        Map<String, String> clusters = new HashMap<>();
        for (Assignment a : assignments) {
            on.merge(a.pool(), a.accelerators(), Integer::sum);
            clusters.put(a.pool(), a.cluster());
            free.merge(a.pool(), -a.accelerators(), Integer::sum);
        }
        active.add(new Held(w.ref(), w.priority(), at, on, clusters));
    }

    /** The countries restricted data of the workload may go to; null for anywhere. */
    Set<String> allowedCountries(Workload w) {
        if (w.zone() == null) {
            return w.classification() == DataClass.PUBLIC ? null : Set.of();
        }
        Zone zone = zones.get(w.zone());
        if (zone == null) {
            return Set.of();
        }
        if (!zone.restricted().contains(w.classification())) {
            return null;
        }
        Set<String> out = new HashSet<>(zone.jurisdictions());
        for (String t : zone.transfersAllowedTo()) {
            if (zones.containsKey(t)) {
                out.addAll(zones.get(t).jurisdictions());
            }
        }
        return out;
    }

    String countryOf(String cluster) {
        Site s = sites.get(cluster);
        return s == null ? null : s.country();
    }
}
