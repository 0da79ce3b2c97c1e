package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a workload that fits nowhere may take the place of lower-priority work. */
public enum PreemptionPolicy {
    /** Wait for capacity (the default). */
    @JsonProperty("Never")
    NEVER("Never"),
    /**
     * Preempt placed workloads of strictly lower priority on one pool the workload may use
     * (TrainingJobs only: an InferenceEndpoint never preempts).
     */
    @JsonProperty("PreemptLowerPriority")
    PREEMPT_LOWER_PRIORITY("PreemptLowerPriority");

    private final String wireName;

    PreemptionPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests, for example {@code PreemptLowerPriority}. */
    public String wireName() {
        return wireName;
    }
}
