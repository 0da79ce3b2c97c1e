package dev.locus.placement;

import java.time.Instant;
import java.util.List;

/**
 * A workload that already holds accelerators (status.placement, not finished): it counts against
 * its namespace's quota and its pools' capacity, and may be preempted by work of higher priority.
 *
 * @param workload the workload as it would be decided: its ref, namespace and priority are what
 *     count here
 * @param decidedAt when its placement was decided; null ranks it as the oldest
 */
public record PlacedWorkload(Workload workload, List<Holding> holdings, Instant decidedAt) {

    public PlacedWorkload {
        holdings = List.copyOf(holdings);
    }

    /**
     * Accelerators held on one pool.
     *
     * @param takenFromFree true when the pool's {@link Pool#free} already leaves these out (the
     *     operator's free counts, and a plan's {@code status.capacity.available}); false when the
     *     engine must take them off (a pool whose free count is its declared size)
     */
    public record Holding(String cluster, String pool, int accelerators, boolean takenFromFree) {}

    /** Accelerators held over all pools. */
    public int accelerators() {
        return holdings.stream().mapToInt(Holding::accelerators).sum();
    }
}
