package dev.locus.placement;

import static dev.locus.placement.Numbers.lower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One snapshot's sites and pools as arrays, with lookups by name and the free capacity left. */
final class FleetIndex {

    private static final int[] NO_POOLS = new int[0];

    /**
     * Pools' feature masks give each feature its own bit up to this many; later features share the
     * last bit and are compared by name.
     */
    private static final int OWN_FEATURE_BITS = 62;

    static final long SHARED_FEATURE_BIT = 1L << OWN_FEATURE_BITS;

    /** A feature no pool has: no mask carries this bit, so asking for the feature fails. */
    static final long UNKNOWN_FEATURE_BIT = Long.MIN_VALUE;

    final List<Site> sites;
    final Map<String, Integer> siteIndex;
    final boolean[] cordoned;
    final boolean[] ready;

    final Pool[] pools;

    /** The pool's site, or -1 when its cluster is not in the snapshot. */
    final int[] poolSite;

    /** Free accelerators: the one value a pass changes, as each placement takes its own off. */
    final int[] free;

    /** Per pool: the first ranking key, lower first; 0 for every pool of a fleet without tiers. */
    final int[] tier;

    /** Whether any pool has a tier other than 0. */
    final boolean tiered;

    /** Per pool; infinity when unknown, so it ranks after any value. */
    final double[] cost;

    /** Of the pool's cluster; infinity when unknown, so it ranks after any value. */
    final double[] carbon;

    /** The last ranking keys, cluster name then pool name, folded into one integer. */
    final int[] nameRank;

    /** Pool positions by cluster name then pool name: the order explanations list pools in. */
    final int[] byName;

    /** Lower case, as requests are, so that models and types match case-insensitively. */
    final String[] poolModel;

    final String[] poolType;
    final long[] poolFeatures;

    private final Map<String, Integer> poolIndex = new HashMap<>();
    private final Map<String, Long> featureBits = new HashMap<>();
    private final Map<String, int[]> poolsByModel = new HashMap<>();
    private final int[] allPools;
    private final Map<CandidateKey, int[]> candidateCache = new HashMap<>();
    private final Map<LabelSelector, BitSet> selectorCache = new HashMap<>();

    FleetIndex(List<Site> sites, List<Pool> poolList) {
        this.sites = sites;
        this.siteIndex = indexSites(sites);
        int n = sites.size();
        cordoned = new boolean[n];
        ready = new boolean[n];
        for (int i = 0; i < n; i++) {
            cordoned[i] = sites.get(i).cordoned();
            ready[i] = sites.get(i).ready();
        }

        pools = poolList.toArray(new Pool[0]);
        int m = pools.length;
        poolSite = new int[m];
        free = new int[m];
        tier = new int[m];
        cost = new double[m];
        carbon = new double[m];
        nameRank = new int[m];
        byName = new int[m];
        poolModel = new String[m];
        poolType = new String[m];
        poolFeatures = new long[m];
        allPools = new int[m];
        Map<String, List<Integer>> byModel = new HashMap<>();
        boolean anyTier = false;
        Integer[] order = new Integer[m];
        for (int p = 0; p < m; p++) {
            Pool pool = pools[p];
            poolIndex.putIfAbsent(pool.name(), p);
            Integer site = siteIndex.get(pool.cluster());
            poolSite[p] = site == null ? -1 : site;
            free[p] = Math.max(0, pool.free());
            tier[p] = pool.tier();
            anyTier |= pool.tier() != 0;
            cost[p] = orLast(pool.costPerAcceleratorHour());
            carbon[p] =
                    site == null
                            ? Double.POSITIVE_INFINITY
                            : orLast(sites.get(site).carbonIntensity());
            poolModel[p] = lower(pool.model());
            poolType[p] = lower(pool.type());
            for (String feature : pool.features()) {
                poolFeatures[p] |= registerFeature(lower(feature));
            }
            byModel.computeIfAbsent(poolModel[p], k -> new ArrayList<>()).add(p);
            order[p] = p;
            allPools[p] = p;
        }
        tiered = anyTier;
        Arrays.sort(
                order,
                Comparator.comparing((Integer p) -> pools[p].cluster())
                        .thenComparing(p -> pools[p].name())
                        .thenComparing(p -> p));
        for (int rank = 0; rank < m; rank++) {
            nameRank[order[rank]] = rank;
            byName[rank] = order[rank];
        }
        byModel.forEach(
                (model, list) ->
                        poolsByModel.put(
                                model, list.stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * Site positions by name. A duplicate name keeps its first entry (the API server and plan
     * refuse duplicates).
     */
    static Map<String, Integer> indexSites(List<Site> sites) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            index.putIfAbsent(sites.get(i).name(), i);
        }
        return index;
    }

    private static double orLast(Double value) {
        return value == null ? Double.POSITIVE_INFINITY : value;
    }

    /** A pool's position by name, or -1. */
    int pool(String name) {
        Integer p = poolIndex.get(name);
        return p == null ? -1 : p;
    }

    private long registerFeature(String feature) {
        return featureBits.computeIfAbsent(
                feature,
                f ->
                        featureBits.size() < OWN_FEATURE_BITS
                                ? 1L << featureBits.size()
                                : SHARED_FEATURE_BIT);
    }

    /** The bit of a (lower-case) feature in the pools' masks. */
    long featureBit(String feature) {
        Long bit = featureBits.get(feature);
        return bit == null ? UNKNOWN_FEATURE_BIT : bit;
    }

    /**
     * Pools worth scanning for a workload: of a requested model, on a known cluster that takes work
     * and may hold the data ({@code allowed}, null for anywhere). Cached per (models, compliance
     * key) for the pass; the caller still checks each pool in full.
     */
    int[] candidates(Set<String> models, String complianceKey, BitSet allowed) {
        return candidateCache.computeIfAbsent(
                new CandidateKey(models, complianceKey),
                key -> {
                    int[] ofModel = byModels(key.models());
                    int[] out = new int[ofModel.length];
                    int count = 0;
                    for (int p : ofModel) {
                        int site = poolSite[p];
                        if (site >= 0
                                && ready[site]
                                && !cordoned[site]
                                && (allowed == null || allowed.get(site))) {
                            out[count++] = p;
                        }
                    }
                    return Arrays.copyOf(out, count);
                });
    }

    private record CandidateKey(Set<String> models, String compliance) {}

    private int[] byModels(Set<String> models) {
        if (models.isEmpty()) {
            return allPools;
        }
        boolean[] wanted = new boolean[pools.length];
        int count = 0;
        for (String model : models) {
            for (int p : poolsByModel.getOrDefault(model, NO_POOLS)) {
                if (!wanted[p]) {
                    wanted[p] = true;
                    count++;
                }
            }
        }
        int[] out = new int[count];
        for (int p = 0, i = 0; p < pools.length; p++) {
            if (wanted[p]) {
                out[i++] = p;
            }
        }
        return out;
    }

    /** The sites a selector matches, cached for the pass; null when it selects everything. */
    BitSet selector(LabelSelector selector) {
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
}
