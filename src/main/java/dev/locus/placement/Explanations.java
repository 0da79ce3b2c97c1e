package dev.locus.placement;

import static dev.locus.placement.Numbers.ms;
import static dev.locus.placement.Numbers.number;

import dev.locus.placement.PlacementEngine.Explain;
import dev.locus.placement.PoolChecks.Step;
import dev.locus.placement.Sovereignty.Compliance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Why a decision went as it did: each pool's reason, the summary, the rule that admitted it. */
final class Explanations {

    /**
     * The summary ("1/6 pools fit: ...") and the pools not chosen, with their reasons; {@code
     * failure} is what a workload that is not placed is told: QuotaExceeded when no pool fits, some
     * failed on the quota and none got past it; else NoFeasiblePool.
     */
    record Explanation(String summary, List<Candidate> candidates, Reason failure) {}

    private static final int[] NONE = new int[0];

    private final FleetIndex fleet;
    private final Sovereignty sovereignty;
    private final Explain mode;

    Explanations(FleetIndex fleet, Sovereignty sovereignty, Explain mode) {
        this.fleet = fleet;
        this.sovereignty = sovereignty;
        this.mode = mode;
    }

    /**
     * A workload placed on {@code chosen}. Called before the placement takes its accelerators, so
     * that the explanation describes the pools as the decision found them: the chosen pools fit.
     *
     * @param regions the regions served; the first one's latencies rank the feasible candidates
     */
    Decision placed(
            Workload w,
            Compliance compliance,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] regions,
            List<Assignment> assignments,
            int[] chosen,
            String placedOn,
            List<WorkloadRef> preempts,
            PlacementEnergy energy) {
        String policy = policy(w, compliance, checks, assignments, preempts);
        if (mode == Explain.FAILURES) {
            return Decision.placedOn(w, assignments, policy, placedOn, List.of(), preempts, energy);
        }
        Explanation why = explain(w, checks, ranking, regions, chosen);
        return Decision.placedOn(
                w,
                assignments,
                policy,
                placedOn + "; " + why.summary(),
                why.candidates(),
                preempts,
                energy);
    }

    /**
     * A TrainingJob that fits now but waits for {@code deferral}: every pool that fits is listed as
     * Feasible (none is taken), in {@link Explain#ALL} mode only, as for a placement.
     */
    Decision deferred(
            Workload w,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] regions,
            DeferredStart deferral,
            String why) {
        if (mode == Explain.FAILURES) {
            return Decision.deferred(w, deferral, why, List.of());
        }
        Explanation e = explain(w, checks, ranking, regions, NONE);
        return Decision.deferred(w, deferral, why + "; " + e.summary(), e.candidates());
    }

    /** A workload no pool, or no combination of pools, can take; {@code cause} may be null. */
    Decision notPlaced(
            Workload w,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] regions,
            String cause) {
        Explanation why = explain(w, checks, ranking, regions, NONE);
        return notPlaced(w, checks, ranking, regions, cause, why.failure(), why);
    }

    /**
     * An endpoint whose replicas its quota stopped part way: {@code reason} is what the decision
     * says, whatever the pools said before it started.
     */
    Decision notPlaced(
            Workload w,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] regions,
            String cause,
            Reason reason) {
        return notPlaced(
                w,
                checks,
                ranking,
                regions,
                cause,
                reason,
                explain(w, checks, ranking, regions, NONE));
    }

    private static Decision notPlaced(
            Workload w,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] regions,
            String cause,
            Reason reason,
            Explanation why) {
        String message = cause == null ? why.summary() : cause + "; " + why.summary();
        return Decision.notPlaced(w, reason, message, why.candidates());
    }

    /** A workload whose data.zone cannot be resolved: every pool refused, nothing checked. */
    Decision unknownZone(Workload w, Compliance compliance) {
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

    private String policy(
            Workload w,
            Compliance compliance,
            PoolChecks checks,
            List<Assignment> assignments,
            List<WorkloadRef> preempts) {
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
        s.append(", ranked by ")
                .append(fleet.tiered ? "tier, then " : "")
                .append(w.objective().wireName());
        if (checks.quota >= 0) {
            s.append("; counted against FleetQuota ").append(checks.quotaName());
        }
        if (!preempts.isEmpty()) {
            s.append("; preempted lower-priority ");
            for (int i = 0; i < preempts.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(preempts.get(i));
            }
        }
        return s.toString();
    }

    /**
     * Per-pool reasons for every pool not chosen, and the summary. Every pool is counted; in {@link
     * Explain#FAILURES} mode only the {@link PlacementEngine#CANDIDATE_LIMIT} most relevant get a
     * candidate entry, as the operator's status keeps no more.
     */
    Explanation explain(
            Workload w,
            PoolChecks checks,
            Ranking ranking,
            LatencyModel.Latencies[] regions,
            int[] chosen) {
        int[] counts = new int[PoolChecks.STEPS.length];
        int fit = 0;
        int n = fleet.pools.length;
        Step[] failed = new Step[n];
        List<Integer> feasible = new ArrayList<>();
        for (int p : fleet.byName) {
            // A chosen pool fits (a preemptor's once its victims are gone).
            Step step = contains(chosen, p) ? null : checks.firstFailure(p, regions, 0);
            failed[p] = step;
            if (step == null) {
                fit++;
                if (!contains(chosen, p)) {
                    feasible.add(p);
                }
            } else {
                counts[step.ordinal()]++;
            }
        }
        LatencyModel.Latencies primary = regions.length == 0 ? null : regions[0];
        feasible.sort(
                (a, b) ->
                        primary == null
                                ? Integer.compare(fleet.nameRank[a], fleet.nameRank[b])
                                : ranking.compare(
                                        a,
                                        primary.at(fleet.poolSite[a]),
                                        b,
                                        primary.at(fleet.poolSite[b])));
        int limit = mode == Explain.ALL ? Integer.MAX_VALUE : PlacementEngine.CANDIDATE_LIMIT;
        List<Candidate> candidates = new ArrayList<>();
        int rank = chosen.length;
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
                                    "fits; ranked %d by %s (%s%s, cost %s, carbon %s)",
                                    rank,
                                    w.objective().wireName(),
                                    fleet.tiered ? "tier " + fleet.tier[p] + ", " : "",
                                    primary == null ? "n/a" : ms(primary.at(fleet.poolSite[p])),
                                    number(fleet.cost[p]),
                                    number(fleet.carbon[p]))));
        }
        // The pools that came closest to fitting first (a later check failed), then by name.
        for (int s = PoolChecks.STEPS.length - 1; s >= 0 && candidates.size() < limit; s--) {
            if (counts[s] == 0) {
                continue;
            }
            Step step = PoolChecks.STEPS[s];
            for (int p : fleet.byName) {
                if (candidates.size() >= limit) {
                    break;
                }
                if (failed[p] == step) {
                    candidates.add(
                            new Candidate(
                                    fleet.pools[p].name(),
                                    fleet.pools[p].cluster(),
                                    step.reason,
                                    checks.describe(step, p, regions)));
                }
            }
        }
        int quota = counts[PoolChecks.Step.QUOTA.ordinal()];
        int capacity = counts[PoolChecks.Step.CAPACITY.ordinal()];
        if (fit == 0 && quota > 0 && capacity == 0) {
            // The quota is what stops it: say which, with used, needed and borrowable.
            for (int p : fleet.byName) {
                if (failed[p] == Step.QUOTA) {
                    return new Explanation(
                            checks.describe(Step.QUOTA, p, regions)
                                    + "; "
                                    + summary(fit, n, counts),
                            candidates,
                            Reason.QUOTA_EXCEEDED);
                }
            }
        }
        return new Explanation(summary(fit, n, counts), candidates, Reason.NO_FEASIBLE_POOL);
    }

    /** "fit/n pools fit", then each reason with its count, most frequent first. */
    private static String summary(int fit, int n, int[] counts) {
        StringBuilder summary = new StringBuilder();
        summary.append(fit).append('/').append(n).append(" pools fit");
        List<Step> present = new ArrayList<>();
        for (Step step : PoolChecks.STEPS) {
            if (counts[step.ordinal()] > 0) {
                present.add(step);
            }
        }
        present.sort(
                Comparator.comparingInt((Step step) -> -counts[step.ordinal()])
                        .thenComparingInt(Step::ordinal));
        for (int i = 0; i < present.size(); i++) {
            summary.append(i == 0 ? ": " : ", ")
                    .append(counts[present.get(i).ordinal()])
                    .append(' ')
                    .append(present.get(i).reason.code());
        }
        return summary.toString();
    }

    private static boolean contains(int[] pools, int p) {
        for (int q : pools) {
            if (q == p) {
                return true;
            }
        }
        return false;
    }
}
