package dev.locus.placement;

import dev.locus.placement.PlacedWork.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a TrainingJob that fits no pool may make room by preempting placed workloads of strictly
 * lower priority: on one pool that passes every check before the quota's, the pool needing the
 * fewest victims (ties to the better-ranked pool), and there the first victim set of that size in
 * victim order (borrowers from the preemptor's cohort, then lower priority, then more recently
 * placed, then namespace/name), compared element by element.
 *
 * <p>Freeing more never hurts (capacity, quota and power only gain), so a pool where freeing every
 * candidate does not make room is skipped, and sets are searched by size, each size in victim
 * order. The search is exact within {@link #BUDGET} fit checks per pool; beyond that (hundreds of
 * candidates on one pool) it takes victims in order until the workload fits, then drops those it
 * did not need.
 */
final class Preemption {

    /** Fit checks per pool before the search settles for a greedy set. */
    static final int BUDGET = 50_000;

    /** A pool and the victims that make room there, in victim order. */
    record Plan(int pool, double latencyMs, List<Entry> victims) {}

    /** A plan, or why there is none. */
    record Outcome(Plan plan, String why) {}

    private final FleetIndex fleet;
    private final Quotas quotas;
    private final PlacedWork placed;

    Preemption(FleetIndex fleet, Quotas quotas, PlacedWork placed) {
        this.fleet = fleet;
        this.quotas = quotas;
        this.placed = placed;
    }

    Outcome find(Workload w, PoolChecks checks, Ranking ranking, LatencyModel.Latencies lat) {
        LatencyModel.Latencies[] from = {lat};
        List<Integer> pools = new ArrayList<>();
        for (int p : checks.candidates()) {
            if (checks.passesBeforeQuota(p, from)) {
                pools.add(p);
            }
        }
        if (pools.isEmpty()) {
            return new Outcome(
                    null,
                    "no preemption: no pool passes the checks before QuotaExceeded, and preemption"
                            + " never uses a pool the workload could not otherwise use");
        }
        pools.sort(
                (a, b) ->
                        ranking.compare(
                                a, lat.at(fleet.poolSite[a]), b, lat.at(fleet.poolSite[b])));
        long need = w.totalAccelerators();
        Plan best = null;
        int holding = 0;
        for (int p : pools) {
            List<Entry> candidates = candidates(w, checks, p);
            if (candidates.isEmpty()) {
                continue;
            }
            holding++;
            // A worse-ranked pool wins only with fewer victims.
            int most = best == null ? candidates.size() : best.victims().size() - 1;
            if (most < 1) {
                break;
            }
            List<Entry> victims = fewest(checks, p, need, candidates, most);
            if (victims != null) {
                best = new Plan(p, lat.at(fleet.poolSite[p]), victims);
            }
        }
        if (best != null) {
            return new Outcome(best, null);
        }
        return new Outcome(
                null,
                holding == 0
                        ? "no preemption: no workload of priority below "
                                + w.priority()
                                + " holds accelerators on the "
                                + pools.size()
                                + " pool(s) the workload may use"
                        : "no preemption: preempting every workload of priority below "
                                + w.priority()
                                + " on any one of the "
                                + pools.size()
                                + " pool(s) the workload may use would not make room");
    }

