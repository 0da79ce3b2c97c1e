package dev.locus.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately naive re-statement of DESIGN.md's placement rules for one TrainingJob: no indices,
 * no caches, Floyd-Warshall for paths. Property tests compare the engine with it.
 */
final class Oracle {

    private Oracle() {}

    /** A pool that passes every check before the quota's, with its site and latency. */
    record Option(Pool pool, Site site, double latency) {}

    /** The pool the rules choose for a gang workload, or null when none may take it. */
    static String best(Snapshot snapshot, Workload w) {
        return passing(snapshot, w).stream()
                .filter(o -> o.pool().free() >= w.totalAccelerators())
                .min(ranking(w))
                .map(o -> o.pool().name())
                .orElse(null);
    }

    /**
     * The pools that pass every check before the quota's (cluster, zone, selector, accelerator,
     * features, latency from the origin), in snapshot order.
     */
    static List<Option> passing(Snapshot snapshot, Workload w) {
        Map<String, Zone> zones = new HashMap<>();
        snapshot.zones().forEach(z -> zones.putIfAbsent(z.name(), z));
        if (w.zone() != null && !zones.containsKey(w.zone())) {
            return List.of();
        }
        Set<String> allowedCountries = null; // null: anywhere
        if (w.zone() == null && w.classification() != DataClass.PUBLIC) {
            return List.of();
        }
        if (w.zone() != null) {
            Zone zone = zones.get(w.zone());
            if (zone.restricted().contains(w.classification())) {
                allowedCountries = new HashSet<>(zone.jurisdictions());
                for (String t : zone.transfersAllowedTo()) {
                    if (zones.containsKey(t)) {
                        allowedCountries.addAll(zones.get(t).jurisdictions());
                    }
                }
            }
        }
        List<Site> sites = snapshot.sites();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            index.putIfAbsent(sites.get(i).name(), i);
        }
        double[][] paths = floydWarshall(sites, index);

        List<Option> feasible = new ArrayList<>();
        for (Pool pool : snapshot.pools()) {
            Integer i = index.get(pool.cluster());
            if (i == null) {
                continue;
            }
            Site site = sites.get(i);
            if (site.cordoned() || !site.ready()) {
                continue;
            }
            if (allowedCountries != null
                    && (site.country() == null || !allowedCountries.contains(site.country()))) {
                continue;
            }
            if (!w.clusterSelector().matches(site.labels())) {
                continue;
            }
            AcceleratorRequest a = w.accelerator();
            if (a.type() != null && !a.type().equalsIgnoreCase(pool.type())) {
                continue;
            }
            if (!a.models().isEmpty()
                    && !a.models().contains(pool.model().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (a.minMemoryGiB() != null
                    && (pool.memoryGiB() == null || pool.memoryGiB() < a.minMemoryGiB())) {
                continue;
            }
            Set<String> have = new HashSet<>();
            pool.features().forEach(f -> have.add(f.toLowerCase(Locale.ROOT)));
            if (!have.containsAll(w.requiredFeatures())) {
                continue;
            }
            double latency = latency(w.origin(), site, sites, index, paths);
            if (w.maxLatencyMs() != null
                    && (Double.isNaN(latency)
                            || Math.round(latency * 100) > Math.round(w.maxLatencyMs() * 100))) {
                continue;
            }
            feasible.add(new Option(pool, site, latency));
        }
        return feasible;
    }

    /** The ranking of the rules: tier, the objective's keys, cluster, pool. */
    static Comparator<Option> ranking(Workload w) {
        Comparator<Option> byLatency =
                Comparator.comparingLong(
                        o ->
                                Double.isNaN(o.latency())
                                        ? Long.MAX_VALUE
                                        : Math.round(o.latency() * 100));
        Comparator<Option> byCost =
                Comparator.comparingDouble(
                        o ->
                                o.pool().costPerAcceleratorHour() == null
                                        ? Double.POSITIVE_INFINITY
                                        : o.pool().costPerAcceleratorHour());
        Comparator<Option> byCarbon =
                Comparator.comparingDouble(
                        o ->
                                o.site().carbonIntensity() == null
                                        ? Double.POSITIVE_INFINITY
                                        : o.site().carbonIntensity());
        Comparator<Option> keys =
                switch (w.objective()) {
                    case LATENCY -> byLatency.thenComparing(byCost).thenComparing(byCarbon);
                    case COST -> byCost.thenComparing(byLatency).thenComparing(byCarbon);
                    case CARBON -> byCarbon.thenComparing(byLatency).thenComparing(byCost);
                };
        return Comparator.comparingInt((Option o) -> o.pool().tier())
                .thenComparing(keys)
                .thenComparing(o -> o.pool().cluster())
                .thenComparing(o -> o.pool().name());
    }

    private static double latency(
            Origin origin,
            Site to,
            List<Site> sites,
            Map<String, Integer> index,
            double[][] paths) {
        if (origin.isNone()) {
            return 0;
        }
        if (origin.cluster() != null) {
            Integer from = index.get(origin.cluster());
            if (from == null) {
                return Double.NaN;
            }
            double path = paths[from][index.get(to.name())];
            if (!Double.isInfinite(path)) {
                return path;
            }
            GeoPoint a = sites.get(from).location();
            return a == null || to.location() == null ? Double.NaN : estimate(a, to.location());
        }
        return origin.point() == null || to.location() == null
                ? Double.NaN
                : estimate(origin.point(), to.location());
    }

    private static double estimate(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.latitude() - a.latitude());
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h =
                Math.pow(Math.sin(dLat / 2), 2)
                        + Math.cos(Math.toRadians(a.latitude()))
                                * Math.cos(Math.toRadians(b.latitude()))
                                * Math.pow(Math.sin(dLon / 2), 2);
        double km = 2 * 6371 * Math.asin(Math.sqrt(h));
        return km * 2 * 1.5 / 204;
    }

    private static double[][] floydWarshall(List<Site> sites, Map<String, Integer> index) {
        int n = sites.size();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = i == j ? 0 : Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < n; i++) {
            if (index.get(sites.get(i).name()) != i) {
                continue; // a duplicate name: the first one counts
            }
            for (Link link : sites.get(i).links()) {
                Integer j = index.get(link.to());
                if (j != null && j != i) {
                    d[i][j] = Math.min(d[i][j], link.latencyMs());
                    d[j][i] = Math.min(d[j][i], link.latencyMs());
                }
            }
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (d[i][k] + d[k][j] < d[i][j]) {
                        d[i][j] = d[i][k] + d[k][j];
                    }
                }
            }
        }
        return d;
    }
}
