package dev.locus.placement;

import static dev.locus.placement.Numbers.ms;
import static dev.locus.placement.Numbers.round;

import dev.locus.placement.Sovereignty.Compliance;
import java.util.List;

/** Places a TrainingJob: every worker on the one best-ranked pool that takes them all, or none. */
final class GangPlacement {

    private final FleetIndex fleet;
    private final LatencyModel latency;
    private final Explanations explanations;

    GangPlacement(FleetIndex fleet, LatencyModel latency, Explanations explanations) {
        this.fleet = fleet;
        this.latency = latency;
        this.explanations = explanations;
    }

    Decision decide(Workload w, Compliance compliance, PoolChecks checks, Ranking ranking) {
        LatencyModel.Latencies lat = latency.from(w.origin());
        LatencyModel.Latencies[] from = {lat};
        int best = -1;
        double bestLatency = Double.NaN;
        for (int p : checks.candidates()) {
            if (checks.fits(p, from, 0)) {
                double l = lat.at(fleet.poolSite[p]);
                if (best < 0 || ranking.compare(p, l, best, bestLatency) < 0) {
                    best = p;
                    bestLatency = l;
                }
            }
        }
        if (best < 0) {
            return explanations.notPlaced(w, checks, ranking, from, null);
        }
        int need = (int) w.totalAccelerators();
        Pool pool = fleet.pools[best];
        Assignment assignment =
                new Assignment(pool.cluster(), pool.name(), w.units(), need, round(bestLatency));
        String placedOn =
                new StringBuilder("Placed ")
                        .append(need)
                        .append(" accelerators on ")
                        .append(pool.cluster())
                        .append('/')
                        .append(pool.name())
                        .append(", ")
                        .append(ms(bestLatency))
                        .append(" from ")
                        .append(w.origin())
                        .toString();
        Decision decision =
                explanations.placed(
                        w,
                        compliance,
                        checks,
                        ranking,
                        from,
                        List.of(assignment),
                        new int[] {best},
                        placedOn);
        fleet.free[best] -= need;
        return decision;
    }
}
