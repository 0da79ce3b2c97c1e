package dev.locus.dispatch;

import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** Reads the progress of remote objects: pure functions over their status. */
public final class RemoteProgress {

    private RemoteProgress() {}

    /** The phase a TrainingJob is in, given its remote Job (null: not there). */
    public static WorkloadPhase ofJob(Job job) {
        if (job == null || job.getStatus() == null) {
            return WorkloadPhase.RUNNING;
        }
        var status = job.getStatus();
        if (status.getConditions() != null) {
            for (var c : status.getConditions()) {
                if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
                    return WorkloadPhase.SUCCEEDED;
                }
                if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
                    return WorkloadPhase.FAILED;
                }
            }
        }
        Integer completions = job.getSpec() == null ? null : job.getSpec().getCompletions();
        if (completions != null
                && status.getSucceeded() != null
                && status.getSucceeded() >= completions) {
            return WorkloadPhase.SUCCEEDED;
        }
        return WorkloadPhase.RUNNING;
    }

    /** Why a Job failed, from its Failed condition, for the workload's message. */
    /**
     * How long a finished Job ran: from its start to its completion (or, for a failed one, its last
     * condition); null while it runs or when the times are unknown.
     */
    public static java.time.Duration runTime(Job job) {
        if (job == null || job.getStatus() == null || job.getStatus().getStartTime() == null) {
            return null;
        }
        String end = job.getStatus().getCompletionTime();
        if (end == null && job.getStatus().getConditions() != null) {
            end =
                    job.getStatus().getConditions().stream()
                            .filter(c -> "Failed".equals(c.getType()))
                            .map(c -> c.getLastTransitionTime())
                            .findFirst()
                            .orElse(null);
        }
        if (end == null) {
            return null;
        }
        try {
            java.time.Duration ran =
                    java.time.Duration.between(
                            java.time.Instant.parse(job.getStatus().getStartTime()),
                            java.time.Instant.parse(end));
            return ran.isNegative() ? java.time.Duration.ZERO : ran;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public static String failureOf(Job job) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return "the remote Job failed";
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()))
                .map(
                        c ->
                                (c.getReason() == null ? "" : c.getReason() + ": ")
                                        + (c.getMessage() == null ? "" : c.getMessage()))
                .findFirst()
                .orElse("the remote Job failed");
    }

    /** Ready replicas of a Deployment (0 when not there or not reported). */
    public static int readyReplicas(Deployment deployment) {
        if (deployment == null
                || deployment.getStatus() == null
                || deployment.getStatus().getReadyReplicas() == null) {
            return 0;
        }
        return deployment.getStatus().getReadyReplicas();
    }
}
