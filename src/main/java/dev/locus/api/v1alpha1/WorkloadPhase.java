package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a TrainingJob or InferenceEndpoint is in its life. */
public enum WorkloadPhase {
    /** Accepted, not decided yet. */
    @JsonProperty("Pending")
    PENDING("Pending"),
    /**
     * A TrainingJob with a schedule waits for cleaner or cheaper power; it reserves nothing and is
     * decided again from status.startAfter on.
     */
    @JsonProperty("Deferred")
    DEFERRED("Deferred"),
    /** A pool was chosen and its accelerators reserved. */
    @JsonProperty("Placed")
    PLACED("Placed"),
    /** The remote objects exist and run. */
    @JsonProperty("Running")
    RUNNING("Running"),
    /** A TrainingJob finished successfully. */
    @JsonProperty("Succeeded")
    SUCCEEDED("Succeeded"),
    /** The workload failed and is not retried. */
    @JsonProperty("Failed")
    FAILED("Failed"),
    /** No pool may hold it now; the status says why. */
    @JsonProperty("Unschedulable")
    UNSCHEDULABLE("Unschedulable");

    private final String wireName;

    WorkloadPhase(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in status, for example {@code Placed}. */
    public String wireName() {
        return wireName;
    }

    /** True once the workload holds accelerators: placed and not finished. */
    public boolean holdsReservation() {
        return this == PLACED || this == RUNNING;
    }

    /** True when the workload has finished, one way or the other. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