    /** Active workloads of strictly lower priority holding accelerators on {@code p}. */
    private List<Entry> candidates(Workload w, PoolChecks checks, int p) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : placed.on(p)) {
            if (e.priority < w.priority()) {
                out.add(e);
            }
        }
        if (out.size() > 1) {
            String cohort = checks.quota >= 0 ? quotas.cohort(checks.quota) : null;
            int site = fleet.poolSite[p];
            String model = fleet.poolModel[p];
            java.util.Set<Entry> borrowers = new java.util.HashSet<>();
            for (Entry e : out) {
                if (cohort != null && borrowsFrom(e, cohort, site, model)) {
                    borrowers.add(e);
                }
            }
            out.sort(
                    Comparator.comparing((Entry e) -> !borrowers.contains(e))
                            .thenComparingInt(e -> e.priority)
                            .thenComparing(
                                    e -> e.decidedAt,
                                    Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                            .thenComparing(e -> e.ref.namespace())
                            .thenComparing(e -> e.ref.name())
                            .thenComparing(e -> e.ref.kind()));
        }
        return out;
    }

    /** Whether a placed workload borrows, where it holds this pool, from the cohort named. */
    private boolean borrowsFrom(Entry e, String cohort, int site, String model) {
        for (int q : e.quotas) {
            if (cohort.equals(quotas.cohort(q)) && quotas.borrows(q, site, model)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first set of the fewest candidates, at most {@code most}, whose going makes room on pool
     * {@code p}; null when none does.
     */
    private List<Entry> fewest(
            PoolChecks checks, int p, long need, List<Entry> candidates, int most) {
        int n = candidates.size();
        int[] holds = new int[n];
        for (int i = 0; i < n; i++) {
            holds[i] = candidates.get(i).on(p);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (!fitsWithout(checks, p, need, candidates, all, n)) {
            return null;
        }
        // No set smaller than what capacity alone needs, taking the largest holdings first.
        int[] bySize = holds.clone();
        java.util.Arrays.sort(bySize);
        long room = fleet.free[p];
        int least = 1;
        for (int i = n - 1; i >= 0 && room < need; i--) {
            room += bySize[i];
            least = n - i;
        }
        // maxFrom[i]: the largest holding among candidates i..n-1, to bound what is left to add.
        int[] maxFrom = new int[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            maxFrom[i] = Math.max(holds[i], maxFrom[i + 1]);
        }
        int[] budget = {BUDGET};
        int[] chosen = new int[n];
        for (int k = least; k <= Math.min(most, n); k++) {
            if (search(checks, p, need, candidates, holds, maxFrom, chosen, 0, 0, k, 0, budget)) {
                List<Entry> out = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    out.add(candidates.get(chosen[i]));
                }
                return out;
            }
            if (budget[0] <= 0) {
                return greedy(checks, p, need, candidates, most);
            }
        }
        return null;
    }

    /** Combinations of size {@code k} in victim order, pruned by what capacity could still get. */
    private boolean search(
            PoolChecks checks,
            int p,
            long need,
            List<Entry> candidates,
            int[] holds,
            int[] maxFrom,
            int[] chosen,
            int depth,
            long freed,
            int k,
            int from,
            int[] budget) {
        if (depth == k) {
            budget[0]--;
            return fitsWithout(checks, p, need, candidates, chosen, k);
        }
        int n = candidates.size();
        for (int i = from; i <= n - (k - depth) && budget[0] > 0; i++) {
            if (fleet.free[p] + freed + (long) (k - depth) * maxFrom[i] < need) {
                return false; // even the largest holdings left cannot make room
            }
            chosen[depth] = i;
            if (search(
                    checks,
                    p,
                    need,
                    candidates,
                    holds,
                    maxFrom,
                    chosen,
                    depth + 1,
                    freed + holds[i],
                    k,
                    i + 1,
                    budget)) {
                return true;
            }
        }
        return false;
    }

    /** Victims in order until the workload fits, then without those it did not need. */
    private List<Entry> greedy(
            PoolChecks checks, int p, long need, List<Entry> candidates, int most) {
        List<Entry> set = new ArrayList<>();
        for (Entry e : candidates) {
            set.add(e);
            if (fits(checks, p, need, set)) {
                break;
            }
        }
        for (int i = set.size() - 1; i >= 0; i--) {
            Entry e = set.remove(i);
            if (!fits(checks, p, need, set)) {
                set.add(i, e);
            }
        }
        return set.size() <= most && fits(checks, p, need, set) ? set : null;
    }

    private boolean fits(PoolChecks checks, int p, long need, List<Entry> set) {
        int[] idx = new int[set.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return fitsWithout(checks, p, need, set, idx, idx.length);
    }

    /**
     * Whether the workload fits pool {@code p} (quota, capacity and power) once the first {@code k}
     * entries of {@code chosen} are gone; everything is put back before returning.
     */
    private boolean fitsWithout(
            PoolChecks checks, int p, long need, List<Entry> candidates, int[] chosen, int k) {
        for (int i = 0; i < k; i++) {
            placed.release(candidates.get(chosen[i]));
        }
        try {
            return fleet.free[p] >= need
                    && checks.quotaFits(p, false)
                    && checks.powerFits(p, false);
        } finally {
            for (int i = k - 1; i >= 0; i--) {
                placed.restore(candidates.get(chosen[i]));
            }
        }
    }
}
