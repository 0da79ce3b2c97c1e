package dev.locus.placement;

import static dev.locus.placement.Numbers.ms;
import static dev.locus.placement.Numbers.number;
import static dev.locus.placement.Numbers.round;

import dev.locus.placement.Sovereignty.Compliance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides where workloads go, against one snapshot of the fleet. Each placed decision consumes the
 * pools' free capacity before the next one, so a pass never over-books a pool.
 *
 * <p>The rules are those of DESIGN.md ("Placement rules"): sovereignty first and without exception,
 * then the per-pool checks in their fixed order, then a fully deterministic ranking. The engine is
 * not thread-safe: one pass, one thread.
 */
public final class PlacementEngine {

    /** How much explanation to produce. */
    public enum Explain {
        /** Every decision lists every pool it did not choose (the offline planner). */
        ALL,
        /** Only decisions that failed list the pools (the operator's hot path). */
        FAILURES
    }

    /** Candidates an explanation lists in {@link Explain#FAILURES} mode. */
    public static final int CANDIDATE_LIMIT = 20;

    private final Explain explain;
    private final FleetIndex fleet;
    private final Sovereignty sovereignty;
    private final LatencyModel latency;
    private final Ranking[] rankings;

    public PlacementEngine(Snapshot snapshot, Explain explain) {
        this(snapshot, explain, new LatencyCache());
    }

    /**
     * An engine for one pass that reuses the latencies of earlier passes over the same clusters.
     */
    public PlacementEngine(Snapshot snapshot, Explain explain, LatencyCache latencies) {
        this.explain = explain;
        this.fleet = new FleetIndex(snapshot.sites(), snapshot.pools());
        this.sovereignty = new Sovereignty(snapshot.zones(), fleet.sites, fleet.siteIndex);
        latency = latencies.modelFor(fleet.sites, fleet.siteIndex);
        rankings = new Ranking[Objective.values().length];
        for (Objective objective : Objective.values()) {
            rankings[objective.ordinal()] = new Ranking(fleet, objective);
        }
    }

    /** Decides all workloads in scheduling order; each placement consumes capacity. */
    public List<Decision> decideAll(Collection<Workload> workloads) {
        List<Workload> ordered = new ArrayList<>(workloads);
        ordered.sort(WorkloadOrder.INSTANCE);
        List<Decision> decisions = new ArrayList<>(ordered.size());
        for (Workload w : ordered) {
            decisions.add(decide(w));
        }
        return decisions;
    }

    /** Decides one workload; when it is placed, its accelerators leave the pools' free count. */
    public Decision decide(Workload w) {
        Compliance compliance = sovereignty.compliance(w);
        if (compliance.failure() != null) {
            return unknownZone(w, compliance);
        }
        PoolChecks check = new PoolChecks(fleet, sovereignty, w, compliance);
        return w.isGang() ? decideGang(w, compliance, check) : decideEndpoint(w, compliance, check);
    }

    /**
     * Takes accelerators off a pool's free count without a decision: for a workload that keeps what
     * it holds (a failover that found nowhere to go).
     */
    public void reserve(String pool, int accelerators) {
        int p = fleet.pool(pool);
        if (p >= 0) {
            fleet.free[p] = Math.max(0, fleet.free[p] - accelerators);
        }
    }

    /**
     * The clusters among {@code clusters} that may not hold the workload's data under this
     * snapshot's zones: for a workload already placed when a zone or a cluster's country changed.
     * Fails closed: all of them when the zone is unknown, and any cluster the snapshot does not
     * know, unless the data is unrestricted.
     */
    public List<String> outsideZone(Workload w, Collection<String> clusters) {
        return sovereignty.outsideZone(w, clusters);
    }

    /** Free accelerators left on a pool, by name (after the decisions taken so far). */
    public int free(String pool) {
        int p = fleet.pool(pool);
        return p < 0 ? 0 : fleet.free[p];
    }

    // ---------------------------------------------------------------- gang (TrainingJob)

