package dev.locus.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Round-trip latency from an origin to every cluster: shortest path over the declared interconnects
 * (undirected; the lower value when both ends declare a link), else a great-circle estimate.
 * Results are cached per origin, so a pass computes each origin once.
 */
final class LatencyModel {

    /** Fibre carries light at about 2/3 c: 204 km per millisecond. */
    static final double FIBRE_KM_PER_MS = 204.0;

    /** Cables do not follow great circles: route factor. */
    static final double ROUTE_FACTOR = 1.5;

    private final String[] names;
    private final GeoPoint[] points;
    private final Map<String, Integer> index;
    private final int[][] neighbours;
    private final double[][] weights;
    private final double[][] unit;
    private final Map<Origin, Latencies> cache = new HashMap<>();

    LatencyModel(List<Site> sites, Map<String, Integer> index) {
        this.index = index;
        int n = sites.size();
        names = new String[n];
        points = new GeoPoint[n];
        unit = new double[n][];
        Map<Long, Double> edges = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Site site = sites.get(i);
            names[i] = site.name();
            points[i] = site.location();
            unit[i] = site.location() == null ? null : unitVector(site.location());
            for (Link link : site.links()) {
                Integer j = index.get(link.to());
                if (j == null || j == i || !(link.latencyMs() >= 0)) {
                    continue;
                }
                long key = ((long) Math.min(i, j) << 32) | Math.max(i, j);
                edges.merge(key, link.latencyMs(), Math::min);
            }
        }
        List<List<double[]>> adjacency = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adjacency.add(new ArrayList<>());
        }
        edges.forEach(
                (key, latency) -> {
                    int a = (int) (key >>> 32);
                    int b = (int) (key & 0xffffffffL);
                    adjacency.get(a).add(new double[] {b, latency});
                    adjacency.get(b).add(new double[] {a, latency});
                });
        neighbours = new int[n][];
        weights = new double[n][];
        for (int i = 0; i < n; i++) {
            List<double[]> list = adjacency.get(i);
            neighbours[i] = new int[list.size()];
            weights[i] = new double[list.size()];
            for (int k = 0; k < list.size(); k++) {
                neighbours[i][k] = (int) list.get(k)[0];
                weights[i][k] = list.get(k)[1];
            }
        }
    }

    /** Estimated round trip between two points: haversine x 2 x route factor / fibre speed. */
    static double estimateMs(GeoPoint a, GeoPoint b) {
        return a.distanceKm(b) * 2 * ROUTE_FACTOR / FIBRE_KM_PER_MS;
    }

    /** How many origins have cached latencies. */
    int origins() {
        return cache.size();
    }

    /** Latency from the origin to each site; computed once per origin and pass. */
    Latencies from(Origin origin) {
        return cache.computeIfAbsent(origin, this::compute);
    }

    /**
     * Latencies from one origin to every site, by site index; NaN where they cannot be known. From
     * a place they are estimated lazily, site by site, as the engine asks for them.
     */
    final class Latencies {
        private final double[] values;
        private final double[] from;
        private boolean[] known;

        private Latencies(double[] values) {
            this.values = values;
            this.from = null;
        }

        private Latencies(double[] from, int n) {
            this.values = new double[n];
            this.from = from;
            this.known = new boolean[n];
        }

        double at(int site) {
            if (known != null && !known[site]) {
                values[site] = unit[site] == null ? Double.NaN : estimateMs(from, unit[site]);
                known[site] = true;
            }
            return values[site];
        }
    }

    private Latencies compute(Origin origin) {
        int n = names.length;
        if (origin.isNone()) {
            return new Latencies(new double[n]);
        }
        if (origin.cluster() != null) {
            double[] out = new double[n];
            Integer source = index.get(origin.cluster());
            if (source == null) {
                // The origin cluster is not known: no path and no coordinates.
                Arrays.fill(out, Double.NaN);
                return new Latencies(out);
            }
            double[] paths = shortestPaths(source);
            for (int i = 0; i < n; i++) {
                if (!Double.isInfinite(paths[i])) {
                    out[i] = paths[i];
                } else if (unit[source] != null && unit[i] != null) {
                    out[i] = estimateMs(unit[source], unit[i]);
                } else {
                    out[i] = Double.NaN;
                }
            }
            return new Latencies(out);
        }
        if (origin.point() == null) {
            double[] out = new double[n];
            Arrays.fill(out, Double.NaN);
            return new Latencies(out);
        }
        return new Latencies(unitVector(origin.point()), n);
    }

    /**
     * The haversine distance through unit vectors: the chord between two points on the unit sphere
     * is 2 sin(angle / 2), which is the haversine formula's 2 sqrt(a).
     */
    private static double estimateMs(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        double halfChord = Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
        double km = 2 * GeoPoint.EARTH_RADIUS_KM * Math.asin(Math.min(1.0, halfChord));
        return km * 2 * ROUTE_FACTOR / FIBRE_KM_PER_MS;
    }

    private static double[] unitVector(GeoPoint p) {
        double lat = Math.toRadians(p.latitude());
        double lon = Math.toRadians(p.longitude());
        return new double[] {
            Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)
        };
    }

    /** Dijkstra with a binary heap over primitive arrays (lazy deletion). */
    private double[] shortestPaths(int source) {
        int n = names.length;
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[source] = 0;
        int capacity = 1;
        for (int[] edges : neighbours) {
            capacity += edges.length;
        }
        double[] keys = new double[capacity];
        int[] nodes = new int[capacity];
        int size = 0;
        keys[0] = 0;
        nodes[0] = source;
        size = 1;
        while (size > 0) {
            double d = keys[0];
            int u = nodes[0];
            size--;
            if (size > 0) {
                siftDown(keys, nodes, size, keys[size], nodes[size]);
            }
            if (d > dist[u]) {
                continue;
            }
            for (int k = 0; k < neighbours[u].length; k++) {
                int v = neighbours[u][k];
                double candidate = d + weights[u][k];
                if (candidate < dist[v]) {
                    dist[v] = candidate;
                    // Sift up the new entry.
                    int i = size++;
                    while (i > 0) {
                        int parent = (i - 1) >>> 1;
                        if (keys[parent] <= candidate) {
                            break;
                        }
                        keys[i] = keys[parent];
                        nodes[i] = nodes[parent];
                        i = parent;
                    }
                    keys[i] = candidate;
                    nodes[i] = v;
                }
            }
        }
        return dist;
    }

    private static void siftDown(double[] keys, int[] nodes, int size, double key, int node) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && keys[child + 1] < keys[child]) {
                child++;
            }
            if (key <= keys[child]) {
                break;
            }
            keys[i] = keys[child];
            nodes[i] = nodes[child];
            i = child;
        }
        keys[i] = key;
        nodes[i] = node;
    }
}
