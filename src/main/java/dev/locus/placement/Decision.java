package dev.locus.placement;

import java.util.List;

/**
 * The engine's answer for one workload: where it goes (or that it cannot go anywhere), the rule
 * that admitted it, and why every other pool was not chosen.
 *
 * @param reason null when placed; Deferred when it waits for cleaner or cheaper power;
 *     UnknownSovereigntyZone, QuotaExceeded or NoFeasiblePool otherwise
 * @param zone the governing zone (data.zone), or null
 * @param policy human-readable rule that admitted the placement, for audit
 * @param message a one-line summary, kube-scheduler style
 * @param candidates every pool not chosen, with its reason; empty when the engine was asked to
 *     explain failures only and this one was placed
 * @param preempts the placed workloads this one takes the place of, in the order they were chosen:
 *     each gives up everything it holds (an endpoint all its replicas) and waits to be decided
 *     again; empty for a decision that preempts nothing
 * @param energy for a placed decision, the power it was decided with ({@code
 *     status.placement.energy}); null otherwise
 * @param deferral for a Deferred decision, when it starts and what waiting gains; null otherwise. A
 *     Deferred decision is not placed and reserves nothing.
 */
public record Decision(
        Workload workload,
        boolean placed,
        Reason reason,
        String zone,
        List<Assignment> assignments,
        String policy,
        String message,
        List<Candidate> candidates,
        List<WorkloadRef> preempts,
        PlacementEnergy energy,
        DeferredStart deferral) {

    public Decision {
        assignments = List.copyOf(assignments);
        candidates = List.copyOf(candidates);
        preempts = List.copyOf(preempts);
    }

    /** A decision without energy or deferral. */
    public Decision(
            Workload workload,
            boolean placed,
            Reason reason,
            String zone,
            List<Assignment> assignments,
            String policy,
            String message,
            List<Candidate> candidates,
            List<WorkloadRef> preempts) {
        this(
                workload,
                placed,
                reason,
                zone,
                assignments,
                policy,
                message,
                candidates,
                preempts,
                null,
                null);
    }

    /** A decision that preempts nothing. */
    public Decision(
            Workload workload,
            boolean placed,
            Reason reason,
            String zone,
            List<Assignment> assignments,
            String policy,
            String message,
            List<Candidate> candidates) {
        this(workload, placed, reason, zone, assignments, policy, message, candidates, List.of());
    }

    /** A workload placed on {@code assignments} under {@code policy}. */
    static Decision placedOn(
            Workload w,
            List<Assignment> assignments,
            String policy,
            String message,
            List<Candidate> candidates,
            List<WorkloadRef> preempts,
            PlacementEnergy energy) {
        return new Decision(
                w,
                true,
                null,
                w.zone(),
                assignments,
                policy,
                message,
                candidates,
                preempts,
                energy,
                null);
    }

    /** A TrainingJob that waits for {@code deferral.startAfter()}, holding nothing. */
    static Decision deferred(
            Workload w, DeferredStart deferral, String message, List<Candidate> candidates) {
        return new Decision(
                w,
                false,
                Reason.DEFERRED,
                w.zone(),
                List.of(),
                null,
                message,
                candidates,
                List.of(),
                null,
                deferral);
    }

    /** True when the workload waits for cleaner or cheaper power ({@link #deferral}). */
    public boolean isDeferred() {
        return deferral != null;
    }

    /** When a Deferred workload is decided again; null for any other decision. */
    public java.time.Instant startAfter() {
        return deferral == null ? null : deferral.startAfter();
    }

    /** A workload that stays where it is (nowhere), for {@code reason}. */
    static Decision notPlaced(
            Workload w, Reason reason, String message, List<Candidate> candidates) {
        return new Decision(w, false, reason, w.zone(), List.of(), null, message, candidates);
    }

    /** Accelerators reserved by this decision, over all pools. */
    public int accelerators() {
        return assignments.stream().mapToInt(Assignment::accelerators).sum();
    }
}
