package dev.locus.placement;

import java.util.Locale;

/**
 * Accelerator power per cluster against its budget (DESIGN.md, "Energy"): the accelerators Locus
 * placed on a cluster x their watts may not exceed {@code budgetKilowatts}; reaching it exactly
 * fits. A pool without watts counts {@link #DEFAULT_WATTS} per accelerator. Placed workloads of the
 * snapshot count, each placement of the pass takes its share, and a preempted workload gives its
 * back. Power is kept in milliwatts, so that sums and comparisons are exact.
 */
final class PowerBudget {

    /** Watts of an accelerator whose pool declares none. */
    static final double DEFAULT_WATTS = 700;

    /** Per site: the budget in mW, or -1 when it has none. */
    private final long[] budget;

    /** Per site: mW held by placed workloads. */
    private final long[] used;

    /** Per site: mW taken so far by the decision under way (an endpoint's replicas). */
    private final long[] tentative;

    private boolean anyTentative;

    /** Per pool: mW of one accelerator. */
    private final long[] perAccelerator;

    private final FleetIndex fleet;

    PowerBudget(FleetIndex fleet) {
        this.fleet = fleet;
        int n = fleet.sites.size();
        budget = new long[n];
        used = new long[n];
        tentative = new long[n];
        for (int i = 0; i < n; i++) {
            Double kw = fleet.sites.get(i).power().budgetKilowatts();
            budget[i] = kw == null ? -1 : Math.max(0, Math.round(kw * 1_000_000d));
        }
        perAccelerator = new long[fleet.pools.length];
        for (int p = 0; p < fleet.pools.length; p++) {
            perAccelerator[p] = milliwatts(watts(fleet.pools[p]));
        }
    }

    /** The watts of one accelerator of the pool: declared, else {@link #DEFAULT_WATTS}. */
    static double watts(Pool pool) {
        return pool.watts() == null ? DEFAULT_WATTS : Math.max(0, pool.watts());
    }

    private static long milliwatts(double watts) {
        return Math.round(watts * 1000d);
    }

    /** Whether the site has a budget. */
    boolean limited(int site) {
        return site >= 0 && budget[site] >= 0;
    }

    /** mW of {@code accelerators} on pool {@code p}, or on an unknown pool (-1). */
    long of(int p, long accelerators) {
        return accelerators * (p >= 0 ? perAccelerator[p] : milliwatts(DEFAULT_WATTS));
    }

    /** Counts (sign 1) or gives back (-1) what a holding of accelerators on a pool draws. */
    void count(int site, int p, long accelerators, int sign) {
        if (site >= 0) {
            used[site] += sign * of(p, accelerators);
        }
    }

    /** Whether {@code accelerators} more fit the budget of pool {@code p}'s cluster. */
    boolean fits(int p, long accelerators, boolean withTentative) {
        int site = fleet.poolSite[p];
        return !limited(site) || of(p, accelerators) <= left(site, withTentative);
    }

    /** Accelerators of pool {@code p} its cluster's budget still has room for; MAX without one. */
    long room(int p) {
        int site = fleet.poolSite[p];
        if (!limited(site)) {
            return Long.MAX_VALUE;
        }
        long left = left(site, true);
        return perAccelerator[p] == 0 ? Long.MAX_VALUE : Math.max(0, left / perAccelerator[p]);
    }

    private long left(int site, boolean withTentative) {
        return budget[site] - used[site] - (withTentative ? tentative[site] : 0);
    }

    /** Counts accelerators an endpoint's replicas take on the pool, for the decision under way. */
    void takeTentatively(int p, long accelerators) {
        int site = fleet.poolSite[p];
        if (limited(site)) {
            tentative[site] += of(p, accelerators);
            anyTentative = true;
        }
    }

    /** Forgets the tentative takes of the decision under way. */
    void clearTentative() {
        if (anyTentative) {
            java.util.Arrays.fill(tentative, 0);
            anyTentative = false;
        }
    }

    /** kW held by placed workloads on the site. */
    double usedKilowatts(int site) {
        return used[site] / 1_000_000d;
    }

    /** Every site's power in use against its budget, in the fleet's site order. */
    java.util.List<PowerUse> uses() {
        java.util.List<PowerUse> out = new java.util.ArrayList<>(fleet.sites.size());
        for (int site = 0; site < fleet.sites.size(); site++) {
            out.add(
                    new PowerUse(
                            fleet.sites.get(site).name(),
                            usedKilowatts(site),
                            budgetKilowatts(site)));
        }
        return out;
    }

    /** The site's budget in kW, or null. */
    Double budgetKilowatts(int site) {
        return limited(site) ? budget[site] / 1_000_000d : null;
    }

    /** Why the budget refuses {@code accelerators} on pool {@code p}, as people read it. */
    String describe(int p, long accelerators) {
        int site = fleet.poolSite[p];
        return String.format(
                Locale.ROOT,
                "needs %d x %s W = %s kW; cluster %s has %s of its %s kW power budget left",
                accelerators,
                Energy.number(perAccelerator[p] / 1000d),
                Energy.number(of(p, accelerators) / 1_000_000d),
                fleet.pools[p].cluster(),
                Energy.number(Math.max(0, left(site, false)) / 1_000_000d),
                Energy.number(budget[site] / 1_000_000d));
    }
}
