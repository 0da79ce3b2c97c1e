package dev.locus.placement;

import static dev.locus.placement.Numbers.ms;
import static dev.locus.placement.Numbers.round;

import dev.locus.placement.Sovereignty.Compliance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Places a TrainingJob: every worker on the one best-ranked pool that takes them all, or none. A
 * job that fits nowhere and may preempt takes the place of lower-priority work ({@link
 * Preemption}).
 */
final class GangPlacement {

    private final FleetIndex fleet;
    private final LatencyModel latency;
    private final Explanations explanations;
    private final PlacedWork placed;
    private final Preemption preemption;
    private final Instant now;
    private final Deferral deferral;
    private final Forecast forecast;

    GangPlacement(
            FleetIndex fleet,
            LatencyModel latency,
            Explanations explanations,
            PlacedWork placed,
            Preemption preemption,
            Deferral deferral,
            Forecast forecast,
            Instant now) {
        this.fleet = fleet;
        this.latency = latency;
        this.explanations = explanations;
        this.placed = placed;
        this.preemption = preemption;
        this.now = now;
        this.deferral = deferral;
        this.forecast = forecast;
    }

    Decision decide(Workload w, Compliance compliance, PoolChecks checks, Ranking ranking) {
        LatencyModel.Latencies lat = latency.from(w.origin());
        LatencyModel.Latencies[] from = {lat};
        int best = -1;
        double bestLatency = Double.NaN;
        int[] candidates = checks.candidates();
        boolean deferrable = deferral.applies(w);
        int[] fitting = deferrable ? new int[candidates.length] : null;
        int fitCount = 0;
        for (int p : candidates) {
            if (checks.fits(p, from, 0)) {
                if (deferrable) {
                    fitting[fitCount++] = p;
                }
                double l = lat.at(fleet.poolSite[p]);
                if (best < 0 || ranking.compare(p, l, best, bestLatency) < 0) {
                    best = p;
                    bestLatency = l;
                }
            }
        }
        if (best >= 0) {
            DeferredStart later =
                    deferrable ? deferral.consider(w, ranking, lat, fitting, fitCount, best) : null;
            if (later != null) {
                return explanations.deferred(
                        w, checks, ranking, from, later, deferral.describe(w, later));
            }
            return place(w, compliance, checks, ranking, from, best, bestLatency, List.of());
        }
        if (!w.mayPreempt()) {
            return explanations.notPlaced(w, checks, ranking, from, null);
        }
        Preemption.Outcome outcome = preemption.find(w, checks, ranking, lat);
        if (outcome.plan() == null) {
            return explanations.notPlaced(w, checks, ranking, from, outcome.why());
        }
        Preemption.Plan plan = outcome.plan();
        return place(
                w,
                compliance,
                checks,
                ranking,
                from,
                plan.pool(),
                plan.latencyMs(),
                plan.victims());
    }

    private Decision place(
            Workload w,
            Compliance compliance,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] from,
            int pool,
            double latencyMs,
            List<PlacedWork.Entry> victims) {
        int need = (int) w.totalAccelerators();
        Pool chosen = fleet.pools[pool];
        Assignment assignment =
                new Assignment(chosen.cluster(), chosen.name(), w.units(), need, round(latencyMs));
        StringBuilder placedOn =
                new StringBuilder("Placed ")
                        .append(need)
                        .append(" accelerators on ")
                        .append(chosen.cluster())
                        .append('/')
                        .append(chosen.name())
                        .append(", ")
                        .append(ms(latencyMs))
                        .append(" from ")
                        .append(w.origin());
        List<WorkloadRef> preempts = new ArrayList<>(victims.size());
        for (PlacedWork.Entry victim : victims) {
            preempts.add(victim.ref);
        }
        if (!victims.isEmpty()) {
            placedOn.append(", preempting ");
            for (int i = 0; i < victims.size(); i++) {
                PlacedWork.Entry v = victims.get(i);
                placedOn.append(i == 0 ? "" : ", ")
                        .append(v.ref)
                        .append(" (priority ")
                        .append(v.priority)
                        .append(')');
            }
        }
        // Explained before anything changes: the decision as it found the pools.
        Decision decision =
                explanations.placed(
                        w,
                        compliance,
                        checks,
                        ranking,
                        from,
                        List.of(assignment),
                        new int[] {pool},
                        placedOn.toString(),
                        preempts,
                        Energy.atPlacement(
                                fleet, forecast, now, new int[] {pool}, new int[] {need}));
        for (PlacedWork.Entry victim : victims) {
            placed.release(victim);
        }
        fleet.free[pool] -= need;
        placed.placed(w, now, checks.countsAgainst(), new int[] {pool}, new int[] {need});
        return decision;
    }
}
