package dev.locus.placement;

/**
 * Where a workload's data (or a group of its users) is: a cluster, a place, or nowhere in
 * particular. "Nearest" is measured from here.
 *
 * @param cluster name of the cluster holding the data, or null
 * @param country ISO code of the place, or null
 * @param point coordinates of the place, or null
 */
public record Origin(String cluster, String country, GeoPoint point) {

    private static final Origin NONE = new Origin(null, null, null);

    /** No origin: every cluster is 0 ms away. */
    public static Origin none() {
        return NONE;
    }

    /** The data sits in this cluster. */
    public static Origin ofCluster(String cluster) {
        return new Origin(cluster, null, null);
    }

    /** The data (or the users) are at this place. */
    public static Origin ofPlace(String country, GeoPoint point) {
        return new Origin(null, country, point);
    }

    /** True when nothing says where the data is. */
    public boolean isNone() {
        return cluster == null && point == null && country == null;
    }

    @Override
    public String toString() {
        if (cluster != null) {
            return "cluster " + cluster;
        }
        if (point != null) {
            return String.format(
                    java.util.Locale.ROOT,
                    "%s(%.2f, %.2f)",
                    country == null ? "" : country + " ",
                    point.latitude(),
                    point.longitude());
        }
        return country != null ? country : "anywhere";
    }
}
