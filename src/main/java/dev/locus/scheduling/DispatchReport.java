package dev.locus.scheduling;

import dev.locus.api.v1alpha1.WorkloadPhase;

/**
 * What dispatching a placed workload found, for its status: whether its remote objects exist (the
 * Dispatched condition), how the remote work progresses, and an endpoint's ready replicas.
 *
 * @param placementDecidedAt the placement this report is about; a report about an older placement
 *     is dropped
 * @param dispatched whether every remote object exists
 * @param reason the Dispatched condition's reason
 * @param message the Dispatched condition's message
 * @param progress RUNNING, SUCCEEDED or FAILED as the remote objects say; null when unknown
 * @param progressMessage why it succeeded or failed
 * @param readyReplicas an InferenceEndpoint's ready replicas; null for a TrainingJob
 * @param ran how long the remote work ran, once it finished; null when unknown
 */
public record DispatchReport(
        String placementDecidedAt,
        boolean dispatched,
        String reason,
        String message,
        WorkloadPhase progress,
        String progressMessage,
        Integer readyReplicas,
        java.time.Duration ran) {

    /** The remote objects exist in these clusters. */
    public static DispatchReport dispatched(String placementDecidedAt, String clusters) {
        return new DispatchReport(
                placementDecidedAt,
                true,
                "Dispatched",
                "remote objects exist in " + clusters,
                null,
                null,
                null,
                null);
    }

    /** They could not be created (or read): why, as a condition reason and message. */
    public static DispatchReport notDispatched(
            String placementDecidedAt, String reason, String message) {
        return new DispatchReport(
                placementDecidedAt, false, reason, message, null, null, null, null);
    }

    /** The same report, with the remote work's progress. */
    public DispatchReport withProgress(WorkloadPhase phase, String why) {
        return new DispatchReport(
                placementDecidedAt, dispatched, reason, message, phase, why, readyReplicas, ran);
    }

    /** The same report, with an endpoint's ready replicas. */
    public DispatchReport withReadyReplicas(int ready) {
        return new DispatchReport(
                placementDecidedAt,
                dispatched,
                reason,
                message,
                progress,
                progressMessage,
                ready,
                ran);
    }

    /** The same report, with how long the finished remote work ran (for its energy). */
    public DispatchReport withRunTime(java.time.Duration time) {
        return new DispatchReport(
                placementDecidedAt,
                dispatched,
                reason,
                message,
                progress,
                progressMessage,
                readyReplicas,
                time);
    }
}
