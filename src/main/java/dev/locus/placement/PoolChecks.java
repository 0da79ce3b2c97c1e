package dev.locus.placement;

import static dev.locus.placement.Numbers.centi;
import static dev.locus.placement.Numbers.lower;
import static dev.locus.placement.Numbers.ms;
import static dev.locus.placement.Numbers.number;

import dev.locus.placement.Sovereignty.Compliance;
import java.util.BitSet;
import java.util.Locale;
import java.util.TreeSet;

/** One workload's per-pool checks in the contract's order, shared by deciding and explaining. */
final class PoolChecks {

    /**
     * What a step depends on besides the workload and the pool. Steps are ordered by scope too, so
     * that a placement can run the POOL steps once per pool and the others once per region and try.
     */
    enum Scope {
        /** The pool and its cluster: the same for every region and moment of a pass. */
        POOL,
        /** The region served: its latency to the pool's cluster. */
        REGION,
        /** What placements have taken so far. */
        MOMENT
    }

    /**
     * The checks, declared in the order they apply. A new check is a constant here, in its place; a
     * test in {@link #firstPoolFailure} or {@link #firstDynamicFailure}, in the same place; and its
     * message in {@link #describe}.
     */
    enum Step {
        CLUSTER_EXISTS(Reason.CLUSTER_NOT_FOUND, Scope.POOL),
        CLUSTER_NOT_CORDONED(Reason.CLUSTER_CORDONED, Scope.POOL),
        CLUSTER_READY(Reason.CLUSTER_NOT_READY, Scope.POOL),
        IN_ZONE(Reason.OUTSIDE_SOVEREIGNTY_ZONE, Scope.POOL),
        SELECTED(Reason.CLUSTER_SELECTOR_MISMATCH, Scope.POOL),
        ACCELERATOR(Reason.ACCELERATOR_MISMATCH, Scope.POOL),
        FEATURES(Reason.FEATURE_MISSING, Scope.POOL),
        LATENCY(Reason.LATENCY_ABOVE_LIMIT, Scope.REGION),
        QUOTA(Reason.QUOTA_EXCEEDED, Scope.MOMENT),
        CAPACITY(Reason.INSUFFICIENT_CAPACITY, Scope.MOMENT),
        POWER(Reason.POWER_BUDGET_EXCEEDED, Scope.MOMENT);

        /** What a pool failing this step is told. */
        final Reason reason;

        final Scope scope;

        Step(Reason reason, Scope scope) {
            this.reason = reason;
            this.scope = scope;
        }
    }

    static final Step[] STEPS = Step.values();

    private final FleetIndex fleet;
    private final Sovereignty sovereignty;
    private final Workload w;
    private final Compliance compliance;
    private final BitSet allowed;
    private final BitSet selected;
    private final long maxCenti;
    private final long requiredFeatures;
    private final boolean sharedFeatureBit;
    private final Quotas quotas;
    private final PowerBudget power;

    /** The workload's quota: its index, {@link Quotas#UNLIMITED} or {@link Quotas#OVERLAPPING}. */
    final int quota;

    /** A gang goes whole to one pool; an endpoint needs room for at least one replica. */
    private final long need;

    PoolChecks(
            FleetIndex fleet,
            Sovereignty sovereignty,
            Quotas quotas,
            PowerBudget power,
            Workload w,
            Compliance compliance) {
        this.fleet = fleet;
        this.quotas = quotas;
        this.power = power;
        this.quota = quotas.quotaOf(w.ref().namespace());
        this.sovereignty = sovereignty;
        this.w = w;
        this.compliance = compliance;
        this.allowed = compliance.allowed();
        this.selected = fleet.selector(w.clusterSelector());
        this.maxCenti = w.maxLatencyMs() == null ? -1 : centi(w.maxLatencyMs());
        long mask = 0;
        for (String feature : w.requiredFeatures()) {
            mask |= fleet.featureBit(feature);
        }
        this.requiredFeatures = mask;
        this.sharedFeatureBit = (mask & FleetIndex.SHARED_FEATURE_BIT) != 0;
        this.need = w.isGang() ? w.totalAccelerators() : w.acceleratorsPerUnit();
    }

    /**
     * The pools worth checking: of a requested model, on a cluster that takes work and may hold the
     * data. A shortcut only; each is still checked in full.
     */
    int[] candidates() {
        return fleet.candidates(w.accelerator().models(), compliance.key(), allowed);
    }

    /**
     * The first step pool {@code p} fails, or null when it fits.
     *
     * @param from the regions served: the latency step passes when any of them is within the limit
     * @param taken accelerators this decision has already taken on the pool
     */
    Step firstFailure(int p, LatencyModel.Latencies[] from, int taken) {
        Step failed = firstPoolFailure(p);
        return failed != null ? failed : firstDynamicFailure(p, from, taken, false);
    }

