package dev.locus.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The FleetQuotas of one pass and what their namespaces' placed workloads hold against each limit:
 * which quota governs a namespace, whether a placement fits its quota (borrowing included), and the
 * fair share of each quota. Every placement and preemption of the pass updates it.
 */
final class Quotas {

    /** The namespace is selected by no quota: unlimited. */
    static final int UNLIMITED = -1;

    /** The namespace is selected by several quotas: nothing of it is placed (fail closed). */
    static final int OVERLAPPING = -2;

    private static final int[] NONE = new int[0];

    private final FleetIndex fleet;
    final Quota[] quotas;

    /** Per quota: its limits' positions. */
    private final int[][] quotaLimits;

    private final Quota.Limit[] limits;
    private final int[] limitQuota;

    /**
     * Per limit: the sites of its zone; null for any zone, empty for a zone that does not exist.
     */
    private final BitSet[] limitSites;

    private final boolean[] unknownZone;

    /** Per limit: the limits of the other quotas of its cohort with the same zone and models. */
    private final int[][] lenders;

    /** Accelerators of matching placements held now, per limit. */
    private final long[] used;

    /** Taken so far by the decision under way (an endpoint's replicas), per limit. */
    private final long[] tentative;

    private boolean anyTentative;

    /** Accelerators held over everything, per quota: the numerator of its fair share. */
    private final long[] held;

    private final Map<String, Map<String, String>> namespaceLabels;
    private final Map<String, int[]> byNamespace = new HashMap<>();
    private final Map<Long, int[]> matching = new HashMap<>();

    Quotas(
            FleetIndex fleet,
            Sovereignty sovereignty,
            List<Quota> quotaList,
            Map<String, Map<String, String>> namespaceLabels) {
        this.fleet = fleet;
        this.namespaceLabels = namespaceLabels;
        // A duplicate name keeps its first entry, as zones do.
        Map<String, Quota> byName = new java.util.LinkedHashMap<>();
        quotaList.forEach(q -> byName.putIfAbsent(q.name(), q));
        quotas = byName.values().toArray(new Quota[0]);
        List<Quota.Limit> all = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        quotaLimits = new int[quotas.length][];
        for (int q = 0; q < quotas.length; q++) {
            List<Quota.Limit> own = quotas[q].limits();
            quotaLimits[q] = new int[own.size()];
            for (int i = 0; i < own.size(); i++) {
                quotaLimits[q][i] = all.size();
                all.add(own.get(i));
                owner.add(q);
            }
        }
        int n = all.size();
        limits = all.toArray(new Quota.Limit[0]);
        limitQuota = owner.stream().mapToInt(Integer::intValue).toArray();
        limitSites = new BitSet[n];
        unknownZone = new boolean[n];
        for (int l = 0; l < n; l++) {
            if (limits[l].zone() != null) {
                BitSet members = sovereignty.members(limits[l].zone());
                // A zone that does not exist has no cluster: the limit counts nothing, and the
                // quota says so (usage().unknownZones).
                unknownZone[l] = members == null;
                limitSites[l] = members == null ? new BitSet() : members;
            }
        }
        lenders = new int[n][];
        for (int l = 0; l < n; l++) {
            String cohort = quotas[limitQuota[l]].cohort();
            List<Integer> from = new ArrayList<>();
            for (int o = 0; cohort != null && o < n; o++) {
                if (limitQuota[o] != limitQuota[l]
                        && cohort.equals(quotas[limitQuota[o]].cohort())
                        && Objects.equals(limits[o].zone(), limits[l].zone())
                        && limits[o].models().equals(limits[l].models())) {
                    from.add(o);
                }
            }
            lenders[l] = from.stream().mapToInt(Integer::intValue).toArray();
        }
        used = new long[n];
        tentative = new long[n];
        held = new long[quotas.length];
    }

    boolean isEmpty() {
        return quotas.length == 0;
    }

