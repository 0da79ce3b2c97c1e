package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Candidate;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.placement.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Writes an engine decision into a workload's status: a pure function, unit-tested alone. */
public final class DecisionStatus {

    /** Candidates kept in status while a workload is Unschedulable. */
    public static final int CANDIDATES_IN_STATUS = 20;

    private DecisionStatus() {}

    /** The status after {@code decision}, built on a copy of the current one. */
    public static WorkloadStatus apply(
            WorkloadStatus next, Decision decision, long generation, Instant now) {
        next.setObservedGeneration(generation);
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
            next.setPlacement(placement);
            next.setCandidates(null);
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.PLACED,
                    true,
                    "Placed",
                    decision.message(),
                    generation,
                    now);
        } else {
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
}
