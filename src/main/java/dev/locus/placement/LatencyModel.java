package dev.locus.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

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
    private final Map<Origin, double[]> cache = new HashMap<>();

    LatencyModel(List<Site> sites, Map<String, Integer> index) {
        this.index = index;
        int n = sites.size();
        names = new String[n];
        points = new GeoPoint[n];
        Map<Long, Double> edges = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Site site = sites.get(i);
            names[i] = site.name();
            points[i] = site.location();
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

    /** Latency from the origin to each site by index; NaN where it cannot be known. */
    double[] from(Origin origin) {
        return cache.computeIfAbsent(origin, this::compute);
    }

    private double[] compute(Origin origin) {
        int n = names.length;
        double[] out = new double[n];
        if (origin.isNone()) {
            return out;
        }
        if (origin.cluster() != null) {
            Integer source = index.get(origin.cluster());
            if (source == null) {
                // The origin cluster is not known: no path and no coordinates.
                Arrays.fill(out, Double.NaN);
                return out;
            }
            double[] paths = shortestPaths(source);
            GeoPoint from = points[source];
            for (int i = 0; i < n; i++) {
                if (!Double.isInfinite(paths[i])) {
                    out[i] = paths[i];
                } else if (from != null && points[i] != null) {
                    out[i] = estimateMs(from, points[i]);
                } else {
                    out[i] = Double.NaN;
                }
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] =
                    origin.point() != null && points[i] != null
                            ? estimateMs(origin.point(), points[i])
                            : Double.NaN;
        }
        return out;
    }

    private double[] shortestPaths(int source) {
        double[] dist = new double[names.length];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        dist[source] = 0;
        PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> Double.compare(x[1], y[1]));
        queue.add(new double[] {source, 0});
        while (!queue.isEmpty()) {
            double[] head = queue.poll();
            int u = (int) head[0];
            if (head[1] > dist[u]) {
                continue;
            }
            for (int k = 0; k < neighbours[u].length; k++) {
                int v = neighbours[u][k];
                double d = dist[u] + weights[u][k];
                if (d < dist[v]) {
                    dist[v] = d;
                    queue.add(new double[] {v, d});
                }
            }
        }
        return dist;
    }
}
