package dev.locus.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides where workloads go, against one snapshot of the fleet. Each placed decision consumes the
 * pools' free capacity before the next one, so a pass never over-books a pool.
 *
 * <p>The rules are those of DESIGN.md ("Placement rules"): sovereignty first and without exception,
 * then the per-pool checks in their fixed order, then a fully deterministic ranking. The engine is
 * not thread-safe: one pass, one thread.
 */
public final class PlacementEngine {

    /** How much explanation to produce. */
    public enum Explain {
        /** Every decision lists every pool it did not choose (the offline planner). */
        ALL,
        /** Only decisions that failed list the pools (the operator's hot path). */
        FAILURES
    }

    private static final int[] NO_POOLS = new int[0];

    private final Explain explain;

    private final List<Site> sites;
    private final Map<String, Integer> siteIndex = new HashMap<>();
    private final double[] carbon;
    private final List<List<String>> siteZones = new ArrayList<>();

    private final Map<String, Zone> zones = new HashMap<>();
    private final Map<String, BitSet> zoneMembers = new HashMap<>();

    private final Pool[] pools;
    private final Map<String, Integer> poolIndex = new HashMap<>();
    private final int[] poolSite;
    private final int[] free;
    private final double[] cost;
    private final int[] nameRank;
    private final Map<String, int[]> poolsByModel = new HashMap<>();
    private final int[] allPools;

    private final LatencyModel latency;
    private final Map<LabelSelector, BitSet> selectorCache = new HashMap<>();
    private final Map<String, Compliance> complianceCache = new HashMap<>();

    public PlacementEngine(Snapshot snapshot, Explain explain) {
        this.explain = explain;
        this.sites = snapshot.sites();
        int n = sites.size();
        carbon = new double[n];
        for (int i = 0; i < n; i++) {
            Site site = sites.get(i);
            // A duplicate name keeps its first entry: the inventory rejects duplicates anyway.
            siteIndex.putIfAbsent(site.name(), i);
            carbon[i] =
                    site.carbonIntensity() == null
                            ? Double.POSITIVE_INFINITY
                            : site.carbonIntensity();
        }
        for (Zone zone : snapshot.zones()) {
            zones.putIfAbsent(zone.name(), zone);
        }
        for (int i = 0; i < n; i++) {
            siteZones.add(new ArrayList<>());
        }
        for (Zone zone : zones.values()) {
            BitSet members = new BitSet(n);
            for (int i = 0; i < n; i++) {
                String country = sites.get(i).country();
                // Fail closed: no country, no zone.
                if (country != null && zone.jurisdictions().contains(country)) {
                    members.set(i);
                    siteZones.get(i).add(zone.name());
                }
            }
            zoneMembers.put(zone.name(), members);
        }
        siteZones.forEach(list -> list.sort(Comparator.naturalOrder()));

        List<Pool> poolList = snapshot.pools();
        pools = poolList.toArray(new Pool[0]);
        poolSite = new int[pools.length];
        free = new int[pools.length];
        cost = new double[pools.length];
        nameRank = new int[pools.length];
        Map<String, List<Integer>> byModel = new HashMap<>();
        Integer[] order = new Integer[pools.length];
        for (int p = 0; p < pools.length; p++) {
            Pool pool = pools[p];
            poolIndex.putIfAbsent(pool.name(), p);
            Integer site = siteIndex.get(pool.cluster());
            poolSite[p] = site == null ? -1 : site;
            free[p] = Math.max(0, pool.free());
            cost[p] =
                    pool.costPerAcceleratorHour() == null
                            ? Double.POSITIVE_INFINITY
                            : pool.costPerAcceleratorHour();
            byModel.computeIfAbsent(lower(pool.model()), k -> new ArrayList<>()).add(p);
            order[p] = p;
        }
        // The last ranking keys, cluster name then pool name, folded into one integer.
        Arrays.sort(
                order,
                Comparator.comparing((Integer p) -> pools[p].cluster())
                        .thenComparing(p -> pools[p].name())
                        .thenComparing(p -> p));
        for (int rank = 0; rank < order.length; rank++) {
            nameRank[order[rank]] = rank;
        }
        byModel.forEach(
                (model, list) ->
                        poolsByModel.put(
                                model, list.stream().mapToInt(Integer::intValue).toArray()));
        allPools = new int[pools.length];
        for (int p = 0; p < pools.length; p++) {
            allPools[p] = p;
        }
        latency = new LatencyModel(sites, siteIndex);
    }