    /** Whether the pool passes every step; see {@link #firstFailure}. */
    boolean fits(int p, LatencyModel.Latencies[] from, int taken) {
        return firstPoolFailure(p) == null && firstDynamicFailure(p, from, taken, true) == null;
    }

    /**
     * Whether the pool passes every step before the quota's: the pools a preemptor may use, as
     * freeing accelerators changes nothing before it.
     */
    boolean passesBeforeQuota(int p, LatencyModel.Latencies[] from) {
        return firstPoolFailure(p) == null
                && (maxCenti < 0 || withinLimit(nearest(from, fleet.poolSite[p])));
    }

    /** Whether the pool passes the steps of {@link Scope#POOL} scope. */
    boolean fitsPool(int p) {
        return firstPoolFailure(p) == null;
    }

    /** Whether a pool that {@link #fitsPool fits} passes the other steps now. */
    boolean fitsNow(int p, LatencyModel.Latencies[] from, int taken) {
        return firstDynamicFailure(p, from, taken, true) == null;
    }

    /** Accelerators the workload's quota still has room for on the pool; MAX when unlimited. */
    long quotaRoom(int p) {
        return quota == Quotas.UNLIMITED
                ? Long.MAX_VALUE
                : quota == Quotas.OVERLAPPING ? 0 : quotas.room(quota, p);
    }

    /** Accelerators of the pool its cluster's power budget still has room for; MAX without one. */
    long powerRoom(int p) {
        return power.room(p);
    }

    /** Whether the power check passes, as the decision under way found it or after its takes. */
    boolean powerFits(int p, boolean withTentative) {
        return power.fits(p, need, withTentative);
    }

    /** Whether the quota's check passes, as the decision under way found it or after its takes. */
    boolean quotaFits(int p, boolean withTentative) {
        if (quota == Quotas.UNLIMITED) {
            return true;
        }
        return quota != Quotas.OVERLAPPING && quotas.firstShort(quota, p, need, withTentative) < 0;
    }

    /** Why the quota refuses the pool, as people read it. */
    String quotaMessage(int p, boolean withTentative) {
        if (quota == Quotas.OVERLAPPING) {
            return quotas.overlap(w.ref().namespace());
        }
        int limit = quota < 0 ? -1 : quotas.firstShort(quota, p, need, withTentative);
        return limit < 0
                ? "quota " + (quota < 0 ? "" : quotas.name(quota)) + " has room"
                : quotas.describe(limit, need, withTentative);
    }

    /** The name of the workload's quota; for a workload that has one. */
    String quotaName() {
        return quotas.name(quota);
    }

    /** The quotas this workload's placements count against: none, or its one quota. */
    int[] countsAgainst() {
        return quota >= 0 ? new int[] {quota} : NO_QUOTA;
    }

    private static final int[] NO_QUOTA = new int[0];

    /** Counts accelerators an endpoint's replica takes on the pool against its quota, for now. */
    void takeTentatively(int p, long accelerators) {
        if (quota >= 0) {
            quotas.takeTentatively(quota, p, accelerators);
        }
        power.takeTentatively(p, accelerators);
    }

    /** Forgets the tentative takes of the decision under way. */
    void clearTentative() {
        if (quota >= 0) {
            quotas.clearTentative();
        }
        power.clearTentative();
    }

    // These two methods are where the order is applied. They are written out rather than looping
    // over STEPS because they run for every pool of every decision, and a loop that switched on
    // the step cost about 30 % of the benchmark's decisions per second.

    private Step firstPoolFailure(int p) {
        int site = fleet.poolSite[p];
        if (site < 0) {
            return Step.CLUSTER_EXISTS;
        }
        if (fleet.cordoned[site]) {
            return Step.CLUSTER_NOT_CORDONED;
        }
        if (!fleet.ready[site]) {
            return Step.CLUSTER_READY;
        }
        if (allowed != null && !allowed.get(site)) {
            return Step.IN_ZONE;
        }
        if (selected != null && !selected.get(site)) {
            return Step.SELECTED;
        }
        if (!acceleratorMatches(p)) {
            return Step.ACCELERATOR;
        }
        if (!featuresPresent(p)) {
            return Step.FEATURES;
        }
        return null;
    }

    /**
     * For a pool that passed {@link #firstPoolFailure}, so its cluster exists.
     *
     * @param withTentative whether the quota counts what the decision under way took already
     */
    private Step firstDynamicFailure(
            int p, LatencyModel.Latencies[] from, int taken, boolean withTentative) {
        if (maxCenti >= 0 && !withinLimit(nearest(from, fleet.poolSite[p]))) {
            return Step.LATENCY;
        }
        if (quota != Quotas.UNLIMITED && !quotaFits(p, withTentative)) {
            return Step.QUOTA;
        }
        if (fleet.free[p] - taken < need) {
            return Step.CAPACITY;
        }
        if (!power.fits(p, need, withTentative)) {
            return Step.POWER;
        }
        return null;
    }

