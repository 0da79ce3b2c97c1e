package dev.locus.placement;

import java.util.Locale;

/** The first ranking key among feasible pools. */
public enum Objective {
    LATENCY,
    COST,
    CARBON;

    /** The name as written in manifests, for example {@code latency}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