    /** The quotas that select a namespace, in input order; a namespace not listed has no labels. */
    int[] quotasOf(String namespace) {
        if (quotas.length == 0) {
            return NONE;
        }
        return byNamespace.computeIfAbsent(
                namespace,
                ns -> {
                    Map<String, String> labels = namespaceLabels.getOrDefault(ns, Map.of());
                    List<Integer> out = new ArrayList<>();
                    for (int q = 0; q < quotas.length; q++) {
                        LabelSelector selector = quotas[q].namespaceSelector();
                        if (selector != null && selector.matches(labels)) {
                            out.add(q);
                        }
                    }
                    return out.isEmpty()
                            ? NONE
                            : out.stream().mapToInt(Integer::intValue).toArray();
                });
    }

    /** The one quota of a namespace, {@link #UNLIMITED} or {@link #OVERLAPPING}. */
    int quotaOf(String namespace) {
        int[] of = quotasOf(namespace);
        return of.length == 0 ? UNLIMITED : of.length == 1 ? of[0] : OVERLAPPING;
    }

    String name(int q) {
        return quotas[q].name();
    }

    String cohort(int q) {
        return quotas[q].cohort();
    }

    /** Fair share: accelerators held / weight. */
    double share(int q) {
        return held[q] / quotas[q].weight();
    }

    long held(int q) {
        return held[q];
    }

    /** The limits of quota {@code q} that a placement on pool {@code p} counts against. */
    int[] limitsFor(int q, int p) {
        return matching.computeIfAbsent(
                ((long) q << 32) | p,
                key -> {
                    int[] own = quotaLimits[q];
                    int[] out = new int[own.length];
                    int count = 0;
                    for (int l : own) {
                        if (matches(l, fleet.poolSite[p], fleet.poolModel[p])) {
                            out[count++] = l;
                        }
                    }
                    return java.util.Arrays.copyOf(out, count);
                });
    }

    /** Whether a placement on this site (-1: unknown) of this model (lower case) counts. */
    private boolean matches(int l, int site, String model) {
        BitSet sites = limitSites[l];
        if (sites != null && (site < 0 || !sites.get(site))) {
            return false;
        }
        return limits[l].models().isEmpty() || limits[l].models().contains(model);
    }

    /**
     * What limit {@code l} may still borrow from its cohort: what the other quotas leave unused
     * (each at most its lendingLimit), less what they themselves borrow, at most borrowingLimit.
     */
    long borrowable(int l) {
        long borrowable = lendable(l);
        Integer borrowing = limits[l].borrowingLimit();
        return borrowing == null ? borrowable : Math.min(borrowable, Math.max(0, borrowing));
    }

    /** What the cohort has for limit {@code l} before its borrowingLimit. */
    private long lendable(int l) {
        int[] from = lenders[l];
        if (from.length == 0) {
            return 0;
        }
        long lendable = 0;
        long borrowedByThem = 0;
        for (int o : from) {
            long cap = limits[o].accelerators();
            long unused = Math.max(0, cap - used[o]);
            Integer lending = limits[o].lendingLimit();
            lendable += lending == null ? unused : Math.min(unused, Math.max(0, lending));
            borrowedByThem += Math.max(0, used[o] - cap);
        }
        return Math.max(0, lendable - borrowedByThem);
    }

    /**
     * The first limit of quota {@code q} that has no room for {@code need} more on pool {@code p},
     * or -1 when it fits.
     *
     * @param withTentative whether what the decision under way took counts (placing) or not
     *     (explaining, against the quotas as the decision found them)
     */
    int firstShort(int q, int p, long need, boolean withTentative) {
        for (int l : limitsFor(q, p)) {
            long taken = used[l] + (withTentative ? tentative[l] : 0);
            if (taken + need > limits[l].accelerators() + borrowable(l)) {
                return l;
            }
        }
        return -1;
    }

    /** Room quota {@code q} has on pool {@code p} now, tentative takes included. */
    long room(int q, int p) {
        long room = Long.MAX_VALUE;
        for (int l : limitsFor(q, p)) {
            long left = limits[l].accelerators() + borrowable(l) - used[l] - tentative[l];
            room = Math.min(room, Math.max(0, left));
        }
        return room;
    }

    /** Counts accelerators the decision under way takes on pool {@code p}, until it is settled. */
    void takeTentatively(int q, int p, long accelerators) {
        for (int l : limitsFor(q, p)) {
            tentative[l] += accelerators;
            anyTentative = true;
        }
    }

    void clearTentative() {
        if (anyTentative) {
            java.util.Arrays.fill(tentative, 0);
            anyTentative = false;
        }
    }