    private Decision decideGang(Workload w, Compliance compliance, PoolChecks check) {
        LatencyModel.Latencies lat = latency.from(w.origin());
        LatencyModel.Latencies[] from = {lat};
        long need = w.totalAccelerators();
        int best = -1;
        for (int p : candidates(w, compliance)) {
            if (check.fits(p, from, 0)) {
                if (best < 0
                        || rankings[w.objective().ordinal()].compare(
                                        p,
                                        lat.at(fleet.poolSite[p]),
                                        best,
                                        lat.at(fleet.poolSite[best]))
                                < 0) {
                    best = p;
                }
            }
        }
        if (best < 0) {
            List<LatencyModel.Latencies> regions = List.of(lat);
            Explanation why = explainAll(w, check, regions, Set.of());
            return Decision.notPlaced(w, Reason.NO_FEASIBLE_POOL, why.summary(), why.candidates());
        }
        Pool pool = fleet.pools[best];
        double l = lat.at(fleet.poolSite[best]);
        Assignment assignment =
                new Assignment(pool.cluster(), pool.name(), w.units(), (int) need, round(l));
        String placedOn =
                new StringBuilder("Placed ")
                        .append(need)
                        .append(" accelerators on ")
                        .append(pool.cluster())
                        .append('/')
                        .append(pool.name())
                        .append(", ")
                        .append(ms(l))
                        .append(" from ")
                        .append(w.origin())
                        .toString();
        // Explained before the pool is consumed: against the capacity the decision was taken on.
        Decision decision =
                placed(
                        w,
                        compliance,
                        check,
                        List.of(lat),
                        List.of(assignment),
                        Set.of(best),
                        placedOn);
        fleet.free[best] -= (int) need;
        return decision;
    }

    // ------------------------------------------------------ endpoint (InferenceEndpoint)

    private Decision decideEndpoint(Workload w, Compliance compliance, PoolChecks check) {
        List<UserRegion> regions =
                w.users().isEmpty() ? List.of(new UserRegion("origin", w.origin(), 1)) : w.users();
        int[] weights = regions.stream().mapToInt(r -> Math.max(1, r.weight())).toArray();
        int[] replicas = split(w.units(), weights);
        Integer[] serveOrder = new Integer[regions.size()];
        for (int i = 0; i < serveOrder.length; i++) {
            serveOrder[i] = i;
        }
        Arrays.sort(
                serveOrder,
                Comparator.comparingInt((Integer i) -> -weights[i])
                        .thenComparing(i -> regions.get(i).name()));

        int[] scan = candidates(w, compliance);
        int[] statics = new int[scan.length];
        int staticCount = 0;
        for (int p : scan) {
            if (check.fitsPool(p)) {
                statics[staticCount++] = p;
            }
        }
        int per = w.acceleratorsPerUnit();
        Map<Integer, int[]> used = new LinkedHashMap<>(); // pool -> {replicas}, in first-use order
        Map<Integer, Double> worst = new HashMap<>();
        List<LatencyModel.Latencies> latencies = new ArrayList<>();
        String shortfall = null;
        for (int r : serveOrder) {
            LatencyModel.Latencies lat = latency.from(regions.get(r).origin());
            LatencyModel.Latencies[] from = {lat};
            latencies.add(lat);
            int placedHere = 0;
            // Each replica goes to the region's best-ranked feasible pool that still has room:
            // pick that pool, fill it as far as the region needs, then pick the next.
            while (placedHere < replicas[r]) {
                int best = -1;
                for (int i = 0; i < staticCount; i++) {
                    int p = statics[i];
                    double l = lat.at(fleet.poolSite[p]);
                    if (!check.fitsNow(p, from, fleet.free[p] - room(p, used, per))) {
                        continue;
                    }
                    if (best < 0
                            || rankings[w.objective().ordinal()].compare(
                                            p, l, best, lat.at(fleet.poolSite[best]))
                                    < 0) {
                        best = p;
                    }
                }
                if (best < 0) {
                    break;
                }
                int take = Math.min(replicas[r] - placedHere, room(best, used, per) / per);
                used.computeIfAbsent(best, k -> new int[1])[0] += take;
                worst.merge(best, lat.at(fleet.poolSite[best]), Numbers::worse);
                placedHere += take;
            }
            if (placedHere < replicas[r]) {
                shortfall =
                        "region "
                                + regions.get(r).name()
                                + " needs "
                                + replicas[r]
                                + " replica(s) and its feasible pools have room for "
                                + placedHere;
                break;
            }
        }
        if (shortfall != null) {
            // Whole or nothing: nothing is consumed.
            List<LatencyModel.Latencies> all = new ArrayList<>();
            for (UserRegion region : regions) {
                all.add(latency.from(region.origin()));
            }
            Explanation why = explainAll(w, check, all, Set.of());
            return Decision.notPlaced(
                    w,
                    Reason.NO_FEASIBLE_POOL,
                    "cannot place "
                            + w.units()
                            + " replica(s): "
                            + shortfall
                            + "; "
                            + why.summary(),
                    why.candidates());
        }
        List<Assignment> assignments = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (var e : used.entrySet()) {
            int p = e.getKey();
            int count = e.getValue()[0];
            Pool pool = fleet.pools[p];
            assignments.add(
                    new Assignment(
                            pool.cluster(), pool.name(), count, count * per, round(worst.get(p))));
            where.append(where.length() == 0 ? "" : ", ")
                    .append(count)
                    .append(" on ")
                    .append(pool.cluster())
                    .append('/')
                    .append(pool.name());
        }
        String placedOn = "Placed " + w.units() + " replica(s): " + where;
        // Explained before the pools are consumed: against the capacity the decision was taken on.
        Decision decision =
                placed(w, compliance, check, latencies, assignments, used.keySet(), placedOn);
        used.forEach((p, count) -> fleet.free[p] -= count[0] * per);
        return decision;
    }

