package dev.locus.placement;

import java.util.List;

/**
 * The engine's answer for one workload: where it goes (or that it cannot go anywhere), the rule
 * that admitted it, and why every other pool was not chosen.
 *
 * @param reason null when placed; UnknownSovereigntyZone, QuotaExceeded or NoFeasiblePool otherwise
 * @param zone the governing zone (data.zone), or null
 * @param policy human-readable rule that admitted the placement, for audit
 * @param message a one-line summary, kube-scheduler style
 * @param candidates every pool not chosen, with its reason; empty when the engine was asked to
 *     explain failures only and this one was placed
 * @param preempts the placed workloads this one takes the place of, in the order they were chosen:
 *     each gives up everything it holds (an endpoint all its replicas) and waits to be decided
 *     again; empty for a decision that preempts nothing
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
        List<WorkloadRef> preempts) {

    public Decision {
        assignments = List.copyOf(assignments);
        candidates = List.copyOf(candidates);
        preempts = List.copyOf(preempts);
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
            List<WorkloadRef> preempts) {
        return new Decision(
                w, true, null, w.zone(), assignments, policy, message, candidates, preempts);
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