    private boolean withinLimit(double latencyMs) {
        return !Double.isNaN(latencyMs) && centi(latencyMs) <= maxCenti;
    }

    /** The lowest known latency to the site from the regions; NaN when none is known. */
    private static double nearest(LatencyModel.Latencies[] from, int site) {
        double best = Double.NaN;
        for (LatencyModel.Latencies lat : from) {
            double l = lat.at(site);
            if (!Double.isNaN(l) && (Double.isNaN(best) || l < best)) {
                best = l;
            }
        }
        return best;
    }

    private boolean acceleratorMatches(int p) {
        AcceleratorRequest want = w.accelerator();
        if (want.type() != null && !want.type().equals(fleet.poolType[p])) {
            return false;
        }
        if (!want.models().isEmpty() && !want.models().contains(fleet.poolModel[p])) {
            return false;
        }
        Integer memory = fleet.pools[p].memoryGiB();
        return want.minMemoryGiB() == null || (memory != null && memory >= want.minMemoryGiB());
    }

    private boolean featuresPresent(int p) {
        if ((fleet.poolFeatures[p] & requiredFeatures) != requiredFeatures) {
            return false;
        }
        if (!sharedFeatureBit) {
            return true;
        }
        // Some features share a bit: the mask alone cannot tell them apart.
        for (String feature : w.requiredFeatures()) {
            if (fleet.pools[p].features().stream().noneMatch(f -> f.equalsIgnoreCase(feature))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why pool {@code p} failed {@code step}, for a user; the pool has passed every step before.
     */
    String describe(Step step, int p, LatencyModel.Latencies[] from) {
        Pool pool = fleet.pools[p];
        int site = fleet.poolSite[p];
        return switch (step) {
            case CLUSTER_EXISTS -> "cluster \"" + pool.cluster() + "\" has no Cluster object";
            case CLUSTER_NOT_CORDONED -> "cluster " + pool.cluster() + " is cordoned";
            case CLUSTER_READY -> "cluster " + pool.cluster() + " is not Ready";
            case IN_ZONE -> outsideZone(pool, site);
            case SELECTED ->
                    "labels of cluster "
                            + pool.cluster()
                            + " do not match placement.clusterSelector";
            case ACCELERATOR ->
                    String.format(
                            Locale.ROOT,
                            "pool has %s %s (%s GiB); workload needs%s%s%s",
                            pool.type(),
                            pool.model(),
                            pool.memoryGiB() == null ? "?" : pool.memoryGiB(),
                            w.accelerator().type() == null ? "" : " " + w.accelerator().type(),
                            w.accelerator().models().isEmpty()
                                    ? ""
                                    : " one of " + new TreeSet<>(w.accelerator().models()),
                            w.accelerator().minMemoryGiB() == null
                                    ? ""
                                    : " with >= " + w.accelerator().minMemoryGiB() + " GiB");
            case FEATURES -> {
                TreeSet<String> missing = new TreeSet<>(w.requiredFeatures());
                pool.features().forEach(f -> missing.remove(lower(f)));
                yield "pool lacks features " + missing;
            }
            case LATENCY -> {
                double best = nearest(from, site);
                yield Double.isNaN(best)
                        ? "latency to cluster "
                                + pool.cluster()
                                + " is unknown (no interconnect path, no coordinates) and"
                                + " maxLatencyMs is set"
                        : String.format(
                                Locale.ROOT,
                                "latency %s to cluster %s exceeds maxLatencyMs %s",
                                ms(best),
                                pool.cluster(),
                                number(w.maxLatencyMs()));
            }
            case QUOTA -> quotaMessage(p, false);
            case CAPACITY ->
                    String.format(
                            Locale.ROOT,
                            "needs %d accelerator(s)%s, %d free",
                            need,
                            w.isGang() ? "" : " per replica",
                            Math.max(0, fleet.free[p]));
            case POWER -> power.describe(p, need);
        };
    }

    private String outsideZone(Pool pool, int site) {
        String country = fleet.sites.get(site).country();
        if (country == null) {
            return "cluster " + pool.cluster() + " has no country, so it belongs to no zone";
        }
        return "cluster "
                + pool.cluster()
                + " ("
                + country
                + ", zones "
                + sovereignty.zonesOf(site)
                + ") is outside "
                + compliance.zones()
                + " where "
                + w.classification().wireName()
                + " data of zone "
                + w.zone()
                + " may run";
    }
}