    /** Decides all workloads in scheduling order; each placement consumes capacity. */
    public List<Decision> decideAll(Collection<Workload> workloads) {
        List<Workload> ordered = new ArrayList<>(workloads);
        ordered.sort(WorkloadOrder.INSTANCE);
        List<Decision> decisions = new ArrayList<>(ordered.size());
        for (Workload w : ordered) {
            decisions.add(decide(w));
        }
        return decisions;
    }

    /** Decides one workload; when it is placed, its accelerators leave the pools' free count. */
    public Decision decide(Workload w) {
        Compliance compliance = compliance(w);
        if (compliance.failure() != null) {
            return unknownZone(w, compliance);
        }
        Check check = new Check(w, compliance.allowed(), selector(w.clusterSelector()));
        return w.isGang() ? decideGang(w, compliance, check) : decideEndpoint(w, compliance, check);
    }

    /** Free accelerators left on a pool, by name (after the decisions taken so far). */
    public int free(String pool) {
        Integer p = poolIndex.get(pool);
        return p == null ? 0 : free[p];
    }

    /** The zones a cluster belongs to, sorted; empty for an unknown cluster. */
    public List<String> zonesOf(String cluster) {
        Integer site = siteIndex.get(cluster);
        return site == null ? List.of() : List.copyOf(siteZones.get(site));
    }

    // ---------------------------------------------------------------- gang (TrainingJob)

    private Decision decideGang(Workload w, Compliance compliance, Check check) {
        double[] lat = latency.from(w.origin());
        long need = w.totalAccelerators();
        int best = -1;
        for (int p : candidates(w)) {
            if (check.fitsStatically(p) && check.withinLimit(lat[poolSite[p]]) && free[p] >= need) {
                if (best < 0
                        || compare(p, lat[poolSite[p]], best, lat[poolSite[best]], w.objective())
                                < 0) {
                    best = p;
                }
            }
        }
        if (best < 0) {
            List<double[]> regions = List.of(lat);
            Explanation why = explainAll(w, check, regions, Set.of());
            return new Decision(
                    w,
                    false,
                    Reason.NO_FEASIBLE_POOL,
                    w.zone(),
                    List.of(),
                    null,
                    why.summary(),
                    why.candidates());
        }
        free[best] -= (int) need;
        Pool pool = pools[best];
        double l = lat[poolSite[best]];
        Assignment assignment =
                new Assignment(pool.cluster(), pool.name(), w.units(), (int) need, round(l));
        String placedOn =
                String.format(
                        Locale.ROOT,
                        "Placed %d accelerators on %s/%s, %s from %s",
                        need,
                        pool.cluster(),
                        pool.name(),
                        ms(l),
                        w.origin());
        return placed(
                w, compliance, check, List.of(lat), List.of(assignment), Set.of(best), placedOn);
    }

    // ------------------------------------------------------ endpoint (InferenceEndpoint)

