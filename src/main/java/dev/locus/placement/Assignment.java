package dev.locus.placement;

/**
 * Replicas of a workload placed on one pool.
 *
 * @param latencyMs round trip from the origin, or the worst of the user regions served; NaN when
 *     unknown
 */
public record Assignment(
        String cluster, String pool, int replicas, int accelerators, double latencyMs) {

    /** The latency for output (status, plan JSON): null when unknown rather than NaN. */
    public Double knownLatencyMs() {
        return Double.isNaN(latencyMs) ? null : latencyMs;
    }
}
