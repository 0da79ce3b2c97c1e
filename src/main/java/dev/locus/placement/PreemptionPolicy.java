package dev.locus.placement;

/** Whether a workload that fits nowhere may take the place of workloads of lower priority. */
public enum PreemptionPolicy {
    /** Wait for capacity (the default). */
    NEVER,
    /** Preempt placed workloads of strictly lower priority on one pool it may use. */
    PREEMPT_LOWER_PRIORITY
}