    private Decision decideEndpoint(Workload w, Compliance compliance, Check check) {
        List<UserRegion> regions =
                w.users().isEmpty() ? List.of(new UserRegion("origin", w.origin(), 1)) : w.users();
        int[] weights = regions.stream().mapToInt(r -> Math.max(1, r.weight())).toArray();
        int[] replicas = split(w.units(), weights);
        Integer[] serveOrder = new Integer[regions.size()];
        for (int i = 0; i < serveOrder.length; i++) {
            serveOrder[i] = i;
        }
        Arrays.sort(
                serveOrder,
                Comparator.comparingInt((Integer i) -> -weights[i])
                        .thenComparing(i -> regions.get(i).name()));

        List<Integer> statics = new ArrayList<>();
        for (int p : candidates(w)) {
            if (check.fitsStatically(p)) {
                statics.add(p);
            }
        }
        int per = w.acceleratorsPerUnit();
        Map<Integer, int[]> used = new LinkedHashMap<>(); // pool -> {replicas}
        Map<Integer, Double> worst = new HashMap<>();
        List<double[]> latencies = new ArrayList<>();
        String shortfall = null;
        for (int r : serveOrder) {
            double[] lat = latency.from(regions.get(r).origin());
            latencies.add(lat);
            List<Integer> ranked = new ArrayList<>();
            for (int p : statics) {
                if (check.withinLimit(lat[poolSite[p]])) {
                    ranked.add(p);
                }
            }
            ranked.sort((a, b) -> compare(a, lat[poolSite[a]], b, lat[poolSite[b]], w.objective()));
            int placedHere = 0;
            int cursor = 0;
            while (placedHere < replicas[r] && cursor < ranked.size()) {
                int p = ranked.get(cursor);
                int taken = used.containsKey(p) ? used.get(p)[0] * per : 0;
                if (free[p] - taken >= per) {
                    used.computeIfAbsent(p, k -> new int[1])[0]++;
                    worst.merge(p, lat[poolSite[p]], PlacementEngine::worse);
                    placedHere++;
                } else {
                    cursor++;
                }
            }
            if (placedHere < replicas[r]) {
                shortfall =
                        String.format(
                                Locale.ROOT,
                                "region %s needs %d replica(s) and its feasible pools have room for %d",
                                regions.get(r).name(),
                                replicas[r],
                                placedHere);
                break;
            }
        }
        if (shortfall != null) {
            // Whole or nothing: nothing is consumed.
            List<double[]> all = new ArrayList<>();
            for (UserRegion region : regions) {
                all.add(latency.from(region.origin()));
            }
            Explanation why = explainAll(w, check, all, Set.of());
            return new Decision(
                    w,
                    false,
                    Reason.NO_FEASIBLE_POOL,
                    w.zone(),
                    List.of(),
                    null,
                    "cannot place "
                            + w.units()
                            + " replica(s): "
                            + shortfall
                            + "; "
                            + why.summary(),
                    why.candidates());
        }
        List<Assignment> assignments = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (var e : used.entrySet()) {
            int p = e.getKey();
            int count = e.getValue()[0];
            free[p] -= count * per;
            Pool pool = pools[p];
            assignments.add(
                    new Assignment(
                            pool.cluster(), pool.name(), count, count * per, round(worst.get(p))));
            where.append(where.length() == 0 ? "" : ", ")
                    .append(count)
                    .append(" on ")
                    .append(pool.cluster())
                    .append('/')
                    .append(pool.name());
        }
        String placedOn = "Placed " + w.units() + " replica(s): " + where;
        return placed(w, compliance, check, latencies, assignments, used.keySet(), placedOn);
    }

