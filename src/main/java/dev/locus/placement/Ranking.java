package dev.locus.placement;

import static dev.locus.placement.Numbers.centi;

/** Orders feasible pools for one objective: by its keys in turn, then cluster and pool name. */
final class Ranking {

    /** One ranking key; smaller ranks first, and an unknown value ranks after any known one. */
    enum Key {
        /** The pool's tier: work spills to a higher tier only when no lower tier fits. */
        TIER,
        /** Round trip from the region served, compared in hundredths of a millisecond. */
        LATENCY,
        COST,
        CARBON
    }

    private final FleetIndex fleet;
    private final Key[] keys;

    Ranking(FleetIndex fleet, Objective objective) {
        this.fleet = fleet;
        Key[] all = keys(objective);
        // Without tiers every pool ties on the first key: skip it, as this runs for every pool
        // of every decision.
        this.keys = fleet.tiered ? all : java.util.Arrays.copyOfRange(all, 1, all.length);
    }

    /** The tier first, then the objective's key; the other two break its ties. */
    static Key[] keys(Objective objective) {
        return switch (objective) {
            case LATENCY -> new Key[] {Key.TIER, Key.LATENCY, Key.COST, Key.CARBON};
            case COST -> new Key[] {Key.TIER, Key.COST, Key.LATENCY, Key.CARBON};
            case CARBON -> new Key[] {Key.TIER, Key.CARBON, Key.LATENCY, Key.COST};
        };
    }

    /**
     * Ranks pool {@code a}, {@code latA} ms away, against pool {@code b}, {@code latB} ms away:
     * negative when {@code a} ranks first.
     */
    int compare(int a, double latA, int b, double latB) {
        return compare(a, latA, b, latB, fleet.carbon);
    }

    /**
     * As {@link #compare(int, double, int, double)}, with the pools' carbon intensities at another
     * time ({@code carbon}, by pool; infinity when unknown): how a later start would rank them.
     */
    int compare(int a, double latA, int b, double latB, double[] carbon) {
        for (Key key : keys) {
            int c =
                    switch (key) {
                        case TIER -> Integer.compare(fleet.tier[a], fleet.tier[b]);
                        case LATENCY -> Long.compare(centi(latA), centi(latB));
                        case COST -> Double.compare(fleet.cost[a], fleet.cost[b]);
                        case CARBON -> Double.compare(carbon[a], carbon[b]);
                    };
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(fleet.nameRank[a], fleet.nameRank[b]);
    }
}
