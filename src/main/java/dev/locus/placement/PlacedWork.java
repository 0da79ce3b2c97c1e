package dev.locus.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The workloads that hold accelerators during a pass: those the snapshot gives as placed, then
 * those the pass places. They count against their pools' free capacity, their quotas and their
 * clusters' power budgets, and may be preempted; a preempted one gives everything back.
 */
final class PlacedWork {

    /** One placed workload; its holdings are parallel arrays. */
    static final class Entry {
        final WorkloadRef ref;
        final int priority;
        final Instant decidedAt;

        /** The quotas it counts against (several only for a namespace of overlapping quotas). */
        final int[] quotas;

        /** Per holding: the pool (-1 when the snapshot has no such pool), site, model, amount. */
        final int[] pools;

        final int[] sites;
        final String[] models;
        final int[] accelerators;
        boolean active = true;

        Entry(
                WorkloadRef ref,
                int priority,
                Instant decidedAt,
                int[] quotas,
                int[] pools,
                int[] sites,
                String[] models,
                int[] accelerators) {
            this.ref = ref;
            this.priority = priority;
            this.decidedAt = decidedAt;
            this.quotas = quotas;
            this.pools = pools;
            this.sites = sites;
            this.models = models;
            this.accelerators = accelerators;
        }

        /** Accelerators held on pool {@code p}. */
        int on(int p) {
            int sum = 0;
            for (int i = 0; i < pools.length; i++) {
                if (pools[i] == p) {
                    sum += accelerators[i];
                }
            }
            return sum;
        }
    }

    private final FleetIndex fleet;
    private final Quotas quotas;
    private final PowerBudget power;
    private final List<Entry> entries = new ArrayList<>();

    /** Per pool: the entries holding some of it (lazily created lists). */
    private final List<List<Entry>> byPool;

    PlacedWork(FleetIndex fleet, Quotas quotas, PowerBudget power, List<PlacedWorkload> placed) {
        this.fleet = fleet;
        this.quotas = quotas;
        this.power = power;
        byPool = new ArrayList<>(fleet.pools.length);
        for (int p = 0; p < fleet.pools.length; p++) {
            byPool.add(null);
        }
        Set<WorkloadRef> seen = new HashSet<>();
        for (PlacedWorkload w : placed) {
            if (!seen.add(w.workload().ref())) {
                continue; // the same workload twice: the first one counts
            }
            int n = w.holdings().size();
            int[] pools = new int[n];
            int[] sites = new int[n];
            String[] models = new String[n];
            int[] accelerators = new int[n];
            for (int i = 0; i < n; i++) {
                PlacedWorkload.Holding h = w.holdings().get(i);
                int p = h.pool() == null ? -1 : fleet.pool(h.pool());
                pools[i] = p;
                Integer site = h.cluster() == null ? null : fleet.siteIndex.get(h.cluster());
                sites[i] = p >= 0 ? fleet.poolSite[p] : site == null ? -1 : site;
                models[i] = p >= 0 ? fleet.poolModel[p] : "";
                accelerators[i] = Math.max(0, h.accelerators());
                if (p >= 0 && !h.takenFromFree()) {
                    fleet.free[p] -= accelerators[i];
                }
            }
            add(
                    new Entry(
                            w.workload().ref(),
                            w.workload().priority(),
                            w.decidedAt(),
                            quotas.quotasOf(w.workload().ref().namespace()),
                            pools,
                            sites,
                            models,
                            accelerators));
        }
    }

    /** Records a placement of the pass; the caller has taken its accelerators off the pools. */
    void placed(Workload w, Instant at, int[] quotaIndexes, int[] pools, int[] accelerators) {
        int n = pools.length;
        int[] sites = new int[n];
        String[] models = new String[n];
        for (int i = 0; i < n; i++) {
            sites[i] = fleet.poolSite[pools[i]];
            models[i] = fleet.poolModel[pools[i]];
            quotas.count(quotaIndexes, sites[i], models[i], accelerators[i], 1);
            power.count(sites[i], pools[i], accelerators[i], 1);
        }
        Entry e =
                new Entry(
                        w.ref(),
                        w.priority(),
                        at,
                        quotaIndexes,
                        pools,
                        sites,
                        models,
                        accelerators);
        entries.add(e);
        index(e);
    }

    private void add(Entry e) {
        entries.add(e);
        index(e);
        for (int i = 0; i < e.pools.length; i++) {
            quotas.count(e.quotas, e.sites[i], e.models[i], e.accelerators[i], 1);
            power.count(e.sites[i], e.pools[i], e.accelerators[i], 1);
        }
    }

    private void index(Entry e) {
        for (int i = 0; i < e.pools.length; i++) {
            int p = e.pools[i];
            if (p >= 0 && !earlier(e.pools, i)) {
                List<Entry> on = byPool.get(p);
                if (on == null) {
                    on = new ArrayList<>(2);
                    byPool.set(p, on);
                }
                on.add(e);
            }
        }
    }

    /** Whether pools[i] appears before position i. */
    private static boolean earlier(int[] pools, int i) {
        for (int j = 0; j < i; j++) {
            if (pools[j] == pools[i]) {
                return true;
            }
        }
        return false;
    }

    /** The active entries holding accelerators on pool {@code p}. */
    List<Entry> on(int p) {
        List<Entry> on = byPool.get(p);
        if (on == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>(on.size());
        for (Entry e : on) {
            if (e.active) {
                out.add(e);
            }
        }
        return out;
    }

    /** Gives back everything an entry holds: to its pools' free counts and to its quotas. */
    void release(Entry e) {
        move(e, 1);
        e.active = false;
    }

    /** Undoes {@link #release}: for trying victim sets. */
    void restore(Entry e) {
        move(e, -1);
        e.active = true;
    }

    private void move(Entry e, int sign) {
        for (int i = 0; i < e.pools.length; i++) {
            if (e.pools[i] >= 0) {
                fleet.free[e.pools[i]] += sign * e.accelerators[i];
            }
            quotas.count(e.quotas, e.sites[i], e.models[i], e.accelerators[i], -sign);
            power.count(e.sites[i], e.pools[i], e.accelerators[i], -sign);
        }
    }

    /** Active entries counted against each quota. */
    int[] admitted() {
        int[] out = new int[quotas.quotas.length];
        for (Entry e : entries) {
            if (e.active) {
                for (int q : e.quotas) {
                    out[q]++;
                }
            }
        }
        return out;
    }
}
