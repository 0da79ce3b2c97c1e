package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What Locus reads alike from TrainingJobs and InferenceEndpoints: phase, state, identity. */
public final class Workloads {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** Finalizer on workloads: their remote objects are deleted before they go. */
    public static final String FINALIZER = "locus.dev/remote-objects";

    private Workloads() {}

    /**
     * True once the operator follows the workload (its finalizer is on). Deciding only from then on
     * keeps the decision's status write from racing the finalizer's patch (a conflict, a re-read
     * and a second write per workload).
     */
    public static boolean followed(WorkloadResource w) {
        var finalizers = w.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(FINALIZER);
    }

    /** The phase; a workload without one is Pending. */
    public static WorkloadPhase phase(WorkloadResource w) {
        WorkloadStatus status = w.getStatus();
        return status == null || status.getPhase() == null
                ? WorkloadPhase.PENDING
                : status.getPhase();
    }

    /** True while the deletion of the workload is under way. */
    public static boolean deleting(WorkloadResource w) {
        return w.getMetadata().getDeletionTimestamp() != null;
    }

    /**
     * True while a workload waits for the scheduler: never placed, or Unschedulable, and readable
     * (one that is not waits for its spec to be fixed instead).
     */
    public static boolean awaitsDecision(WorkloadResource w) {
        WorkloadPhase phase = phase(w);
        return (phase == WorkloadPhase.PENDING
                        || phase == WorkloadPhase.UNSCHEDULABLE
                        || phase == WorkloadPhase.DEFERRED)
                && !deleting(w)
                && problems(w).isEmpty();
    }

    /** When a Deferred workload is to be decided again; null when it waits for nothing timed. */
    public static java.time.Instant startAfter(WorkloadResource w) {
        if (phase(w) != WorkloadPhase.DEFERRED || w.getStatus().getStartAfter() == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(w.getStatus().getStartAfter());
        } catch (java.time.format.DateTimeParseException e) {
            return null; // unreadable: decided again at once
        }
    }

    /** What in the workload could not be read or breaks the schema; empty when nothing. */
    public static java.util.List<String> problems(WorkloadResource w) {
        return w instanceof LocusResource<?, ?> r ? r.problems() : java.util.List.of();
    }

    /** True while a workload holds accelerators: placed or running, not being deleted. */
    public static boolean holdsReservation(WorkloadResource w) {
        return phase(w).holdsReservation()
                && !deleting(w)
                && w.getStatus() != null
                && w.getStatus().getPlacement() != null;
    }

    /** The metadata.generation, 0 when the server did not set one. */
    public static long generation(WorkloadResource w) {
        Long generation = w.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** A deep copy of the workload's status (or a new one), to build the next status on. */
    public static WorkloadStatus copyOfStatus(WorkloadResource w) {
        WorkloadStatus current = w.getStatus();
        return current == null ? w.newStatus() : JSON.convertValue(current, current.getClass());
    }

    /** "Kind namespace/name", for logs, events and messages. */
    public static String key(WorkloadResource w) {
        return w.getKind() + " " + w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
    }
}