    /**
     * Splits replicas across regions in proportion to weight by largest remainder (ties to the
     * earlier region), then gives every region at least one while replicas allow, taking from the
     * region with the most (ties: the later one).
     */
    static int[] split(int replicas, int[] weights) {
        int n = weights.length;
        int[] out = new int[n];
        if (n == 0 || replicas <= 0) {
            return out;
        }
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        long[] remainder = new long[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            long share = (long) replicas * weights[i];
            out[i] = (int) (share / total);
            remainder[i] = share % total;
            given += out[i];
        }
        Integer[] byRemainder = new Integer[n];
        for (int i = 0; i < n; i++) {
            byRemainder[i] = i;
        }
        Arrays.sort(
                byRemainder,
                Comparator.comparingLong((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
        for (int k = 0; given < replicas; k++, given++) {
            out[byRemainder[k % n]]++;
        }
        if (replicas >= n) {
            for (int i = 0; i < n; i++) {
                if (out[i] == 0) {
                    int donor = -1;
                    for (int j = 0; j < n; j++) {
                        if (out[j] > 1 && (donor < 0 || out[j] >= out[donor])) {
                            donor = j;
                        }
                    }
                    out[donor]--;
                    out[i]++;
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------- shared pieces

    private Decision placed(
            Workload w,
            Compliance compliance,
            Check check,
            List<double[]> latencies,
            List<Assignment> assignments,
            Set<Integer> chosen,
            String placedOn) {
        String policy = policy(w, compliance, assignments);
        if (explain == Explain.FAILURES) {
            return new Decision(w, true, null, w.zone(), assignments, policy, placedOn, List.of());
        }
        Explanation why = explainAll(w, check, latencies, chosen);
        return new Decision(
                w,
                true,
                null,
                w.zone(),
                assignments,
                policy,
                placedOn + "; " + why.summary(),
                why.candidates());
    }

    private Decision unknownZone(Workload w, Compliance compliance) {
        List<Candidate> candidates = new ArrayList<>();
        for (int p : sortedByName()) {
            candidates.add(
                    new Candidate(
                            pools[p].name(),
                            pools[p].cluster(),
                            Reason.UNKNOWN_SOVEREIGNTY_ZONE,
                            compliance.failure()));
        }
        String summary =
                compliance.failure()
                        + "; 0/"
                        + pools.length
                        + " pools considered, nothing is placed (fail closed)";
        return new Decision(
                w,
                false,
                Reason.UNKNOWN_SOVEREIGNTY_ZONE,
                w.zone(),
                List.of(),
                null,
                summary,
                candidates);
    }

    private String policy(Workload w, Compliance compliance, List<Assignment> assignments) {
        StringBuilder s = new StringBuilder();
        String data = w.classification().wireName() + " data";
        if (compliance.allowed() == null) {
            if (w.classification() == DataClass.PUBLIC) {
                s.append(data).append(" carries no sovereignty restriction");
            } else {
                s.append(data).append(" is not restricted by SovereigntyZone ").append(w.zone());
            }
        } else {
            s.append(data)
                    .append(" governed by SovereigntyZone ")
                    .append(w.zone())
                    .append(" may run only in zones ")
                    .append(compliance.zones());
        }
        s.append("; placed on ");
        for (int i = 0; i < assignments.size(); i++) {
            Assignment a = assignments.get(i);
            Integer site = siteIndex.get(a.cluster());
            String country = site == null ? null : sites.get(site).country();
            s.append(i == 0 ? "" : ", ")
                    .append(a.cluster())
                    .append(" (")
                    .append(country == null ? "no country" : country)
                    .append(", zones ")
                    .append(site == null ? List.of() : siteZones.get(site))
                    .append(")");
        }
        s.append(", ranked by ").append(w.objective().wireName());
        return s.toString();
    }

    /** Per-pool reasons for every pool not chosen, and the kube-scheduler-style summary. */
    private Explanation explainAll(
            Workload w, Check check, List<double[]> latencies, Set<Integer> chosen) {
        Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
        List<int[]> feasible = new ArrayList<>();
        List<Candidate> failed = new ArrayList<>();
        int fit = 0;
        for (int p : sortedByName()) {
            Reason reason = check.firstFailure(p, latencies);
            if (reason == null) {
                fit++;
                if (!chosen.contains(p)) {
                    feasible.add(new int[] {p});
                }
                continue;
            }
            counts.merge(reason, 1, Integer::sum);
            failed.add(
                    new Candidate(
                            pools[p].name(),
                            pools[p].cluster(),
                            reason,
                            check.describe(reason, p, latencies)));
        }
        double[] primary = latencies.isEmpty() ? null : latencies.get(0);
        feasible.sort(
                (a, b) ->
                        primary == null
                                ? Integer.compare(nameRank[a[0]], nameRank[b[0]])
                                : compare(
                                        a[0],
                                        primary[poolSite[a[0]]],
                                        b[0],
                                        primary[poolSite[b[0]]],
                                        w.objective()));
        List<Candidate> candidates = new ArrayList<>();
        int rank = chosen.size();
        for (int[] f : feasible) {
            int p = f[0];
            rank++;
            candidates.add(
                    new Candidate(
                            pools[p].name(),
                            pools[p].cluster(),
                            Reason.FEASIBLE,
                            String.format(
                                    Locale.ROOT,
                                    "fits; ranked %d by %s (%s, cost %s, carbon %s)",
                                    rank,
                                    w.objective().wireName(),
                                    primary == null ? "n/a" : ms(primary[poolSite[p]]),
                                    number(cost[p]),
                                    poolSite[p] < 0 ? "unknown" : number(carbon[poolSite[p]]))));
        }
        // The pools that came closest to fitting first: later checks failed.
        failed.sort(
                Comparator.comparingInt((Candidate c) -> -c.reason().ordinal())
                        .thenComparing(Candidate::pool));
        candidates.addAll(failed);
        StringBuilder summary = new StringBuilder();
        summary.append(fit).append('/').append(pools.length).append(" pools fit");
        List<Map.Entry<Reason, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(
                Comparator.comparingInt((Map.Entry<Reason, Integer> e) -> -e.getValue())
                        .thenComparingInt(e -> e.getKey().ordinal()));
        for (int i = 0; i < entries.size(); i++) {
            summary.append(i == 0 ? ": " : ", ")
                    .append(entries.get(i).getValue())
                    .append(' ')
                    .append(entries.get(i).getKey().code());
        }
        return new Explanation(summary.toString(), candidates);
    }

    private record Explanation(String summary, List<Candidate> candidates) {}

    private int[] sortedByName() {
        Integer[] order = new Integer[pools.length];
        for (int p = 0; p < pools.length; p++) {
            order[p] = p;
        }
        Arrays.sort(order, Comparator.comparingInt(p -> nameRank[p]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** Pools worth scanning: those of a requested model, or all of them. */
    private int[] candidates(Workload w) {
        Set<String> models = w.accelerator().models();
        if (models.isEmpty()) {
            return allPools;
        }
        if (models.size() == 1) {
            return poolsByModel.getOrDefault(models.iterator().next(), NO_POOLS);
        }
        TreeSet<Integer> union = new TreeSet<>();
        for (String model : models) {
            for (int p : poolsByModel.getOrDefault(model, NO_POOLS)) {
                union.add(p);
            }
        }
        return union.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Ranks two pools for a workload: negative when {@code a} is better. Latencies compare after
     * rounding to 0.01 ms; unknown latency, cost and carbon rank after any value.
     */
    private int compare(int a, double latA, int b, double latB, Objective objective) {
        long la = centi(latA);
        long lb = centi(latB);
        double ca = poolSite[a] < 0 ? Double.POSITIVE_INFINITY : carbon[poolSite[a]];
        double cb = poolSite[b] < 0 ? Double.POSITIVE_INFINITY : carbon[poolSite[b]];
        int c;
        switch (objective) {
            case COST -> {
                c = Double.compare(cost[a], cost[b]);
                if (c == 0) c = Long.compare(la, lb);
                if (c == 0) c = Double.compare(ca, cb);
            }
            case CARBON -> {
                c = Double.compare(ca, cb);
                if (c == 0) c = Long.compare(la, lb);
                if (c == 0) c = Double.compare(cost[a], cost[b]);
            }
            default -> {
                c = Long.compare(la, lb);
                if (c == 0) c = Double.compare(cost[a], cost[b]);
                if (c == 0) c = Double.compare(ca, cb);
            }
        }
        return c != 0 ? c : Integer.compare(nameRank[a], nameRank[b]);
    }

    private BitSet selector(LabelSelector selector) {
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        return selectorCache.computeIfAbsent(
                selector,
                s -> {
                    BitSet match = new BitSet(sites.size());
                    for (int i = 0; i < sites.size(); i++) {
                        if (s.matches(sites.get(i).labels())) {
                            match.set(i);
                        }
                    }
                    return match;
                });
    }

    /**
     * Which clusters may hold the workload's data. {@code allowed == null} means every cluster; a
     * non-null failure means nothing may be placed.
     */
    private record Compliance(BitSet allowed, List<String> zones, String failure) {}

    private Compliance compliance(Workload w) {
        boolean named = w.zone() != null && !w.zone().isBlank();
        if (named && !zones.containsKey(w.zone())) {
            // Whatever the classification: a misspelt zone must not quietly mean "anywhere".
            return new Compliance(
                    null, List.of(), "data.zone \"" + w.zone() + "\" is not a SovereigntyZone");
        }
        if (w.classification() == DataClass.PUBLIC) {
            return new Compliance(null, List.of(), null);
        }
        if (!named) {
            // The CRD forbids this; should it get through anyway, nothing is placed.
            return new Compliance(
                    null,
                    List.of(),
                    w.classification().wireName()
                            + " data needs data.zone to say whose law governs it");
        }
        return complianceCache.computeIfAbsent(
                w.zone() + "\u0000" + w.classification(),
                key -> {
                    Zone zone = zones.get(w.zone());
                    if (!zone.restricted().contains(w.classification())) {
                        return new Compliance(null, List.of(), null);
                    }
                    BitSet allowed = (BitSet) zoneMembers.get(zone.name()).clone();
                    List<String> names = new ArrayList<>();
                    names.add(zone.name());
                    for (String target : new TreeSet<>(zone.transfersAllowedTo())) {
                        // A transfer target that does not exist adds nothing (fail closed).
                        BitSet members = zoneMembers.get(target);
                        if (members != null && !target.equals(zone.name())) {
                            allowed.or(members);
                            names.add(target);
                        }
                    }
                    return new Compliance(allowed, List.copyOf(names), null);
                });
    }

    /** The per-pool checks for one workload. */
    private final class Check {
        private final Workload w;
        private final BitSet allowed;
        private final BitSet selected;
        private final long maxCenti;

        Check(Workload w, BitSet allowed, BitSet selected) {
            this.w = w;
            this.allowed = allowed;
            this.selected = selected;
            this.maxCenti = w.maxLatencyMs() == null ? -1 : centi(w.maxLatencyMs());
        }

        /** Every check but latency and capacity, which depend on the region and the moment. */
        boolean fitsStatically(int p) {
            int site = poolSite[p];
            if (site < 0) {
                return false;
            }
            Site s = sites.get(site);
            return !s.cordoned()
                    && s.ready()
                    && (allowed == null || allowed.get(site))
                    && (selected == null || selected.get(site))
                    && acceleratorMatches(p)
                    && featuresPresent(p);
        }

        boolean withinLimit(double latencyMs) {
            return maxCenti < 0 || (!Double.isNaN(latencyMs) && centi(latencyMs) <= maxCenti);
        }

        boolean acceleratorMatches(int p) {
            AcceleratorRequest want = w.accelerator();
            Pool pool = pools[p];
            if (want.type() != null && !want.type().equals(lower(pool.type()))) {
                return false;
            }
            if (!want.models().isEmpty() && !want.models().contains(lower(pool.model()))) {
                return false;
            }
            return want.minMemoryGiB() == null
                    || (pool.memoryGiB() != null && pool.memoryGiB() >= want.minMemoryGiB());
        }

        boolean featuresPresent(int p) {
            if (w.requiredFeatures().isEmpty()) {
                return true;
            }
            for (String feature : w.requiredFeatures()) {
                boolean found = false;
                for (String has : pools[p].features()) {
                    if (has.equalsIgnoreCase(feature)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }

        /** The first check, in DESIGN.md's order, that the pool fails; null when it fits. */
        Reason firstFailure(int p, List<double[]> latencies) {
            int site = poolSite[p];
            if (site < 0) {
                return Reason.CLUSTER_NOT_FOUND;
            }
            Site s = sites.get(site);
            if (s.cordoned()) {
                return Reason.CLUSTER_CORDONED;
            }
            if (!s.ready()) {
                return Reason.CLUSTER_NOT_READY;
            }
            if (allowed != null && !allowed.get(site)) {
                return Reason.OUTSIDE_SOVEREIGNTY_ZONE;
            }
            if (selected != null && !selected.get(site)) {
                return Reason.CLUSTER_SELECTOR_MISMATCH;
            }
            if (!acceleratorMatches(p)) {
                return Reason.ACCELERATOR_MISMATCH;
            }
            if (!featuresPresent(p)) {
                return Reason.FEATURE_MISSING;
            }
            boolean reachable = false;
            for (double[] lat : latencies) {
                reachable |= withinLimit(lat[site]);
            }
            if (!reachable) {
                return Reason.LATENCY_ABOVE_LIMIT;
            }
            long need = w.isGang() ? w.totalAccelerators() : w.acceleratorsPerUnit();
            if (free[p] < need) {
                return Reason.INSUFFICIENT_CAPACITY;
            }
            return null;
        }

        String describe(Reason reason, int p, List<double[]> latencies) {
            Pool pool = pools[p];
            int site = poolSite[p];
            Site s = site < 0 ? null : sites.get(site);
            return switch (reason) {
                case CLUSTER_NOT_FOUND ->
                        "cluster \"" + pool.cluster() + "\" has no Cluster object";
                case CLUSTER_CORDONED -> "cluster " + pool.cluster() + " is cordoned";
                case CLUSTER_NOT_READY -> "cluster " + pool.cluster() + " is not Ready";
                case OUTSIDE_SOVEREIGNTY_ZONE ->
                        s.country() == null
                                ? "cluster "
                                        + pool.cluster()
                                        + " has no country, so it belongs to no zone"
                                : "cluster "
                                        + pool.cluster()
                                        + " ("
                                        + s.country()
                                        + ", zones "
                                        + siteZones.get(site)
                                        + ") is outside "
                                        + compliance(w).zones()
                                        + " where "
                                        + w.classification().wireName()
                                        + " data of zone "
                                        + w.zone()
                                        + " may run";
                case CLUSTER_SELECTOR_MISMATCH ->
                        "labels of cluster "
                                + pool.cluster()
                                + " do not match placement.clusterSelector";
                case ACCELERATOR_MISMATCH ->
                        String.format(
                                Locale.ROOT,
                                "pool has %s %s (%s GiB); workload needs%s%s%s",
                                pool.type(),
                                pool.model(),
                                pool.memoryGiB() == null ? "?" : pool.memoryGiB(),
                                w.accelerator().type() == null ? "" : " " + w.accelerator().type(),
                                w.accelerator().models().isEmpty()
                                        ? ""
                                        : " one of " + new TreeSet<>(w.accelerator().models()),
                                w.accelerator().minMemoryGiB() == null
                                        ? ""
                                        : " with >= " + w.accelerator().minMemoryGiB() + " GiB");
                case FEATURE_MISSING -> {
                    TreeSet<String> missing = new TreeSet<>(w.requiredFeatures());
                    pool.features().forEach(f -> missing.remove(lower(f)));
                    yield "pool lacks features " + missing;
                }
                case LATENCY_ABOVE_LIMIT -> {
                    double best = Double.NaN;
                    for (double[] lat : latencies) {
                        if (!Double.isNaN(lat[site]) && (Double.isNaN(best) || lat[site] < best)) {
                            best = lat[site];
                        }
                    }
                    yield Double.isNaN(best)
                            ? "latency to cluster "
                                    + pool.cluster()
                                    + " is unknown (no interconnect path, no coordinates) and"
                                    + " maxLatencyMs is set"
                            : String.format(
                                    Locale.ROOT,
                                    "latency %s to cluster %s exceeds maxLatencyMs %s",
                                    ms(best),
                                    pool.cluster(),
                                    number(w.maxLatencyMs()));
                }
                case INSUFFICIENT_CAPACITY ->
                        String.format(
                                Locale.ROOT,
                                "needs %d accelerator(s)%s, %d free",
                                w.isGang() ? w.totalAccelerators() : w.acceleratorsPerUnit(),
                                w.isGang() ? "" : " per replica",
                                free[p]);
                default -> reason.code();
            };
        }
    }

    // ------------------------------------------------------------------------ numbers

    private static long centi(double ms) {
        return Double.isNaN(ms) ? Long.MAX_VALUE : Math.round(ms * 100);
    }

    /** Latency as reported: rounded to 0.01 ms; NaN stays NaN (unknown). */
    static double round(double ms) {
        return Double.isNaN(ms) ? ms : Math.round(ms * 100) / 100.0;
    }

    private static double worse(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        return Math.max(a, b);
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? "unknown latency" : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    private static String number(double d) {
        return Double.isInfinite(d) ? "unknown" : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
