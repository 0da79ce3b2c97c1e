package dev.locus.placement;

import dev.locus.placement.Sovereignty.Compliance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Decides where workloads go, against one snapshot of the fleet. Each placed decision consumes the
 * pools' free capacity before the next one, so a pass never over-books a pool.
 *
 * <p>The rules are those of DESIGN.md ("Placement rules"): sovereignty first and without exception
 * ({@link Sovereignty}), then the per-pool checks in their fixed order ({@link PoolChecks}), then a
 * fully deterministic ranking ({@link Ranking}, the pool's tier first). Gangs and endpoints are
 * placed by {@link GangPlacement} and {@link EndpointPlacement}, and explained by {@link
 * Explanations}.
 *
 * <p>Sharing, all optional: the snapshot's FleetQuotas cap what each namespace's placed workloads
 * hold ({@link Quotas}, the QuotaExceeded check), the workloads it gives as placed hold capacity
 * and quota ({@link PlacedWork}), a TrainingJob that fits nowhere may preempt lower-priority work
 * ({@link Preemption}), and where quotas exist pending work is decided in fair-share order ({@link
 * #order}).
 *
 * <p>Energy: a cluster's power budget is capacity too ({@link PowerBudget}, the PowerBudgetExceeded
 * check), carbon ranks by the forecast for the hour the work starts ({@link Forecast}, at the
 * snapshot's {@code now}; never the wall clock), a TrainingJob with a schedule may wait for cleaner
 * or cheaper power ({@link Deferral}), and each placement records the power it was decided with
 * ({@link PlacementEnergy}). The engine is not thread-safe: one pass, one thread.
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

    private final FleetIndex fleet;
    private final Sovereignty sovereignty;
    private final Ranking[] rankings;
    private final Explanations explanations;
    private final Quotas quotas;
    private final PlacedWork placed;
    private final GangPlacement gangs;
    private final EndpointPlacement endpoints;
    private final PowerBudget power;

    public PlacementEngine(Snapshot snapshot, Explain explain) {
        this(snapshot, explain, new LatencyCache());
    }

    /**
     * An engine for one pass that reuses the latencies of earlier passes over the same clusters.
     */
    public PlacementEngine(Snapshot snapshot, Explain explain, LatencyCache latencies) {
        fleet = new FleetIndex(snapshot.sites(), snapshot.pools());
        Forecast forecast = new Forecast(fleet.sites);
        if (snapshot.now() != null) {
            // Carbon ranks by the value for the hour the work starts: now.
            for (int p = 0; p < fleet.pools.length; p++) {
                int site = fleet.poolSite[p];
                double c =
                        site < 0
                                ? Double.NaN
                                : forecast.at(Forecast.Quantity.CARBON, site, snapshot.now());
                fleet.carbon[p] = Double.isNaN(c) ? Double.POSITIVE_INFINITY : c;
            }
        }
        sovereignty = new Sovereignty(snapshot.zones(), fleet.sites, fleet.siteIndex);
        rankings = new Ranking[Objective.values().length];
        for (Objective objective : Objective.values()) {
            rankings[objective.ordinal()] = new Ranking(fleet, objective);
        }
        LatencyModel latency = latencies.modelFor(fleet.sites, fleet.siteIndex);
        explanations = new Explanations(fleet, sovereignty, explain);
        quotas = new Quotas(fleet, sovereignty, snapshot.quotas(), snapshot.namespaces());
        power = new PowerBudget(fleet);
        placed = new PlacedWork(fleet, quotas, power, snapshot.placed());
        Preemption preemption = new Preemption(fleet, quotas, placed);
        gangs =
                new GangPlacement(
                        fleet,
                        latency,
                        explanations,
                        placed,
                        preemption,
                        new Deferral(fleet, forecast, snapshot.now()),
                        forecast,
                        snapshot.now());
        endpoints =
                new EndpointPlacement(
                        fleet, latency, explanations, placed, forecast, snapshot.now());
    }

    /**
     * Decides all workloads in scheduling order ({@link #order}); each placement consumes capacity
     * and quota, each preemption gives its victims' back. Decisions come in the order taken.
     */
    public List<Decision> decideAll(Collection<Workload> workloads) {
        List<Decision> decisions = new ArrayList<>(workloads.size());
        for (Iterator<Workload> next = order(workloads); next.hasNext(); ) {
            decisions.add(decide(next.next()));
        }
        return decisions;
    }

    /**
     * The order to decide pending workloads in, against this engine's state: without quotas, {@link
     * WorkloadOrder} (priority, creation time, name); with quotas, priority, then the lower fair
     * share of the workload's quota as it stands when {@link Iterator#next} is called, then
     * creation time (none first, in input order), then name. Call {@link #decide} on each before
     * asking for the next.
     */
    public Iterator<Workload> order(Collection<Workload> pending) {
        if (quotas.isEmpty()) {
            List<Workload> ordered = new ArrayList<>(pending);
            ordered.sort(WorkloadOrder.INSTANCE);
            return ordered.iterator();
        }
        return new FairShareQueue(quotas, pending);
    }

    /** Decides one workload; when it is placed, its accelerators leave the pools' free count. */
    public Decision decide(Workload w) {
        Compliance compliance = sovereignty.compliance(w);
        if (compliance.failure() != null) {
            return explanations.unknownZone(w, compliance);
        }
        PoolChecks checks = new PoolChecks(fleet, sovereignty, quotas, power, w, compliance);
        Ranking ranking = rankings[w.objective().ordinal()];
        return w.isGang()
                ? gangs.decide(w, compliance, checks, ranking)
                : endpoints.decide(w, compliance, checks, ranking);
    }

    /**
     * Takes accelerators off a pool's free count without a decision: for a workload that keeps what
     * it holds (a failover that found nowhere to go).
     */
    public void reserve(String pool, int accelerators) {
        int p = fleet.pool(pool);
        if (p >= 0) {
            fleet.free[p] = Math.max(0, fleet.free[p] - accelerators);
            power.count(fleet.poolSite[p], p, accelerators, 1);
        }
    }

    /**
     * Gives accelerators taken by {@link #reserve} back to a pool's free count: for a workload
     * about to be decided again, which may take what it holds once more.
     */
    public void release(String pool, int accelerators) {
        int p = fleet.pool(pool);
        if (p >= 0) {
            fleet.free[p] += accelerators;
            power.count(fleet.poolSite[p], p, accelerators, -1);
        }
    }

    /**
     * The accelerator power each cluster holds after the decisions taken so far (placed workloads
     * of the snapshot, less those preempted, plus those placed), against its budget: for Cluster
     * status ({@code status.power.usedKilowatts}) and metrics. Every cluster of the snapshot, in
     * its order.
     */
    public List<PowerUse> powerInUse() {
        return power.uses();
    }

    /**
     * The clusters among {@code clusters} that may not hold the workload's data under this
     * snapshot's zones; see {@link Sovereignty#outsideZone}, which answers the same without pools.
     */
    public List<String> outsideZone(Workload w, Collection<String> clusters) {
        return sovereignty.outsideZone(w, clusters);
    }

    /** Free accelerators left on a pool, by name (after the decisions taken so far). */
    public int free(String pool) {
        int p = fleet.pool(pool);
        return p < 0 ? 0 : Math.max(0, fleet.free[p]);
    }

    /**
     * The FleetQuotas that select a namespace, by name, sorted: none (unlimited), one, or several
     * (overlapping: nothing of the namespace is placed).
     */
    public List<String> quotasOf(String namespace) {
        List<String> out = new ArrayList<>();
        for (int q : quotas.quotasOf(namespace)) {
            out.add(quotas.name(q));
        }
        out.sort(null);
        return out;
    }

    /**
     * What each FleetQuota's workloads hold after the decisions taken so far (placed workloads of
     * the snapshot, less those preempted, plus those placed): for FleetQuota status.
     */
    public List<QuotaUsage> quotaUsage() {
        return quotas.usage(placed.admitted());
    }
}