    /**
     * Accelerators placed ({@code sign} 1) or given back (-1) on a site (-1: unknown) and model
     * (lower case), by a workload counted against {@code of}.
     */
    void count(int[] of, int site, String model, long accelerators, int sign) {
        for (int q : of) {
            held[q] += sign * accelerators;
            for (int l : quotaLimits[q]) {
                if (matches(l, site, model)) {
                    used[l] += sign * accelerators;
                }
            }
        }
    }

    /**
     * Whether a workload of quota {@code q} holding accelerators on this site and model borrows
     * there: some matching limit of its quota is above its own accelerators.
     */
    boolean borrows(int q, int site, String model) {
        for (int l : quotaLimits[q]) {
            if (matches(l, site, model) && used[l] > limits[l].accelerators()) {
                return true;
            }
        }
        return false;
    }

    /**
     * "research: 250/256 H100 in eu used, needs 16, cohort ml can lend 0".
     *
     * @param withTentative whether "used" includes what the decision under way took
     */
    String describe(int l, long need, boolean withTentative) {
        Quota quota = quotas[limitQuota[l]];
        Quota.Limit limit = limits[l];
        StringBuilder s =
                new StringBuilder(quota.name())
                        .append(": ")
                        .append(used[l] + (withTentative ? tentative[l] : 0))
                        .append('/')
                        .append(limit.accelerators())
                        .append(' ')
                        .append(what(limit));
        if (limit.zone() != null) {
            s.append(" in ").append(limit.zone());
        }
        s.append(" used, needs ").append(need);
        if (quota.cohort() == null) {
            s.append(", no cohort to borrow from");
        } else {
            s.append(", cohort ").append(quota.cohort()).append(" can lend ").append(borrowable(l));
            if (limit.borrowingLimit() != null && lendable(l) > limit.borrowingLimit()) {
                s.append(" (borrowingLimit ").append(limit.borrowingLimit()).append(')');
            }
        }
        return s.toString();
    }

    /** A limit's models as people read them: "H100/H200", or "accelerators" for any. */
    private String what(Quota.Limit limit) {
        if (limit.models().isEmpty()) {
            return "accelerators";
        }
        // Pools name the models as their owners wrote them: use that spelling when one does.
        TreeSet<String> names = new TreeSet<>();
        for (String model : limit.models()) {
            String shown = model;
            for (Pool pool : fleet.pools) {
                if (pool.model() != null && pool.model().equalsIgnoreCase(model)) {
                    shown = pool.model();
                    break;
                }
            }
            names.add(shown);
        }
        return String.join("/", names);
    }

    /** Why nothing of a namespace selected by several quotas is placed. */
    String overlap(String namespace) {
        List<String> names = new ArrayList<>();
        for (int q : quotasOf(namespace)) {
            names.add(quotas[q].name());
        }
        names.sort(null);
        return "namespace "
                + namespace
                + " is selected by FleetQuotas "
                + names
                + " (OverlappingQuota): nothing of it is placed until only one selects it";
    }

    /** What each quota's placed workloads hold now, limit by limit. */
    List<QuotaUsage> usage(int[] admitted) {
        List<QuotaUsage> out = new ArrayList<>();
        for (int q = 0; q < quotas.length; q++) {
            List<QuotaUsage.Used> perLimit = new ArrayList<>();
            List<String> unknownZones = new ArrayList<>();
            for (int l : quotaLimits[q]) {
                long cap = limits[l].accelerators();
                perLimit.add(
                        new QuotaUsage.Used(
                                limits[l].zone(),
                                limits[l].models(),
                                used[l],
                                Math.max(0, used[l] - cap)));
                if (unknownZone[l] && !unknownZones.contains(limits[l].zone())) {
                    unknownZones.add(limits[l].zone());
                }
            }
            TreeSet<String> overlapping = new TreeSet<>();
            for (String ns : namespaceLabels.keySet()) {
                int[] of = quotasOf(ns);
                if (of.length > 1 && contains(of, q)) {
                    overlapping.add(ns);
                }
            }
            out.add(
                    new QuotaUsage(
                            quotas[q].name(),
                            perLimit,
                            held[q],
                            admitted[q],
                            List.copyOf(overlapping),
                            unknownZones));
        }
        return out;
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
