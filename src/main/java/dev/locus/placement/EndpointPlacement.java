package dev.locus.placement;

import static dev.locus.placement.Numbers.round;
import static dev.locus.placement.Numbers.worse;

import dev.locus.placement.Sovereignty.Compliance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places an InferenceEndpoint: replicas split over user regions by weight, all or none. Replicas
 * are placed one pool at a time and count toward the quota as they are placed; an endpoint never
 * preempts.
 */
final class EndpointPlacement {

    private final FleetIndex fleet;
    private final LatencyModel latency;
    private final Explanations explanations;
    private final PlacedWork placed;
    private final Instant now;
    private final Forecast forecast;

    // Scratch for the decision under way, indexed by pool: allocated once per pass rather than per
    // decision, as one pass decides thousands of workloads and the engine is single-threaded.
    private final int[] replicasOn;
    private final double[] worstLatency;
    private final int[] used;
    private int usedCount;
    private final int[] statics;

    EndpointPlacement(
            FleetIndex fleet,
            LatencyModel latency,
            Explanations explanations,
            PlacedWork placed,
            Forecast forecast,
            Instant now) {
        this.forecast = forecast;
        this.fleet = fleet;
        this.latency = latency;
        this.explanations = explanations;
        this.placed = placed;
        this.now = now;
        int n = fleet.pools.length;
        replicasOn = new int[n];
        worstLatency = new double[n];
        used = new int[n];
        statics = new int[n];
    }

    Decision decide(Workload w, Compliance compliance, PoolChecks checks, Ranking ranking) {
        try {
            return place(w, compliance, checks, ranking);
        } finally {
            // Whatever the outcome, an exception included, the next decision starts with nothing
            // taken: the caller may carry on after a decision that threw.
            for (int i = 0; i < usedCount; i++) {
                replicasOn[used[i]] = 0;
            }
            usedCount = 0;
            checks.clearTentative();
        }
    }

    private Decision place(Workload w, Compliance compliance, PoolChecks checks, Ranking ranking) {
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

        int staticCount = 0;
        for (int p : checks.candidates()) {
            if (checks.fitsPool(p)) {
                statics[staticCount++] = p;
            }
        }
        int per = w.acceleratorsPerUnit();
        LatencyModel.Latencies[] served = new LatencyModel.Latencies[regions.size()];
        for (int k = 0; k < serveOrder.length; k++) {
            int r = serveOrder[k];
            LatencyModel.Latencies lat = latency.from(regions.get(r).origin());
            LatencyModel.Latencies[] from = {lat};
            served[k] = lat;
            int placedHere = 0;
            // Each replica goes to the region's best-ranked feasible pool that still has room:
            // pick that pool, fill it as far as the region needs, then pick the next.
            while (placedHere < replicas[r]) {
                int best = -1;
                double bestLatency = Double.NaN;
                for (int i = 0; i < staticCount; i++) {
                    int p = statics[i];
                    if (checks.fitsNow(p, from, replicasOn[p] * per)) {
                        double l = lat.at(fleet.poolSite[p]);
                        if (best < 0 || ranking.compare(p, l, best, bestLatency) < 0) {
                            best = p;
                            bestLatency = l;
                        }
                    }
                }
                if (best < 0) {
                    break;
                }
                int room = fleet.free[best] - replicasOn[best] * per;
                // Within the quota and the cluster's power budget as well as the pool's capacity.
                long quotaRoom = Math.min(checks.quotaRoom(best), checks.powerRoom(best));
                int take =
                        (int)
                                Math.min(
                                        Math.min(replicas[r] - placedHere, room / per),
                                        quotaRoom / per);
                checks.takeTentatively(best, (long) take * per);
                if (replicasOn[best] == 0) {
                    used[usedCount++] = best;
                    worstLatency[best] = bestLatency;
                } else {
                    worstLatency[best] = worse(worstLatency[best], bestLatency);
                }
                replicasOn[best] += take;
                placedHere += take;
            }
            if (placedHere < replicas[r]) {
                return shortfall(
                        w, checks, ranking, regions, replicas[r], r, placedHere, from, staticCount);
            }
        }
        List<Assignment> assignments = new ArrayList<>(usedCount);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < usedCount; i++) {
            int p = used[i];
            int count = replicasOn[p];
            Pool pool = fleet.pools[p];
            assignments.add(
                    new Assignment(
                            pool.cluster(),
                            pool.name(),
                            count,
                            count * per,
                            round(worstLatency[p])));
            where.append(i == 0 ? "" : ", ")
                    .append(count)
                    .append(" on ")
                    .append(pool.cluster())
                    .append('/')
                    .append(pool.name());
        }
        String placedOn = "Placed " + w.units() + " replica(s): " + where;
        int[] pools = Arrays.copyOf(used, usedCount);
        int[] accelerators = new int[usedCount];
        for (int i = 0; i < usedCount; i++) {
            accelerators[i] = replicasOn[used[i]] * per;
        }
        Decision decision =
                explanations.placed(
                        w,
                        compliance,
                        checks,
                        ranking,
                        served,
                        assignments,
                        Arrays.copyOf(used, usedCount),
                        placedOn,
                        List.of(),
                        Energy.atPlacement(fleet, forecast, now, pools, accelerators));
        for (int i = 0; i < usedCount; i++) {
            fleet.free[used[i]] -= accelerators[i];
        }
        checks.clearTentative();
        placed.placed(w, now, checks.countsAgainst(), pools, accelerators);
        return decision;
    }

    /** Whole or nothing: a region left short fails the endpoint, and nothing is consumed. */
    private Decision shortfall(
            Workload w,
            PoolChecks checks,
            Ranking ranking,
            List<UserRegion> regions,
            int needed,
            int region,
            int placed,
            LatencyModel.Latencies[] from,
            int staticCount) {
        LatencyModel.Latencies[] all = new LatencyModel.Latencies[regions.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = latency.from(regions.get(i).origin());
        }
        // The replicas placed so far count toward the quota: when it is the quota, not capacity,
        // that stopped the region, the endpoint is told so.
        int per = w.acceleratorsPerUnit();
        String quotaBound = null;
        for (int i = 0; i < staticCount && quotaBound == null; i++) {
            int p = statics[i];
            if (fleet.free[p] - replicasOn[p] * per >= per
                    && checks.passesBeforeQuota(p, from)
                    && !checks.quotaFits(p, true)) {
                quotaBound = checks.quotaMessage(p, true);
            }
        }
        String cause =
                "cannot place "
                        + w.units()
                        + " replica(s): region "
                        + regions.get(region).name()
                        + " needs "
                        + needed
                        + " replica(s) and its feasible pools have room for "
                        + placed;
        if (quotaBound != null) {
            return explanations.notPlaced(
                    w,
                    checks,
                    ranking,
                    all,
                    cause + " within its quota (" + quotaBound + ")",
                    Reason.QUOTA_EXCEEDED);
        }
        return explanations.notPlaced(w, checks, ranking, all, cause);
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
}