    /** Accelerators still free on a pool, net of what this endpoint has already taken. */
    private int room(int p, Map<Integer, int[]> used, int per) {
        int[] taken = used.get(p);
        return fleet.free[p] - (taken == null ? 0 : taken[0] * per);
    }

    /**
     * Splits replicas across regions in proportion to weight by largest remainder (ties to the
     * earlier region), then gives every region at least one while replicas allow, taking from the
     * region with the most (ties: the later one).
     */
    static int[] split(int replicas, int[] weights) {
        int n = weights.length;
        int[] out = new int[n];
        if (n == 0 || replicas <= 0) {
            return out;
        }
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        long[] remainder = new long[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            long share = (long) replicas * weights[i];
            out[i] = (int) (share / total);
            remainder[i] = share % total;
            given += out[i];
        }
        Integer[] byRemainder = new Integer[n];
        for (int i = 0; i < n; i++) {
            byRemainder[i] = i;
        }
        Arrays.sort(
                byRemainder,
                Comparator.comparingLong((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
        for (int k = 0; given < replicas; k++, given++) {
            out[byRemainder[k % n]]++;
        }
        // At least one per region while replicas allow: a region left without any takes one from
        // the region with the most (ties: the later one); heavier regions are served first
        // (ties: the earlier one).
        while (true) {
            int donor = -1;
            int recipient = -1;
            for (int j = 0; j < n; j++) {
                if (out[j] > 1 && (donor < 0 || out[j] >= out[donor])) {
                    donor = j;
                }
                if (out[j] == 0 && (recipient < 0 || weights[j] > weights[recipient])) {
                    recipient = j;
                }
            }
            if (donor < 0 || recipient < 0) {
                return out;
            }
            out[donor]--;
            out[recipient]++;
        }
    }

    // ------------------------------------------------------------------- shared pieces

    private Decision placed(
            Workload w,
            Compliance compliance,
            PoolChecks check,
            List<LatencyModel.Latencies> latencies,
            List<Assignment> assignments,
            Set<Integer> chosen,
            String placedOn) {
        String policy = policy(w, compliance, assignments);
        if (explain == Explain.FAILURES) {
            return Decision.placedOn(w, assignments, policy, placedOn, List.of());
        }
        Explanation why = explainAll(w, check, latencies, chosen);
        return Decision.placedOn(
                w, assignments, policy, placedOn + "; " + why.summary(), why.candidates());
    }

    private Decision unknownZone(Workload w, Compliance compliance) {
        List<Candidate> candidates = new ArrayList<>();
        for (int p : fleet.byName) {
            candidates.add(
                    new Candidate(
                            fleet.pools[p].name(),
                            fleet.pools[p].cluster(),
                            Reason.UNKNOWN_SOVEREIGNTY_ZONE,
                            compliance.failure()));
        }
        String summary =
                compliance.failure()
                        + "; 0/"
                        + fleet.pools.length
                        + " pools considered, nothing is placed (fail closed)";
        return Decision.notPlaced(w, Reason.UNKNOWN_SOVEREIGNTY_ZONE, summary, candidates);
    }

    private String policy(Workload w, Compliance compliance, List<Assignment> assignments) {
        StringBuilder s = new StringBuilder();
        String data = w.classification().wireName() + " data";
        if (compliance.allowed() == null) {
            if (w.classification() == DataClass.PUBLIC) {
                s.append(data).append(" carries no sovereignty restriction");
            } else {
                s.append(data).append(" is not restricted by SovereigntyZone ").append(w.zone());
            }
        } else {
            s.append(data)
                    .append(" governed by SovereigntyZone ")
                    .append(w.zone())
                    .append(" may run only in zones ")
                    .append(compliance.zones());
        }
        s.append("; placed on ");
        for (int i = 0; i < assignments.size(); i++) {
            Assignment a = assignments.get(i);
            String country = sovereignty.countryOf(a.cluster());
            s.append(i == 0 ? "" : ", ")
                    .append(a.cluster())
                    .append(" (")
                    .append(country == null ? "no country" : country)
                    .append(", zones ")
                    .append(sovereignty.zonesOf(a.cluster()))
                    .append(")");
        }
        s.append(", ranked by ").append(w.objective().wireName());
        return s.toString();
    }

    /**
     * Per-pool reasons for every pool not chosen, and the kube-scheduler-style summary. Every pool
     * is counted; in {@link Explain#FAILURES} mode only the {@link #CANDIDATE_LIMIT} most relevant
     * get a candidate entry, as the operator's status keeps no more.
     */
    private Explanation explainAll(
            Workload w,
            PoolChecks check,
            List<LatencyModel.Latencies> latencies,
            Set<Integer> chosen) {
        LatencyModel.Latencies[] from = latencies.toArray(new LatencyModel.Latencies[0]);
        int[] counts = new int[PoolChecks.STEPS.length];
        int fit = 0;
        int n = fleet.pools.length;
        PoolChecks.Step[] failed = new PoolChecks.Step[n];
        List<Integer> feasible = new ArrayList<>();
        for (int p : fleet.byName) {
            PoolChecks.Step reason = check.firstFailure(p, from, 0);
            failed[p] = reason;
            if (reason == null) {
                fit++;
                if (!chosen.contains(p)) {
                    feasible.add(p);
                }
            } else {
                counts[reason.ordinal()]++;
            }
        }
        LatencyModel.Latencies primary = latencies.isEmpty() ? null : latencies.get(0);
        feasible.sort(
                (a, b) ->
                        primary == null
                                ? Integer.compare(fleet.nameRank[a], fleet.nameRank[b])
                                : rankings[w.objective().ordinal()].compare(
                                        a,
                                        primary.at(fleet.poolSite[a]),
                                        b,
                                        primary.at(fleet.poolSite[b])));
        int limit = explain == Explain.ALL ? Integer.MAX_VALUE : CANDIDATE_LIMIT;
        List<Candidate> candidates = new ArrayList<>();
        int rank = chosen.size();
        for (int p : feasible) {
            rank++;
            if (candidates.size() >= limit) {
                break;
            }
            candidates.add(
                    new Candidate(
                            fleet.pools[p].name(),
                            fleet.pools[p].cluster(),
                            Reason.FEASIBLE,
                            String.format(
                                    Locale.ROOT,
                                    "fits; ranked %d by %s (%s, cost %s, carbon %s)",
                                    rank,
                                    w.objective().wireName(),
                                    primary == null ? "n/a" : ms(primary.at(fleet.poolSite[p])),
                                    number(fleet.cost[p]),
                                    number(fleet.carbon[p]))));
        }
        // The pools that came closest to fitting first (a later check failed), then by name.
        for (int r = PoolChecks.STEPS.length - 1; r >= 0 && candidates.size() < limit; r--) {
            if (counts[r] == 0) {
                continue;
            }
            for (int p : fleet.byName) {
                if (candidates.size() >= limit) {
                    break;
                }
                if (failed[p] != null && failed[p].ordinal() == r) {
                    candidates.add(
                            new Candidate(
                                    fleet.pools[p].name(),
                                    fleet.pools[p].cluster(),
                                    failed[p].reason,
                                    check.describe(failed[p], p, from)));
                }
            }
        }
        StringBuilder summary = new StringBuilder();
        summary.append(fit).append('/').append(n).append(" pools fit");
        List<PoolChecks.Step> present = new ArrayList<>();
        for (PoolChecks.Step r : PoolChecks.STEPS) {
            if (counts[r.ordinal()] > 0) {
                present.add(r);
            }
        }
        present.sort(
                Comparator.comparingInt((PoolChecks.Step r) -> -counts[r.ordinal()])
                        .thenComparingInt(PoolChecks.Step::ordinal));
        for (int i = 0; i < present.size(); i++) {
            summary.append(i == 0 ? ": " : ", ")
                    .append(counts[present.get(i).ordinal()])
                    .append(' ')
                    .append(present.get(i).reason.code());
        }
        return new Explanation(summary.toString(), candidates);
    }

    private record Explanation(String summary, List<Candidate> candidates) {}

    private int[] candidates(Workload w, Compliance compliance) {
        return fleet.candidates(w.accelerator().models(), compliance.key(), compliance.allowed());
    }
}
