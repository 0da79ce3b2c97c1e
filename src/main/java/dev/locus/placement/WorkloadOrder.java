package dev.locus.placement;

import java.util.Comparator;

/**
 * The order pending workloads are decided in: priority (high first), then creation time, then
 * namespace/name; workloads without a creation time keep their input order.
 */
public final class WorkloadOrder implements Comparator<Workload> {

    public static final WorkloadOrder INSTANCE = new WorkloadOrder();

    private WorkloadOrder() {}

    @Override
    public int compare(Workload a, Workload b) {
        int byPriority = Integer.compare(b.priority(), a.priority());
        if (byPriority != 0) {
            return byPriority;
        }
        if (a.created() != null && b.created() != null) {
            int byTime = a.created().compareTo(b.created());
            if (byTime != 0) {
                return byTime;
            }
            return byName(a, b);
        }
        if (a.created() != null || b.created() != null) {
            // Known creation times go first: they were applied before anything read from files.
            return a.created() != null ? -1 : 1;
        }
        int bySequence = Long.compare(a.sequence(), b.sequence());
        return bySequence != 0 ? bySequence : byName(a, b);
    }

    private static int byName(Workload a, Workload b) {
        int byNamespace = a.ref().namespace().compareTo(b.ref().namespace());
        if (byNamespace != 0) {
            return byNamespace;
        }
        int byName = a.ref().name().compareTo(b.ref().name());
        return byName != 0 ? byName : a.ref().kind().compareTo(b.ref().kind());
    }
}
