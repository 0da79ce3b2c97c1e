package dev.locus.placement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The order pending workloads are decided in where quotas exist: priority (high first), then the
 * lower fair share of their quota (accelerators held / weight; 0 for a namespace without quota),
 * then creation time (workloads without one first, in input order), then namespace/name. Shares are
 * read at each {@link #next}, so a decision taken in between counts: teams of equal priority take
 * turns.
 */
final class FairShareQueue implements Iterator<Workload> {

    /** Within one quota the share is the same: priority, then time, then name. */
    static final Comparator<Workload> WITHIN =
            Comparator.comparingInt((Workload w) -> -w.priority())
                    .thenComparing(FairShareQueue::tail);

    private final Quotas quotas;
    private final List<ArrayDeque<Workload>> groups = new ArrayList<>();
    private final List<Integer> groupQuota = new ArrayList<>();

    FairShareQueue(Quotas quotas, Collection<Workload> pending) {
        this.quotas = quotas;
        Map<Integer, List<Workload>> byQuota = new LinkedHashMap<>();
        for (Workload w : pending) {
            int q = quotas.quotaOf(w.ref().namespace());
            byQuota.computeIfAbsent(q < 0 ? Quotas.UNLIMITED : q, k -> new ArrayList<>()).add(w);
        }
        byQuota.forEach(
                (q, list) -> {
                    list.sort(WITHIN);
                    groups.add(new ArrayDeque<>(list));
                    groupQuota.add(q);
                });
    }

    @Override
    public boolean hasNext() {
        for (ArrayDeque<Workload> group : groups) {
            if (!group.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Workload next() {
        int best = -1;
        double bestShare = 0;
        for (int g = 0; g < groups.size(); g++) {
            Workload head = groups.get(g).peekFirst();
            if (head == null) {
                continue;
            }
            int q = groupQuota.get(g);
            double share = q < 0 ? 0 : quotas.share(q);
            if (best < 0 || before(head, share, groups.get(best).peekFirst(), bestShare)) {
                best = g;
                bestShare = share;
            }
        }
        if (best < 0) {
            throw new NoSuchElementException();
        }
        return groups.get(best).pollFirst();
    }

    private static boolean before(Workload a, double shareA, Workload b, double shareB) {
        if (a.priority() != b.priority()) {
            return a.priority() > b.priority();
        }
        if (shareA != shareB) {
            return shareA < shareB;
        }
        return tail(a, b) < 0;
    }

    /** Creation time (none first, in input order), then namespace/name. */
    private static int tail(Workload a, Workload b) {
        if ((a.created() == null) != (b.created() == null)) {
            return a.created() == null ? -1 : 1;
        }
        if (a.created() == null) {
            int bySequence = Long.compare(a.sequence(), b.sequence());
            if (bySequence != 0) {
                return bySequence;
            }
        } else {
            int byTime = a.created().compareTo(b.created());
            if (byTime != 0) {
                return byTime;
            }
        }
        int byNamespace = a.ref().namespace().compareTo(b.ref().namespace());
        if (byNamespace != 0) {
            return byNamespace;
        }
        int byName = a.ref().name().compareTo(b.ref().name());
        return byName != 0 ? byName : a.ref().kind().compareTo(b.ref().kind());
    }
}
