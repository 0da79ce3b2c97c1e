package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Candidate;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.InferenceEndpointStatus;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.inventory.EnergyMapping;
import dev.locus.placement.Decision;
import dev.locus.placement.PlacementEngine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How decisions, relocations and dispatch reports change a workload's status: pure functions,
 * unit-tested alone. {@link DecisionWriter} writes what they return.
 */
public final class DecisionStatus {

    /** Candidates kept in status while a workload is Unschedulable: what the engine lists. */
    public static final int CANDIDATES_IN_STATUS = PlacementEngine.CANDIDATE_LIMIT;

    /** Reason of the Placed and Dispatched conditions of a workload that was preempted. */
    public static final String PREEMPTED = "Preempted";

    private DecisionStatus() {}

    /** The status after {@code decision}, built on a copy of the current one. */
    public static WorkloadStatus apply(
            WorkloadStatus next, Decision decision, long generation, Instant now) {
        next.setObservedGeneration(generation);
        // Decided means its spec could be read: a Valid=False from an earlier version goes.
        Conditions.remove(next.getConditions(), Conditions.VALID);
        next.setMessage(decision.message());
        if (decision.placed()) {
            next.setPhase(WorkloadPhase.PLACED);
            PlacementStatus placement = new PlacementStatus();
            placement.setZone(decision.zone());
            placement.setAssignments(
                    decision.assignments().stream()
                            .map(
                                    a ->
                                            new Assignment(
                                                    a.cluster(),
                                                    a.pool(),
                                                    a.replicas(),
                                                    a.accelerators(),
                                                    a.knownLatencyMs()))
                            .toList());
            placement.setDecidedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
            placement.setPolicy(decision.policy());
            placement.setEnergy(EnergyMapping.status(decision.energy()));
            // Placed again: the last preemption is history (its Event stays).
            Conditions.remove(next.getConditions(), WorkloadStatus.PREEMPTED);
            next.setPlacement(placement);
            next.setCandidates(null);
            next.setStartAfter(null);
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.PLACED,
                    true,
                    "Placed",
                    decision.message(),
                    generation,
                    now);
        } else if (decision.isDeferred()) {
            // Waits for a cleaner (or cheaper) hour; reserves nothing meanwhile. The first
            // deferral's time and values stay, so the report compares against starting at once.
            next.setPhase(WorkloadPhase.DEFERRED);
            next.setPlacement(null);
            next.setCandidates(null);
            next.setStartAfter(decision.startAfter().toString());
            if (next.getDeferral() == null) {
                next.setDeferral(EnergyMapping.status(decision.deferral(), now));
            }
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.PLACED,
                    false,
                    decision.reason().code(),
                    decision.message(),
                    generation,
                    now);
        } else {
            next.setStartAfter(null);
            next.setPhase(WorkloadPhase.UNSCHEDULABLE);
            next.setPlacement(null);
            next.setCandidates(
                    decision.candidates().stream()
                            .limit(CANDIDATES_IN_STATUS)
                            .map(
                                    c ->
                                            new Candidate(
                                                    c.pool(),
                                                    c.cluster(),
                                                    c.reason().code(),
                                                    c.message()))
                            .toList());
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.PLACED,
                    false,
                    decision.reason().code(),
                    decision.message(),
                    generation,
                    now);
        }
        return next;
    }

    /**
     * A workload that had to leave some clusters was placed again: the new placement replaces the
     * old one (the stale copies are removed when the old clusters answer).
     */
    public static WorkloadStatus moved(
            WorkloadStatus next,
            Decision decision,
            Relocations.Move move,
            long generation,
            Instant now) {
        apply(next, decision, generation, now);
        next.setRestarts((next.getRestarts() == null ? 0 : next.getRestarts()) + 1);
        String message = "moved: " + move.why() + "; " + decision.message();
        next.setMessage(message);
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.PLACED,
                true,
                move.reason(),
                message,
                generation,
                now);
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.DISPATCHED,
                false,
                "FailingOver",
                "dispatching to the new placement",
                generation,
                now);
        return next;
    }

    /**
     * A workload whose data may no longer stay where it runs found no compliant room: it is
     * withdrawn (Unschedulable, its copies removed), never kept where it is.
     */
    public static WorkloadStatus withdrawn(
            WorkloadStatus next,
            Decision decision,
            Relocations.Move move,
            long generation,
            Instant now) {
        apply(next, decision, generation, now);
        next.setMessage("withdrawn: " + move.why() + "; " + decision.message());
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.DISPATCHED,
                false,
                "Withdrawn",
                "remote objects are removed from " + String.join(", ", move.clusters()),
                generation,
                now);
        return next;
    }

    /**
     * A placed workload gave its accelerators to one of higher priority: back to Pending, its
     * placement gone (its remote objects are removed), one more restart, and conditions that name
     * the preemptor.
     *
     * @param preemptor for example {@code TrainingJob ml/llm-pretrain (priority 100)}
     */
    public static WorkloadStatus preempted(
            WorkloadStatus next, String preemptor, long generation, Instant now) {
        String clusters =
                next.getPlacement() == null
                        ? ""
                        : next.getPlacement().getAssignments().stream()
                                .map(Assignment::getCluster)
                                .distinct()
                                .collect(java.util.stream.Collectors.joining(", "));
        String message =
                "preempted by "
                        + preemptor
                        + ", which needed its accelerators; waiting to be placed again";
        next.setPhase(WorkloadPhase.PENDING);
        next.setPlacement(null);
        next.setCandidates(null);
        next.setMessage(message);
        next.setRestarts((next.getRestarts() == null ? 0 : next.getRestarts()) + 1);
        if (next instanceof InferenceEndpointStatus endpoint) {
            endpoint.setReadyReplicas(null);
        }
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.PLACED,
                false,
                PREEMPTED,
                message,
                generation,
                now);
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.PREEMPTED,
                true,
                PREEMPTED,
                message,
                generation,
                now);
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.DISPATCHED,
                false,
                PREEMPTED,
                clusters.isEmpty()
                        ? "remote objects are removed"
                        : "remote objects are removed from " + clusters,
                generation,
                now);
        return next;
    }

    /** A failover found no room: the workload stays where it is and says why it cannot move. */
    public static WorkloadStatus failoverPending(
            WorkloadStatus next, Decision decision, Relocations.Move move) {
        next.setMessage("failover pending (" + move.why() + "): " + decision.message());
        return next;
    }

    /** What dispatching found: the Dispatched condition, Running, completion, ready replicas. */
    public static WorkloadStatus dispatched(
            WorkloadStatus next, DispatchReport report, long generation, Instant now) {
        Conditions.set(
                next.getConditions(),
                WorkloadStatus.DISPATCHED,
                report.dispatched(),
                report.reason(),
                report.message(),
                generation,
                now);
        if (report.dispatched() && next.getPhase() == WorkloadPhase.PLACED) {
            next.setPhase(WorkloadPhase.RUNNING);
        }
        if (report.progress() != null) {
            next.setPhase(report.progress());
        }
        if (report.progress() == WorkloadPhase.SUCCEEDED) {
            next.setMessage(report.progressMessage());
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.COMPLETE,
                    true,
                    "JobComplete",
                    report.progressMessage(),
                    generation,
                    now);
        } else if (report.progress() == WorkloadPhase.FAILED) {
            next.setMessage(report.progressMessage());
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.FAILED,
                    true,
                    "JobFailed",
                    report.progressMessage(),
                    generation,
                    now);
        }
        if (report.progress() != null
                && report.progress().isFinished()
                && report.ran() != null
                && next.getEnergy() == null
                && next.getPlacement() != null) {
            // What the finished work used, from its real run time and the power recorded when it
            // was placed.
            int accelerators =
                    next.getPlacement().getAssignments().stream()
                            .mapToInt(a -> a.getAccelerators() == null ? 0 : a.getAccelerators())
                            .sum();
            next.setEnergy(
                    EnergyMapping.energyUsed(
                            accelerators,
                            next.getPlacement().getEnergy(),
                            next.getDeferral(),
                            report.ran()));
        }
        if (report.readyReplicas() != null && next instanceof InferenceEndpointStatus endpoint) {
            endpoint.setReadyReplicas(report.readyReplicas());
        }
        next.setObservedGeneration(generation);
        return next;
    }
}
