package dev.locus.scheduling;

import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.placement.Decision;
import dev.locus.placement.PlacementEngine;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the workloads a pass moves (failover, zone changes) hold. Until the hub shows it released,
 * it counts for everyone but the mover itself, as in the ledger: a failover that finds no new home
 * keeps it, and a move or a withdrawal may not be written. So no mover, whatever the order, takes
 * what another one keeps, and nothing new takes what a mover leaves before the move is shown.
 */
final class MoverHolds {

    private final Map<String, List<ReservationLedger.Hold>> holds = new HashMap<>();

    MoverHolds(Collection<String> movers, ReservationLedger ledger) {
        movers.forEach(uid -> holds.put(uid, ledger.holdsOf(uid)));
    }

    /** Accelerators movers hold, per pool (the pass' snapshot leaves them out). */
    Map<String, Integer> perPool() {
        Map<String, Integer> out = new HashMap<>();
        holds.values()
                .forEach(
                        list ->
                                list.forEach(
                                        h -> out.merge(h.pool(), h.accelerators(), Integer::sum)));
        return out;
    }

    /** Takes what every mover holds again, before anyone is decided. */
    void reserveAll(PlacementEngine engine) {
        holds.values()
                .forEach(list -> list.forEach(h -> engine.reserve(h.pool(), h.accelerators())));
    }

    /** What one workload holds, if it moves in this pass. */
    List<ReservationLedger.Hold> of(WorkloadResource w) {
        return holds.getOrDefault(w.getMetadata().getUid(), List.of());
    }

    /** Lets a mover take what it holds again, while it is being decided. */
    static void release(PlacementEngine engine, List<ReservationLedger.Hold> held) {
        held.forEach(h -> engine.release(h.pool(), h.accelerators()));
    }

    /**
     * After a mover's decision ({@code d} null if it failed), what it keeps stays taken for the
     * rest of the pass: all of it unless it is placed, else what the new placement does not cover
     * (until the hub shows the move, the ledger counts the larger of the two on each pool).
     */
    static void keep(PlacementEngine engine, List<ReservationLedger.Hold> held, Decision d) {
        Map<String, Integer> taken = new HashMap<>();
        if (d != null && d.placed()) {
            d.assignments().forEach(a -> taken.merge(a.pool(), a.accelerators(), Integer::sum));
        }
        for (ReservationLedger.Hold h : held) {
            int kept = h.accelerators() - taken.getOrDefault(h.pool(), 0);
            if (kept > 0) {
                engine.reserve(h.pool(), kept);
            }
        }
    }
}
