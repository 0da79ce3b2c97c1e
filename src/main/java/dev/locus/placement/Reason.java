package dev.locus.placement;

/**
 * Why a pool was not chosen, or why a workload could not be placed. The per-pool checks run in
 * declaration order; the first one that fails is the pool's reason.
 */
public enum Reason {
    CLUSTER_NOT_FOUND("ClusterNotFound"),
    CLUSTER_CORDONED("ClusterCordoned"),
    CLUSTER_NOT_READY("ClusterNotReady"),
    OUTSIDE_SOVEREIGNTY_ZONE("OutsideSovereigntyZone"),
    CLUSTER_SELECTOR_MISMATCH("ClusterSelectorMismatch"),
    ACCELERATOR_MISMATCH("AcceleratorMismatch"),
    FEATURE_MISSING("FeatureMissing"),
    LATENCY_ABOVE_LIMIT("LatencyAboveLimit"),
    /**
     * The workload's FleetQuota has no room for it on the pool, even with what it may borrow; or
     * its namespace is selected by several quotas. At decision level: no pool fits and none got
     * past this check.
     */
    QUOTA_EXCEEDED("QuotaExceeded"),
    INSUFFICIENT_CAPACITY("InsufficientCapacity"),
    /**
     * The accelerators Locus placed on the pool's cluster x their watts, with this workload's,
     * would exceed the cluster's power.budgetKilowatts.
     */
    POWER_BUDGET_EXCEEDED("PowerBudgetExceeded"),
    /** The pool passed every check but another ranked higher (or was not needed). */
    FEASIBLE("Feasible"),
    /** Decision level: data.zone names no zone, so nothing may be placed (fail closed). */
    UNKNOWN_SOVEREIGNTY_ZONE("UnknownSovereigntyZone"),
    /** Decision level: no pool, or no combination of pools, can take the workload. */
    NO_FEASIBLE_POOL("NoFeasiblePool"),
    /**
     * Decision level: a TrainingJob with a schedule waits for a later hour whose power is at least
     * 10 % cleaner (or cheaper); it reserves nothing and is decided again from startAfter on.
     */
    DEFERRED("Deferred");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The reason code users and tests see, for example {@code OutsideSovereigntyZone}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
