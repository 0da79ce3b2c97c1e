package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The first ranking key among feasible pools. */
public enum OptimizeFor {
    @JsonProperty("latency")
    LATENCY,
    @JsonProperty("cost")
    COST,
    @JsonProperty("carbon")
    CARBON;

    /** The value as written in manifests, for example {@code latency}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
